import type { PersonFace } from '../face/person-face';
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
  /**
   * Hand landmarks (ISSUE 6), present only when the estimator runs hands (`hands.maxPeople` > 0) and
   * this person was among those given hands; a side is absent when its hand was not found.
   */
  hands?: PersonHandKeypoints;
  /**
   * Face mesh and features, present only when the estimator runs faces (`face.maxPeople` > 0), this person
   * was among those given a face and facemesh found one: 468 landmarks in source pixels, OpenPose's 70 face
   * keypoints computed from them, unsmoothed VRM expression weights, look-at and head rotation
   * (src/face/person-face.ts).
   */
  face?: PersonFace;
}

/** One hand landmark in source-image pixels. */
export interface HandKeypoint {
  x: number;
  y: number;
  /** Depth relative to the wrist, scaled like x (smaller = nearer the camera). */
  z: number;
  /** The hand's presence score (the network gives one per hand, repeated on every landmark). */
  score: number;
}

/** The 21 landmarks of one hand (MediaPipe / OpenPose hand order: wrist, then thumb, index, middle, ring, little, base → tip). */
export interface HandKeypoints {
  /** 21 landmarks in source-image pixels. */
  keypoints: HandKeypoint[];
  /** The same 21 landmarks in metres (origin near the hand's centre), image axes: x right, y down, z away from the camera. */
  world: { x: number; y: number; z: number }[];
  /** Hand presence probability, 0..1. */
  score: number;
}

/** A person's hands, by the person's own side (from the body pose, never the hand network's guess). */
export interface PersonHandKeypoints {
  left?: HandKeypoints;
  right?: HandKeypoints;
}

/** Milliseconds spent in each stage of one estimate. */
export interface StageTimings {
  preprocessMs: number;
  inferenceMs: number;
  decodeMs: number;
  /** Hand crops, landmark inference and mapping back; present only when hands ran this frame. */
  handsMs?: number;
  /** Face crops, facemesh inference and features; present only when faces ran this frame. */
  faceMs?: number;
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
