/**
 * A tracked person's face → their avatar: the head (and neck) refined by the face mesh's head rotation,
 * smoothed VRM expression weights (blink, blinkLeft, blinkRight and the visemes aa, ih, ou, ee, oh) through
 * `vrm.expressionManager`, and the eyes through `vrm.lookAt`.
 *
 * Head: the body solver fits the head to five keypoints (src/retarget/head.ts); the face mesh's rotation
 * (468 points) refines it: the head bone's world rotation becomes the body's slerped toward the face's by
 * `headWeight × face score` ({@link blendHeadRotation}), split between neck and head as the solver splits it.
 * The result is written into the person's bone record, so the avatar and recordings show the same head.
 *
 * Look-at: the face's look direction is its head direction turned by the gaze when the iris model ran (the
 * person's `face.iris`), else the head direction alone (src/face/face-features.ts). The eyes take only what
 * the avatar's (refined) head misses: VRM look-at yaw/pitch (relative to the head, degrees) = the face's
 * direction − the posed head's direction, clamped — so the head turn is not shown twice. `scene` calls
 * `vrm.update` every frame, which applies both.
 *
 * Frames: all of this is in the body solver's level view space (src/retarget/camera.ts; identity = facing
 * the camera). The face mesh is measured in camera space, so with a tilted camera its rotation and look
 * direction are turned by the tilt first, like the solver's rays. A rig whose normalized model faces −Z
 * (VRM 0.x) gets its local rotations turned 180° about Y by the solver (`rig.facesMinusZ`); the same turn
 * maps them back here.
 */
import { VRMHumanBoneParentMap, type VRM, type VRMHumanBoneName } from '@pixiv/three-vrm';
import { Quaternion, Vector3 } from 'three';
import { blendHeadRotation, FACE_EXPRESSION_NAMES, FACE_HEAD_WEIGHT, FaceFeatureSmoother, type FaceExpressions } from '../face/face-features';
import type { Person } from '../pose/types';
import { cameraToLevel, cameraToLevelRotation } from '../retarget/camera';
import { NECK_SHARE } from '../retarget/solver';
import { chainRotation } from './hand-bones';

type Bones = Partial<Record<VRMHumanBoneName, [number, number, number, number]>>;

/** Largest eye turn (degrees) the look-at is given: about VRM's usual eye range. */
const MAX_EYE_DEG = 25;
const DEG = 180 / Math.PI;
/** The bone the neck hangs from (upperChest; an absent bone in the record counts as rest). */
const NECK_PARENT: VRMHumanBoneName = VRMHumanBoneParentMap.neck!;

/** Options of {@link FaceState}. */
export interface FaceStateOptions {
  /**
   * Weight of the face mesh's head rotation against the body-solved head at face score 1 (0: the body's
   * head alone, 1: the face's). Default {@link FACE_HEAD_WEIGHT} (0.8: 468 mesh points against the body's
   * 5 keypoints, with some trust left to the body since the face crop can lag a fast turn).
   */
  headWeight: number;
}

export const DEFAULT_FACE_STATE_OPTIONS: Readonly<FaceStateOptions> = Object.freeze({ headWeight: FACE_HEAD_WEIGHT });

/** Per-identity face state (lives in the tracker's identity, so filters follow the person). */
export class FaceState {
  private readonly smoother = new FaceFeatureSmoother();
  /** Smoothed weights of the latest frame with a face; null: no face (the avatar gets neutral weights). */
  expressions: FaceExpressions | null = null;
  /** Eye yaw/pitch (degrees, VRM look-at, head-relative) of the latest frame with a face. */
  readonly eyes = { yaw: 0, pitch: 0 };
  /** Whether the avatar was given face values that still need resetting to neutral. */
  private applied = false;
  private readonly headWeight: number;

  constructor(options: Partial<FaceStateOptions> = {}) {
    this.headWeight = options.headWeight ?? DEFAULT_FACE_STATE_OPTIONS.headWeight;
  }

  /**
   * Updates from the detection's face (absent: the face is lost, the state resets and `bones` are left as
   * solved). With a face and a head bone in `bones` (the solver's normalized local rotations, already
   * solved this frame), refines the head and neck there. `facesMinusZ`: the solver's `rig.facesMinusZ`;
   * `pitchRad`: the camera's tilt (> 0 looking down, as the solver was told: `cameraPitchRad`).
   */
  update(detected: Person | undefined, timestampMs: number, bones: Bones, mirror: boolean, facesMinusZ = false, pitchRad = 0): void {
    const face = detected?.face;
    if (!face) {
      if (this.expressions) this.smoother.reset();
      this.expressions = null;
      return;
    }
    const f = this.smoother.update(face.landmarks, timestampMs, undefined, face.iris);
    this.expressions = f.expressions;
    if (mirror) {
      // The avatar mirrors the person: the person's left eye is the avatar's right one.
      const { blinkLeft, blinkRight } = f.expressions;
      f.expressions.blinkLeft = blinkRight;
      f.expressions.blinkRight = blinkLeft;
    }
    // The face's look direction in level view space (a tilt is a turn about x: mirroring x keeps it).
    const cp = Math.cos(f.lookAt.pitch);
    look.set(cp * Math.sin(f.lookAt.yaw), Math.sin(f.lookAt.pitch), cp * Math.cos(f.lookAt.yaw));
    cameraToLevel(look, pitchRad);
    const yaw = (mirror ? -1 : 1) * Math.atan2(look.x, look.z);
    const lookPitch = Math.atan2(look.y, Math.hypot(look.x, look.z));
    if (bones.head) {
      // The face's rotation in the avatar's view space: mirroring x turns yaw and roll the other way.
      const q = f.headRotation;
      if (mirror) faceHead.set(q.x, -q.y, -q.z, q.w);
      else faceHead.copy(q);
      if (pitchRad !== 0) faceHead.premultiply(cameraToLevelRotation(pitchRad, tilt));
      const score = Number.isFinite(face.score) ? face.score : 0;
      toView(chainRotation(bones, 'head', bodyHead), facesMinusZ);
      blendHeadRotation(bodyHead, faceHead, score, headWorld, this.headWeight);
      writeHead(bones, headWorld, facesMinusZ);
    } else {
      toView(chainRotation(bones, 'head', headWorld), facesMinusZ);
    }
    forward.set(0, 0, 1).applyQuaternion(headWorld);
    const headYaw = Math.atan2(forward.x, forward.z);
    const headPitch = Math.atan2(forward.y, Math.hypot(forward.x, forward.z));
    this.eyes.yaw = clampDeg((yaw - headYaw) * DEG);
    this.eyes.pitch = clampDeg((lookPitch - headPitch) * DEG);
  }

  /** Writes the state into `vrm` (neutral once after the face is lost; nothing while faces never ran). */
  apply(vrm: VRM): void {
    const e = this.expressions;
    if (!e && !this.applied) return;
    const manager = vrm.expressionManager;
    for (const name of FACE_EXPRESSION_NAMES) manager?.setValue(name, e ? e[name] : 0);
    if (vrm.lookAt) {
      vrm.lookAt.yaw = e ? this.eyes.yaw : 0;
      vrm.lookAt.pitch = e ? this.eyes.pitch : 0;
    }
    this.applied = e !== null;
  }

  reset(): void {
    this.smoother.reset();
    this.expressions = null;
  }
}

/** Reused scratch: nothing is allocated per frame here. */
const headWorld = new Quaternion();
const bodyHead = new Quaternion();
const faceHead = new Quaternion();
const parentWorld = new Quaternion();
const rel = new Quaternion();
const neckLocal = new Quaternion();
const headLocal = new Quaternion();
const forward = new Vector3();
const look = new Vector3();
const tilt = new Quaternion();

/** The solver's local/world rotation ↔ view space for a rig facing −Z: a turn of 180° about Y (an involution). */
function toView(q: Quaternion, facesMinusZ: boolean): Quaternion {
  return facesMinusZ ? q.set(-q.x, q.y, -q.z, q.w) : q;
}

function put(bones: Bones, name: VRMHumanBoneName, q: Quaternion, facesMinusZ: boolean): void {
  const b = bones[name]!;
  const s = facesMinusZ ? -1 : 1;
  b[0] = s * q.x;
  b[1] = q.y;
  b[2] = s * q.z;
  b[3] = q.w;
}

/**
 * Sets the head's world rotation (view space) to `target`: the rotation relative to the neck's parent goes
 * {@link NECK_SHARE} to the neck (when the record has one: the body solver's split, so a face-refined head
 * bends the neck as a solved one does) and the rest to the head.
 */
function writeHead(bones: Bones, target: Quaternion, facesMinusZ: boolean): void {
  toView(chainRotation(bones, NECK_PARENT, parentWorld), facesMinusZ);
  rel.copy(parentWorld).invert().multiply(target);
  if (bones.neck) {
    neckLocal.identity().slerp(rel, NECK_SHARE);
    put(bones, 'neck', neckLocal, facesMinusZ);
    headLocal.copy(neckLocal).invert().multiply(rel);
  } else {
    headLocal.copy(rel);
  }
  put(bones, 'head', headLocal.normalize(), facesMinusZ);
}
const clampDeg = (v: number): number => Math.max(-MAX_EYE_DEG, Math.min(MAX_EYE_DEG, v));
