/**
 * The assumed pinhole camera. The solver works in *level view space*: the camera at the origin, +Y up
 * (against gravity), -Z the camera's heading projected onto the floor, +X to the image right. A person
 * facing the camera faces +Z, like a VRM 1.0 avatar. For a level camera this is three.js's camera
 * space; a camera tilted by {@link CameraOptions.pitchDeg} has its pixel rays turned into it, so the
 * floor, "upright" and every body prior stay level however the webcam is tilted.
 */
import { Quaternion, Vector3 } from 'three';

/** Camera options. */
export interface CameraOptions {
  /**
   * Vertical field of view in degrees. Default 50: a typical laptop/USB webcam has ~65° horizontal at
   * 4:3, i.e. ~50° vertical. The principal point is the image centre.
   */
  verticalFovDeg: number;
  /**
   * Diagonal field of view in degrees, the figure webcam makers print (e.g. 78°). When set (finite,
   * between {@link MIN_FOV_DEG} and {@link MAX_FOV_DEG}) the focal length follows from the image's
   * diagonal and `verticalFovDeg` is not used. Default unset.
   */
  diagonalFovDeg?: number;
  /**
   * Camera tilt, degrees: positive when the camera looks down (a webcam on top of a monitor aimed at a
   * standing person), negative when it looks up (a laptop on a desk). Default 0 (level). An untold tilt
   * reads as the whole person leaning toward or away from the camera by that angle.
   */
  pitchDeg: number;
}

export const DEFAULT_CAMERA_OPTIONS: Readonly<CameraOptions> = Object.freeze({ verticalFovDeg: 50, pitchDeg: 0 });

/** Largest tilt accepted (degrees): beyond it the person is mostly out of a webcam's view. */
export const MAX_CAMERA_PITCH_DEG = 60;

/** Narrowest and widest field of view accepted (degrees): a telephoto webcam to a fisheye. */
export const MIN_FOV_DEG = 20;
export const MAX_FOV_DEG = 150;

/**
 * Focal length in pixels for a `imageWidth` × `imageHeight` image: from `diagonalFovDeg` when it is set
 * and in range, else from `verticalFovDeg` (50° when that is not in range either).
 */
export function cameraFocalPx(imageWidth: number, imageHeight: number, camera: Readonly<CameraOptions>): number {
  const inRange = (deg: number | undefined): deg is number => deg !== undefined && deg >= MIN_FOV_DEG && deg <= MAX_FOV_DEG;
  if (inRange(camera.diagonalFovDeg) && imageWidth > 0) {
    return Math.hypot(imageWidth, imageHeight) / 2 / Math.tan((camera.diagonalFovDeg * Math.PI) / 360);
  }
  return focalLengthPx(imageHeight, inRange(camera.verticalFovDeg) ? camera.verticalFovDeg : DEFAULT_CAMERA_OPTIONS.verticalFovDeg);
}

/** Focal length in pixels for an image `imageHeight` pixels tall. */
export function focalLengthPx(imageHeight: number, verticalFovDeg: number): number {
  return imageHeight / 2 / Math.tan((verticalFovDeg * Math.PI) / 360);
}

/**
 * The camera's tilt as radians, clamped to ±{@link MAX_CAMERA_PITCH_DEG}; 0 for a non-finite value.
 */
export function cameraPitchRad(pitchDeg: number): number {
  if (!Number.isFinite(pitchDeg)) return 0;
  return (Math.max(-MAX_CAMERA_PITCH_DEG, Math.min(MAX_CAMERA_PITCH_DEG, pitchDeg)) * Math.PI) / 180;
}

/**
 * Unit ray through pixel (u, v) in level view space, for a camera tilted down by `pitchRad` (default 0:
 * camera space itself).
 */
export function pixelRay(u: number, v: number, cx: number, cy: number, f: number, out: Vector3, pitchRad = 0): Vector3 {
  const x = (u - cx) / f, y = -(v - cy) / f;
  if (pitchRad === 0) return out.set(x, y, -1).normalize();
  // Camera → level: a rotation about +X by −pitch (the optical axis (0, 0, −1) turns to (0, −sin, −cos)).
  const c = Math.cos(pitchRad), s = Math.sin(pitchRad);
  return out.set(x, y * c - s, -y * s - c).normalize();
}

/**
 * Distance along the optical axis of the point at unit distance along a level-space ray (its camera-space
 * −z): a ray scaled by `d / opticalDepth(ray)` ends `d` in front of the camera, as a pinhole's scale needs.
 */
export function opticalDepth(ray: Vector3, pitchRad = 0): number {
  if (pitchRad === 0) return -ray.z;
  // The camera-space z of the ray (see levelToCamera), negated.
  return -(ray.y * Math.sin(pitchRad) + ray.z * Math.cos(pitchRad));
}

/** A level-view-space point → camera space for a camera tilted down by `pitchRad`, in place. */
export function levelToCamera(p: Vector3, pitchRad: number): Vector3 {
  if (pitchRad === 0) return p;
  const c = Math.cos(pitchRad), s = Math.sin(pitchRad);
  const y = p.y, z = p.z;
  return p.set(p.x, y * c - z * s, y * s + z * c);
}

/**
 * The rotation taking camera space to level view space for a camera tilted down by `pitchRad`: a turn
 * about +X by −pitch. Premultiply a camera-space rotation (a face's, a hand's) by it to make it level.
 */
export function cameraToLevelRotation(pitchRad: number, out: Quaternion): Quaternion {
  return out.setFromAxisAngle(X_AXIS, -pitchRad);
}
const X_AXIS = new Vector3(1, 0, 0);

/** A camera-space point → level view space for a camera tilted down by `pitchRad`, in place. */
export function cameraToLevel(p: Vector3, pitchRad: number): Vector3 {
  if (pitchRad === 0) return p;
  const c = Math.cos(pitchRad), s = Math.sin(pitchRad);
  const y = p.y, z = p.z;
  return p.set(p.x, y * c + z * s, -y * s + z * c);
}

/**
 * Projects a point to pixels; returns false when it is behind the camera. The point is in camera space,
 * or in level view space when `pitchRad` (the camera's tilt down) is given.
 */
export function projectPoint(
  p: { x: number; y: number; z: number },
  cx: number,
  cy: number,
  f: number,
  out: { x: number; y: number },
  pitchRad = 0,
): boolean {
  const q = levelToCamera(PROJECT_SCRATCH.set(p.x, p.y, p.z), pitchRad);
  const d = -q.z;
  if (!(d > 1e-9)) return false;
  out.x = cx + (f * q.x) / d;
  out.y = cy - (f * q.y) / d;
  return true;
}
const PROJECT_SCRATCH = new Vector3();
