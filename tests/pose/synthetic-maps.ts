/**
 * Renders OpenPose training-style target maps for given skeletons: a Gaussian per keypoint in the
 * heatmaps and unit vectors along each limb in the PAFs (averaged where people overlap), the
 * maps a perfectly trained network would output. Used to test the decoder without a model.
 */
import { HEATMAP_CHANNELS, LIMBS, NUM_KEYPOINTS, PAF_CHANNELS } from '../../src/pose/schema';
import type { PoseMaps } from '../../src/pose/decoder';

/** 18 [x, y] points in network-input pixels; null where the keypoint is absent. */
export type Skeleton = ReadonlyArray<readonly [number, number] | null>;

export interface RenderOptions {
  /** Gaussian sigma in input pixels (Osokin's training uses 7). */
  sigma?: number;
  /** Half-width of a limb's PAF band in input pixels (training: 1 cell of stride 8). */
  pafHalfWidth?: number;
  /** Limb indices whose PAF is left empty (an occluded or missed limb). */
  dropLimbs?: readonly number[];
}

export function renderMaps(
  people: readonly Skeleton[],
  inputWidth: number,
  inputHeight: number,
  stride = 8,
  options: RenderOptions = {},
): PoseMaps {
  const sigma = options.sigma ?? 7;
  const half = options.pafHalfWidth ?? 8;
  const width = Math.ceil(inputWidth / stride);
  const height = Math.ceil(inputHeight / stride);
  const plane = width * height;
  const heatmaps = new Float32Array(HEATMAP_CHANNELS * plane);
  const pafs = new Float32Array(PAF_CHANNELS * plane);
  const pafCount = new Uint8Array(LIMBS.length * plane);
  const cx = (i: number) => (i + 0.5) * stride;
  for (const person of people) {
    for (let k = 0; k < NUM_KEYPOINTS; k++) {
      const p = person[k];
      if (!p) continue;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const d2 = (cx(x) - p[0]) ** 2 + (cx(y) - p[1]) ** 2;
          const v = Math.exp(-d2 / (2 * sigma * sigma));
          const i = k * plane + y * width + x;
          if (v > heatmaps[i]) heatmaps[i] = v;
        }
      }
    }
    LIMBS.forEach((limb, li) => {
      const a = person[limb.a], b = person[limb.b];
      if (!a || !b || options.dropLimbs?.includes(li)) return;
      const dx = b[0] - a[0], dy = b[1] - a[1];
      const len = Math.hypot(dx, dy);
      if (len === 0) return;
      const ux = dx / len, uy = dy / len;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const px = cx(x) - a[0], py = cx(y) - a[1];
          const along = px * ux + py * uy;
          const across = Math.abs(px * -uy + py * ux);
          if (along < -half || along > len + half || across > half) continue;
          const cell = y * width + x;
          const n = pafCount[li * plane + cell]++;
          const ix = limb.pafX * plane + cell, iy = limb.pafY * plane + cell;
          pafs[ix] = (pafs[ix] * n + ux) / (n + 1);
          pafs[iy] = (pafs[iy] * n + uy) / (n + 1);
        }
      }
    });
  }
  for (let i = 0; i < plane; i++) {
    let m = 0;
    for (let k = 0; k < NUM_KEYPOINTS; k++) m = Math.max(m, heatmaps[k * plane + i]);
    heatmaps[NUM_KEYPOINTS * plane + i] = 1 - m;
  }
  return { heatmaps, pafs, width, height, stride };
}

/**
 * A standing person facing the camera, `h` input pixels tall with the neck at (x, y).
 * Image-left is the person's right side.
 */
export function standingPerson(x: number, y: number, h: number): [number, number][] {
  const u = h / 8;
  const pts: Record<string, [number, number]> = {
    nose: [x, y - 0.8 * u],
    neck: [x, y],
    rightShoulder: [x - 0.9 * u, y + 0.1 * u],
    rightElbow: [x - 1.2 * u, y + 1.5 * u],
    rightWrist: [x - 1.3 * u, y + 2.9 * u],
    leftShoulder: [x + 0.9 * u, y + 0.1 * u],
    leftElbow: [x + 1.2 * u, y + 1.5 * u],
    leftWrist: [x + 1.3 * u, y + 2.9 * u],
    rightHip: [x - 0.5 * u, y + 3.2 * u],
    rightKnee: [x - 0.55 * u, y + 5.0 * u],
    rightAnkle: [x - 0.6 * u, y + 6.8 * u],
    leftHip: [x + 0.5 * u, y + 3.2 * u],
    leftKnee: [x + 0.55 * u, y + 5.0 * u],
    leftAnkle: [x + 0.6 * u, y + 6.8 * u],
    rightEye: [x - 0.25 * u, y - 1.05 * u],
    leftEye: [x + 0.25 * u, y - 1.05 * u],
    rightEar: [x - 0.55 * u, y - 0.95 * u],
    leftEar: [x + 0.55 * u, y - 0.95 * u],
  };
  return [
    'nose', 'neck', 'rightShoulder', 'rightElbow', 'rightWrist', 'leftShoulder', 'leftElbow', 'leftWrist',
    'rightHip', 'rightKnee', 'rightAnkle', 'leftHip', 'leftKnee', 'leftAnkle', 'rightEye', 'leftEye', 'rightEar', 'leftEar',
  ].map((n) => pts[n]);
}
