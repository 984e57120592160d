/**
 * Input types of the recorder: what the tracking/retargeting pipeline hands over per processed frame.
 * Coordinates follow three-vrm's NORMALIZED humanoid: rest pose = identity rotations, VRM 1.0
 * orientation (avatar faces +Z, its left is +X, Y up), metres.
 */
import type { VRMHumanBoneName } from '@pixiv/three-vrm';
import { OPENPOSE_FACE_KEYPOINTS } from '../face/openpose-face';

/** A quaternion as `[x, y, z, w]`. */
export type QuatLike = readonly [number, number, number, number] | ArrayLike<number>;

/** A 3-vector as `[x, y, z]`. */
export type Vec3Like = readonly [number, number, number] | ArrayLike<number>;

/** A plain `[x, y, z]` triple (structured-clone friendly). */
export type Vec3 = [number, number, number];

/** Number of COCO-18 keypoints (src/pose/schema.ts `KEYPOINT_NAMES`). */
export const COCO18_KEYPOINTS = 18;

/** Floats per keypoint: x, y (source-image pixels), score (0 = missing). */
export const KEYPOINT_STRIDE = 3;

/** Hand landmarks per hand (OpenPose / MediaPipe hand order). */
export const HAND_KEYPOINTS = 21;

/** Floats per frame for both hands: left 21 × (x, y, score), then right 21 × (x, y, score). */
export const HAND_FLOATS = 2 * HAND_KEYPOINTS * KEYPOINT_STRIDE;

/** Face keypoints in OpenPose's layout: 68 iBUG-300W landmarks + right, left pupil (src/face/openpose-face.ts). */
export const FACE_KEYPOINTS = OPENPOSE_FACE_KEYPOINTS;

/** Floats per frame for the face: 70 × (x, y, score). */
export const FACE_FLOATS = FACE_KEYPOINTS * KEYPOINT_STRIDE;

/** One tracked person in one processed frame. */
export interface PersonFrameInput {
  /** Stable tracking identity (integer); each id gets its own track. */
  readonly id: number;
  /**
   * Normalized local bone rotations `[x, y, z, w]`, keyed by VRM 1.0 humanoid bone name. A bone left
   * out holds its previous value in this person's track (identity before the first value).
   */
  readonly rotations: Readonly<Partial<Record<VRMHumanBoneName, QuatLike>>>;
  /** Normalized hips position `[x, y, z]` in metres (the normalized hips node's local position). */
  readonly hipsPosition: Vec3Like;
  /**
   * 2D keypoints, COCO-18 order, flat `x, y, score` × 18 (54 numbers) in source-image pixels; score 0 =
   * missing. `{x, y, score}` objects (src/pose `Keypoint`) are accepted as well.
   */
  readonly keypoints: ArrayLike<number> | readonly { readonly x: number; readonly y: number; readonly score: number }[];
  /**
   * 2D hand keypoints, flat {@link HAND_FLOATS} (126) numbers: left hand 21 × (x, y, score), then the
   * right hand's, source-image pixels; a hand not found has score 0 throughout. Omit when hands are off.
   */
  readonly handKeypoints?: ArrayLike<number>;
  /**
   * 2D face keypoints in OpenPose's 70-point layout, flat {@link FACE_FLOATS} (210) numbers: 70 × (x, y,
   * score), source-image pixels; score 0 throughout when the face was not found. Omit when faces are off.
   */
  readonly faceKeypoints?: ArrayLike<number>;
  /** Expression weights 0..1 by VRM expression name (preset or custom), once face tracking exists. */
  readonly expressions?: Readonly<Record<string, number>>;
}
