/** The immutable per-person clip a recording produces, and small helpers over it. */
import type { VRMHumanBoneName } from '@pixiv/three-vrm';

/**
 * One person's recorded track: every frame of the recording from the first to the last frame this
 * person was seen. Frames in between where the person was absent have `present[i] === 0`; their
 * rotations, hips position and expressions HOLD the last present values (so exports play a frozen
 * pose through the gap, nothing jumps and no frame is dropped) and their keypoints are all zero
 * (OpenPose export leaves the person out of those frames).
 *
 * The object is frozen; treat its typed arrays as read-only (they may be shared with other views).
 */
export interface RecordedClip {
  /** Tracking identity. */
  readonly personId: number;
  /** Bones stored, in storage order. */
  readonly boneNames: readonly VRMHumanBoneName[];
  /** Frames in this clip. */
  readonly frameCount: number;
  /** Index of this clip's first frame in the recording's frame sequence. */
  readonly startFrame: number;
  /** Frame timestamps in ms relative to the recording's first frame (strictly increasing). */
  readonly timesMs: Float64Array;
  /** `frameCount × boneNames.length × 4` normalized local quaternions (x, y, z, w). */
  readonly rotations: Float32Array;
  /** `frameCount × 3` normalized hips positions in metres. */
  readonly hips: Float32Array;
  /** `frameCount × 54` COCO-18 keypoints (x, y, score) in source-image pixels; zeros when absent. */
  readonly keypoints: Float32Array;
  /**
   * `frameCount × 126` hand keypoints (left 21 × (x, y, score), then right), source-image pixels; score
   * 0 = hand not found. Absent when no hand was ever recorded for this person (hands off).
   */
  readonly handKeypoints?: Float32Array;
  /**
   * `frameCount × 210` face keypoints in OpenPose's 70-point layout (x, y, score), source-image pixels; score
   * 0 = face not found. Absent when no face keypoints were ever recorded for this person (face tracking off).
   */
  readonly faceKeypoints?: Float32Array;
  /** `frameCount` flags: 1 = person seen in this frame, 0 = absent (values held, see above). */
  readonly present: Uint8Array;
  /** Expression weight per frame (`frameCount` values) by expression name; empty until face tracking. */
  readonly expressions: ReadonlyMap<string, Float32Array>;
}

/** Clip duration in seconds (first to last frame; 0 for a one-frame clip). */
export function clipDurationSeconds(clip: RecordedClip): number {
  return clip.frameCount > 1 ? (clip.timesMs[clip.frameCount - 1] - clip.timesMs[0]) / 1000 : 0;
}

/** Number of frames in which the person was present. */
export function presentFrameCount(clip: RecordedClip): number {
  let n = 0;
  for (let i = 0; i < clip.frameCount; i++) n += clip.present[i];
  return n;
}

/** Median interval between consecutive frames in ms (NaN for fewer than two frames). */
export function medianFrameIntervalMs(timesMs: ArrayLike<number>, count = timesMs.length): number {
  if (count < 2) return NaN;
  const d = new Float64Array(count - 1);
  for (let i = 1; i < count; i++) d[i - 1] = timesMs[i] - timesMs[i - 1];
  d.sort();
  const m = d.length >> 1;
  return d.length % 2 ? d[m] : (d[m - 1] + d[m]) / 2;
}

/** Bytes held by a clip's arrays. */
export function clipByteLength(clip: RecordedClip): number {
  let n = clip.timesMs.byteLength + clip.rotations.byteLength + clip.hips.byteLength;
  n += clip.keypoints.byteLength + clip.present.byteLength + (clip.handKeypoints?.byteLength ?? 0);
  n += clip.faceKeypoints?.byteLength ?? 0;
  for (const e of clip.expressions.values()) n += e.byteLength;
  return n;
}
