/**
 * Face features from a facemesh (468 MediaPipe landmarks, source pixels): head rotation, eye blinks, mouth
 * opening and shape, and the VRM expression weights and look-at they drive. Pure functions plus a
 * per-person smoother; no allocation per frame beyond the returned objects.
 *
 * Landmark indices are MediaPipe's canonical face mesh. "Right"/"left" are the person's own sides (the
 * person's right eye appears on the image's left when they face the camera), as VRM's blinkLeft/blinkRight.
 *
 * With the iris model's points (src/face/iris.ts, optional) the blinks come from its eyelid contour, which
 * closes where facemesh's barely does, and the look-at adds the gaze (the iris within the eye) to the head's
 * direction. Without them everything is facemesh-only, as before.
 */
import { Matrix4, Quaternion, Vector3 } from 'three';
import { OneEuroFilter, type OneEuroParams } from '../track/one-euro';
import { EYE_CONTOUR, type EyePoints, type IrisPoints } from './iris';

/** One eye's MediaPipe landmarks: corners and three upper/lower eyelid pairs (the EAR points). */
export interface EyeIndices {
  readonly outer: number;
  readonly inner: number;
  /** [upper, lower] lid landmark pairs, outer to inner. */
  readonly lids: readonly (readonly [number, number])[];
}

/** The person's right eye (image left). */
export const RIGHT_EYE: EyeIndices = Object.freeze({ outer: 33, inner: 133, lids: [[160, 144], [159, 145], [158, 153]] as const });
/** The person's left eye (image right). */
export const LEFT_EYE: EyeIndices = Object.freeze({ outer: 263, inner: 362, lids: [[387, 373], [386, 374], [385, 380]] as const });
/** Mouth corners (outer lip) and inner lip midpoints. */
export const MOUTH = Object.freeze({ right: 61, left: 291, upperInner: 13, lowerInner: 14 });
/** Stable landmarks for the head frame: forehead (top of the mesh's midline) and chin. */
export const FOREHEAD = 10;
export const CHIN = 152;

/** Thresholds of the face features; all ratios are scale-free. */
export interface FaceFeatureOptions {
  /**
   * Eye aspect ratio (mean eyelid gap ÷ eye width, 3-D) of an open eye: blink 0 at and above. Default 0.30:
   * the median over the open-eyed frontal faces in the shared photos is 0.29 (range 0.25–0.40).
   */
  eyeOpenRatio: number;
  /**
   * Eye aspect ratio of a closed eye: blink 1 at and below. Default 0.23. facemesh (v1) never brings its
   * eyelid points together: on the one real closed-eye photo in the shared data it gives 0.25–0.27, and with
   * the eyes painted over with skin 0.19–0.28; so "closed" sits well above 0. See {@link EyeCalibrator} for
   * the per-person baseline that makes blinks reliable over time.
   */
  eyeClosedRatio: number;
  /** Inner-lip gap ÷ mouth width with the mouth closed: opening 0 at and below. Default 0.06 (closed mouths: 0.01–0.06). */
  mouthClosedRatio: number;
  /** Inner-lip gap ÷ mouth width fully open: opening 1 at and above. Default 0.35 (a wide-open child's mouth: 0.31–0.36). */
  mouthOpenRatio: number;
  /**
   * Eye aspect ratio from the iris model's eyelid contour (3-D, same formula) of an open eye: blink 0 at and
   * above. Default 0.33: open-eyed frontal faces in the shared photos give 0.33–0.40 (a narrow-eyed man in a
   * suit 0.33/0.33), the one real closed-eye face 0.17/0.18 (tests/face/iris-real.test.ts).
   */
  irisEyeOpenRatio: number;
  /** Iris-contour eye aspect ratio of a closed eye: blink 1 at and below. Default 0.19 (the closed face's 0.17–0.18, with a margin). */
  irisEyeClosedRatio: number;
  /** Mouth width ÷ outer eye-corner distance at rest. Default 0.53 (median over the shared photos, 0.45–0.67). */
  mouthNeutralWidth: number;
  /** Width change (same units) that makes the shape fully wide (+1) or fully round (−1). Default 0.10. */
  mouthWidthRange: number;
}

export const DEFAULT_FACE_FEATURE_OPTIONS: Readonly<FaceFeatureOptions> = Object.freeze({
  eyeOpenRatio: 0.3,
  eyeClosedRatio: 0.23,
  irisEyeOpenRatio: 0.33,
  irisEyeClosedRatio: 0.19,
  mouthClosedRatio: 0.06,
  mouthOpenRatio: 0.35,
  mouthNeutralWidth: 0.53,
  mouthWidthRange: 0.1,
});

/** VRM 1.0 preset expressions driven by the face (weights 0..1). */
export interface FaceExpressions {
  blink: number;
  blinkLeft: number;
  blinkRight: number;
  aa: number;
  ih: number;
  ou: number;
  ee: number;
  oh: number;
}

export const FACE_EXPRESSION_NAMES = ['blink', 'blinkLeft', 'blinkRight', 'aa', 'ih', 'ou', 'ee', 'oh'] as const satisfies readonly (keyof FaceExpressions)[];

/** Everything derived from one face mesh. */
export interface FaceFeatures {
  /**
   * Head rotation in view space (three.js camera: +X image right, +Y up, the camera looking down −Z), model
   * frame +X the person's left, +Y up, +Z forward — the convention of src/retarget/head.ts, so it can refine
   * `fitHeadRotation`'s estimate (see {@link blendHeadRotation}). Identity = facing the camera, upright.
   */
  headRotation: Quaternion;
  /** Eye aspect ratios (raw), right and left: from the iris model's contour when `eyeSource` is 'iris'. */
  eyeRatio: { right: number; left: number };
  /** Where the eye ratios (and blinks) come from: the iris model's eyelids, or facemesh's. */
  eyeSource: 'iris' | 'mesh';
  /**
   * Gaze relative to the head (the iris within the eye, both eyes averaged), radians: yaw + toward the
   * person's left (the image right when they face the camera), pitch + up; null without the iris model.
   */
  gaze: { yaw: number; pitch: number } | null;
  /** Inner-lip gap ÷ mouth width (raw). */
  mouthRatio: number;
  /** Mouth width ÷ eye-corner distance (raw). */
  mouthWidth: number;
  /** Mouth opening 0..1 and shape −1 (round) … +1 (wide). */
  mouthOpen: number;
  mouthShape: number;
  expressions: FaceExpressions;
  /**
   * Look-at direction in view space, radians: yaw (+ toward the image right) and pitch (+ up): the head's
   * forward direction turned by the gaze (`gaze`, with the iris model), else the head's direction alone (facemesh
   * has no iris). Drive VRM look-at with a target 1 m along it from the head.
   */
  lookAt: { yaw: number; pitch: number };
}

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v);

function dist3(m: ArrayLike<number>, i: number, j: number): number {
  return Math.hypot(m[3 * i] - m[3 * j], m[3 * i + 1] - m[3 * j + 1], m[3 * i + 2] - m[3 * j + 2]);
}

/** Eye aspect ratio (Soukupová & Čech 2016, on the 3-D mesh): mean eyelid gap ÷ corner-to-corner width. */
export function eyeAspectRatio(m: ArrayLike<number>, eye: EyeIndices): number {
  let gap = 0;
  for (const [u, l] of eye.lids) gap += dist3(m, u, l);
  const w = dist3(m, eye.outer, eye.inner);
  return w > 0 ? gap / eye.lids.length / w : 0;
}

function dist3At(p: ArrayLike<number>, i: number, j: number): number {
  return Math.hypot(p[3 * i] - p[3 * j], p[3 * i + 1] - p[3 * j + 1], p[3 * i + 2] - p[3 * j + 2]);
}

/** Eye aspect ratio from the iris model's eye contour (3-D): mean of its three lid gaps ÷ corner distance. */
export function irisEyeAspectRatio(contour: ArrayLike<number>): number {
  let gap = 0;
  for (const [u, l] of EYE_CONTOUR.lids) gap += dist3At(contour, u, l);
  const w = dist3At(contour, EYE_CONTOUR.outer, EYE_CONTOUR.inner);
  return w > 0 ? gap / EYE_CONTOUR.lids.length / w : 0;
}

/**
 * sin(eye rotation) per unit of iris offset ÷ eye width: the eye's corners are ~30 mm apart (palpebral fissure)
 * and the iris turns on a ~11 mm radius about the eye's centre, so an offset of `f` eye widths is a rotation
 * of asin(30/11 · f).
 */
export const GAZE_GAIN = 2.7;
/**
 * Iris centre below the corners' line at a straight gaze, in eye widths. Default 0: the shared photos' faces
 * looking at the camera put it 0.00–0.05 below (the corners sit a little low on the eye's outline); the
 * spread is the measurement's, so nothing is subtracted.
 */
export const GAZE_NEUTRAL_DROP = 0;
/** Largest eye rotation reported (radians, 35°): beyond it the iris model's points are off the visible eye. */
export const MAX_GAZE = (35 * Math.PI) / 180;

/**
 * Gaze relative to the head from the iris centres within the eyes (image plane): each eye's iris offset from
 * its corners' midpoint, in eye widths, along the face's across (the person's right → left) and up axes, both
 * eyes averaged, as rotations of an eyeball ({@link GAZE_GAIN}). A turned head foreshortens the widths and
 * offsets alike; the iris's parallax in front of the corners is not corrected (small within ±30° of yaw).
 */
export function gazeFromIris(m: ArrayLike<number>, iris: IrisPoints): { yaw: number; pitch: number } {
  // Across: the person's right outer corner → left outer corner, image pixels; up: across turned to the forehead.
  let ax = m[3 * LEFT_EYE.outer] - m[3 * RIGHT_EYE.outer];
  let ay = m[3 * LEFT_EYE.outer + 1] - m[3 * RIGHT_EYE.outer + 1];
  const n = Math.hypot(ax, ay) || 1;
  ax /= n;
  ay /= n;
  const upx = ay;
  const upy = -ax;
  let across = 0;
  let up = 0;
  const add = (e: EyePoints): void => {
    const c = e.contour;
    const mx = (c[3 * EYE_CONTOUR.outer] + c[3 * EYE_CONTOUR.inner]) / 2;
    const my = (c[3 * EYE_CONTOUR.outer + 1] + c[3 * EYE_CONTOUR.inner + 1]) / 2;
    const w = Math.hypot(c[3 * EYE_CONTOUR.outer] - c[3 * EYE_CONTOUR.inner], c[3 * EYE_CONTOUR.outer + 1] - c[3 * EYE_CONTOUR.inner + 1]) || 1;
    const dx = e.iris[0] - mx;
    const dy = e.iris[1] - my;
    across += (dx * ax + dy * ay) / w / 2;
    up += (dx * upx + dy * upy) / w / 2;
  };
  add(iris.right);
  add(iris.left);
  const angle = (f: number): number => Math.max(-MAX_GAZE, Math.min(MAX_GAZE, Math.asin(Math.max(-1, Math.min(1, GAZE_GAIN * f)))));
  return { yaw: angle(across), pitch: angle(up + GAZE_NEUTRAL_DROP) };
}

const gazeDir = new Vector3();

/** View-space look-at (yaw, pitch) of a head rotation turned by a head-relative gaze (null: straight ahead). */
export function lookAtFrom(head: Quaternion, gaze: { yaw: number; pitch: number } | null, out: { yaw: number; pitch: number }): { yaw: number; pitch: number } {
  const yaw = gaze?.yaw ?? 0;
  const pitch = gaze?.pitch ?? 0;
  gazeDir.set(Math.sin(yaw) * Math.cos(pitch), Math.sin(pitch), Math.cos(yaw) * Math.cos(pitch)).applyQuaternion(head);
  out.yaw = Math.atan2(gazeDir.x, gazeDir.z);
  out.pitch = Math.atan2(gazeDir.y, Math.hypot(gazeDir.x, gazeDir.z));
  return out;
}

/** Blink 0..1 from an eye aspect ratio and the open/closed ratios. */
export function blinkFromRatio(ratio: number, openRatio: number, closedRatio: number): number {
  return clamp01((openRatio - ratio) / Math.max(1e-6, openRatio - closedRatio));
}

/**
 * The five VRM visemes from mouth opening `o` (0..1) and shape `s` (−1 round … +1 wide): the opening is
 * split by shape — relaxed lips → aa; wide → ih when barely open, ee when open; round → ou when barely open,
 * oh when open. The weights sum to `o` (≤ 1), so a closed mouth shows none.
 */
export function visemes(o: number, s: number, out: Pick<FaceExpressions, 'aa' | 'ih' | 'ou' | 'ee' | 'oh'>): void {
  const wide = Math.max(0, s);
  const round = Math.max(0, -s);
  const neutral = 1 - wide - round;
  out.aa = o * neutral;
  out.ih = o * wide * (1 - o);
  out.ee = o * wide * o;
  out.ou = o * round * (1 - o);
  out.oh = o * round * o;
}

const vx = new Vector3();
const vy = new Vector3();
const vz = new Vector3();
const tmp = new Vector3();
const basis = new Matrix4();
const rayQ = new Quaternion();
const FORWARD = new Vector3(0, 0, 1);

/** View-space vector (x right, y up, z toward the camera) from landmark `j` to `i`. */
function viewVec(m: ArrayLike<number>, i: number, j: number, out: Vector3): Vector3 {
  return out.set(m[3 * i] - m[3 * j], -(m[3 * i + 1] - m[3 * j + 1]), -(m[3 * i + 2] - m[3 * j + 2]));
}

/** Camera for the perspective correction of the head rotation (optional). */
export interface FaceCamera {
  /** Focal length in pixels (src/retarget/camera.ts focalLengthPx). */
  focalPx: number;
  /** Principal point, pixels (the image centre). */
  cx: number;
  cy: number;
}

/**
 * Head rotation from the mesh: a frame from stable landmarks — across = the eyes' outer corners and the
 * mouth corners (right → left), up = chin → forehead made orthogonal to it, forward = across × up. facemesh's
 * crop is an orthographic view along the ray to the face, so with a `camera` the rotation is turned from that
 * ray to the optical axis (a face off-centre that looks at the camera is rotated toward it).
 */
export function headRotationFromMesh(m: ArrayLike<number>, out: Quaternion, camera?: FaceCamera): Quaternion {
  viewVec(m, LEFT_EYE.outer, RIGHT_EYE.outer, vx).add(viewVec(m, MOUTH.left, MOUTH.right, tmp)).normalize();
  viewVec(m, FOREHEAD, CHIN, vy);
  vy.addScaledVector(vx, -vy.dot(vx)).normalize();
  vz.crossVectors(vx, vy);
  basis.makeBasis(vx, vy, vz);
  out.setFromRotationMatrix(basis);
  if (camera) {
    // Face centre: the nose bridge between the eye corners.
    const u = (m[3 * LEFT_EYE.outer] + m[3 * RIGHT_EYE.outer]) / 2;
    const v = (m[3 * LEFT_EYE.outer + 1] + m[3 * RIGHT_EYE.outer + 1]) / 2;
    // Toward the camera from the face: −ray.
    tmp.set(-(u - camera.cx) / camera.focalPx, (v - camera.cy) / camera.focalPx, 1).normalize();
    rayQ.setFromUnitVectors(FORWARD, tmp);
    out.premultiply(rayQ);
  }
  return out;
}

/**
 * All features of one face mesh (468 × (x, y, z), source pixels). `eyeOpen` overrides the open-eye ratios
 * per eye (from an {@link EyeCalibrator} fed the same source's ratios); the closed ratios scale with it.
 * `iris` (the iris model's points, source pixels): blinks from its eyelids, look-at with the gaze.
 */
export function faceFeatures(
  m: ArrayLike<number>,
  options: Partial<FaceFeatureOptions> = {},
  camera?: FaceCamera,
  eyeOpen?: { right: number; left: number },
  iris?: IrisPoints | null,
): FaceFeatures {
  const o = { ...DEFAULT_FACE_FEATURE_OPTIONS, ...options };
  const headRotation = headRotationFromMesh(m, new Quaternion(), camera);
  const eyeSource = iris ? 'iris' : 'mesh';
  const right = iris ? irisEyeAspectRatio(iris.right.contour) : eyeAspectRatio(m, RIGHT_EYE);
  const left = iris ? irisEyeAspectRatio(iris.left.contour) : eyeAspectRatio(m, LEFT_EYE);
  const openDefault = iris ? o.irisEyeOpenRatio : o.eyeOpenRatio;
  const closedFrac = (iris ? o.irisEyeClosedRatio : o.eyeClosedRatio) / openDefault;
  const openR = eyeOpen?.right ?? openDefault;
  const openL = eyeOpen?.left ?? openDefault;
  const blinkRight = blinkFromRatio(right, openR, openR * closedFrac);
  const blinkLeft = blinkFromRatio(left, openL, openL * closedFrac);

  const mw = dist3(m, MOUTH.left, MOUTH.right);
  const mouthRatio = mw > 0 ? dist3(m, MOUTH.upperInner, MOUTH.lowerInner) / mw : 0;
  const eyeSpan = dist3(m, LEFT_EYE.outer, RIGHT_EYE.outer);
  const mouthWidth = eyeSpan > 0 ? mw / eyeSpan : o.mouthNeutralWidth;
  const mouthOpen = clamp01((mouthRatio - o.mouthClosedRatio) / Math.max(1e-6, o.mouthOpenRatio - o.mouthClosedRatio));
  const mouthShape = Math.max(-1, Math.min(1, (mouthWidth - o.mouthNeutralWidth) / o.mouthWidthRange));

  // VRM blink closes both eyes; blinkLeft/Right add what one eye closes beyond it (the morphs add up).
  const both = Math.min(blinkLeft, blinkRight);
  const expressions: FaceExpressions = { blink: both, blinkLeft: blinkLeft - both, blinkRight: blinkRight - both, aa: 0, ih: 0, ou: 0, ee: 0, oh: 0 };
  visemes(mouthOpen, mouthShape, expressions);

  const gaze = iris ? gazeFromIris(m, iris) : null;
  const lookAt = lookAtFrom(headRotation, gaze, { yaw: 0, pitch: 0 });
  return { headRotation, eyeRatio: { right, left }, eyeSource, gaze, mouthRatio, mouthWidth, mouthOpen, mouthShape, expressions, lookAt };
}

/**
 * Weight of the face mesh's head rotation against the body keypoints' fit (src/retarget/head.ts) at face
 * score 1. Default 0.8: the mesh sees 468 points against the body's 5, but its crop can lag a fast turn.
 */
export const FACE_HEAD_WEIGHT = 0.8;

/** Refines the body's head rotation with the face's: slerp by `weight × score`. Writes and returns `out`. */
export function blendHeadRotation(body: Quaternion, face: Quaternion, score: number, out: Quaternion, weight = FACE_HEAD_WEIGHT): Quaternion {
  return out.copy(body).slerp(face, clamp01(weight * score));
}

/**
 * Per-person open-eye baseline: people's open eye ratios differ (0.25–0.40 on the shared photos) by more
 * than facemesh's closing range, so a fixed threshold either misses blinks or blinks at rest. The baseline
 * rises quickly to the ratios seen and decays slowly, i.e. follows the person's open eyes, never a blink.
 */
export class EyeCalibrator {
  /** Per-frame rise toward a larger ratio (0.2: a few frames of open eyes set it). */
  static readonly RISE = 0.2;
  /** Per-frame decay toward a smaller ratio (0.005: ~7 s at 30 fps to forget; a 150 ms blink moves it < 3%). */
  static readonly DECAY = 0.005;
  /**
   * Decay during the first {@link WARMUP_FRAMES} frames (0.05): the baseline starts at the population default
   * and must settle on a person with narrower eyes within about a second.
   */
  static readonly WARMUP_DECAY = 0.05;
  static readonly WARMUP_FRAMES = 30;
  readonly open = { right: 0, left: 0 };
  private frames = 0;

  /** `defaults.eyeOpenRatio`: the starting baseline (the iris source's calibrator starts at `irisEyeOpenRatio`). */
  constructor(private readonly defaults: Pick<FaceFeatureOptions, 'eyeOpenRatio'> = DEFAULT_FACE_FEATURE_OPTIONS) {}

  /** Feeds one frame's raw ratios; returns the open-eye baselines to pass to {@link faceFeatures}. */
  update(ratio: { right: number; left: number }): { right: number; left: number } {
    if (this.frames === 0) {
      // Start from the population default, so the first frames of a closed-eye face still blink.
      this.open.right = this.defaults.eyeOpenRatio;
      this.open.left = this.defaults.eyeOpenRatio;
    }
    const decay = this.frames < EyeCalibrator.WARMUP_FRAMES ? EyeCalibrator.WARMUP_DECAY : EyeCalibrator.DECAY;
    this.frames++;
    for (const side of ['right', 'left'] as const) {
      const r = ratio[side];
      if (!Number.isFinite(r)) continue;
      const k = r > this.open[side] ? EyeCalibrator.RISE : decay;
      this.open[side] += k * (r - this.open[side]);
    }
    return this.open;
  }

  reset(): void {
    this.frames = 0;
  }
}

/**
 * One Euro parameters for expression weights (0..1): 4 Hz at rest removes landmark jitter; beta 1 opens the
 * filter to ~14 Hz for a blink (weights change ~10/s), so a 100–150 ms blink survives.
 */
export const DEFAULT_EXPRESSION_ONE_EURO: Readonly<OneEuroParams> = Object.freeze({ minCutoff: 4, beta: 1, dCutoff: 1 });
/** One Euro parameters for the head quaternion's components: 2 Hz at rest, beta 2 per unit/s. */
export const DEFAULT_HEAD_ONE_EURO: Readonly<OneEuroParams> = Object.freeze({ minCutoff: 2, beta: 2, dCutoff: 1 });
/**
 * One Euro parameters for the gaze angles (radians): 2 Hz at rest steadies the iris points' pixel jitter; beta 1
 * per rad/s opens it for a saccade (several rad/s), so the eyes jump rather than drift.
 */
export const DEFAULT_GAZE_ONE_EURO: Readonly<OneEuroParams> = Object.freeze({ minCutoff: 2, beta: 1, dCutoff: 1 });

/** Smooths one person's features over time (One Euro, src/track) and keeps their eye baseline. */
export class FaceFeatureSmoother {
  private readonly expr = new Map<keyof FaceExpressions, OneEuroFilter>();
  private readonly quat = [0, 1, 2, 3].map(() => new OneEuroFilter(DEFAULT_HEAD_ONE_EURO));
  private readonly last = new Quaternion();
  private hasLast = false;
  private readonly gaze = [0, 1].map(() => new OneEuroFilter(DEFAULT_GAZE_ONE_EURO));
  /** Open-eye baseline of facemesh's eye ratios. */
  readonly eyes: EyeCalibrator;
  /** Open-eye baseline of the iris model's eye ratios (a separate scale; used on frames with the iris). */
  readonly irisEyes: EyeCalibrator;

  constructor(
    private readonly options: Partial<FaceFeatureOptions> = {},
    expressionParams: Partial<OneEuroParams> = {},
    headParams: Partial<OneEuroParams> = {},
  ) {
    for (const name of FACE_EXPRESSION_NAMES) this.expr.set(name, new OneEuroFilter({ ...DEFAULT_EXPRESSION_ONE_EURO, ...expressionParams }));
    for (const f of this.quat) Object.assign(f.params, headParams);
    const o = { ...DEFAULT_FACE_FEATURE_OPTIONS, ...options };
    this.eyes = new EyeCalibrator(o);
    this.irisEyes = new EyeCalibrator({ eyeOpenRatio: o.irisEyeOpenRatio });
  }

  /**
   * Features of a mesh observed at `timestampMs`, smoothed, with the person's eye baseline. `iris` (optional):
   * the iris model's points of the same frame (blinks from its eyelids, look-at with the gaze).
   */
  update(mesh: ArrayLike<number>, timestampMs: number, camera?: FaceCamera, iris?: IrisPoints | null): FaceFeatures {
    const raw = faceFeatures(mesh, this.options, camera, undefined, iris);
    const calibrator = iris ? this.irisEyes : this.eyes;
    const f = faceFeatures(mesh, this.options, camera, calibrator.update(raw.eyeRatio), iris);
    for (const name of FACE_EXPRESSION_NAMES) f.expressions[name] = clamp01(this.expr.get(name)!.filter(f.expressions[name], timestampMs));
    // Keep the quaternion in the last one's hemisphere so the component filters see a continuous signal.
    const q = f.headRotation;
    if (this.hasLast && q.dot(this.last) < 0) q.set(-q.x, -q.y, -q.z, -q.w);
    q.set(this.quat[0].filter(q.x, timestampMs), this.quat[1].filter(q.y, timestampMs), this.quat[2].filter(q.z, timestampMs), this.quat[3].filter(q.w, timestampMs)).normalize();
    this.last.copy(q);
    this.hasLast = true;
    if (f.gaze) {
      f.gaze.yaw = this.gaze[0].filter(f.gaze.yaw, timestampMs);
      f.gaze.pitch = this.gaze[1].filter(f.gaze.pitch, timestampMs);
    } else {
      for (const g of this.gaze) g.reset();
    }
    lookAtFrom(q, f.gaze, f.lookAt);
    return f;
  }

  /** Forgets the state (the person left, or the face was lost). */
  reset(): void {
    for (const f of this.expr.values()) f.reset();
    for (const f of this.quat) f.reset();
    this.eyes.reset();
    this.irisEyes.reset();
    for (const g of this.gaze) g.reset();
    this.hasLast = false;
  }
}
