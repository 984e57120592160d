import type { KeypointName } from './schema';

/** One body keypoint in source-image pixels (continuous coordinates: 0 is the image's left edge). */
export interface Keypoint {
  readonly name: KeypointName;
  /** Horizontal position in source-image pixels; 0 when not detected. */
  x: number;
  /** Vertical position in source-image pixels; 0 when not detected. */
  y: number;
  /** Heatmap confidence, 0..1; exactly 0 means "not detected". */
  score: number;
}

/** One detected person. */
export interface Person {
  /** All 18 COCO-18 keypoints in schema order (`KEYPOINT_NAMES`); undetected ones have score 0. */
  keypoints: Keypoint[];
  /** Mean confidence of the detected keypoints, 0..1. */
  score: number;
  /** Number of detected keypoints (the neck counts). */
  partCount: number;
  /**
   * The reference decoders' ranking score: sum of keypoint scores plus limb PAF scores.
   * COCO evaluation ranks people by `affinity * max(0, partCount - 1)`, as Osokin's val.py does.
   */
  affinity: number;
}

/** Milliseconds spent in each stage of one estimate. */
export interface StageTimings {
  preprocessMs: number;
  inferenceMs: number;
  decodeMs: number;
}

/** Everything one estimate returns. */
export interface PoseFrame {
  /** The timestamp the caller passed with the frame (e.g. video time in ms). */
  timestamp: number;
  /** Source image size in pixels. */
  imageWidth: number;
  imageHeight: number;
  /** Network input size used (after letterboxing). */
  inputWidth: number;
  inputHeight: number;
  people: Person[];
  timings: StageTimings;
}
