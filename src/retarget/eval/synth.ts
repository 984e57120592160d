/**
 * Ground truth for the retargeting round trip: BVH motion → COCO-18 joints in 3D (forward kinematics),
 * a pinhole camera (level or tilted) placed around the person, and projected 2D keypoints with optional noise and a
 * simple visibility model for the face points.
 *
 * BVH files have no face, so nose, eyes and ears are placed on the head joint with the anthropometric
 * face model (the same human average the solver fits). Body joints are exact mocap joints.
 */
import { Quaternion, Vector3 } from 'three';
import { KEYPOINT, NUM_KEYPOINTS } from '../../pose/schema';
import { ASSUMED_TORSO_M } from '../anthropometry';
import { cameraPitchRad, focalLengthPx, projectPoint } from '../camera';
import { bvhEndSitePosition, computeBvhPose, createBvhPose } from '../bvh/fk';
import type { BvhClip } from '../bvh/parse';
import { resolveBvhJointMap, type BvhJointMapping } from '../bvh/joint-map';
import { parseBvh } from '../bvh/parse';
import { FACE_POINTS } from '../head';

/** Score given to visible synthetic keypoints (a confident detection). */
export const SYNTH_VISIBLE_SCORE = 0.9;
/** The nose is detected while the face points less than ~100° away from the camera. */
const NOSE_VISIBLE_MIN_COS = -0.17;
/** An eye is detected while its line of sight (30° outward of the face's forward) is within 90° of the camera. */
const EYE_OUTWARD_RAD = (30 * Math.PI) / 180;
/** An ear is detected while its outward normal is within ~100° of the camera (seen past the cheek). */
const EAR_VISIBLE_MIN_COS = -0.17;
/** Image margin kept free around the person when placing the camera (fraction of the image size). */
const FRAME_MARGIN = 0.04;
/** Camera height above the mean hip height, in torso lengths (mid-torso: a webcam on a shelf or tripod). */
const CAMERA_HEIGHT_TORSO = 0.5;
/** No joint nearer the camera than this along its level heading (m): the person stands in front of it. */
const MIN_CAMERA_DISTANCE_M = 0.3;

/** Motion-capture ground truth in the BVH's world (its own units), per frame. */
export interface GroundTruthClip {
  readonly name: string;
  readonly frameCount: number;
  readonly frameTime: number;
  readonly mapping: BvhJointMapping;
  /** COCO-18 joints per frame, world units, `frame × 18 × 3`. */
  readonly joints: Float64Array;
  /** Head joint's world rotation per frame (rest world → current world), `frame × 4`. */
  readonly headRotation: Float64Array;
  /** Rest-pose axes of the body in world: the person's left, up and forward. */
  readonly left: Vector3;
  readonly up: Vector3;
  readonly forward: Vector3;
  /** BVH units per metre, from the torso length (so the face model and metres line up). */
  readonly unitsPerMetre: number;
  /** Mean horizontal facing direction over the clip (unit, ⟂ up). */
  readonly meanForward: Vector3;
  /** Mean hip-centre position over the clip. */
  readonly meanHips: Vector3;
  /** Mean torso length, world units. */
  readonly torsoLength: number;
}


/** Parses BVH text and computes the ground truth. Throws on an unknown skeleton. */
export function groundTruthFromBvhText(text: string, name = 'bvh'): GroundTruthClip {
  return groundTruthFromBvh(parseBvh(text), name);
}

/** Computes the ground truth for a parsed clip. */
export function groundTruthFromBvh(clip: BvhClip, name = 'bvh'): GroundTruthClip {
  const mapping = resolveBvhJointMap(clip);
  const ix = mapping.index;
  const pose = createBvhPose(clip);
  const P = (j: number, out: Vector3) => out.set(pose.positions[3 * j], pose.positions[3 * j + 1], pose.positions[3 * j + 2]);
  const a = new Vector3(), b = new Vector3(), c = new Vector3(), d = new Vector3();

  // Rest frame: up from hips to shoulders, left across the hips.
  computeBvhPose(clip, -1, pose);
  const hipC = P(ix.leftHip, a).add(P(ix.rightHip, b)).multiplyScalar(0.5).clone();
  const neck = P(ix.leftShoulder, a).add(P(ix.rightShoulder, b)).multiplyScalar(0.5).clone();
  const up = snapToAxis(neck.clone().sub(hipC));
  const left = P(ix.leftHip, a).sub(P(ix.rightHip, b)).clone();
  left.addScaledVector(up, -left.dot(up)).normalize();
  const forward = new Vector3().crossVectors(left, up).normalize();
  const restTorso = neck.distanceTo(hipC);
  const unitsPerMetre = restTorso / ASSUMED_TORSO_M;

  // Head top (for nothing but validation: the face hangs off the head joint).
  const faceOffsets = FACE_POINTS.map(([, m]) =>
    new Vector3().addScaledVector(left, m[0]).addScaledVector(up, m[1]).addScaledVector(forward, m[2]).multiplyScalar(unitsPerMetre),
  );

  const n = clip.frameCount;
  const joints = new Float64Array(n * NUM_KEYPOINTS * 3);
  const headRotation = new Float64Array(n * 4);
  const meanForward = new Vector3();
  const meanHips = new Vector3();
  let torsoSum = 0;
  const q = new Quaternion();
  const set = (f: number, k: number, v: Vector3) => {
    const o = (f * NUM_KEYPOINTS + k) * 3;
    joints[o] = v.x;
    joints[o + 1] = v.y;
    joints[o + 2] = v.z;
  };
  const body: [number, number][] = [
    [KEYPOINT.leftShoulder, ix.leftShoulder],
    [KEYPOINT.leftElbow, ix.leftElbow],
    [KEYPOINT.leftWrist, ix.leftWrist],
    [KEYPOINT.rightShoulder, ix.rightShoulder],
    [KEYPOINT.rightElbow, ix.rightElbow],
    [KEYPOINT.rightWrist, ix.rightWrist],
    [KEYPOINT.leftHip, ix.leftHip],
    [KEYPOINT.leftKnee, ix.leftKnee],
    [KEYPOINT.leftAnkle, ix.leftAnkle],
    [KEYPOINT.rightHip, ix.rightHip],
    [KEYPOINT.rightKnee, ix.rightKnee],
    [KEYPOINT.rightAnkle, ix.rightAnkle],
  ];
  for (let f = 0; f < n; f++) {
    computeBvhPose(clip, f, pose);
    for (const [k, j] of body) set(f, k, P(j, a));
    P(ix.leftShoulder, a).add(P(ix.rightShoulder, b)).multiplyScalar(0.5);
    set(f, KEYPOINT.neck, a);
    P(ix.leftHip, b).add(P(ix.rightHip, c)).multiplyScalar(0.5);
    torsoSum += a.distanceTo(b);
    meanHips.add(b);
    const h = ix.head;
    q.set(pose.rotations[4 * h], pose.rotations[4 * h + 1], pose.rotations[4 * h + 2], pose.rotations[4 * h + 3]);
    headRotation.set([q.x, q.y, q.z, q.w], 4 * f);
    P(h, c);
    FACE_POINTS.forEach(([k], i) => set(f, k, d.copy(faceOffsets[i]).applyQuaternion(q).add(c)));
    // Facing from the hip line.
    P(ix.leftHip, a).sub(P(ix.rightHip, b));
    a.addScaledVector(up, -a.dot(up));
    if (a.lengthSq() > 0) meanForward.add(d.crossVectors(a.normalize(), up));
  }
  if (mapping.headTop >= 0) bvhEndSitePosition(clip, pose, mapping.headTop, a); // validates the head top exists
  meanForward.addScaledVector(up, -meanForward.dot(up));
  if (meanForward.lengthSq() < 1e-12) meanForward.copy(forward);
  meanForward.normalize();
  meanHips.divideScalar(Math.max(1, n));
  return {
    name,
    frameCount: n,
    frameTime: clip.frameTime,
    mapping,
    joints,
    headRotation,
    left,
    up,
    forward,
    unitsPerMetre,
    meanForward,
    meanHips,
    torsoLength: n > 0 ? torsoSum / n : restTorso,
  };
}

function snapToAxis(v: Vector3): Vector3 {
  const ax = Math.abs(v.x), ay = Math.abs(v.y), az = Math.abs(v.z);
  if (ay >= ax && ay >= az) return new Vector3(0, Math.sign(v.y) || 1, 0);
  if (ax >= az) return new Vector3(Math.sign(v.x), 0, 0);
  return new Vector3(0, 0, Math.sign(v.z));
}

/**
 * A pinhole camera looking at the person from a yaw angle, level or tilted by `pitchRad`. Its axes are
 * the *level* view space the solver works in ({@link toView}); the tilt only enters the projection.
 */
export interface SynthCamera {
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly verticalFovDeg: number;
  readonly focalPx: number;
  /** Tilt of the camera, radians: > 0 looking down (see `CameraOptions.pitchDeg`). */
  readonly pitchRad: number;
  /** Camera position (world units) and level view axes in world: X right, Y up, Z toward the camera (horizontal). */
  readonly position: Vector3;
  readonly xAxis: Vector3;
  readonly yAxis: Vector3;
  readonly zAxis: Vector3;
  /** World units → metres. */
  readonly metresPerUnit: number;
}

/**
 * Camera position `dist` from `target` whose optical axis, tilted down by `pitchRad`, passes through the
 * target: a camera looking down sits above it, one looking up below it.
 */
function aimedPosition(target: Vector3, toCam: Vector3, up: Vector3, dist: number, pitchRad: number): Vector3 {
  return target.clone().addScaledVector(toCam, dist * Math.cos(pitchRad)).addScaledVector(up, dist * Math.sin(pitchRad));
}

const fitP = new Vector3();
const fitPx = { x: 0, y: 0 };
/** Whether world point (x, y, z) is in front of `cam` and inside its image less the margin. */
function inFrame(cam: SynthCamera, x: number, y: number, z: number): boolean {
  toView(cam, x, y, z, fitP);
  if (!projectPoint(fitP, cam.imageWidth / 2, cam.imageHeight / 2, cam.focalPx, fitPx, cam.pitchRad)) return false;
  if (-fitP.z < MIN_CAMERA_DISTANCE_M) return false;
  const mx = FRAME_MARGIN * cam.imageWidth, my = FRAME_MARGIN * cam.imageHeight;
  return fitPx.x >= mx && fitPx.x <= cam.imageWidth - mx && fitPx.y >= my && fitPx.y <= cam.imageHeight - my;
}

/**
 * Places the camera: yaw 0 looks at the person's front (their mean facing), positive yaw moves the
 * camera counter-clockwise seen from above (toward the person's left); a tilt (`pitchDeg`, > 0 looking
 * down) raises or lowers it so that it still aims at mid-torso. The distance is the smallest that keeps
 * every joint of every frame inside the image.
 */
export function placeCamera(
  gt: GroundTruthClip,
  yawDeg: number,
  imageWidth: number,
  imageHeight: number,
  verticalFovDeg: number,
  pitchDeg = 0,
): SynthCamera {
  const f = focalLengthPx(imageHeight, verticalFovDeg);
  const pitchRad = cameraPitchRad(pitchDeg);
  const toCam = gt.meanForward.clone().applyAxisAngle(gt.up, (yawDeg * Math.PI) / 180).normalize();
  const zAxis = toCam;
  const yAxis = gt.up.clone();
  const xAxis = new Vector3().crossVectors(yAxis, zAxis).normalize();
  const target = gt.meanHips.clone().addScaledVector(gt.up, CAMERA_HEIGHT_TORSO * gt.torsoLength);
  const build = (dist: number): SynthCamera => ({
    imageWidth,
    imageHeight,
    verticalFovDeg,
    focalPx: f,
    pitchRad,
    position: aimedPosition(target, toCam, yAxis, dist, pitchRad),
    xAxis,
    yAxis,
    zAxis,
    metresPerUnit: 1 / gt.unitsPerMetre,
  });
  const fits = (dist: number): boolean => {
    const cam = build(dist);
    for (let fr = 0; fr < gt.frameCount; fr += 2) {
      for (let k = 0; k < NUM_KEYPOINTS; k++) {
        const o = (fr * NUM_KEYPOINTS + k) * 3;
        if (!inFrame(cam, gt.joints[o], gt.joints[o + 1], gt.joints[o + 2])) return false;
      }
    }
    return true;
  };
  let dist = gt.torsoLength * 2;
  for (let i = 0; i < 80 && !fits(dist); i++) dist *= 1.08;
  return build(dist);
}

/** Camera modes of the round trip: orbiting with the person's heading, or fixed in the world. */
export type CameraMode = 'follow' | 'fixed';

/**
 * Follow camera: the person's heading (from the hip and shoulder lines) and position are low-pass
 * filtered with a zero-phase Gaussian of this standard deviation (s). 0.4 s removes the pelvis' and
 * shoulders' swing within a step (±5–10° at ~1 Hz) while the camera still keeps up with real turns,
 * like an operator walking around the person; the camera never jerks.
 */
const FOLLOW_SMOOTHING_S = 0.4;
/** Follow camera height above the floor (m): a webcam on a tripod or a shelf at chest height. */
const FOLLOW_CAMERA_HEIGHT_M = 1.3;
/**
 * The follow camera aims at this height above the floor (m). Level (= the camera height), because the
 * solver assumes a level camera (camera.ts); a camera pitched down to the hips (1.0 m, ≈ 5°)
 * costs ≈ 3° of torso lean and several degrees of limb error until the solver models pitch.
 */
const FOLLOW_AIM_HEIGHT_M = 1.3;
/** Ankle joint height above the floor when standing (m), to find the floor from the lowest ankle. */
const ANKLE_HEIGHT_M = 0.08;

/**
 * One camera per frame. `fixed`: {@link placeCamera} (yaw relative to the clip's mean facing, the same
 * camera every frame). `follow`: the camera orbits with the person — yaw relative to the smoothed heading
 * at every frame, so yaw 0 is frontal throughout — at {@link FOLLOW_CAMERA_HEIGHT_M}, aimed at
 * {@link FOLLOW_AIM_HEIGHT_M} (level), at the smallest distance (constant over the clip) that keeps every joint in
 * the image. A tilt (`pitchDeg`, > 0 looking down) raises or lowers the camera so it still aims there.
 */
export function cameraPath(
  gt: GroundTruthClip,
  mode: CameraMode,
  yawDeg: number,
  imageWidth: number,
  imageHeight: number,
  verticalFovDeg: number,
  pitchDeg = 0,
): SynthCamera[] {
  const n = gt.frameCount;
  if (mode === 'fixed') {
    const cam = placeCamera(gt, yawDeg, imageWidth, imageHeight, verticalFovDeg, pitchDeg);
    return Array.from({ length: n }, () => cam);
  }
  const f = focalLengthPx(imageHeight, verticalFovDeg);
  const pitchRad = cameraPitchRad(pitchDeg);
  const up = gt.up;
  const m = gt.unitsPerMetre;
  const J = (fr: number, k: number, out: Vector3) => {
    const o = (fr * NUM_KEYPOINTS + k) * 3;
    return out.set(gt.joints[o], gt.joints[o + 1], gt.joints[o + 2]);
  };
  const a = new Vector3(), b = new Vector3(), c = new Vector3();
  // Raw heading angle (about up, from the rest forward) and hip centre per frame; floor from the lowest ankle.
  const ref = gt.forward, refLeft = gt.left;
  const heading = new Float64Array(n), hx = new Float64Array(n), hz = new Float64Array(n);
  const hipAcross = new Vector3(), hipAlong = new Vector3();
  hipAcross.copy(refLeft);
  hipAlong.copy(ref);
  let floor = Infinity;
  let prev = 0;
  for (let fr = 0; fr < n; fr++) {
    // Left direction: hip line plus shoulder line (both right → left), horizontal.
    a.subVectors(J(fr, KEYPOINT.leftHip, a), J(fr, KEYPOINT.rightHip, b));
    c.subVectors(J(fr, KEYPOINT.leftShoulder, c), J(fr, KEYPOINT.rightShoulder, b));
    a.normalize().add(c.normalize());
    a.addScaledVector(up, -a.dot(up));
    const fwd = b.crossVectors(a, up);
    let h = Math.atan2(fwd.dot(refLeft), fwd.dot(ref));
    // Unwrap so the filter sees a continuous angle.
    while (h - prev > Math.PI) h -= 2 * Math.PI;
    while (h - prev < -Math.PI) h += 2 * Math.PI;
    heading[fr] = prev = h;
    J(fr, KEYPOINT.leftHip, a).add(J(fr, KEYPOINT.rightHip, b)).multiplyScalar(0.5);
    hx[fr] = a.dot(refLeft);
    hz[fr] = a.dot(ref);
    floor = Math.min(floor, J(fr, KEYPOINT.leftAnkle, a).dot(up), J(fr, KEYPOINT.rightAnkle, b).dot(up));
  }
  floor -= ANKLE_HEIGHT_M * m;
  const sigma = FOLLOW_SMOOTHING_S / gt.frameTime;
  const sh = gaussianSmooth(heading, sigma), sx = gaussianSmooth(hx, sigma), sz = gaussianSmooth(hz, sigma);
  const yaw = (yawDeg * Math.PI) / 180;
  const axes = Array.from({ length: n }, (_, fr) => {
    const ang = sh[fr] + yaw;
    const toCam = new Vector3().addScaledVector(ref, Math.cos(ang)).addScaledVector(refLeft, Math.sin(ang));
    const target = new Vector3().addScaledVector(refLeft, sx[fr]).addScaledVector(ref, sz[fr]).addScaledVector(up, floor + FOLLOW_AIM_HEIGHT_M * m);
    return { toCam, target };
  });
  const build = (fr: number, dist: number): SynthCamera => {
    const { toCam, target } = axes[fr];
    const position = target.clone().addScaledVector(toCam, dist);
    position.addScaledVector(up, floor + FOLLOW_CAMERA_HEIGHT_M * m - position.dot(up));
    const zAxis = position.clone().sub(target).normalize();
    const xAxis = new Vector3().crossVectors(up, zAxis).normalize();
    const yAxis = new Vector3().crossVectors(zAxis, xAxis);
    // Tilted: the same level axes, the camera moved along the tilted optical axis through the aim point.
    if (pitchRad !== 0) position.copy(aimedPosition(target, zAxis, up, position.distanceTo(target), pitchRad));
    return { imageWidth, imageHeight, verticalFovDeg, focalPx: f, pitchRad, position, xAxis, yAxis, zAxis, metresPerUnit: 1 / m };
  };
  const fits = (dist: number): boolean => {
    for (let fr = 0; fr < n; fr += 2) {
      const cam = build(fr, dist);
      for (let k = 0; k < NUM_KEYPOINTS; k++) {
        const o = (fr * NUM_KEYPOINTS + k) * 3;
        if (!inFrame(cam, gt.joints[o], gt.joints[o + 1], gt.joints[o + 2])) return false;
      }
    }
    return true;
  };
  let dist = gt.torsoLength * 2;
  for (let i = 0; i < 80 && !fits(dist); i++) dist *= 1.08;
  return axes.map((_, fr) => build(fr, dist));
}

/** Zero-phase Gaussian low-pass (standard deviation `sigma` samples), edges clamped. */
function gaussianSmooth(x: Float64Array, sigma: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const r = Math.max(1, Math.ceil(3 * sigma));
  const w = new Float64Array(2 * r + 1);
  for (let i = -r; i <= r; i++) w[i + r] = Math.exp((-0.5 * i * i) / (sigma * sigma));
  for (let i = 0; i < n; i++) {
    let s = 0, ws = 0;
    for (let j = -r; j <= r; j++) {
      const k = Math.min(n - 1, Math.max(0, i + j));
      s += w[j + r] * x[k];
      ws += w[j + r];
    }
    out[i] = s / ws;
  }
  return out;
}

/** World point → view space (metres), in place into `out`. */
export function toView(cam: SynthCamera, x: number, y: number, z: number, out: Vector3): Vector3 {
  const dx = x - cam.position.x, dy = y - cam.position.y, dz = z - cam.position.z;
  const m = cam.metresPerUnit;
  return out.set(
    (dx * cam.xAxis.x + dy * cam.xAxis.y + dz * cam.xAxis.z) * m,
    (dx * cam.yAxis.x + dy * cam.yAxis.y + dz * cam.yAxis.z) * m,
    (dx * cam.zAxis.x + dy * cam.zAxis.y + dz * cam.zAxis.z) * m,
  );
}

/** World direction → view space, in place into `out`. */
export function dirToView(cam: SynthCamera, v: Vector3, out: Vector3): Vector3 {
  return out.set(v.dot(cam.xAxis), v.dot(cam.yAxis), v.dot(cam.zAxis));
}

/** Deterministic PRNG (mulberry32) and a Gaussian from it (Box-Muller). */
export function createRng(seed: number): { uniform(): number; gaussian(): number } {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform,
    gaussian: () => {
      const u = Math.max(1e-12, uniform());
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    },
  };
}

const tmpV = new Vector3();
const tmpQ = new Quaternion();
const tmpN = new Vector3();
const tmpC = new Vector3();
const tmpPx = { x: 0, y: 0 };

/**
 * Projects frame `frame` into `out` (`(x, y, score) × 18`) and writes the noise-free pixels to `clean`
 * when given. Face points get score 0 when they face away from the camera; `noisePx` is the standard
 * deviation of Gaussian pixel noise per coordinate.
 */
export function projectFrame(
  gt: GroundTruthClip,
  cam: SynthCamera,
  frame: number,
  noisePx: number,
  rng: { gaussian(): number },
  out: Float64Array,
  clean?: Float64Array,
): void {
  const cx = cam.imageWidth / 2, cy = cam.imageHeight / 2, f = cam.focalPx;
  for (let k = 0; k < NUM_KEYPOINTS; k++) {
    const o = (frame * NUM_KEYPOINTS + k) * 3;
    toView(cam, gt.joints[o], gt.joints[o + 1], gt.joints[o + 2], tmpV);
    projectPoint(tmpV, cx, cy, f, tmpPx, cam.pitchRad);
    const u = tmpPx.x, v = tmpPx.y;
    if (clean) {
      clean[3 * k] = u;
      clean[3 * k + 1] = v;
      clean[3 * k + 2] = SYNTH_VISIBLE_SCORE;
    }
    out[3 * k] = u + (noisePx > 0 ? noisePx * rng.gaussian() : 0);
    out[3 * k + 1] = v + (noisePx > 0 ? noisePx * rng.gaussian() : 0);
    out[3 * k + 2] = SYNTH_VISIBLE_SCORE;
  }
  // Face visibility.
  tmpQ.fromArray(gt.headRotation, 4 * frame);
  const ho = (frame * NUM_KEYPOINTS + KEYPOINT.nose) * 3;
  toView(cam, gt.joints[ho], gt.joints[ho + 1], gt.joints[ho + 2], tmpC).negate().normalize(); // nose → camera
  const facing = (lx: number, fz: number): number => {
    tmpN.set(0, 0, 0).addScaledVector(gt.left, lx).addScaledVector(gt.forward, fz).applyQuaternion(tmpQ);
    return dirToView(cam, tmpN, tmpV).normalize().dot(tmpC);
  };
  const hide = (k: number, visible: boolean) => {
    if (visible) return;
    out[3 * k + 2] = 0;
    out[3 * k] = 0;
    out[3 * k + 1] = 0;
    if (clean) clean[3 * k + 2] = 0;
  };
  hide(KEYPOINT.nose, facing(0, 1) > NOSE_VISIBLE_MIN_COS);
  hide(KEYPOINT.leftEye, facing(Math.sin(EYE_OUTWARD_RAD), Math.cos(EYE_OUTWARD_RAD)) > 0);
  hide(KEYPOINT.rightEye, facing(-Math.sin(EYE_OUTWARD_RAD), Math.cos(EYE_OUTWARD_RAD)) > 0);
  hide(KEYPOINT.leftEar, facing(1, 0) > EAR_VISIBLE_MIN_COS);
  hide(KEYPOINT.rightEar, facing(-1, 0) > EAR_VISIBLE_MIN_COS);
}

/** The ground-truth head forward direction at `frame`, in world. */
export function headForward(gt: GroundTruthClip, frame: number, out: Vector3): Vector3 {
  tmpQ.fromArray(gt.headRotation, 4 * frame);
  return out.copy(gt.forward).applyQuaternion(tmpQ);
}
