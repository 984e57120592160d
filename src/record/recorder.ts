/**
 * Records per-person motion while the page runs: rotations, hips position, 2D keypoints (body, and hands and
 * face when tracked) and expressions per processed frame, each tracked identity in its own track of chunked
 * typed arrays.
 */
import type { VRMHumanBoneName } from '@pixiv/three-vrm';
import { QUAT_STRIDE, RECORDED_BODY_BONES } from './bones';
import { ChunkedStore, DEFAULT_CHUNK_ROWS } from './chunked-store';
import type { RecordedClip } from './clip';
import { COCO18_KEYPOINTS, FACE_FLOATS, HAND_FLOATS, KEYPOINT_STRIDE, type PersonFrameInput } from './types';

const KP_FLOATS = COCO18_KEYPOINTS * KEYPOINT_STRIDE;

/** Options of {@link createRecorder}. */
export interface RecorderOptions {
  /** Bones stored per frame. Default {@link RECORDED_BODY_BONES} (22 body bones, toes included). */
  readonly bones?: readonly VRMHumanBoneName[];
  /** Frames per storage chunk. Default {@link DEFAULT_CHUNK_ROWS} (1024). */
  readonly chunkFrames?: number;
}

/** Recorder state. `stopped` keeps the clips until the next {@link Recorder.start}. */
export type RecorderState = 'idle' | 'recording' | 'stopped';

/** Why {@link Recorder.addFrame} refused a frame (counted, never silent). */
export type RejectReason = 'not-recording' | 'non-increasing-timestamp';

/** Records animation clips per tracked person. Create with {@link createRecorder}. */
export interface Recorder {
  readonly state: RecorderState;
  /** Starts a new recording (drops the previous one). */
  start(): void;
  /** Stops recording; clips stay available. */
  stop(): void;
  /**
   * Adds one processed frame (also with no people: it still counts as a frame). Returns false, and
   * counts it in {@link rejectedFrames}, when not recording or when `timestampMs` is not greater than
   * the previous frame's (animation formats need strictly increasing times).
   */
  addFrame(timestampMs: number, persons: readonly PersonFrameInput[]): boolean;
  /** Time covered so far: last frame's timestamp − first frame's, in ms (for the page's timer). */
  readonly elapsedMs: number;
  /** Frames recorded so far. */
  readonly frameCount: number;
  /** Frames refused by {@link addFrame}, by reason. */
  readonly rejectedFrames: Readonly<Record<RejectReason, number>>;
  /** Identities seen, in order of first appearance. */
  personIds(): number[];
  /** A frozen snapshot of one person's clip, or null when the id was never seen. */
  clip(id: number): RecordedClip | null;
  /** Snapshots of every person's clip, in order of first appearance. */
  clips(): RecordedClip[];
  /** Bytes held by the recording's storage (all tracks and the shared timestamps). */
  readonly byteLength: number;
}

/** One identity's storage. Row r is recording frame `startFrame + r`. */
class Track {
  readonly rotations: ChunkedStore<Float32Array>;
  readonly hips: ChunkedStore<Float32Array>;
  readonly keypoints: ChunkedStore<Float32Array>;
  readonly present: ChunkedStore<Uint8Array>;
  readonly expressions = new Map<string, ChunkedStore<Float32Array>>();
  /** Created on the first frame with hands (zeros before): no cost while hands are off. */
  private handStore: ChunkedStore<Float32Array> | null = null;
  /** Created on the first frame with face keypoints (zeros before): no cost while faces are off. */
  private faceStore: ChunkedStore<Float32Array> | null = null;
  private cached: RecordedClip | null = null;

  constructor(
    readonly id: number,
    readonly startFrame: number,
    private readonly boneCount: number,
    private readonly chunkRows: number,
  ) {
    this.rotations = new ChunkedStore(Float32Array, boneCount * QUAT_STRIDE, chunkRows);
    this.hips = new ChunkedStore(Float32Array, 3, chunkRows);
    this.keypoints = new ChunkedStore(Float32Array, KP_FLOATS, chunkRows);
    this.present = new ChunkedStore(Uint8Array, 1, chunkRows);
  }

  get rows(): number {
    return this.present.length;
  }

  /** Appends a row for recording frame `frame`, filling any gap with absent rows that hold the last values. */
  appendRow(frame: number): number {
    this.cached = null;
    const target = frame - this.startFrame;
    while (this.rows <= target) {
      const row = this.present.pushRow();
      this.rotations.pushRow();
      this.hips.pushRow();
      this.keypoints.pushRow(); // zeros: absent or not yet written
      this.handStore?.pushRow(); // zeros: hands not found
      this.faceStore?.pushRow(); // zeros: face not found
      for (const e of this.expressions.values()) e.pushRow();
      if (row === 0) {
        const r = this.rotations.chunk(0);
        for (let b = 0; b < this.boneCount; b++) r[b * QUAT_STRIDE + 3] = 1; // identity until a value arrives
      } else {
        this.rotations.copyRow(row - 1, row);
        this.hips.copyRow(row - 1, row);
        for (const e of this.expressions.values()) e.copyRow(row - 1, row);
      }
    }
    return target;
  }

  expression(name: string): ChunkedStore<Float32Array> {
    let s = this.expressions.get(name);
    if (!s) {
      s = new ChunkedStore(Float32Array, 1, this.chunkRows);
      s.ensureRows(this.rows); // earlier frames: weight 0
      this.expressions.set(name, s);
    }
    return s;
  }

  hands(): ChunkedStore<Float32Array> {
    if (!this.handStore) {
      this.handStore = new ChunkedStore(Float32Array, HAND_FLOATS, this.chunkRows);
      this.handStore.ensureRows(this.rows);
    }
    return this.handStore;
  }

  face(): ChunkedStore<Float32Array> {
    if (!this.faceStore) {
      this.faceStore = new ChunkedStore(Float32Array, FACE_FLOATS, this.chunkRows);
      this.faceStore.ensureRows(this.rows);
    }
    return this.faceStore;
  }

  byteLength(): number {
    let n = this.rotations.byteLength + this.hips.byteLength + this.keypoints.byteLength + this.present.byteLength;
    n += this.handStore?.byteLength ?? 0;
    n += this.faceStore?.byteLength ?? 0;
    for (const e of this.expressions.values()) n += e.byteLength;
    return n;
  }

  snapshot(bones: readonly VRMHumanBoneName[], times: ChunkedStore<Float64Array>): RecordedClip {
    if (this.cached) return this.cached;
    const expressions = new Map<string, Float32Array>();
    for (const [k, s] of this.expressions) expressions.set(k, s.toArray());
    this.cached = Object.freeze({
      personId: this.id,
      boneNames: bones,
      frameCount: this.rows,
      startFrame: this.startFrame,
      timesMs: times.toArray(this.startFrame, this.startFrame + this.rows),
      rotations: this.rotations.toArray(),
      hips: this.hips.toArray(),
      keypoints: this.keypoints.toArray(),
      ...(this.handStore ? { handKeypoints: this.handStore.toArray() } : {}),
      ...(this.faceStore ? { faceKeypoints: this.faceStore.toArray() } : {}),
      present: this.present.toArray(),
      expressions,
    });
    return this.cached;
  }
}

/** Creates a {@link Recorder}. */
export function createRecorder(options: RecorderOptions = {}): Recorder {
  const bones: readonly VRMHumanBoneName[] = Object.freeze([...(options.bones ?? RECORDED_BODY_BONES)]);
  const boneIndex = new Map(bones.map((b, i) => [b, i] as const));
  const chunkRows = options.chunkFrames ?? DEFAULT_CHUNK_ROWS;

  let state: RecorderState = 'idle';
  let times = new ChunkedStore(Float64Array, 1, chunkRows);
  let firstTs = NaN;
  let lastTs = NaN;
  let tracks = new Map<number, Track>();
  const rejected: Record<RejectReason, number> = { 'not-recording': 0, 'non-increasing-timestamp': 0 };

  const writePerson = (frame: number, p: PersonFrameInput): void => {
    let t = tracks.get(p.id);
    if (!t) {
      t = new Track(p.id, frame, bones.length, chunkRows);
      tracks.set(p.id, t);
    }
    const row = t.appendRow(frame);
    t.present.chunk(row)[t.present.offset(row)] = 1;

    const rc = t.rotations.chunk(row);
    const ro = t.rotations.offset(row);
    for (const name in p.rotations) {
      const b = boneIndex.get(name as VRMHumanBoneName);
      const q = p.rotations[name as VRMHumanBoneName];
      if (b === undefined || !q) continue;
      const o = ro + b * QUAT_STRIDE;
      if (!(Number.isFinite(q[0]) && Number.isFinite(q[1]) && Number.isFinite(q[2]) && Number.isFinite(q[3]))) continue;
      rc[o] = q[0];
      rc[o + 1] = q[1];
      rc[o + 2] = q[2];
      rc[o + 3] = q[3];
    }

    const h = p.hipsPosition;
    if (Number.isFinite(h[0]) && Number.isFinite(h[1]) && Number.isFinite(h[2])) {
      const hc = t.hips.chunk(row);
      const ho = t.hips.offset(row);
      hc[ho] = h[0];
      hc[ho + 1] = h[1];
      hc[ho + 2] = h[2];
    }

    const kc = t.keypoints.chunk(row);
    const ko = t.keypoints.offset(row);
    const kp = p.keypoints;
    if (kp.length === COCO18_KEYPOINTS && typeof kp[0] === 'object') {
      const objs = kp as readonly { x: number; y: number; score: number }[];
      for (let k = 0; k < COCO18_KEYPOINTS; k++) {
        kc[ko + 3 * k] = objs[k].x;
        kc[ko + 3 * k + 1] = objs[k].y;
        kc[ko + 3 * k + 2] = objs[k].score;
      }
    } else {
      const flat = kp as ArrayLike<number>;
      const n = Math.min(flat.length, KP_FLOATS);
      for (let k = 0; k < n; k++) kc[ko + k] = flat[k];
    }

    const hk = p.handKeypoints;
    if (hk) {
      const s = t.hands();
      const c = s.chunk(row);
      const o = s.offset(row);
      const n = Math.min(hk.length, HAND_FLOATS);
      for (let k = 0; k < n; k++) c[o + k] = Number.isFinite(hk[k]) ? hk[k] : 0;
    }

    const fk = p.faceKeypoints;
    if (fk) {
      const s = t.face();
      const c = s.chunk(row);
      const o = s.offset(row);
      const n = Math.min(fk.length, FACE_FLOATS);
      for (let k = 0; k < n; k++) c[o + k] = Number.isFinite(fk[k]) ? fk[k] : 0;
    }

    if (p.expressions) {
      for (const name in p.expressions) {
        const w = p.expressions[name];
        if (!Number.isFinite(w)) continue;
        const s = t.expression(name);
        s.chunk(row)[s.offset(row)] = w;
      }
    }
  };

  const recorder: Recorder = {
    get state() {
      return state;
    },
    start() {
      state = 'recording';
      times = new ChunkedStore(Float64Array, 1, chunkRows);
      tracks = new Map();
      firstTs = NaN;
      lastTs = NaN;
      rejected['not-recording'] = 0;
      rejected['non-increasing-timestamp'] = 0;
    },
    stop() {
      if (state === 'recording') state = 'stopped';
    },
    addFrame(timestampMs, persons) {
      if (state !== 'recording') {
        rejected['not-recording']++;
        return false;
      }
      if (!(timestampMs > lastTs) && !Number.isNaN(lastTs)) {
        rejected['non-increasing-timestamp']++;
        return false;
      }
      if (!Number.isFinite(timestampMs)) {
        rejected['non-increasing-timestamp']++;
        return false;
      }
      if (Number.isNaN(firstTs)) firstTs = timestampMs;
      lastTs = timestampMs;
      const frame = times.pushRow();
      times.chunk(frame)[times.offset(frame)] = timestampMs - firstTs;
      for (const p of persons) writePerson(frame, p);
      return true;
    },
    get elapsedMs() {
      return Number.isNaN(firstTs) ? 0 : lastTs - firstTs;
    },
    get frameCount() {
      return times.length;
    },
    get rejectedFrames() {
      return { ...rejected };
    },
    personIds() {
      return [...tracks.keys()];
    },
    clip(id) {
      const t = tracks.get(id);
      return t ? t.snapshot(bones, times) : null;
    },
    clips() {
      return [...tracks.values()].map((t) => t.snapshot(bones, times));
    },
    get byteLength() {
      let n = times.byteLength;
      for (const t of tracks.values()) n += t.byteLength();
      return n;
    },
  };
  return recorder;
}
