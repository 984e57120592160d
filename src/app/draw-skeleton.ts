/**
 * Draws a frame's people as 2D skeletons (the 17 drawable COCO-18 limbs) on the overlay canvas, and
 * their hands (21 keypoints, 20 bones) when the frame has them.
 */
import { DRAWN_LIMB_COUNT, KEYPOINT, LIMBS } from '../pose/schema';
import type { HandKeypoints, Person } from '../pose/types';

/** Stroke width as a fraction of the image's shorter side, so skeletons read at any resolution. */
const LINE_WIDTH_FRACTION = 1 / 160;
const MIN_LINE_WIDTH = 2;
/** Label text height as a fraction of the image height: readable in the small thumbnail. */
const LABEL_FRACTION = 1 / 14;

/** One hue per limb (OpenPose's rainbow ordering), so left and right sides are easy to tell apart. */
const limbColour = (i: number): string => `hsl(${Math.round((i * 360) / DRAWN_LIMB_COUNT)}, 90%, 55%)`;

/** The drawable COCO-18 limbs as keypoint index pairs. */
const BODY_BONES: readonly (readonly [number, number])[] = LIMBS.slice(0, DRAWN_LIMB_COUNT).map(({ a, b }) => [a, b] as const);

/** Hand bones as landmark index pairs: each finger from the wrist (0) through its four joints. */
const HAND_BONES: readonly (readonly [number, number])[] = [0, 1, 2, 3, 4].flatMap((f) => {
  const base = 1 + 4 * f;
  return [[0, base], [base, base + 1], [base + 1, base + 2], [base + 2, base + 3]] as const;
});
/** Hand lines are thinner than limbs: fingers are small in the thumbnail. */
const HAND_LINE_SCALE = 0.5;
/** One hue per finger (thumb → little), OpenPose's hand rendering style. */
const fingerColour = (f: number): string => `hsl(${f * 60}, 100%, 60%)`;

/**
 * Face points drawn on the thumbnail (a few dozen of the 468, cheap): MediaPipe's face oval (its
 * FACEMESH_FACE_OVAL silhouette), then the eye corners, mouth corners and inner lips that drive blinks and visemes.
 */
const FACE_POINTS = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93,
  234, 127, 162, 21, 54, 103, 67, 109, 33, 133, 263, 362, 61, 291, 13, 14,
];

/** Draws a face's contour points (`landmarks`: 468 × (x, y, z), source pixels). */
function drawFace(ctx: CanvasRenderingContext2D, landmarks: ArrayLike<number>, lineWidth: number): void {
  ctx.fillStyle = '#ffe14d';
  const r = Math.max(1, lineWidth * 0.6);
  ctx.beginPath();
  for (const i of FACE_POINTS) {
    const x = landmarks[3 * i];
    const y = landmarks[3 * i + 1];
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  ctx.fill();
}

interface Point2 {
  x: number;
  y: number;
  score?: number;
}

/**
 * Strokes `bones` (index pairs into `kp`, coloured by `colour(bone index)`) and dots the points, skipping
 * points with a score ≤ 0 (undetected body keypoints; a hand's points share its presence score).
 */
function drawBones(
  ctx: CanvasRenderingContext2D,
  kp: readonly Point2[],
  bones: readonly (readonly [number, number])[],
  colour: (bone: number) => string,
  dotRadius: number,
): void {
  const seen = (p: Point2) => p.score === undefined || p.score > 0;
  bones.forEach(([a, b], i) => {
    if (!seen(kp[a]) || !seen(kp[b])) return;
    ctx.strokeStyle = colour(i);
    ctx.beginPath();
    ctx.moveTo(kp[a].x, kp[a].y);
    ctx.lineTo(kp[b].x, kp[b].y);
    ctx.stroke();
  });
  ctx.fillStyle = '#fff';
  for (const k of kp) {
    if (!seen(k)) continue;
    ctx.beginPath();
    ctx.arc(k.x, k.y, dotRadius, 0, 2 * Math.PI);
    ctx.fill();
  }
}

/** Draws one hand's bones and keypoints. */
function drawHand(ctx: CanvasRenderingContext2D, hand: HandKeypoints, lineWidth: number): void {
  ctx.lineWidth = lineWidth;
  drawBones(ctx, hand.keypoints, HAND_BONES, (i) => fingerColour(i >> 2), lineWidth);
}

/** A label drawn at a person's head: their id, in their avatar's colour. */
export interface SkeletonLabel {
  person: Person;
  text: string;
  color: string;
}

/**
 * Clears `ctx`'s canvas (resized to the source, `width`×`height`) and draws the skeletons and labels.
 * `people` are in source pixels. With `mirrored` (the canvas is flipped by CSS) labels are drawn
 * flipped back so they read normally.
 */
export function drawSkeletons(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  people: readonly Person[],
  labels: readonly SkeletonLabel[] = [],
  mirrored = false,
): void {
  const canvas = ctx.canvas;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  ctx.clearRect(0, 0, width, height);
  const lineWidth = Math.max(MIN_LINE_WIDTH, Math.min(width, height) * LINE_WIDTH_FRACTION);
  ctx.lineCap = 'round';
  ctx.lineWidth = lineWidth;
  for (const person of people) {
    drawBones(ctx, person.keypoints, BODY_BONES, limbColour, lineWidth * 0.75);
    if (person.hands?.left) drawHand(ctx, person.hands.left, lineWidth * HAND_LINE_SCALE);
    if (person.hands?.right) drawHand(ctx, person.hands.right, lineWidth * HAND_LINE_SCALE);
    if (person.face) drawFace(ctx, person.face.landmarks, lineWidth * HAND_LINE_SCALE);
    ctx.lineWidth = lineWidth;
  }
  const size = Math.max(10, Math.round(height * LABEL_FRACTION));
  ctx.font = `bold ${size}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  for (const { person, text, color } of labels) {
    const anchor = [KEYPOINT.nose, KEYPOINT.neck].map((k) => person.keypoints[k]).find((k) => k.score > 0);
    if (!anchor) continue;
    const x = mirrored ? width - anchor.x : anchor.x;
    ctx.save();
    if (mirrored) ctx.setTransform(-1, 0, 0, 1, width, 0);
    ctx.fillStyle = color;
    ctx.strokeStyle = 'rgba(0,0,0,0.7)';
    ctx.lineWidth = size / 6;
    ctx.strokeText(text, x, anchor.y - size * 0.6);
    ctx.fillText(text, x, anchor.y - size * 0.6);
    ctx.restore();
  }
}
