/**
 * The assumed pinhole camera. View space follows three.js cameras: the camera at the origin looking down
 * -Z, +X to the image right, +Y up. A person facing the camera faces +Z, like a VRM 1.0 avatar.
 */
import type { Vector3 } from 'three';

/** Camera options. */
export interface CameraOptions {
  /**
   * Vertical field of view in degrees. Default 50: a typical laptop/USB webcam has ~65° horizontal at
   * 4:3, i.e. ~50° vertical. The principal point is the image centre; the camera is assumed level.
   */
  verticalFovDeg: number;
}

export const DEFAULT_CAMERA_OPTIONS: Readonly<CameraOptions> = Object.freeze({ verticalFovDeg: 50 });

/** Focal length in pixels for an image `imageHeight` pixels tall. */
export function focalLengthPx(imageHeight: number, verticalFovDeg: number): number {
  return imageHeight / 2 / Math.tan((verticalFovDeg * Math.PI) / 360);
}

/** Unit view-space ray through pixel (u, v). */
export function pixelRay(u: number, v: number, cx: number, cy: number, f: number, out: Vector3): Vector3 {
  return out.set((u - cx) / f, -(v - cy) / f, -1).normalize();
}

/** Projects a view-space point to pixels; returns false when it is behind the camera. */
export function projectPoint(
  p: { x: number; y: number; z: number },
  cx: number,
  cy: number,
  f: number,
  out: { x: number; y: number },
): boolean {
  const d = -p.z;
  if (!(d > 1e-9)) return false;
  out.x = cx + (f * p.x) / d;
  out.y = cy - (f * p.y) / d;
  return true;
}
