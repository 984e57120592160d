/**
 * Head orientation from the nose, eyes and ears: a few Gauss-Newton steps fit the face model
 * (anthropometry.ts) under the camera's local affine projection at the head, regularised toward a
 * prediction, with hinge terms that keep a visible ear or eye facing the camera and a missing one turned
 * away (a missing eye only while the other eye is seen).
 */
import { Quaternion, Vector3 } from 'three';
import { KEYPOINT } from '../pose/schema';
import { FACE_MODEL_M } from './anthropometry';

/** Face keypoints and their model points, in the fit's order. */
export const FACE_POINTS = [
  [KEYPOINT.nose, FACE_MODEL_M.nose],
  [KEYPOINT.rightEye, FACE_MODEL_M.rightEye],
  [KEYPOINT.leftEye, FACE_MODEL_M.leftEye],
  [KEYPOINT.rightEar, FACE_MODEL_M.rightEar],
  [KEYPOINT.leftEar, FACE_MODEL_M.leftEar],
] as const;

/** Gauss-Newton iterations; the prediction is usually within 20°, where 5 steps converge. */
const HEAD_FIT_ITERATIONS = 5;
/**
 * Weight (px² per rad²) pulling the fit toward the prediction; scaled by the face size in pixels so that it
 * only matters where the landmarks leave a direction unconstrained (e.g. two visible points).
 */
const HEAD_PRIOR_WEIGHT = 0.02;
/** A missing ear may face the camera by at most this cosine (it can hide behind hair or a cheek). */
const HIDDEN_EAR_MAX_COS = 0.15;
/** A detected ear faces away from the camera by at most this cosine (~110° from the camera). */
const VISIBLE_EAR_MIN_COS = -0.35;
/** Weight of the ear hinges, in px per unit cosine × face scale. */
const EAR_HINGE_WEIGHT = 1.5;
/**
 * An eye missing while the other is seen has its line of sight (30° outward of the face's forward)
 * turned at least ≈ 84° from the camera: the nose bridge hides the far eye once the head turns past
 * ≈ 55–60°, and a few degrees are left for detectors that drop it early. Without the eye hinges a head
 * seen in near-profile (nose, one eye, one ear: 3 points under 2D noise) wandered by up to 50° in yaw:
 * round-trip head error averaged over 32 runs 13.95° (worst run 52.4°); with them 8.51° (23.7°) at this
 * cosine (0.15: 9.08°, 0.26: 10.03°, 0.5: 12.00°).
 */
const HIDDEN_EYE_MAX_COS = 0.1;
/** A detected eye's line of sight is at most ≈ 110° from the camera (as the ears'). */
const VISIBLE_EYE_MIN_COS = -0.35;
/** Weight of the eye hinges, as the ears' (3: the same figures within 0.05°). */
const EYE_HINGE_WEIGHT = 1.5;
/** An eye's line of sight turns outward of the face's forward by about this much (orbits diverge ≈ 23–45°). */
const EYE_OUTWARD_RAD = (30 * Math.PI) / 180;
/** Largest update per iteration (rad): keeps a bad start from jumping to the mirrored solution. */
const MAX_STEP_RAD = 0.5;

const H = new Float64Array(25);
const g = new Float64Array(5);
const delta = new Float64Array(5);
const ru5 = new Float64Array(5);
const rv5 = new Float64Array(5);
const row3 = new Float64Array(3);
const q = new Vector3();
const n = new Vector3();
const t = new Vector3();
const c = new Vector3();
const omegaAcc = new Vector3();
const dq = new Quaternion();
const axis = new Vector3();
const model = FACE_POINTS.map(([, m]) => new Vector3(m[0], m[1], m[2]));
/** Outward normals of the right and left ear and lines of sight of the right and left eye (model frame: +X left). */
const HINGE_NORMALS = [
  new Vector3(-1, 0, 0),
  new Vector3(1, 0, 0),
  new Vector3(-Math.sin(EYE_OUTWARD_RAD), 0, Math.cos(EYE_OUTWARD_RAD)),
  new Vector3(Math.sin(EYE_OUTWARD_RAD), 0, Math.cos(EYE_OUTWARD_RAD)),
];
/** Per hinge (as {@link HINGE_NORMALS}): the most a missing one may face the camera, the least a seen one must, and the weight. */
const HINGE_HIDDEN_MAX_COS = [HIDDEN_EAR_MAX_COS, HIDDEN_EAR_MAX_COS, HIDDEN_EYE_MAX_COS, HIDDEN_EYE_MAX_COS];
const HINGE_VISIBLE_MIN_COS = [VISIBLE_EAR_MIN_COS, VISIBLE_EAR_MIN_COS, VISIBLE_EYE_MIN_COS, VISIBLE_EYE_MIN_COS];
const HINGE_WEIGHT = [EAR_HINGE_WEIGHT, EAR_HINGE_WEIGHT, EYE_HINGE_WEIGHT, EYE_HINGE_WEIGHT];
const HINGE_SEEN = [false, false, false, false];

function solve5(A: Float64Array, b: Float64Array, x: Float64Array): boolean {
  // Gaussian elimination with partial pivoting on a copy-free 5×5 (A and b are destroyed).
  const N = 5;
  for (let col = 0; col < N; col++) {
    let piv = col;
    for (let r = col + 1; r < N; r++) if (Math.abs(A[r * N + col]) > Math.abs(A[piv * N + col])) piv = r;
    if (Math.abs(A[piv * N + col]) < 1e-12) return false;
    if (piv !== col) {
      for (let k = 0; k < N; k++) {
        const tmp = A[col * N + k];
        A[col * N + k] = A[piv * N + k];
        A[piv * N + k] = tmp;
      }
      const tb = b[col];
      b[col] = b[piv];
      b[piv] = tb;
    }
    for (let r = col + 1; r < N; r++) {
      const f = A[r * N + col] / A[col * N + col];
      if (f === 0) continue;
      for (let k = col; k < N; k++) A[r * N + k] -= f * A[col * N + k];
      b[r] -= f * b[col];
    }
  }
  for (let r = N - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < N; k++) s -= A[r * N + k] * x[k];
    x[r] = s / A[r * N + r];
  }
  return true;
}

/**
 * Fits the head rotation (view space, model frame: +X left, +Y up, +Z forward) to the face keypoints.
 * `kp` is `(x, y, score) × 18` with score 0 for missing points; `pivot` the head's approximate view-space
 * position (m); `init` the predicted rotation. Writes `out` and returns the number of face points used
 * (fewer than 2: `out` = `init`).
 */
export function fitHeadRotation(
  kp: ArrayLike<number>,
  pivot: Vector3,
  f: number,
  cx: number,
  cy: number,
  init: Quaternion,
  out: Quaternion,
): number {
  out.copy(init);
  let count = 0;
  for (const [k] of FACE_POINTS) if (kp[3 * k + 2] > 0) count++;
  if (count < 2 || !(pivot.z < -1e-6)) return count < 2 ? count : 0;
  const d = -pivot.z;
  // Local affine camera at the pivot: d(u, v) = J · d(X, Y, Z).
  const j00 = f / d, j02 = (f * pivot.x) / (d * d);
  const j11 = -f / d, j12 = (-f * pivot.y) / (d * d);
  const faceScale = f / d; // px per metre at the head
  t.copy(pivot).negate().normalize(); // toward the camera
  const seen = HINGE_SEEN;
  seen[0] = kp[3 * KEYPOINT.rightEar + 2] > 0;
  seen[1] = kp[3 * KEYPOINT.leftEar + 2] > 0;
  seen[2] = kp[3 * KEYPOINT.rightEye + 2] > 0;
  seen[3] = kp[3 * KEYPOINT.leftEye + 2] > 0;
  // The eye hinges act only while exactly one eye is seen: a hidden eye says the head is turned away
  // only then (both missing: the face is away or not detected, and the ears say more).
  const hinges = seen[2] !== seen[3] ? 4 : 2;
  const priorW = HEAD_PRIOR_WEIGHT * faceScale * faceScale * 0.01;
  omegaAcc.set(0, 0, 0);
  // Start the 2D centre at the weighted mean offset.
  let cu = 0, cv = 0, wsum = 0;
  for (let i = 0; i < FACE_POINTS.length; i++) {
    const k = FACE_POINTS[i][0];
    const w = kp[3 * k + 2];
    if (!(w > 0)) continue;
    q.copy(model[i]).applyQuaternion(out);
    cu += w * (kp[3 * k] - (j00 * q.x + j02 * q.z));
    cv += w * (kp[3 * k + 1] - (j11 * q.y + j12 * q.z));
    wsum += w;
  }
  cu /= wsum;
  cv /= wsum;
  for (let it = 0; it < HEAD_FIT_ITERATIONS; it++) {
    H.fill(0);
    g.fill(0);
    for (let i = 0; i < FACE_POINTS.length; i++) {
      const k = FACE_POINTS[i][0];
      const w = kp[3 * k + 2];
      if (!(w > 0)) continue;
      q.copy(model[i]).applyQuaternion(out);
      const ru = cu + j00 * q.x + j02 * q.z - kp[3 * k];
      const rv = cv + j11 * q.y + j12 * q.z - kp[3 * k + 1];
      // d(q)/d(omega) = -[q]x ; rows of J·(-[q]x):
      // -[q]x = [[0, qz, -qy], [-qz, 0, qx], [qy, -qx, 0]]
      const a0 = j02 * q.y, a1 = j00 * q.z - j02 * q.x, a2 = -j00 * q.y; // u row
      const b0 = -j11 * q.z + j12 * q.y, b1 = -j12 * q.x, b2 = j11 * q.x; // v row
      ru5[0] = a0; ru5[1] = a1; ru5[2] = a2; ru5[3] = 1; ru5[4] = 0;
      rv5[0] = b0; rv5[1] = b1; rv5[2] = b2; rv5[3] = 0; rv5[4] = 1;
      for (let r = 0; r < 5; r++) {
        g[r] += w * (ru5[r] * ru + rv5[r] * rv);
        for (let s = 0; s < 5; s++) H[r * 5 + s] += w * (ru5[r] * ru5[s] + rv5[r] * rv5[s]);
      }
    }
    // Visibility hinges (ears, then eyes): d((R n)·t)/d(omega) = (R n) × t.
    for (let e = 0; e < hinges; e++) {
      n.copy(HINGE_NORMALS[e]).applyQuaternion(out);
      const cos = n.dot(t);
      let viol = 0;
      if (!seen[e] && cos > HINGE_HIDDEN_MAX_COS[e]) viol = cos - HINGE_HIDDEN_MAX_COS[e];
      else if (seen[e] && cos < HINGE_VISIBLE_MIN_COS[e]) viol = cos - HINGE_VISIBLE_MIN_COS[e];
      if (viol === 0) continue;
      const w = HINGE_WEIGHT[e] * faceScale * 0.1;
      c.crossVectors(n, t);
      const r = w * viol;
      row3[0] = w * c.x; row3[1] = w * c.y; row3[2] = w * c.z;
      for (let a = 0; a < 3; a++) {
        g[a] += row3[a] * r;
        for (let b = 0; b < 3; b++) H[a * 5 + b] += row3[a] * row3[b];
      }
    }
    H[0] += priorW; H[6] += priorW; H[12] += priorW;
    g[0] += priorW * omegaAcc.x; g[1] += priorW * omegaAcc.y; g[2] += priorW * omegaAcc.z;
    for (let r = 0; r < 5; r++) g[r] = -g[r];
    if (!solve5(H, g, delta)) break;
    axis.set(delta[0], delta[1], delta[2]);
    let angle = axis.length();
    if (!Number.isFinite(angle)) break;
    if (angle > MAX_STEP_RAD) {
      axis.multiplyScalar(MAX_STEP_RAD / angle);
      angle = MAX_STEP_RAD;
    }
    omegaAcc.add(axis);
    if (angle > 1e-12) {
      dq.setFromAxisAngle(axis.divideScalar(angle), angle);
      out.premultiply(dq).normalize();
    }
    cu += delta[3];
    cv += delta[4];
    if (angle < 1e-4) break;
  }
  return count;
}
