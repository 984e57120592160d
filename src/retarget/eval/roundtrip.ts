/**
 * The retargeting round trip: mocap ground truth → projected 2D keypoints → solver → avatar → compare
 * each limb's 3D direction on the posed avatar with the ground truth. Used by the tests and by
 * `npm run eval:retarget`, so both report the same figures.
 */
import { Quaternion, Vector3 } from 'three';
import type { VRM } from '@pixiv/three-vrm';
import { KEYPOINT, NUM_KEYPOINTS } from '../../pose/schema';
import { applyPoseToVRM } from '../apply';
import { projectPoint } from '../camera';
import { createPoseSolver, type PoseSolverInit } from '../solver';
import { cameraPath, createRng, dirToView, headForward, projectFrame, toView, type CameraMode, type GroundTruthClip, type SynthCamera } from './synth';

/** Limbs compared, as (ground-truth COCO joints) ↔ (avatar bones). */
export const EVAL_LIMBS = [
  { name: 'leftUpperArm', gt: ['leftShoulder', 'leftElbow'], bones: ['leftUpperArm', 'leftLowerArm'] },
  { name: 'leftLowerArm', gt: ['leftElbow', 'leftWrist'], bones: ['leftLowerArm', 'leftHand'] },
  { name: 'rightUpperArm', gt: ['rightShoulder', 'rightElbow'], bones: ['rightUpperArm', 'rightLowerArm'] },
  { name: 'rightLowerArm', gt: ['rightElbow', 'rightWrist'], bones: ['rightLowerArm', 'rightHand'] },
  { name: 'leftUpperLeg', gt: ['leftHip', 'leftKnee'], bones: ['leftUpperLeg', 'leftLowerLeg'] },
  { name: 'leftLowerLeg', gt: ['leftKnee', 'leftAnkle'], bones: ['leftLowerLeg', 'leftFoot'] },
  { name: 'rightUpperLeg', gt: ['rightHip', 'rightKnee'], bones: ['rightUpperLeg', 'rightLowerLeg'] },
  { name: 'rightLowerLeg', gt: ['rightKnee', 'rightAnkle'], bones: ['rightLowerLeg', 'rightFoot'] },
] as const;

/** Extra rows: torso up (hip midpoint → shoulder midpoint), shoulder and hip lines (right → left), head forward. */
export const EVAL_TORSO_ROWS = ['spine', 'shoulderLine', 'hipLine', 'head'] as const;

/**
 * A depth-sign flip: the true limb leaves the image plane (along the line of sight) by at least this
 * angle and the solved limb leaves it on the other side. Smaller depths are within foreshortening noise.
 *
 * A *clear* flip: the solved limb also leaves the plane by at least this angle, on the wrong side — a
 * limb pointing confidently the wrong way. The other flips are limbs the solver hedged near the image
 * plane (soft placement) that ended a degree or two on the wrong side: their error, at most the true
 * out-of-plane angle, is in the mean, and which side they end on is decided by the small difference
 * between the rays through the two joints.
 */
export const SIGN_FLIP_MIN_OUT_OF_PLANE_DEG = 15;

/** Options of {@link runRoundTrip}. */
export interface RoundTripOptions {
  /** Camera yaw around the person, degrees (0 = frontal, 90 = the person's left side). Default 0. */
  yawDeg: number;
  /**
   * `follow` (default): the camera orbits with the person's smoothed heading, level at a webcam's
   * height (1.3 m), so the yaw is the viewpoint on every frame. `fixed`: one level camera for the whole
   * clip, yaw relative to the mean facing (a person who turns is seen from many viewpoints).
   */
  camera: CameraMode;
  /** Gaussian 2D noise, pixels (standard deviation per coordinate). Default 0. */
  noisePx: number;
  /** Image size. Default 640 × 480 (a common webcam mode). */
  imageWidth: number;
  imageHeight: number;
  /** Camera field of view used both to project and by the solver. Default 50°. */
  verticalFovDeg: number;
  /**
   * Camera tilt, degrees (> 0 looking down), used both to project and by the solver (unless `solver.camera`
   * says otherwise, e.g. `{ pitchDeg: 0 }` for a user who did not set it). Default 0 (level).
   */
  pitchDeg: number;
  /** Use every n-th frame (the solver then sees 120/n fps for a 120 Hz clip). Default 1. */
  frameStep: number;
  /** Noise seed. Default 1. */
  seed: number;
  /** Extra solver options. */
  solver: PoseSolverInit;
}

export const DEFAULT_ROUND_TRIP_OPTIONS: Readonly<RoundTripOptions> = Object.freeze({
  yawDeg: 0,
  camera: 'follow',
  noisePx: 0,
  imageWidth: 640,
  imageHeight: 480,
  verticalFovDeg: 50,
  pitchDeg: 0,
  frameStep: 1,
  seed: 1,
  solver: Object.freeze({}),
});

/** Error statistics for one limb. */
export interface LimbStats {
  name: string;
  meanDeg: number;
  p95Deg: number;
  /** Share of frames with a depth-sign flip (NaN for rows where depth sign is not defined). */
  signFlips: number;
  /** Share of frames with a clear flip (see {@link SIGN_FLIP_MIN_OUT_OF_PLANE_DEG}); ≤ `signFlips`. */
  clearFlips: number;
  /** Mean angle between the re-projected solved limb and the input 2D limb, degrees (NaN if not defined). */
  reprojectionDeg: number;
}

/** One round trip's result. */
export interface RoundTripReport {
  clip: string;
  camera: CameraMode;
  yawDeg: number;
  pitchDeg: number;
  noisePx: number;
  frames: number;
  /** Pooled over the eight arm and leg segments. */
  meanDeg: number;
  p95Deg: number;
  signFlips: number;
  /** Pooled clear flips: the solved limb also ≥ 15° out of the plane, on the wrong side. */
  clearFlips: number;
  reprojectionDeg: number;
  limbs: LimbStats[];
  torso: LimbStats[];
  /** Mean solver time per person (ms), solve only. */
  solveMs: number;
  /**
   * Fastest frame-to-frame turn of any of the avatar's eight limb segments, degrees per second: a snap
   * (a limb flipped through the image plane in one frame) shows here as thousands.
   */
  maxTurnDegS: number;
}

const J = KEYPOINT;

/**
 * Runs the round trip for one camera yaw and noise level on `vrm` (already facing +Z: call
 * `VRMUtils.rotateVRM0` for VRM 0.x; the Node loader does). The VRM's pose is modified.
 */
export function runRoundTrip(gt: GroundTruthClip, vrm: VRM, options: Partial<RoundTripOptions> = {}): RoundTripReport {
  const o = { ...DEFAULT_ROUND_TRIP_OPTIONS, ...options };
  const cams = cameraPath(gt, o.camera, o.yawDeg, o.imageWidth, o.imageHeight, o.verticalFovDeg, o.pitchDeg);
  let cam = cams[0];
  const solver = createPoseSolver(vrm.humanoid, { ...o.solver, camera: { verticalFovDeg: o.verticalFovDeg, pitchDeg: o.pitchDeg, ...o.solver.camera } });
  const rng = createRng(o.seed);
  const kp = new Float64Array(NUM_KEYPOINTS * 3);
  const clean = new Float64Array(NUM_KEYPOINTS * 3);
  const humanoid = vrm.humanoid;
  const raw = (name: string) => {
    const n = humanoid.getRawBoneNode(name as never);
    if (!n) throw new Error(`avatar has no ${name} bone`);
    return n;
  };
  const limbNodes = EVAL_LIMBS.map((l) => [raw(l.bones[0]), raw(l.bones[1])]);
  const lUA = raw('leftUpperArm'), rUA = raw('rightUpperArm'), lUL = raw('leftUpperLeg'), rUL = raw('rightUpperLeg');
  const headNode = humanoid.getNormalizedBoneNode('head')!;
  const facesMinusZ = solver.rig.facesMinusZ;

  const rows = EVAL_LIMBS.length + EVAL_TORSO_ROWS.length;
  const errors: number[][] = Array.from({ length: rows }, () => []);
  const flips = new Float64Array(rows);
  const clear = new Float64Array(rows);
  const reproj: number[][] = Array.from({ length: rows }, () => []);
  const a = new Vector3(), b = new Vector3(), c = new Vector3(), d = new Vector3(), g = new Vector3(), pv = new Vector3();
  const q = new Quaternion();
  const px0 = { x: 0, y: 0 }, px1 = { x: 0, y: 0 };
  const flipMin = Math.sin((SIGN_FLIP_MIN_OUT_OF_PLANE_DEG * Math.PI) / 180);
  let frames = 0;
  let solveMs = 0;
  let maxTurnDegS = 0;
  const prevDir = EVAL_LIMBS.map(() => new Vector3());
  const dtFrame = o.frameStep * gt.frameTime;

  const gtPoint = (fr: number, k: number, out: Vector3) => {
    const off = (fr * NUM_KEYPOINTS + k) * 3;
    return toView(cam, gt.joints[off], gt.joints[off + 1], gt.joints[off + 2], out);
  };
  const angle = (u: Vector3, v: Vector3) => (Math.acos(Math.max(-1, Math.min(1, u.dot(v) / (u.length() * v.length() || 1)))) * 180) / Math.PI;

  for (let fr = 0; fr < gt.frameCount; fr += o.frameStep) {
    cam = cams[fr];
    projectFrame(gt, cam, fr, o.noisePx, rng, kp, clean);
    const t0 = performance.now();
    const result = solver.solveKeypoints(kp, o.imageWidth, o.imageHeight, fr * gt.frameTime * 1000);
    solveMs += performance.now() - t0;
    applyPoseToVRM(vrm, result);
    humanoid.update();
    vrm.scene.updateMatrixWorld(true);
    frames++;

    EVAL_LIMBS.forEach((limb, i) => {
      const ka = J[limb.gt[0]], kb = J[limb.gt[1]];
      gtPoint(fr, ka, pv);
      g.subVectors(gtPoint(fr, kb, b), pv);
      limbNodes[i][1].getWorldPosition(d).sub(limbNodes[i][0].getWorldPosition(c));
      errors[i].push(angle(d, g));
      if (frames > 1) maxTurnDegS = Math.max(maxTurnDegS, angle(d, prevDir[i]) / dtFrame);
      prevDir[i].copy(d);
      // Depth along the line of sight at the limb's root.
      const ray = c.copy(pv).normalize();
      const gz = g.dot(ray) / g.length();
      const sz = d.dot(ray) / d.length();
      if (Math.abs(gz) >= flipMin && gz * sz < 0) {
        flips[i]++;
        if (Math.abs(sz) >= flipMin) clear[i]++;
      }
      // Re-projection: the solved direction drawn from the lifted joint, against the input 2D limb.
      if (result.jointValid[ka] && clean[3 * ka + 2] > 0 && clean[3 * kb + 2] > 0) {
        const jd = result.joints3d;
        a.set(jd[3 * ka], jd[3 * ka + 1], jd[3 * ka + 2]);
        b.copy(d).normalize().multiplyScalar(0.05).add(a);
        projectPoint(a, 0, 0, cam.focalPx, px0, cam.pitchRad);
        projectPoint(b, 0, 0, cam.focalPx, px1, cam.pitchRad);
        const du = px1.x - px0.x, dv = px1.y - px0.y;
        const iu = clean[3 * kb] - clean[3 * ka], iv = clean[3 * kb + 1] - clean[3 * ka + 1];
        const inLen = Math.hypot(iu, iv);
        // Skip limbs pointing nearly at the camera: their 2D direction is undefined.
        if (inLen > 4 && Math.hypot(du, dv) > 1e-6) {
          const cos = (du * iu + dv * iv) / (Math.hypot(du, dv) * inLen);
          reproj[i].push((Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI);
        }
      }
    });
    // Torso rows.
    const base = EVAL_LIMBS.length;
    const mid = (p: Vector3, k1: number, k2: number) => p.addVectors(gtPoint(fr, k1, a), gtPoint(fr, k2, b)).multiplyScalar(0.5);
    mid(g, J.leftShoulder, J.rightShoulder).sub(mid(pv, J.leftHip, J.rightHip));
    lUA.getWorldPosition(c).add(rUA.getWorldPosition(d)).multiplyScalar(0.5);
    lUL.getWorldPosition(d).add(rUL.getWorldPosition(a)).multiplyScalar(0.5);
    errors[base].push(angle(c.sub(d), g));
    g.subVectors(gtPoint(fr, J.leftShoulder, a), gtPoint(fr, J.rightShoulder, b));
    errors[base + 1].push(angle(lUA.getWorldPosition(c).sub(rUA.getWorldPosition(d)), g));
    g.subVectors(gtPoint(fr, J.leftHip, a), gtPoint(fr, J.rightHip, b));
    errors[base + 2].push(angle(lUL.getWorldPosition(c).sub(rUL.getWorldPosition(d)), g));
    dirToView(cam, headForward(gt, fr, a), g);
    headNode.getWorldQuaternion(q);
    c.set(0, 0, facesMinusZ ? -1 : 1).applyQuaternion(q);
    errors[base + 3].push(angle(c, g));
  }

  const stats = (i: number, name: string, withFlips: boolean): LimbStats => ({
    name,
    meanDeg: mean(errors[i]),
    p95Deg: percentile(errors[i], 0.95),
    signFlips: withFlips ? flips[i] / Math.max(1, frames) : NaN,
    clearFlips: withFlips ? clear[i] / Math.max(1, frames) : NaN,
    reprojectionDeg: reproj[i].length > 0 ? mean(reproj[i]) : NaN,
  });
  const limbs = EVAL_LIMBS.map((l, i) => stats(i, l.name, true));
  const torso = EVAL_TORSO_ROWS.map((n, i) => stats(EVAL_LIMBS.length + i, n, false));
  const pooled = errors.slice(0, EVAL_LIMBS.length).flat();
  const pooledReproj = reproj.slice(0, EVAL_LIMBS.length).flat();
  let flipSum = 0, clearSum = 0;
  for (let i = 0; i < EVAL_LIMBS.length; i++) {
    flipSum += flips[i];
    clearSum += clear[i];
  }
  return {
    clip: gt.name,
    camera: o.camera,
    yawDeg: o.yawDeg,
    pitchDeg: o.pitchDeg,
    noisePx: o.noisePx,
    frames,
    meanDeg: mean(pooled),
    p95Deg: percentile(pooled, 0.95),
    signFlips: flipSum / Math.max(1, frames * EVAL_LIMBS.length),
    clearFlips: clearSum / Math.max(1, frames * EVAL_LIMBS.length),
    reprojectionDeg: mean(pooledReproj),
    limbs,
    torso,
    solveMs: solveMs / Math.max(1, frames),
    maxTurnDegS,
  };
}

function mean(v: readonly number[]): number {
  if (v.length === 0) return NaN;
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

function percentile(v: readonly number[], p: number): number {
  if (v.length === 0) return NaN;
  const s = [...v].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
}

/** Formats a report as aligned text lines. */
export function formatRoundTripReport(r: RoundTripReport): string[] {
  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  const lines = [
    `${r.clip}  ${r.camera} camera  yaw ${r.yawDeg}°${r.pitchDeg ? `  tilt ${r.pitchDeg}°` : ''}  noise ${r.noisePx}px  frames ${r.frames}  solve ${f(r.solveMs, 3)} ms/person  fastest limb turn ${f(r.maxTurnDegS, 0)}°/s`,
    `  ${'limb'.padEnd(14)} ${'mean°'.padStart(6)} ${'p95°'.padStart(6)} ${'flips%'.padStart(7)} ${'clear%'.padStart(7)} ${'reproj°'.padStart(8)}`,
  ];
  for (const l of [...r.limbs, ...r.torso]) {
    lines.push(
      `  ${l.name.padEnd(14)} ${f(l.meanDeg).padStart(6)} ${f(l.p95Deg).padStart(6)} ${(Number.isFinite(l.signFlips) ? f(100 * l.signFlips) : '-').padStart(7)} ${(Number.isFinite(l.clearFlips) ? f(100 * l.clearFlips) : '-').padStart(7)} ${f(l.reprojectionDeg).padStart(8)}`,
    );
  }
  lines.push(
    `  ${'ALL LIMBS'.padEnd(14)} ${f(r.meanDeg).padStart(6)} ${f(r.p95Deg).padStart(6)} ${f(100 * r.signFlips).padStart(7)} ${f(100 * r.clearFlips).padStart(7)} ${f(r.reprojectionDeg).padStart(8)}`,
  );
  return lines;
}

export type { CameraMode, SynthCamera };
