/**
 * Per-track motion model: constant-velocity prediction of each keypoint with exponential damping,
 * driven by timestamps so dropped frames and irregular intervals predict the right distance.
 *
 * Velocity = the body's velocity (median of the keypoints' frame-to-frame velocities, robust to a
 * limb swapped in by the decoder) plus a share of the keypoint's own velocity relative to it (limbs
 * swing and reverse, so their own extrapolation is trusted less). Keypoints missing from a detection
 * are carried along with the body, so an occluded arm stays attached to a walking person.
 */
import { NUM_KEYPOINTS } from '../pose/schema';
import type { PoseBuffer } from './similarity';

/** Tunables of {@link KeypointMotion}; times in ms. */
export interface MotionParams {
  /**
   * Time constant of the velocity's exponential smoothing. 80 ms: about two frames at 30 fps, which
   * settles a walking speed within 3–4 frames yet averages out per-frame keypoint jitter.
   */
  velocitySmoothingMs: number;
  /**
   * Predicted velocity decays with this time constant, so the extrapolated distance saturates at
   * v × damping: one frame ahead is ~full constant velocity, a 0.5 s loss does not fling the pose away.
   * 300 ms ≈ a step's duration (people change direction at about that rate). `Infinity`: no damping.
   */
  dampingMs: number;
  /**
   * Keypoints missing from the track's detections for longer (while the rest of the body was seen) are
   * left out of the prediction, and so out of matching: after ~a third of a second a limb carried along
   * with the body is a guess. A wholly lost track keeps its full predicted pose.
   */
  keypointStaleMs: number;
  /** Share of a keypoint's own velocity (relative to the body's) used in prediction, 0..1. */
  limbVelocityShare: number;
  /**
   * Speed cap in body scales per second: a decoder mix-up can jump a keypoint across the image, which
   * must not turn into a huge velocity. 6 scales/s ≈ 3 body heights per second, beyond a sprint
   * across a webcam's view.
   */
  maxSpeedScalesPerS: number;
}

export const DEFAULT_MOTION_PARAMS: Readonly<MotionParams> = Object.freeze({
  velocitySmoothingMs: 80,
  dampingMs: 300,
  keypointStaleMs: 350,
  limbVelocityShare: 0.5,
  maxSpeedScalesPerS: 6,
});

/** Velocities from frames closer than this are noise over a near-zero interval (duplicate timestamps). */
const MIN_VELOCITY_DT_MS = 4;
/** A keypoint not seen for longer gives no velocity sample: its carried position is too uncertain. */
const MAX_VELOCITY_GAP_MS = 500;
/**
 * Most of the interval between two matched detections that counts towards a missing keypoint's
 * staleness: about one frame at 10 fps. Over a longer gap the whole body went unobserved, so the
 * keypoint's absence says nothing about it (a person re-found after an occlusion keeps their limbs).
 */
const MAX_MISS_STEP_MS = 100;

/** One track's keypoints and velocities. Positions refer to `lastMs`; velocities are px per ms. */
export class KeypointMotion {
  readonly x = new Float64Array(NUM_KEYPOINTS);
  readonly y = new Float64Array(NUM_KEYPOINTS);
  /** Last observed score; 0 = never seen. */
  readonly score = new Float64Array(NUM_KEYPOINTS);
  /** When each keypoint was last observed. */
  readonly seenMs = new Float64Array(NUM_KEYPOINTS);
  /** How long each keypoint has been missing from matched detections (see {@link MAX_MISS_STEP_MS}). */
  readonly missedMs = new Float64Array(NUM_KEYPOINTS);
  readonly vx = new Float64Array(NUM_KEYPOINTS);
  readonly vy = new Float64Array(NUM_KEYPOINTS);
  bodyVx = 0;
  bodyVy = 0;
  /** Time of the last update. */
  lastMs = 0;
  private hasVelocity = false;
  private readonly sampleX = new Float64Array(NUM_KEYPOINTS);
  private readonly sampleY = new Float64Array(NUM_KEYPOINTS);
  private readonly sampled = new Uint8Array(NUM_KEYPOINTS);
  private readonly sortBuf = new Float64Array(NUM_KEYPOINTS);

  constructor(readonly params: Readonly<MotionParams> = DEFAULT_MOTION_PARAMS) {}

  /** Starts from a first detection, at rest. */
  reset(det: PoseBuffer, timeMs: number): void {
    this.x.set(det.x);
    this.y.set(det.y);
    this.score.set(det.score);
    this.seenMs.fill(timeMs);
    this.missedMs.fill(0);
    this.vx.fill(0);
    this.vy.fill(0);
    this.bodyVx = this.bodyVy = 0;
    this.hasVelocity = false;
    this.lastMs = timeMs;
  }

  /** Takes a matched detection at `timeMs` (≥ `lastMs`). */
  update(det: PoseBuffer, timeMs: number): void {
    const dt = timeMs - this.lastMs;
    const { x, y, score, seenMs, vx, vy, sampleX, sampleY, sampled } = this;
    let n = 0;
    for (let k = 0; k < NUM_KEYPOINTS; k++) {
      sampled[k] = 0;
      if (det.score[k] <= 0 || score[k] <= 0 || dt < MIN_VELOCITY_DT_MS || timeMs - seenMs[k] > MAX_VELOCITY_GAP_MS) continue;
      sampleX[k] = (det.x[k] - x[k]) / dt;
      sampleY[k] = (det.y[k] - y[k]) / dt;
      sampled[k] = 1;
      n++;
    }

    const maxSpeed = (this.params.maxSpeedScalesPerS * det.scale) / 1000;
    // Body displacement this frame, for carrying unobserved keypoints: measured when possible, else predicted.
    let bodyDx: number, bodyDy: number;
    if (n > 0) {
      let bx = this.median(sampleX, n);
      let by = this.median(sampleY, n);
      const speed = Math.hypot(bx, by);
      if (speed > maxSpeed) {
        bx *= maxSpeed / speed;
        by *= maxSpeed / speed;
      }
      bodyDx = bx * dt;
      bodyDy = by * dt;
      const a = this.hasVelocity ? 1 - Math.exp(-dt / this.params.velocitySmoothingMs) : 1;
      this.bodyVx += a * (bx - this.bodyVx);
      this.bodyVy += a * (by - this.bodyVy);
    } else {
      const d = this.dampedDt(Math.max(0, dt));
      bodyDx = this.bodyVx * d;
      bodyDy = this.bodyVy * d;
      // No measurement (back after a long gap): the velocity decayed as the prediction assumed.
      const decay = Number.isFinite(this.params.dampingMs) ? Math.exp(-Math.max(0, dt) / this.params.dampingMs) : 1;
      this.bodyVx *= decay;
      this.bodyVy *= decay;
    }

    const a = this.hasVelocity ? 1 - Math.exp(-Math.max(0, dt) / this.params.velocitySmoothingMs) : 1;
    for (let k = 0; k < NUM_KEYPOINTS; k++) {
      if (sampled[k]) {
        let sx = sampleX[k], sy = sampleY[k];
        const speed = Math.hypot(sx, sy);
        if (speed > maxSpeed) {
          sx *= maxSpeed / speed;
          sy *= maxSpeed / speed;
        }
        vx[k] += a * (sx - vx[k]);
        vy[k] += a * (sy - vy[k]);
      } else if (det.score[k] > 0 || score[k] > 0) {
        vx[k] = this.bodyVx; // (re)appearing or unobserved: assume it moves with the body
        vy[k] = this.bodyVy;
      }
      if (det.score[k] > 0) {
        x[k] = det.x[k];
        y[k] = det.y[k];
        score[k] = det.score[k];
        seenMs[k] = timeMs;
        this.missedMs[k] = 0;
      } else if (score[k] > 0) {
        x[k] += bodyDx;
        y[k] += bodyDy;
        this.missedMs[k] += Math.min(Math.max(0, dt), MAX_MISS_STEP_MS);
      }
    }
    if (n > 0) this.hasVelocity = true;
    this.lastMs = Math.max(this.lastMs, timeMs);
  }

  /**
   * Writes the pose predicted at `timeMs` into `out` (and its box/scale), and each keypoint's time since
   * last observed into `ageMs`. Keypoints missing from detections for over `keypointStaleMs` are absent
   * (score 0).
   */
  predict(timeMs: number, out: PoseBuffer, ageMs: Float64Array): void {
    const d = this.dampedDt(Math.max(0, timeMs - this.lastMs));
    const share = this.params.limbVelocityShare;
    const stale = this.params.keypointStaleMs;
    for (let k = 0; k < NUM_KEYPOINTS; k++) {
      ageMs[k] = Math.max(0, timeMs - this.seenMs[k]);
      // Stale = missing while the rest of the body was seen; a whole lost body keeps its last pose.
      if (this.score[k] <= 0 || this.missedMs[k] > stale) {
        out.x[k] = out.y[k] = out.score[k] = 0;
        continue;
      }
      const vx = this.bodyVx + share * (this.vx[k] - this.bodyVx);
      const vy = this.bodyVy + share * (this.vy[k] - this.bodyVy);
      out.x[k] = this.x[k] + vx * d;
      out.y[k] = this.y[k] + vy * d;
      out.score[k] = this.score[k];
    }
    out.refresh();
  }

  /** ∫₀^dt e^(−t/τ) dt: the distance factor of a velocity decaying with time constant τ = `dampingMs`. */
  private dampedDt(dt: number): number {
    const tau = this.params.dampingMs;
    return Number.isFinite(tau) ? tau * (1 - Math.exp(-dt / tau)) : dt;
  }

  /** Median of the sampled entries of `values` (n of them), via a small insertion sort. */
  private median(values: Float64Array, n: number): number {
    const buf = this.sortBuf;
    let m = 0;
    for (let k = 0; k < NUM_KEYPOINTS; k++) {
      if (!this.sampled[k]) continue;
      const v = values[k];
      let i = m++;
      while (i > 0 && buf[i - 1] > v) {
        buf[i] = buf[i - 1];
        i--;
      }
      buf[i] = v;
    }
    const h = n >> 1;
    return n % 2 ? buf[h] : 0.5 * (buf[h - 1] + buf[h]);
  }
}
