/**
 * Part Affinity Field scoring of candidate limbs and greedy one-to-one matching (Cao et al. 2017;
 * Osokin modules/keypoints.py; CMU bodyPartConnectorBase.cpp).
 */
import type { Limb } from './schema';
import type { PeakSet } from './peaks';

export interface PafOptions {
  /** Points sampled along each candidate limb. Default 10 (both reference decoders). */
  samples: number;
  /** A sample counts when the field's projection on the limb direction exceeds this. Default 0.05. */
  minSampleScore: number;
  /** Share of samples that must count. Default 0.8 (the reference decoders require more than this). */
  minSuccessRatio: number;
  /** Limbs longer than this fraction of the input height are penalised by `min(0, frac·H/len − 1)`,
   * the reference decoders' distance prior against joining far-apart people. Default 0.5. */
  maxLimbHeightFraction: number;
}

export const DEFAULT_PAF_OPTIONS: Readonly<PafOptions> = Object.freeze({
  samples: 10,
  minSampleScore: 0.05,
  minSuccessRatio: 0.8,
  maxLimbHeightFraction: 0.5,
});

/** Bilinear sample of one channel at continuous grid coordinates, clamped to the map. */
function sample(map: Float32Array, offset: number, width: number, height: number, gx: number, gy: number): number {
  if (gx < 0) gx = 0;
  else if (gx > width - 1) gx = width - 1;
  if (gy < 0) gy = 0;
  else if (gy > height - 1) gy = height - 1;
  const x0 = Math.floor(gx), y0 = Math.floor(gy);
  const x1 = x0 + 1 < width ? x0 + 1 : x0;
  const y1 = y0 + 1 < height ? y0 + 1 : y0;
  const fx = gx - x0, fy = gy - y0;
  const r0 = offset + y0 * width, r1 = offset + y1 * width;
  const top = map[r0 + x0] + (map[r0 + x1] - map[r0 + x0]) * fx;
  const bottom = map[r1 + x0] + (map[r1 + x1] - map[r1 + x0]) * fx;
  return top + (bottom - top) * fy;
}

/**
 * Line-integral score of the limb from (ax, ay) to (bx, by), in network-input pixels, or −Infinity
 * when it fails the sample test. Samples the field bilinearly on the stride grid (cell centres sit at
 * (i + 0.5) · stride), which is what the reference's ×4 bicubic upsampling approximates.
 */
export function scoreLimb(
  pafs: Float32Array,
  width: number,
  height: number,
  stride: number,
  limb: Limb,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  o: PafOptions,
): number {
  const dx = bx - ax, dy = by - ay;
  const len = Math.hypot(dx, dy);
  if (!(len > 1e-6)) return -Infinity;
  const ux = dx / len, uy = dy / len;
  const plane = width * height;
  const offX = limb.pafX * plane, offY = limb.pafY * plane;
  let passed = 0;
  let sum = 0;
  const n = o.samples;
  for (let i = 0; i < n; i++) {
    const t = n > 1 ? i / (n - 1) : 0.5;
    const gx = (ax + dx * t) / stride - 0.5;
    const gy = (ay + dy * t) / stride - 0.5;
    const s = sample(pafs, offX, width, height, gx, gy) * ux + sample(pafs, offY, width, height, gx, gy) * uy;
    if (s > o.minSampleScore) {
      passed++;
      sum += s;
    }
  }
  if (!(passed / n > o.minSuccessRatio)) return -Infinity;
  const prior = Math.min(0, (o.maxLimbHeightFraction * height * stride) / len - 1);
  const score = sum / passed + prior;
  return score > 0 ? score : -Infinity;
}

/** Matched limbs of one type: candidate indices into the PeakSet and their PAF scores. */
export class Connections {
  a: Int32Array;
  b: Int32Array;
  score: Float32Array;
  count = 0;
  constructor(capacity = 256) {
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.score = new Float32Array(capacity);
  }
  reserve(n: number): void {
    if (n <= this.a.length) return;
    const cap = Math.max(n, this.a.length * 2);
    this.a = new Int32Array(cap);
    this.b = new Int32Array(cap);
    this.score = new Float32Array(cap);
  }
}

/**
 * Scores every candidate pair of one limb and keeps the best one-to-one set: pairs sorted by PAF
 * score, each candidate used at most once (the reference decoders' greedy matching).
 * `pairs` is scratch space; the result is written to `out`.
 */
export function matchLimb(
  pafs: Float32Array,
  width: number,
  height: number,
  stride: number,
  limb: Limb,
  peaks: PeakSet,
  o: PafOptions,
  pairs: Connections,
  out: Connections,
): Connections {
  out.count = 0;
  pairs.count = 0;
  const a0 = peaks.start[limb.a], a1 = peaks.start[limb.a + 1];
  const b0 = peaks.start[limb.b], b1 = peaks.start[limb.b + 1];
  if (a0 === a1 || b0 === b1) return out;
  pairs.reserve((a1 - a0) * (b1 - b0));
  for (let i = a0; i < a1; i++) {
    for (let j = b0; j < b1; j++) {
      const s = scoreLimb(pafs, width, height, stride, limb, peaks.x[i], peaks.y[i], peaks.x[j], peaks.y[j], o);
      if (s === -Infinity) continue;
      // Insertion into a list kept sorted by score, descending.
      let k = pairs.count++;
      while (k > 0 && pairs.score[k - 1] < s) {
        pairs.a[k] = pairs.a[k - 1];
        pairs.b[k] = pairs.b[k - 1];
        pairs.score[k] = pairs.score[k - 1];
        k--;
      }
      pairs.a[k] = i;
      pairs.b[k] = j;
      pairs.score[k] = s;
    }
  }
  const maxConnections = Math.min(a1 - a0, b1 - b0);
  out.reserve(maxConnections);
  for (let k = 0; k < pairs.count && out.count < maxConnections; k++) {
    const i = pairs.a[k], j = pairs.b[k];
    let used = false;
    for (let m = 0; m < out.count; m++) {
      if (out.a[m] === i || out.b[m] === j) {
        used = true;
        break;
      }
    }
    if (used) continue;
    out.a[out.count] = i;
    out.b[out.count] = j;
    out.score[out.count] = pairs.score[k];
    out.count++;
  }
  return out;
}
