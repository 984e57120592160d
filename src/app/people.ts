/**
 * Tracked people → avatars. The tracker (src/track) keeps identities; each identity owns the
 * retarget solver built for the avatar it currently shows (rebuilt when that avatar changes, or when
 * smoothing or mirror change) and its solver's One Euro filters. Every processed frame, each shown
 * identity's solved bones go to the scene with its image position and size.
 *
 * Root motion, once only: the scene places each avatar from `imageX` and `scale` (its layout keeps
 * neighbours apart), so the solver's horizontal and depth root motion are off and its hips move only
 * up and down (crouch, jump). Passing both would move an avatar twice as far.
 */
import type { VRM } from '@pixiv/three-vrm';
import type { AvatarPose, AvatarScene } from '../avatar';
import { KEYPOINT, NUM_KEYPOINTS } from '../pose/schema';
import type { Person, PoseFrame } from '../pose/types';
import { cameraPitchRad, createPoseSolver, SOLVED_BONES, type PoseSolver, type PoseSolverInit, type PoseSolverOptions } from '../retarget';
import { createTracker, type Tracker, type TrackedPerson } from '../track';
import { FACE_FLOATS, HAND_FLOATS, HAND_KEYPOINTS } from '../record/types';
import { FACE_EXPRESSION_NAMES } from '../face/face-features';
import { FaceState } from './face-apply';
import { applyHandsToBones } from './hand-bones';
import { HandSmoother } from '../track/hand-smoother';
import type { Smoothing } from './settings';
import type { RecordedPerson } from './record-panel';

/**
 * One shown person's solved pose, as the record panel takes it; `expressions` are the smoothed weights
 * the avatar shows (blink, blinkLeft, blinkRight, aa, ih, ou, ee, oh), present once the person has had a
 * face (face on), all 0 on frames where the face is lost. Buffers are reused frame to frame.
 */
export interface SolvedPerson extends RecordedPerson {
  expressions?: Record<string, number>;
}

/** Per-identity state: owned by the tracker, one per track. Buffers are reused frame to frame. */
interface Identity {
  readonly id: number;
  solver: PoseSolver | null;
  /** The avatar `solver` was built for (the solver's rest pose is that avatar's). */
  vrm: VRM | null;
  /** Whether this identity is in the scene (registered with setPersonPose). */
  shown: boolean;
  /** Whether `solved` holds a pose solved this frame (record panel). */
  solvedThisFrame: boolean;
  /** The track's detection index in the latest frame (-1: not matched). */
  detectionIndex: number;
  readonly solved: SolvedPerson;
  /** Face smoothing and what the avatar's expressions and eyes are given. */
  readonly face: FaceState;
  /** One Euro smoothing of the hands' world points (finger and wrist bones), per identity. */
  readonly hands: HandSmoother;
  readonly pose: { bones: SolvedPerson['rotations']; hips: [number, number, number]; imageX: number; scale: number };
}

export interface PeopleOptions {
  smoothing: Smoothing;
  mirror: boolean;
  /** Camera tilt, degrees (> 0 looking down); the solvers lift the people level. Default 0. */
  cameraTiltDeg?: number;
  /** The camera's diagonal field of view, degrees; 0 or absent: the solver's default (50° vertical). */
  cameraFovDiagonalDeg?: number;
  /** Most identities shown; the lowest ids (first to appear) win. */
  maxPeople: number;
}

export interface People {
  /**
   * Tracks and solves one frame and poses the avatars (unless paused). A still image confirms its
   * people at once (tracking needs several frames otherwise); offered again, it keeps their ids.
   * Returns the people shown (objects reused frame to frame: copy what you keep).
   */
  update(frame: PoseFrame, still: boolean): readonly SolvedPerson[];
  /** Forgets every identity (new source): their avatars despawn. */
  reset(): void;
  /** New solver options: every identity's solver is rebuilt on its next frame. */
  setOptions(options: PeopleOptions): void;
  /**
   * While paused (a recorded clip previews on the avatars), frames are still tracked and solved but
   * the avatars are not posed, added or removed. Resuming removes avatars of people who left meanwhile.
   */
  setPaused(paused: boolean): void;
  /** True while a shown identity has no solver for its current avatar yet (its avatar still loads). */
  awaitingAvatars(): boolean;
  /** The ids shown, in id order. */
  readonly shownIds: readonly number[];
  /** The latest solved pose of a shown identity. */
  solvedPerson(id: number): SolvedPerson | undefined;
  /** Index into the latest frame's `people` of the detection matched to `id`; -1 when none. */
  detectionIndex(id: number): number;
}

/** Body height ≈ 3.4 × the neck–mid-hip distance (adult proportions), so a cropped body keeps its scale. */
const BODY_HEIGHTS_PER_TORSO = 3.4;
/** Keypoints below this score are not used for the image position and size (the solver's default gate). */
const MIN_SCORE = 0.2;
/** Still images: repeated solves this far apart (ms) let the solver's reacquire blend finish (0.25 s window). */
const STILL_STEP_MS = 100;
const STILL_SOLVES = 5;

/** The solver's keypoint smoothing per setting: a lower cutoff smooths more and lags more. */
const SMOOTHING: Record<Smoothing, PoseSolverOptions['smoothing']> = {
  off: false,
  low: { filter: { minCutoff: 3, beta: 8, dCutoff: 1 } },
  medium: true, // the solver's default filter: 1.5 Hz, beta 4
  high: { filter: { minCutoff: 0.7, beta: 2, dCutoff: 1 } },
};

function solverOptions(o: PeopleOptions): PoseSolverInit {
  return {
    smoothing: SMOOTHING[o.smoothing],
    mirror: o.mirror,
    camera: { pitchDeg: o.cameraTiltDeg ?? 0, ...(o.cameraFovDiagonalDeg ? { diagonalFovDeg: o.cameraFovDiagonalDeg } : {}) },
    rootMotion: { horizontal: false, depth: false, vertical: true },
  };
}

const valid = (p: Person, k: number): boolean => p.keypoints[k].score >= MIN_SCORE;

/** Horizontal centre 0..1: mid-hip, else neck, else the mean of the detected keypoints. */
export function personImageX(p: Person, width: number): number {
  const { rightHip: r_hip, leftHip: l_hip, neck } = KEYPOINT;
  let x: number;
  if (valid(p, r_hip) && valid(p, l_hip)) x = (p.keypoints[r_hip].x + p.keypoints[l_hip].x) / 2;
  else if (valid(p, neck)) x = p.keypoints[neck].x;
  else {
    let sum = 0;
    let n = 0;
    for (const k of p.keypoints) if (k.score >= MIN_SCORE) (sum += k.x), n++;
    x = n ? sum / n : width / 2;
  }
  return x / width;
}

/** Body height / image height, from the torso when visible (robust to cropped legs), else the keypoints' extent. */
export function personScale(p: Person, height: number): number {
  const { rightHip: r_hip, leftHip: l_hip, neck } = KEYPOINT;
  if (valid(p, neck) && (valid(p, r_hip) || valid(p, l_hip))) {
    const hx = valid(p, r_hip) && valid(p, l_hip) ? (p.keypoints[r_hip].x + p.keypoints[l_hip].x) / 2 : p.keypoints[valid(p, r_hip) ? r_hip : l_hip].x;
    const hy = valid(p, r_hip) && valid(p, l_hip) ? (p.keypoints[r_hip].y + p.keypoints[l_hip].y) / 2 : p.keypoints[valid(p, r_hip) ? r_hip : l_hip].y;
    const torso = Math.hypot(hx - p.keypoints[neck].x, hy - p.keypoints[neck].y);
    return (torso * BODY_HEIGHTS_PER_TORSO) / height;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const k of p.keypoints) if (k.score >= MIN_SCORE) (lo = Math.min(lo, k.y)), (hi = Math.max(hi, k.y));
  return hi > lo ? (hi - lo) / height : 0;
}

/** Where each side's 63 floats start in {@link SolvedPerson.handKeypoints}. */
const HAND_SLOTS = [['left', 0], ['right', HAND_FLOATS / 2]] as const;

/** Copies the detection's hand keypoints into the person's reused 126-float buffer (zeros for a hand not found). */
function writeHandKeypoints(solved: SolvedPerson, detected: Person | undefined): void {
  const out = (solved.handKeypoints ??= new Float32Array(HAND_FLOATS));
  out.fill(0);
  const hands = detected?.hands;
  if (!hands) return;
  for (const [side, base] of HAND_SLOTS) {
    const h = hands[side];
    if (!h) continue;
    for (let k = 0; k < HAND_KEYPOINTS; k++) {
      out[base + 3 * k] = h.keypoints[k].x;
      out[base + 3 * k + 1] = h.keypoints[k].y;
      out[base + 3 * k + 2] = h.keypoints[k].score;
    }
  }
}

/** Copies the detection's OpenPose face keypoints into the person's reused 210-float buffer (zeros: no face). */
function writeFaceKeypoints(solved: SolvedPerson, detected: Person | undefined): void {
  const out = (solved.faceKeypoints ??= new Float32Array(FACE_FLOATS));
  const face = detected?.face?.openPose;
  if (face) out.set(face.subarray(0, FACE_FLOATS));
  else out.fill(0);
}

/** Copies the face's smoothed weights into the person's reused record (zeros once the face is lost). */
function writeExpressions(solved: SolvedPerson, face: FaceState): void {
  const e = face.expressions;
  if (!e && !solved.expressions) return;
  const out = (solved.expressions ??= {});
  for (const name of FACE_EXPRESSION_NAMES) out[name] = e ? e[name] : 0;
}

function newIdentity(id: number): Identity {
  const bones: SolvedPerson['rotations'] = {};
  const hips: [number, number, number] = [0, 0, 0];
  return {
    id,
    solver: null,
    vrm: null,
    shown: false,
    solvedThisFrame: false,
    detectionIndex: -1,
    face: new FaceState(),
    hands: new HandSmoother(),
    solved: { id, rotations: bones, hipsPosition: hips, keypoints: new Float32Array(NUM_KEYPOINTS * 3) },
    pose: { bones, hips, imageX: 0.5, scale: 0 },
  };
}

/** Creates the people logic driving `scene`. */
export function createPeople(scene: AvatarScene, initial: PeopleOptions): People {
  let options = { ...initial };
  let paused = false;
  let optionsVersion = 0;
  /** Last timestamp used for a still image (its repeated solves run ahead of the clock). */
  let lastStillMs = Number.NEGATIVE_INFINITY;
  const solverVersion = new WeakMap<Identity, number>();
  const tracker: Tracker<Identity> = createTracker<Identity>({
    createState: newIdentity,
    disposeState: (identity, id) => {
      identity.solver = null;
      if (identity.shown && !paused) scene.removePerson(id);
      identity.shown = false;
    },
  });
  const shownIds: number[] = [];
  const shownSolved: SolvedPerson[] = [];
  const byId = new Map<number, Identity>();

  function avatarOf(id: number, people: ReturnType<AvatarScene['people']>): VRM | null {
    for (const p of people) if (p.id === id) return p.vrm;
    return null;
  }

  function solveTrack(t: TrackedPerson<Identity>, frame: PoseFrame, timestampMs: number, vrm: VRM | null): void {
    const identity = t.state;
    identity.solvedThisFrame = false;
    identity.detectionIndex = t.detectionIndex;
    if (vrm && (vrm !== identity.vrm || solverVersion.get(identity) !== optionsVersion)) {
      identity.solver = createPoseSolver(vrm.humanoid, solverOptions(options));
      identity.vrm = vrm;
      solverVersion.set(identity, optionsVersion);
    }
    const person = t.person;
    // A lost track keeps its last pose (it fades out by despawning once the tracker drops it).
    if (t.status !== 'confirmed') return;
    identity.pose.imageX = personImageX(person, frame.imageWidth);
    identity.pose.scale = personScale(person, frame.imageHeight);
    const kp = identity.solved.keypoints;
    for (let k = 0; k < NUM_KEYPOINTS; k++) {
      const q = person.keypoints[k];
      kp[3 * k] = q.x;
      kp[3 * k + 1] = q.y;
      kp[3 * k + 2] = q.score;
    }
    if (!identity.solver) return;
    const r = identity.solver.solve(person, frame.imageWidth, frame.imageHeight, timestampMs);
    // Hands and face are measured in camera space: the tilt the solver was told turns them level too.
    const pitchRad = cameraPitchRad(identity.solver.options.camera.pitchDeg);
    const bones = identity.pose.bones;
    for (const name of SOLVED_BONES) {
      if (!r.hasBone[name]) continue;
      const q = r.rotations[name];
      const b = (bones[name] ??= [0, 0, 0, 1]);
      b[0] = q.x;
      b[1] = q.y;
      b[2] = q.z;
      b[3] = q.w;
    }
    const detected = frame.people[t.detectionIndex];
    if (detected?.hands || identity.solved.handKeypoints) writeHandKeypoints(identity.solved, detected);
    // Fingers and wrists after the body: the hand bone is relative to the lower arm just solved.
    // Smoothing 'off' shows the raw fingers, as it does for the body.
    if (detected) applyHandsToBones(detected, bones, options.mirror, options.smoothing === 'off' ? undefined : identity.hands, timestampMs, pitchRad);
    // Face after the head bone is solved: it refines the head and neck in `bones` (so recordings get
    // them too), and the eyes take what that head misses.
    identity.face.update(detected, timestampMs, bones, options.mirror, identity.solver.rig.facesMinusZ, pitchRad);
    writeExpressions(identity.solved, identity.face);
    if (detected?.face || identity.solved.faceKeypoints) writeFaceKeypoints(identity.solved, detected);
    identity.pose.hips[0] = r.hipsPosition.x;
    identity.pose.hips[1] = r.hipsPosition.y;
    identity.pose.hips[2] = r.hipsPosition.z;
    identity.solvedThisFrame = true;
  }

  function trackFrame(frame: PoseFrame, timestampMs: number): TrackedPerson<Identity>[] {
    const tracks = tracker.update(frame.people, timestampMs);
    const scenePeople = scene.people();
    shownIds.length = 0;
    shownSolved.length = 0;
    byId.clear();
    let n = 0;
    for (const t of tracks) {
      const identity = t.state;
      if (n >= options.maxPeople) {
        // Over the limit: later arrivals wait for a free place.
        if (identity.shown && !paused) scene.removePerson(t.id);
        identity.shown = false;
        continue;
      }
      n++;
      solveTrack(t, frame, timestampMs, avatarOf(t.id, scenePeople));
      shownIds.push(t.id);
      byId.set(t.id, identity);
      if (identity.solvedThisFrame) shownSolved.push(identity.solved);
    }
    return tracks;
  }

  function pose(): void {
    if (paused) return;
    for (const id of shownIds) {
      const identity = byId.get(id)!;
      if (!identity.solvedThisFrame && identity.shown) continue;
      // Before its avatar has loaded, a person is registered with their place only (no bones yet).
      scene.setPersonPose(id, identity.solver ? (identity.pose as AvatarPose) : { imageX: identity.pose.imageX, scale: identity.pose.scale });
      identity.shown = true;
      if (identity.vrm && identity.solver) identity.face.apply(identity.vrm);
    }
  }

  return {
    update(frame, still) {
      if (still) {
        // The same image offered again (new avatar, new settings) keeps its ids: its timestamps continue.
        const t0 = Math.max(frame.timestamp, lastStillMs + STILL_STEP_MS);
        const n = Math.max(tracker.options.minHits, STILL_SOLVES);
        for (let i = 0; i < n; i++) trackFrame(frame, t0 + i * STILL_STEP_MS);
        lastStillMs = t0 + (n - 1) * STILL_STEP_MS;
      } else {
        trackFrame(frame, frame.timestamp);
      }
      pose();
      return shownSolved;
    },
    reset() {
      tracker.reset();
      lastStillMs = Number.NEGATIVE_INFINITY;
      shownIds.length = 0;
      shownSolved.length = 0;
      byId.clear();
    },
    setOptions(next) {
      options = { ...next };
      optionsVersion++;
    },
    setPaused(next) {
      if (paused === next) return;
      paused = next;
      if (paused) return;
      for (const p of scene.people()) if (!p.leaving && !byId.has(p.id)) scene.removePerson(p.id);
      for (const identity of byId.values()) identity.shown = false;
      pose();
    },
    awaitingAvatars() {
      const people = scene.people();
      for (const id of shownIds) {
        const vrm = avatarOf(id, people);
        if (!vrm || vrm !== byId.get(id)!.vrm) return true;
      }
      return false;
    },
    shownIds,
    solvedPerson: (id) => byId.get(id)?.solved,
    detectionIndex: (id) => byId.get(id)?.detectionIndex ?? -1,
  };
}
