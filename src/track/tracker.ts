/**
 * Multi-person identity tracker: gives each person a stable integer id across frames.
 *
 * Each frame, every track's pose is predicted to the frame's timestamp ({@link KeypointMotion}),
 * compared with every detection by keypoint similarity ({@link poseSimilarity}), and tracks and
 * detections are paired by an optimal one-to-one assignment ({@link AssignmentSolver}) in which a
 * pair below `minSimilarity` is never taken: first the tracks seen in the previous frame, then lost
 * tracks on the detections left. Whole-body similarity plus velocity prediction keeps two
 * people who cross apart: at the crossing their predicted poses are already heading opposite ways.
 *
 * Lifecycle: an unmatched detection starts a `tentative` track, `confirmed` after `minHits`
 * consecutive matches (a tentative track that misses a frame is dropped: it was a ghost). An unmatched
 * confirmed track turns `lost` and shows its predicted pose; matched again it is `confirmed` with the
 * same id; unmatched for over `maxLostMs` it is removed. Ids are never reused within a tracker.
 *
 * Each track owns a caller state (`createState(id)` at birth, `disposeState(state, id)` at removal),
 * e.g. the avatar solver and the One Euro filters of that person.
 *
 * **What to render:** what `update` returns — `confirmed` tracks normally and `lost` ones fading out,
 * e.g. with opacity {@link trackOpacity}. `tentative` tracks are not shown (they may be ghosts).
 *
 * @example
 * const tracker = createTracker({ createState: (id) => new AvatarSolver(id), disposeState: (s) => s.dispose() });
 * for (const t of tracker.update(frame.people, frame.timestamp)) t.state.solve(t.person, trackOpacity(t, frame.timestamp));
 */
import { KEYPOINT_NAMES, NUM_KEYPOINTS } from '../pose/schema';
import type { Keypoint, Person } from '../pose/types';
import { AssignmentSolver, FORBIDDEN } from './assignment';
import { DEFAULT_MOTION_PARAMS, KeypointMotion, type MotionParams } from './motion';
import { PoseBuffer, poseSimilarity, similarityUpperBound, type SimilarityParams } from './similarity';

export type TrackStatus = 'tentative' | 'confirmed' | 'lost';

/** One identity as `update` reports it. Objects are owned by the tracker and updated in place each frame. */
export interface TrackedPerson<S> {
  /** Stable id, 1, 2, 3, … in order of first appearance; never reused within a tracker. */
  readonly id: number;
  /**
   * The latest pose: the matched detection (copied into a tracker-owned Person, with non-finite
   * keypoints zeroed) or, while `lost`, the pose predicted at the update's timestamp. Mutated in place by
   * the next `update`: copy it to keep it.
   */
  readonly person: Person;
  readonly status: TrackStatus;
  /** Number of updates since the track was born (1 on its first frame). */
  readonly age: number;
  /** Number of updates in which a detection was matched to it. */
  readonly hits: number;
  /** Timestamp of the last matched detection. */
  readonly lastSeenMs: number;
  /** Index into the `people` passed to the latest `update`, or -1 when not matched in it. */
  readonly detectionIndex: number;
  /** The caller's per-identity state (solver, filters), from `createState(id)`. */
  readonly state: S;
}

/** Tracker options; every field has a documented default. */
export interface TrackerOptions<S> {
  /**
   * Consecutive matched frames before a track is confirmed (shown). Default 3: the decoder's spurious
   * people (fragments from overlapping limbs, a poster) rarely survive three frames, and 3 frames is
   * 100 ms at 30 fps — too short to notice someone entering late.
   */
  minHits: number;
  /**
   * How long a confirmed track lingers as `lost` after its last match before removal, ms. Default 1000:
   * someone walking behind another person is hidden for about a body width over walking speed
   * (0.45 m at ~1 m/s ≈ 0.5 s) plus a few frames either side where the detector misses the half-hidden
   * body; 1 s bridges that and motion blur without a new id. Much longer and a departed person's
   * avatar hangs on, and a newcomer near where they left could inherit their id. Render lost tracks
   * fading ({@link trackOpacity}), possibly over a shorter time than this.
   */
  maxLostMs: number;
  /**
   * Least similarity (0..1, OKS-like) for a track and a detection to be paired. Default 0.2: the same
   * person after prediction scores ~0.6–0.95 even at 10 fps; two different people, even overlapping,
   * score well below 0.2 unless their keypoints nearly coincide.
   */
  minSimilarity: number;
  /** Most tracks (all statuses) kept; extra new people are ignored until one leaves. Default 32. */
  maxTracks: number;
  /**
   * Keypoints with a lower score are ignored for matching and motion. Default 0.1, the decoder's own
   * heatmap peak threshold (so nothing is dropped with the default pose model).
   */
  minKeypointScore: number;
  /**
   * Detections with fewer usable keypoints neither match nor start tracks. Default 4: the decoder emits
   * 2–3 keypoint fragments around overlapping people, too little shape to identify anyone.
   */
  minKeypoints: number;
  /**
   * Multiplies the COCO OKS sigmas. Default 2: COCO's sigmas model annotation noise on a still image;
   * frame-to-frame motion residuals are about twice that.
   */
  sigmaScale: number;
  /**
   * Positional uncertainty growth while a keypoint is unobserved, body scales per second. Default 1:
   * a lost person may have walked about a body-width per second in any direction we could not predict.
   */
  uncertaintyPerS: number;
  /** Motion model tunables; see {@link MotionParams}. */
  motion: Partial<MotionParams>;
  /** Whether `update` also returns `tentative` tracks. Default false (they may be ghosts). */
  includeTentative: boolean;
  /**
   * Creates the per-identity state when a track is born, tentative tracks included (their filters warm
   * up before they are shown; a ghost's state is disposed a frame later). Default: `undefined`.
   */
  createState: (id: number) => S;
  /** Releases a track's state when the track is removed (or on `reset`). */
  disposeState?: (state: S, id: number) => void;
}

export const DEFAULT_TRACKER_OPTIONS: Readonly<Omit<TrackerOptions<unknown>, 'createState' | 'disposeState'>> = Object.freeze({
  minHits: 3,
  maxLostMs: 1000,
  minSimilarity: 0.2,
  maxTracks: 32,
  minKeypointScore: 0.1,
  minKeypoints: 4,
  sigmaScale: 2,
  uncertaintyPerS: 1,
  motion: {},
  includeTentative: false,
});

/** The tracker `createTracker` returns. */
export interface Tracker<S> {
  /**
   * Takes one frame's detections and returns the visible identities sorted by id: `confirmed` and
   * `lost` (plus `tentative` with `includeTentative`). Timestamps must be finite; a timestamp earlier than
   * the previous one (a seek or a looped video) resets the tracker first.
   */
  update(people: readonly Person[], timestampMs: number): TrackedPerson<S>[];
  /** Every current track, all statuses, in id order. */
  readonly tracks: readonly TrackedPerson<S>[];
  /** The resolved options. */
  readonly options: Readonly<TrackerOptions<S>>;
  /** Removes every track (disposing their states); ids keep counting up. */
  reset(): void;
}

/**
 * Opacity to draw a track with at `nowMs`: 1 while confirmed, fading linearly from 1 to 0 over `fadeMs`
 * after its last match while lost, 0 for tentative tracks. `fadeMs` defaults to the default `maxLostMs`;
 * pass the tracker's own `maxLostMs` (or less, to hide a lingering track sooner).
 */
export function trackOpacity(track: TrackedPerson<unknown>, nowMs: number, fadeMs = DEFAULT_TRACKER_OPTIONS.maxLostMs): number {
  if (track.status === 'confirmed') return 1;
  if (track.status === 'tentative' || !(fadeMs > 0)) return 0;
  return Math.min(1, Math.max(0, 1 - (nowMs - track.lastSeenMs) / fadeMs));
}

/** Creates an identity tracker; see the module comment for the algorithm. */
export function createTracker<S = undefined>(options: Partial<TrackerOptions<S>> = {}): Tracker<S> {
  return new IdentityTracker<S>(options);
}

/** A track: the public view plus its motion model and reused buffers. */
class Track<S> implements TrackedPerson<S> {
  status: TrackStatus = 'tentative';
  age = 0;
  hits = 0;
  lastSeenMs: number;
  detectionIndex = -1;
  readonly person: Person = emptyPerson();
  readonly motion: KeypointMotion;
  /** The pose predicted for the current frame, used for matching. */
  readonly predicted = new PoseBuffer();
  readonly predictedAgeMs = new Float64Array(NUM_KEYPOINTS);

  constructor(readonly id: number, readonly state: S, motion: Readonly<MotionParams>, timeMs: number) {
    this.motion = new KeypointMotion(motion);
    this.lastSeenMs = timeMs;
  }
}

const emptyPerson = (): Person => ({
  keypoints: KEYPOINT_NAMES.map((name): Keypoint => ({ name, x: 0, y: 0, score: 0 })),
  score: 0,
  partCount: 0,
  affinity: 0,
});

class IdentityTracker<S> implements Tracker<S> {
  readonly options: Readonly<TrackerOptions<S>>;
  private readonly motionParams: Readonly<MotionParams>;
  private readonly similarity: SimilarityParams;
  private readonly list: Track<S>[] = [];
  private nextId = 1;
  private lastTimeMs = Number.NEGATIVE_INFINITY;
  private readonly solver = new AssignmentSolver();
  private cost = new Float64Array(0);
  private subCost = new Float64Array(0);
  private trackToDet = new Int32Array(16);
  private detToTrack = new Int32Array(16);
  private rowIndex = new Int32Array(16);
  private colIndex = new Int32Array(16);
  /** Detection buffers, reused; `validDet[i]` = index of the i-th usable detection in `people`. */
  private readonly detBuffers: PoseBuffer[] = [];
  private validDet = new Int32Array(16);

  constructor(options: Partial<TrackerOptions<S>>) {
    const resolved: TrackerOptions<S> = {
      ...DEFAULT_TRACKER_OPTIONS,
      createState: () => undefined as S,
      ...options,
    };
    for (const key of ['minHits', 'maxLostMs', 'maxTracks', 'minKeypoints'] as const) {
      if (!(resolved[key] >= 0)) throw new RangeError(`tracker option ${key} must be ≥ 0, got ${resolved[key]}`);
    }
    this.options = Object.freeze(resolved);
    this.motionParams = Object.freeze({ ...DEFAULT_MOTION_PARAMS, ...resolved.motion });
    this.similarity = { sigmaScale: resolved.sigmaScale, uncertaintyPerS: resolved.uncertaintyPerS };
  }

  get tracks(): readonly TrackedPerson<S>[] {
    return this.list;
  }

  reset(): void {
    for (const t of this.list) this.dispose(t);
    this.list.length = 0;
    this.lastTimeMs = Number.NEGATIVE_INFINITY;
  }

  update(people: readonly Person[], timestampMs: number): TrackedPerson<S>[] {
    if (!Number.isFinite(timestampMs)) throw new RangeError(`tracker timestamp must be finite, got ${timestampMs}`);
    if (timestampMs < this.lastTimeMs) this.reset();
    this.lastTimeMs = timestampMs;
    const opts = this.options;
    const tracks = this.list;

    // 1. Usable detections into typed buffers.
    const nDet = this.loadDetections(people);
    const valid = this.validDet;

    // 2. Predict tracks and fill the cost matrix (1 − similarity; below the gate: forbidden).
    const nTrk = tracks.length;
    if (this.cost.length < nTrk * nDet) {
      this.cost = new Float64Array(Math.max(64, 2 * nTrk * nDet));
      this.subCost = new Float64Array(this.cost.length);
    }
    if (this.trackToDet.length < nTrk) this.trackToDet = new Int32Array(2 * nTrk);
    if (this.detToTrack.length < nDet) this.detToTrack = new Int32Array(2 * nDet);
    if (this.rowIndex.length < nTrk) this.rowIndex = new Int32Array(2 * nTrk);
    if (this.colIndex.length < nDet) this.colIndex = new Int32Array(2 * nDet);
    const cost = this.cost;
    for (let i = 0; i < nTrk; i++) {
      const t = tracks[i];
      t.motion.predict(timestampMs, t.predicted, t.predictedAgeMs);
      let maxAge = 0;
      for (let k = 0; k < NUM_KEYPOINTS; k++) if (t.predictedAgeMs[k] > maxAge) maxAge = t.predictedAgeMs[k];
      for (let j = 0; j < nDet; j++) {
        const det = this.detBuffers[j];
        const bound = similarityUpperBound(t.predicted, maxAge, det, this.similarity);
        const sim = bound < opts.minSimilarity ? 0 : poseSimilarity(t.predicted, t.predictedAgeMs, det, this.similarity);
        cost[i * nDet + j] = sim >= opts.minSimilarity ? 1 - sim : FORBIDDEN;
      }
    }

    // 3. Optimal one-to-one pairing, in two rounds: tracks matched in the previous frame first, then lost
    //    ones on the detections left. A lost track's widening tolerance must not let it take a detection
    //    that a continuously tracked person explains (DeepSORT's matching cascade, in two levels).
    this.trackToDet.fill(-1, 0, nTrk);
    this.detToTrack.fill(-1, 0, nDet);
    this.matchRound(nTrk, nDet, true);
    this.matchRound(nTrk, nDet, false);

    // 4. Matched tracks take their detection; unmatched ones go lost or leave.
    let write = 0;
    for (let i = 0; i < nTrk; i++) {
      const t = tracks[i];
      t.age++;
      const j = this.trackToDet[i];
      if (j >= 0) {
        const det = this.detBuffers[j];
        t.motion.update(det, timestampMs);
        t.hits++;
        t.lastSeenMs = timestampMs;
        t.detectionIndex = valid[j];
        copyPerson(people[valid[j]], det, t.person);
        if (t.status === 'lost' || t.hits >= opts.minHits) t.status = 'confirmed';
      } else {
        t.detectionIndex = -1;
        if (t.status === 'tentative' || timestampMs - t.lastSeenMs > opts.maxLostMs) {
          this.dispose(t);
          continue;
        }
        t.status = 'lost';
        writePredicted(t.predicted, t.person);
      }
      tracks[write++] = t;
    }
    tracks.length = write;

    // 5. Unmatched detections start tentative tracks (ids increase, so `tracks` stays in id order).
    for (let j = 0; j < nDet; j++) {
      if (this.detToTrack[j] >= 0 || tracks.length >= opts.maxTracks) continue;
      const id = this.nextId++;
      const t = new Track<S>(id, opts.createState(id), this.motionParams, timestampMs);
      const det = this.detBuffers[j];
      t.motion.reset(det, timestampMs);
      t.age = 1;
      t.hits = 1;
      t.detectionIndex = valid[j];
      copyPerson(people[valid[j]], det, t.person);
      if (opts.minHits <= 1) t.status = 'confirmed';
      tracks.push(t);
    }

    const out: TrackedPerson<S>[] = [];
    for (const t of tracks) if (t.status !== 'tentative' || opts.includeTentative) out.push(t);
    return out;
  }

  /**
   * One assignment round over the still-unmatched detections: `active` = the tracks matched in the
   * previous frame (their `detectionIndex` is still the previous one), else the others. A track may stay
   * unmatched at the price of the weakest allowed pair.
   */
  private matchRound(nTrk: number, nDet: number, active: boolean): void {
    const { rowIndex, colIndex, cost, subCost } = this;
    let rows = 0, cols = 0;
    for (let i = 0; i < nTrk; i++) if (this.list[i].detectionIndex >= 0 === active) rowIndex[rows++] = i;
    for (let j = 0; j < nDet; j++) if (this.detToTrack[j] < 0) colIndex[cols++] = j;
    if (rows === 0 || cols === 0) return;
    for (let r = 0; r < rows; r++) {
      const base = rowIndex[r] * nDet;
      for (let c = 0; c < cols; c++) subCost[r * cols + c] = cost[base + colIndex[c]];
    }
    const solver = this.solver;
    solver.solve(subCost, rows, cols, 1 - this.options.minSimilarity);
    for (let r = 0; r < rows; r++) {
      const c = solver.rowToCol[r];
      if (c < 0) continue;
      this.trackToDet[rowIndex[r]] = colIndex[c];
      this.detToTrack[colIndex[c]] = rowIndex[r];
    }
  }

  /** Loads usable detections into `detBuffers[0..n)` and their indices into `validDet`; returns n. */
  private loadDetections(people: readonly Person[]): number {
    const { minKeypointScore, minKeypoints } = this.options;
    if (this.validDet.length < people.length) this.validDet = new Int32Array(2 * people.length);
    let n = 0;
    for (let i = 0; i < people.length; i++) {
      const p = people[i];
      if (!p || !Array.isArray(p.keypoints)) continue;
      if (this.detBuffers.length <= n) this.detBuffers.push(new PoseBuffer());
      const buf = this.detBuffers[n].setFromPerson(p, minKeypointScore);
      if (buf.count < Math.max(1, minKeypoints)) continue;
      this.validDet[n++] = i;
    }
    return n;
  }

  private dispose(t: Track<S>): void {
    this.options.disposeState?.(t.state, t.id);
  }
}

/** Copies a detection into a track-owned Person, zeroing keypoints with non-finite values. */
function copyPerson(src: Person, buf: PoseBuffer, dst: Person): void {
  for (let k = 0; k < NUM_KEYPOINTS; k++) {
    const d = dst.keypoints[k];
    const s = src.keypoints[k];
    // Raw (possibly below-threshold) scores are kept: the renderer and solver apply their own thresholds.
    const ok = s !== undefined && Number.isFinite(s.x) && Number.isFinite(s.y) && Number.isFinite(s.score) && s.score > 0;
    d.x = ok ? s.x : 0;
    d.y = ok ? s.y : 0;
    d.score = ok ? s.score : 0;
  }
  dst.score = Number.isFinite(src.score) ? src.score : 0;
  dst.partCount = Number.isFinite(src.partCount) ? src.partCount : buf.count;
  dst.affinity = Number.isFinite(src.affinity) ? src.affinity : 0;
}

/** Writes a predicted pose into a track-owned Person (score = mean of predicted keypoint scores). */
function writePredicted(pred: PoseBuffer, dst: Person): void {
  let sum = 0;
  for (let k = 0; k < NUM_KEYPOINTS; k++) {
    const d = dst.keypoints[k];
    d.x = pred.x[k];
    d.y = pred.y[k];
    d.score = pred.score[k];
    sum += pred.score[k];
  }
  dst.score = pred.count > 0 ? sum / pred.count : 0;
  dst.partCount = pred.count;
  dst.affinity = 0;
}
