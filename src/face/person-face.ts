/**
 * The face a pose frame's person gains: a plain, structured-cloneable object (worker → app), from a
 * {@link FaceMesh} and its {@link FaceFeatures}. Landmarks stay a Float32Array (transferable) rather than
 * 468 objects. Smoothing ({@link FaceFeatureSmoother}) belongs where people keep identities (the app's
 * tracker), since filters must follow a person, not a frame slot.
 */
import type { FaceExpressions, FaceFeatures } from './face-features';
import type { FaceMesh } from './face-mesh-engine';
import type { IrisPoints } from './iris';
import { openPoseFaceFromMesh } from './openpose-face';

export interface PersonFace {
  /** 468 × (x, y, z) in source-image pixels (MediaPipe face mesh order; z relative depth, smaller = nearer). */
  landmarks: Float32Array;
  /** Face presence score, 0..1. */
  score: number;
  /**
   * The iris model's points of both eyes (src/face/iris.ts: 71 contour + 5 iris points each, source pixels);
   * absent when the iris model is not loaded or failed on this frame (then blinks and pupils are facemesh's).
   */
  iris?: IrisPoints;
  /**
   * OpenPose's 70 face keypoints (68 iBUG-300W landmarks + right, left pupil), 70 × (x, y, score) in source
   * pixels, from the mesh by a fixed vertex table (src/face/openpose-face.ts), the pupils from the iris model
   * when it ran; every score is the face's.
   */
  openPose: Float32Array;
  /** The crop the mesh came from, source pixels: centre, side, roll (radians, clockwise on screen). */
  box: { cx: number; cy: number; side: number; roll: number };
  /** Head rotation, view space, quaternion [x, y, z, w] (src/retarget/head.ts convention). */
  headRotation: [number, number, number, number];
  /** Unsmoothed VRM expression weights. */
  expressions: FaceExpressions;
  /** Look-at, radians, view space: the head's direction turned by the gaze when the iris ran, else the head's. */
  lookAt: { yaw: number; pitch: number };
}

/** `iris`: the iris model's points of this face (optional), to carry along and place the pupils. */
export function toPersonFace(mesh: FaceMesh, features: FaceFeatures, iris?: IrisPoints | null): PersonFace {
  const q = features.headRotation;
  return {
    landmarks: mesh.landmarks,
    score: mesh.score,
    ...(iris ? { iris: { right: { contour: iris.right.contour, iris: iris.right.iris }, left: { contour: iris.left.contour, iris: iris.left.iris } } } : {}),
    openPose: openPoseFaceFromMesh(mesh.landmarks, mesh.score, undefined, iris),
    box: { cx: mesh.crop.cx, cy: mesh.crop.cy, side: mesh.crop.side, roll: mesh.crop.roll },
    headRotation: [q.x, q.y, q.z, q.w],
    expressions: { ...features.expressions },
    lookAt: { ...features.lookAt },
  };
}
