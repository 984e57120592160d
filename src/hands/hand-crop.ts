/**
 * The hand box of one wrist, from the body keypoints, as OpenPose's hand detector computes it
 * (openpose/src/openpose/hand/handDetector.cpp, getHandFromPoseIndexes):
 *   centre = wrist + 0.33 · (wrist − elbow)
 *   side   = 1.5 · max(|wrist − elbow|, 0.9 · |elbow − shoulder|)
 * then turned so that the forearm direction (elbow → wrist) points up in the crop: the MediaPipe hand
 * landmark network expects the wrist at the bottom and the fingers up (MediaPipe rotates its crop so
 * wrist → middle-finger MCP is up; with no hand landmarks yet the forearm is the best proxy for it).
 *
 * A crop is described by a small affine ({@link CropAffine}) from crop pixels to image pixels and back.
 */
import { KEYPOINT } from '../pose/schema';
import type { Person } from '../pose/types';

/** Which hand, always the person's own side as the body pose says (never the hand network's guess). */
export type HandSide = 'left' | 'right';

/** Crop ↔ image mapping: image = [a b; c d] · crop + [tx; ty] (crop pixels, continuous coordinates). */
export interface CropAffine {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly tx: number;
  readonly ty: number;
}

/** One hand crop: the rotated square box in the image and the affine that maps the network's crop onto it. */
export interface HandCrop {
  /** Index of the person in the frame's `people`. */
  readonly person: number;
  readonly side: HandSide;
  /** Box centre in image pixels. */
  readonly cx: number;
  readonly cy: number;
  /** Box side in image pixels. */
  readonly size: number;
  /** Rotation in radians of the crop's axes in the image (0 = upright, positive = clockwise on screen). */
  readonly angle: number;
  /** Crop side in pixels (the network's input size). */
  readonly cropSize: number;
  /** crop pixels → image pixels. */
  readonly toImage: CropAffine;
  /** image pixels → crop pixels. */
  readonly toCrop: CropAffine;
}

/** OpenPose: the box centre lies beyond the wrist by this fraction of the forearm (handDetector.cpp). */
export const WRIST_ELBOW_RATIO = 0.33;
/** OpenPose: box side = this × the arm scale (handDetector.cpp). */
export const BOX_SCALE = 1.5;
/** OpenPose: the upper arm counts at this fraction when it is longer than the forearm (foreshortened forearm). */
export const UPPER_ARM_RATIO = 0.9;
/** The MediaPipe hand landmark networks take 224 × 224 crops. */
export const DEFAULT_CROP_SIZE = 224;

export interface HandCropOptions {
  /**
   * Minimum body-keypoint score of the wrist and the elbow (and of the shoulder, for it to count).
   * Default 0.2: above the pose decoder's peak threshold (0.1), so both joints are real detections, not
   * the faint peaks that make a wrong forearm direction. OpenPose uses 0.03 on its own heatmaps.
   */
  minKeypointScore: number;
  /**
   * Minimum box side in image pixels. Default 48: the hand then spans ~24 px (half the box), below which
   * the 224 px network sees a blur and its landmarks are noise — not worth the ~5-10 ms per crop.
   */
  minBoxPx: number;
  /**
   * How many people get hands, largest hand box first (the people nearest the camera). Default 2.
   * 0 turns hands off; Infinity gives every eligible person hands.
   */
  maxPeople: number;
  /**
   * Rotate the crop so the forearm points up. Default true (what the network was trained on); false
   * gives OpenPose's axis-aligned box.
   */
  rotate: boolean;
  /** Crop side in pixels. Default {@link DEFAULT_CROP_SIZE}. */
  cropSize: number;
}

export const DEFAULT_HAND_CROP_OPTIONS: Readonly<HandCropOptions> = Object.freeze({
  minKeypointScore: 0.2,
  minBoxPx: 48,
  maxPeople: 2,
  rotate: true,
  cropSize: DEFAULT_CROP_SIZE,
});

/** Apply an affine to a point. */
export function applyAffine(m: CropAffine, x: number, y: number): { x: number; y: number } {
  return { x: m.a * x + m.b * y + m.tx, y: m.c * x + m.d * y + m.ty };
}

/** The inverse of an affine. */
export function invertAffine(m: CropAffine): CropAffine {
  const det = m.a * m.d - m.b * m.c;
  if (!(Math.abs(det) > 1e-12)) throw new RangeError('degenerate crop affine');
  const a = m.d / det;
  const b = -m.b / det;
  const c = -m.c / det;
  const d = m.a / det;
  return { a, b, c, d, tx: -(a * m.tx + b * m.ty), ty: -(c * m.tx + d * m.ty) };
}

/**
 * A square crop of side `size` image pixels centred at (cx, cy), whose "up" is turned by `angle`
 * radians clockwise (angle 0: upright). Crop pixel (0, 0) is its top-left corner.
 */
export function makeCrop(
  cx: number,
  cy: number,
  size: number,
  angle: number,
  cropSize = DEFAULT_CROP_SIZE,
  person = 0,
  side: HandSide = 'left',
): HandCrop {
  const k = size / cropSize;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // Crop +u (right) → image (cos, sin); crop +v (down) → image (−sin, cos). Angle 0 is the identity.
  const a = k * cos;
  const b = -k * sin;
  const c = k * sin;
  const d = k * cos;
  const half = cropSize / 2;
  const toImage: CropAffine = { a, b, c, d, tx: cx - (a * half + b * half), ty: cy - (c * half + d * half) };
  return { person, side, cx, cy, size, angle, cropSize, toImage, toCrop: invertAffine(toImage) };
}

/**
 * The clockwise angle that turns image "up" (0, −1) onto the unit direction (dx, dy): a crop with this
 * angle shows the direction pointing up.
 */
export const upAngle = (dx: number, dy: number): number => Math.atan2(dx, -dy);

type Kp = { x: number; y: number; score: number };

/** The hand box for one side of one person, or null when the arm is not seen well enough. */
export function handBoxFromArm(
  shoulder: Kp | undefined,
  elbow: Kp,
  wrist: Kp,
  options: Partial<HandCropOptions> = {},
  person = 0,
  side: HandSide = 'left',
): HandCrop | null {
  const o = { ...DEFAULT_HAND_CROP_OPTIONS, ...options };
  if (!(wrist.score >= o.minKeypointScore && elbow.score >= o.minKeypointScore)) return null;
  const fx = wrist.x - elbow.x;
  const fy = wrist.y - elbow.y;
  const forearm = Math.hypot(fx, fy);
  if (!(forearm > 0)) return null;
  const upper = shoulder && shoulder.score >= o.minKeypointScore ? Math.hypot(elbow.x - shoulder.x, elbow.y - shoulder.y) : 0;
  const size = BOX_SCALE * Math.max(forearm, UPPER_ARM_RATIO * upper);
  if (!(size >= o.minBoxPx)) return null;
  const cx = wrist.x + WRIST_ELBOW_RATIO * fx;
  const cy = wrist.y + WRIST_ELBOW_RATIO * fy;
  const angle = o.rotate ? upAngle(fx / forearm, fy / forearm) : 0;
  return makeCrop(cx, cy, size, angle, o.cropSize, person, side);
}

/** Both hand boxes of a person (left first), null where not eligible. */
export function handBoxesOfPerson(p: Person, index: number, options: Partial<HandCropOptions> = {}): [HandCrop | null, HandCrop | null] {
  const k = p.keypoints;
  return [
    handBoxFromArm(k[KEYPOINT.leftShoulder], k[KEYPOINT.leftElbow], k[KEYPOINT.leftWrist], options, index, 'left'),
    handBoxFromArm(k[KEYPOINT.rightShoulder], k[KEYPOINT.rightElbow], k[KEYPOINT.rightWrist], options, index, 'right'),
  ];
}

/**
 * Every hand crop of a frame: the eligible hands of at most `maxPeople` people, chosen by their
 * largest hand box (nearest the camera). Ordered by person index, left before right.
 */
export function handCropsForFrame(people: readonly Person[], options: Partial<HandCropOptions> = {}): HandCrop[] {
  const o = { ...DEFAULT_HAND_CROP_OPTIONS, ...options };
  if (!(o.maxPeople > 0)) return [];
  const candidates = people
    .map((p, i) => {
      const boxes = handBoxesOfPerson(p, i, o).filter((b): b is HandCrop => b !== null);
      return { i, boxes, size: Math.max(0, ...boxes.map((b) => b.size)) };
    })
    .filter((c) => c.boxes.length > 0)
    .sort((x, y) => y.size - x.size || x.i - y.i)
    .slice(0, o.maxPeople)
    .sort((x, y) => x.i - y.i);
  return candidates.flatMap((c) => c.boxes);
}

/** MediaPipe's landmarks → next-crop rule (hand_landmark_landmarks_to_roi): the box is 2× the landmarks' extent… */
export const LANDMARK_ROI_SCALE = 2.0;
/** …shifted toward the fingers by 0.1 of its side (MediaPipe's shift_y; bent fingers can reach beyond the previous extent). */
export const LANDMARK_ROI_SHIFT = -0.1;

/**
 * The crop MediaPipe would track a hand with from its landmarks (image pixels, 21 in hand order): turned
 * so wrist → the middle of the index/middle/ring MCPs points up, 2× the landmarks' extent in that frame.
 * Use it to refine a body-derived crop (a second pass on the same frame) or to track into the next frame.
 */
export function cropFromLandmarks(
  points: readonly { x: number; y: number }[],
  person: number,
  side: HandSide,
  cropSize = DEFAULT_CROP_SIZE,
): HandCrop {
  const w = points[0];
  const mx = (points[5].x + points[9].x + points[13].x) / 3;
  const my = (points[5].y + points[9].y + points[13].y) / 3;
  const angle = upAngle(mx - w.x, my - w.y);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // Extent in the rotated frame (u along crop-right, v along crop-down).
  let u0 = Infinity, u1 = -Infinity, v0 = Infinity, v1 = -Infinity;
  for (const p of points) {
    const u = cos * p.x + sin * p.y;
    const v = -sin * p.x + cos * p.y;
    u0 = Math.min(u0, u); u1 = Math.max(u1, u);
    v0 = Math.min(v0, v); v1 = Math.max(v1, v);
  }
  const size = Math.max(u1 - u0, v1 - v0, 1) * LANDMARK_ROI_SCALE;
  const uc = (u0 + u1) / 2;
  const vc = (v0 + v1) / 2 + LANDMARK_ROI_SHIFT * size;
  return makeCrop(cos * uc - sin * vc, sin * uc + cos * vc, size, angle, cropSize, person, side);
}
