/**
 * How alike two poses are, for matching detections to tracks: an OKS-style keypoint similarity
 * (COCO's object keypoint similarity, with per-keypoint sigmas and a body scale) over the keypoints
 * both poses have, with a bounding-box IoU fallback when they share too few keypoints.
 */
import type { Person } from '../pose/types';
import { NUM_KEYPOINTS } from '../pose/schema';

/**
 * Per-keypoint OKS sigmas in COCO-18 order: COCO's published values (cocoeval.py), which encode how
 * precisely people place each keypoint (eyes tight, hips loose). COCO has no neck: it gets the
 * shoulders' value, as it is the midpoint of the shoulders.
 */
export const KEYPOINT_SIGMAS: Readonly<Float64Array> = Float64Array.of(
  0.026, // nose
  0.079, // neck
  0.079, 0.072, 0.062, // right shoulder, elbow, wrist
  0.079, 0.072, 0.062, // left shoulder, elbow, wrist
  0.107, 0.087, 0.089, // right hip, knee, ankle
  0.107, 0.087, 0.089, // left hip, knee, ankle
  0.025, 0.025, // eyes
  0.035, 0.035, // ears
);

/** COCO-18 indices used for the torso length. */
const NECK = 1;
const R_HIP = 8;
const L_HIP = 11;

/**
 * Body scale from the torso: neck-to-hip is about 0.3 of standing height, and a standing person's
 * √(keypoint box area) about 0.47 of it (0.9 H tall × 0.25 H wide), so scale ≈ 1.6 × torso. The torso
 * survives pose changes and cropped limbs that shrink the keypoint box.
 */
const TORSO_TO_SCALE = 1.6;
/** Smallest scale, px: keeps the similarity finite for one-keypoint or collapsed detections. */
export const MIN_SCALE_PX = 4;
/**
 * Fewer shared keypoints than this and OKS says little (one point matches anything nearby): use box IoU.
 */
export const MIN_COMMON_KEYPOINTS = 3;
/**
 * Share of the similarity kept when the poses cover different keypoints: similarity × (floor + (1 −
 * floor) × shared/union). A fragment (a few keypoints of someone) then scores below the whole person,
 * yet a partly occluded person is not rejected outright.
 */
const COVERAGE_FLOOR = 0.5;
/** The IoU fallback is weaker evidence than keypoints; it is scaled down so it never outranks a keypoint match. */
const IOU_FALLBACK_WEIGHT = 0.5;
/** Keypoint boxes are padded by this × scale so thin poses (a side view, a raised arm) still overlap. */
const BOX_PAD = 0.1;

/** One pose as typed arrays (COCO-18 order), with derived box and scale. Reused across frames. */
export class PoseBuffer {
  readonly x = new Float64Array(NUM_KEYPOINTS);
  readonly y = new Float64Array(NUM_KEYPOINTS);
  /** Confidence; 0 = absent (including non-finite or below-threshold keypoints). */
  readonly score = new Float64Array(NUM_KEYPOINTS);
  /** Number of present keypoints. */
  count = 0;
  minX = 0;
  minY = 0;
  maxX = 0;
  maxY = 0;
  /** Body scale in px (COCO's √area analogue), see {@link poseScale}. */
  scale = MIN_SCALE_PX;

  /**
   * Loads a detection, dropping keypoints with non-finite coordinates or a score below `minScore`.
   * @returns `this`.
   */
  setFromPerson(person: Person, minScore: number): this {
    const kps = person.keypoints;
    const n = Math.min(NUM_KEYPOINTS, kps?.length ?? 0);
    for (let k = 0; k < NUM_KEYPOINTS; k++) {
      const kp = k < n ? kps[k] : undefined;
      const s = kp?.score ?? 0;
      if (kp && Number.isFinite(kp.x) && Number.isFinite(kp.y) && s >= minScore && s > 0 && Number.isFinite(s)) {
        this.x[k] = kp.x;
        this.y[k] = kp.y;
        this.score[k] = s;
      } else {
        this.x[k] = 0;
        this.y[k] = 0;
        this.score[k] = 0;
      }
    }
    return this.refresh();
  }

  /** Recomputes `count`, the box and the scale after the arrays changed. @returns `this`. */
  refresh(): this {
    let count = 0;
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let k = 0; k < NUM_KEYPOINTS; k++) {
      if (this.score[k] <= 0) continue;
      count++;
      const x = this.x[k], y = this.y[k];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    this.count = count;
    if (count === 0) {
      this.minX = this.minY = this.maxX = this.maxY = 0;
      this.scale = MIN_SCALE_PX;
      return this;
    }
    this.minX = minX;
    this.minY = minY;
    this.maxX = maxX;
    this.maxY = maxY;
    this.scale = poseScale(this);
    return this;
  }
}

/**
 * Body scale in px: the larger of √(keypoint box area) (COCO's scale, from the box rather than a
 * segmentation) and {@link TORSO_TO_SCALE} × torso length, so an upper-body-only or arms-down pose is
 * not treated as a tiny person.
 */
export function poseScale(p: PoseBuffer): number {
  const boxScale = Math.sqrt(Math.max(0, p.maxX - p.minX) * Math.max(0, p.maxY - p.minY));
  let torso = 0;
  if (p.score[NECK] > 0) {
    let hx = 0, hy = 0, hn = 0;
    if (p.score[R_HIP] > 0) { hx += p.x[R_HIP]; hy += p.y[R_HIP]; hn++; }
    if (p.score[L_HIP] > 0) { hx += p.x[L_HIP]; hy += p.y[L_HIP]; hn++; }
    if (hn > 0) torso = Math.hypot(hx / hn - p.x[NECK], hy / hn - p.y[NECK]);
  }
  return Math.max(MIN_SCALE_PX, boxScale, TORSO_TO_SCALE * torso);
}

/** Tunables of {@link poseSimilarity}. */
export interface SimilarityParams {
  /**
   * Multiplies the COCO sigmas. COCO's values model annotation noise on one image; between frames the
   * residual after motion prediction is larger, so tracking needs a wider tolerance.
   */
  sigmaScale: number;
  /**
   * Growth of the positional uncertainty while a keypoint goes unobserved, in scales per second: the
   * tolerance widens with the time since the track last saw the keypoint (dropped frames, occlusion).
   */
  uncertaintyPerS: number;
}

/**
 * Similarity in [0, 1] of a (predicted) track pose and a detection: score-weighted OKS over shared
 * keypoints times a coverage factor; bounding-box IoU (down-weighted) when fewer than
 * {@link MIN_COMMON_KEYPOINTS} are shared.
 *
 * @param ageMs Per keypoint of `track`: milliseconds since it was last observed (widens its tolerance).
 */
export function poseSimilarity(track: PoseBuffer, ageMs: ArrayLike<number>, det: PoseBuffer, params: SimilarityParams): number {
  if (track.count === 0 || det.count === 0) return 0;
  const scale = 0.5 * (track.scale + det.scale);
  const s2 = scale * scale;
  const grow = (scale * params.uncertaintyPerS) / 1000;
  let num = 0, den = 0, common = 0, union = 0;
  for (let k = 0; k < NUM_KEYPOINTS; k++) {
    const sa = track.score[k], sb = det.score[k];
    if (sa > 0 || sb > 0) union++;
    if (sa <= 0 || sb <= 0) continue;
    common++;
    const w = Math.min(sa, sb);
    const kappa = 2 * KEYPOINT_SIGMAS[k] * params.sigmaScale; // COCO: k_i = 2σ_i
    const spread = grow * ageMs[k];
    const variance = s2 * kappa * kappa + spread * spread;
    const dx = track.x[k] - det.x[k], dy = track.y[k] - det.y[k];
    num += w * Math.exp(-(dx * dx + dy * dy) / (2 * variance));
    den += w;
  }
  if (common < MIN_COMMON_KEYPOINTS || den <= 0) return IOU_FALLBACK_WEIGHT * boxIoU(track, det);
  const coverage = common / union;
  return (num / den) * (COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * coverage);
}

/** The largest of {@link KEYPOINT_SIGMAS}. */
const MAX_SIGMA = Math.max(...KEYPOINT_SIGMAS);

/**
 * A cheap upper bound of {@link poseSimilarity} from the boxes alone: no keypoint pair is closer than the
 * gap between the boxes, so no OKS term exceeds the loosest keypoint's value at that distance. Lets the
 * tracker skip the per-keypoint work for people far apart (most pairs in a crowd) without changing any
 * result below its gate.
 *
 * @param maxAgeMs The largest entry of the `ageMs` that would be passed to {@link poseSimilarity}.
 */
export function similarityUpperBound(track: PoseBuffer, maxAgeMs: number, det: PoseBuffer, params: SimilarityParams): number {
  if (track.count === 0 || det.count === 0) return 0;
  const gx = Math.max(0, det.minX - track.maxX, track.minX - det.maxX);
  const gy = Math.max(0, det.minY - track.maxY, track.minY - det.maxY);
  const scale = 0.5 * (track.scale + det.scale);
  const kappa = 2 * MAX_SIGMA * params.sigmaScale;
  const spread = (scale * params.uncertaintyPerS * maxAgeMs) / 1000;
  const variance = scale * scale * kappa * kappa + spread * spread;
  return Math.max(Math.exp(-(gx * gx + gy * gy) / (2 * variance)), IOU_FALLBACK_WEIGHT * boxIoU(track, det));
}

/** Intersection over union of the two poses' keypoint boxes, each padded by {@link BOX_PAD} × its scale. */
export function boxIoU(a: PoseBuffer, b: PoseBuffer): number {
  if (a.count === 0 || b.count === 0) return 0;
  const pa = BOX_PAD * a.scale, pb = BOX_PAD * b.scale;
  const ax0 = a.minX - pa, ay0 = a.minY - pa, ax1 = a.maxX + pa, ay1 = a.maxY + pa;
  const bx0 = b.minX - pb, by0 = b.minY - pb, bx1 = b.maxX + pb, by1 = b.maxY + pb;
  const iw = Math.min(ax1, bx1) - Math.max(ax0, bx0);
  const ih = Math.min(ay1, by1) - Math.max(ay0, by0);
  if (iw <= 0 || ih <= 0) return 0;
  const inter = iw * ih;
  const union = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter;
  return union > 0 ? inter / union : 0;
}
