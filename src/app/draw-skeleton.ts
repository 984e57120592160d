/** Draws a frame's people as 2D skeletons (the 17 drawable COCO-18 limbs) over the source image. */
import { DRAWN_LIMB_COUNT, LIMBS } from '../pose/schema';
import type { Person } from '../pose/types';

/** Stroke width as a fraction of the image's shorter side, so skeletons read at any resolution. */
const LINE_WIDTH_FRACTION = 1 / 160;
const MIN_LINE_WIDTH = 2;

/** One hue per limb (OpenPose's rainbow ordering), so left and right sides are easy to tell apart. */
const limbColour = (i: number): string => `hsl(${Math.round((i * 360) / DRAWN_LIMB_COUNT)}, 90%, 55%)`;

/**
 * Draws `source` to fill `ctx`'s canvas (resized to the source) and the skeletons on top.
 * `people` are in source pixels.
 */
export function drawFrame(ctx: CanvasRenderingContext2D, source: CanvasImageSource, width: number, height: number, people: readonly Person[]): void {
  const canvas = ctx.canvas;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  ctx.drawImage(source, 0, 0, width, height);
  const lineWidth = Math.max(MIN_LINE_WIDTH, Math.min(width, height) * LINE_WIDTH_FRACTION);
  ctx.lineCap = 'round';
  ctx.lineWidth = lineWidth;
  for (const person of people) {
    const kp = person.keypoints;
    for (let i = 0; i < DRAWN_LIMB_COUNT; i++) {
      const { a, b } = LIMBS[i];
      if (kp[a].score <= 0 || kp[b].score <= 0) continue;
      ctx.strokeStyle = limbColour(i);
      ctx.beginPath();
      ctx.moveTo(kp[a].x, kp[a].y);
      ctx.lineTo(kp[b].x, kp[b].y);
      ctx.stroke();
    }
    ctx.fillStyle = '#fff';
    for (const k of kp) {
      if (k.score <= 0) continue;
      ctx.beginPath();
      ctx.arc(k.x, k.y, lineWidth * 0.75, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
}
