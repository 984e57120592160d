/** The face tests' neutral face mesh and a rotation of it (shared by the face feature and face-apply tests). */
import { readFileSync } from 'node:fs';
import { Quaternion, Vector3 } from 'three';

/** A neutral frontal 468-point face mesh (x, y, z in source pixels: x right, y down, z away). */
export const CANONICAL_FACE_MESH: readonly number[] = JSON.parse(
  readFileSync(new URL('../face/fixtures/canonical-face-mesh.json', import.meta.url), 'utf8'),
).landmarks;

/**
 * A copy of mesh `m` turned by `q`, a view-space rotation (x right, y up, z toward the camera), about the
 * point between the eyes' outer corners (landmarks 33 and 263).
 */
export function rotateFaceMesh<T extends number[] | Float32Array>(m: T, q: Quaternion): T {
  const cx = (m[3 * 33] + m[3 * 263]) / 2;
  const cy = (m[3 * 33 + 1] + m[3 * 263 + 1]) / 2;
  const v = new Vector3();
  const out = m.slice() as T;
  for (let i = 0; i < 468; i++) {
    // Source pixels ↔ view space: y and z flip.
    v.set(m[3 * i] - cx, -(m[3 * i + 1] - cy), -m[3 * i + 2]).applyQuaternion(q);
    out[3 * i] = cx + v.x;
    out[3 * i + 1] = cy - v.y;
    out[3 * i + 2] = -v.z;
  }
  return out;
}
