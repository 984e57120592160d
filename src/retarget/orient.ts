/** Small allocation-free rotation helpers shared by the solver. */
import { Matrix4, Quaternion, Vector3 } from 'three';

const m4 = new Matrix4();
const vx = new Vector3();
const vy = new Vector3();
const vz = new Vector3();
const t1 = new Vector3();
const t2 = new Vector3();
const qa = new Quaternion();

/**
 * Rotation whose X axis is `left` and whose Y axis is `up` made orthogonal to it (Z = X × Y = forward).
 * Returns false (and leaves `out` unchanged) when the vectors are degenerate.
 */
export function basisFromLeftUp(left: Vector3, up: Vector3, out: Quaternion): boolean {
  vy.copy(up);
  if (vy.lengthSq() < 1e-12) return false;
  vy.normalize();
  vx.copy(left).addScaledVector(vy, -left.dot(vy));
  if (vx.lengthSq() < 1e-10) return false;
  vx.normalize();
  vz.crossVectors(vx, vy);
  m4.makeBasis(vx, vy, vz);
  out.setFromRotationMatrix(m4);
  return true;
}

/**
 * The rotation that maps direction `d0` onto `d` and, by twisting about `d`, brings `n0` as close as
 * possible to `n`. Inputs need not be normalised; `n` must not be parallel to `d` (falls back to swing).
 */
export function alignWithTwist(d0: Vector3, n0: Vector3, d: Vector3, n: Vector3, out: Quaternion): Quaternion {
  t1.copy(d0).normalize();
  t2.copy(d).normalize();
  out.setFromUnitVectors(t1, t2);
  // Where the swing carries n0, measured about d against n (both projected off d).
  t1.copy(n0).applyQuaternion(out);
  t1.addScaledVector(t2, -t1.dot(t2));
  vx.copy(n).addScaledVector(t2, -n.dot(t2));
  if (t1.lengthSq() < 1e-12 || vx.lengthSq() < 1e-12) return out;
  vy.crossVectors(t1, vx);
  const angle = Math.atan2(vy.dot(t2), t1.dot(vx));
  qa.setFromAxisAngle(t2, angle);
  return out.premultiply(qa);
}

/** Rotates `v` about unit `axis` by `angle` radians, in place. */
export function rotateAbout(v: Vector3, axis: Vector3, angle: number): Vector3 {
  qa.setFromAxisAngle(axis, angle);
  return v.applyQuaternion(qa);
}

/** Signed angle from `a` to `b` about unit `axis` (both projected off the axis). */
export function signedAngleAbout(a: Vector3, b: Vector3, axis: Vector3): number {
  t1.copy(a).addScaledVector(axis, -a.dot(axis));
  t2.copy(b).addScaledVector(axis, -b.dot(axis));
  vz.crossVectors(t1, t2);
  return Math.atan2(vz.dot(axis), t1.dot(t2));
}

/** Limits the rotation angle of unit quaternion `q` to `maxRad`, in place. */
export function clampRotationAngle(q: Quaternion, maxRad: number): Quaternion {
  if (q.w < 0) q.set(-q.x, -q.y, -q.z, -q.w);
  const angle = 2 * Math.acos(Math.min(1, q.w));
  if (angle <= maxRad) return q;
  return q.slerp(qa.identity(), 1 - maxRad / angle);
}

/** True when every component is finite. */
export function isFiniteQuat(q: Quaternion): boolean {
  return Number.isFinite(q.x) && Number.isFinite(q.y) && Number.isFinite(q.z) && Number.isFinite(q.w);
}
