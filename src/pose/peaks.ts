/**
 * Heatmap peak finding on the network's stride-8 output grid, with subpixel refinement.
 * The reference decoders first upsample all 19 heatmaps ×4 (bicubic) and search the big maps; here
 * each peak is refined locally instead, so upsampling cost is paid only where a peak is.
 */

/** How a peak's position is refined between grid cells. */
export type SubpixelMode = 'log-quadratic' | 'quadratic' | 'none';

/** Candidate keypoints of every type, in flat typed arrays reused across frames. */
export class PeakSet {
  /** Position in network-input pixels (continuous coordinates). */
  x: Float32Array;
  y: Float32Array;
  score: Float32Array;
  /** Keypoint type of each candidate. */
  part: Uint8Array;
  /** Candidates of type t are [start[t], start[t + 1]). */
  readonly start: Int32Array;
  count = 0;

  constructor(parts: number, capacity = 256) {
    this.x = new Float32Array(capacity);
    this.y = new Float32Array(capacity);
    this.score = new Float32Array(capacity);
    this.part = new Uint8Array(capacity);
    this.start = new Int32Array(parts + 1);
  }

  /** Number of candidates of one type. */
  countOf(part: number): number {
    return this.start[part + 1] - this.start[part];
  }

  push(x: number, y: number, score: number, part: number): void {
    if (this.count === this.x.length) this.grow();
    const i = this.count++;
    this.x[i] = x;
    this.y[i] = y;
    this.score[i] = score;
    this.part[i] = part;
  }

  private grow(): void {
    const n = this.x.length * 2;
    const grow = <T extends Float32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.x = grow(this.x, (k) => new Float32Array(k));
    this.y = grow(this.y, (k) => new Float32Array(k));
    this.score = grow(this.score, (k) => new Float32Array(k));
    this.part = grow(this.part, (k) => new Uint8Array(k));
  }
}

export interface PeakOptions {
  /** Heatmap value a peak must exceed. Default 0.1 (Osokin keypoints.py, CMU render threshold 0.05–0.1). */
  threshold: number;
  /** Peaks of one type closer than this (network-input pixels) keep only the stronger. Default 12:
   * Osokin suppresses within 6 cells of the ×4 upsampled map, i.e. 6 × 8/4 input pixels. */
  minDistance: number;
  /** Subpixel refinement. Default 'log-quadratic': OpenPose heatmaps are Gaussians, whose log is a parabola. */
  subpixel: SubpixelMode;
  /** At most this many candidates per keypoint type, strongest first. Default 64. */
  maxPerPart: number;
}

export const DEFAULT_PEAK_OPTIONS: Readonly<PeakOptions> = Object.freeze({
  threshold: 0.1,
  minDistance: 12,
  subpixel: 'log-quadratic',
  maxPerPart: 64,
});

/** Values at or below this are treated as zero when fitting in log space. */
const LOG_FLOOR = 1e-4;

/** Offset (−0.5..0.5 cells) of a parabola's vertex through (−1, l), (0, c), (1, r). */
function vertex(l: number, c: number, r: number): number {
  const den = l - 2 * c + r;
  if (!(den < 0)) return 0; // not a maximum (flat or upward): keep the cell centre
  const d = (0.5 * (l - r)) / den;
  return d > 0.5 ? 0.5 : d < -0.5 ? -0.5 : d;
}

function refine(mode: SubpixelMode, l: number, c: number, r: number): number {
  if (mode === 'none') return 0;
  if (mode === 'log-quadratic' && l > LOG_FLOOR && r > LOG_FLOOR) return vertex(Math.log(l), Math.log(c), Math.log(r));
  return vertex(l, c, r);
}

/**
 * Finds every local maximum (4-neighbourhood, the reference decoders' test) above the threshold in
 * channels [0, parts) of `heatmaps` ([channels, height, width], row-major), refines it, suppresses
 * near duplicates and appends the survivors to `out` grouped by type.
 */
export function findPeaks(
  heatmaps: Float32Array,
  width: number,
  height: number,
  stride: number,
  parts: number,
  options: PeakOptions,
  out: PeakSet,
): PeakSet {
  out.count = 0;
  const plane = width * height;
  const { threshold, subpixel } = options;
  const minD2 = options.minDistance * options.minDistance;
  for (let p = 0; p < parts; p++) {
    out.start[p] = out.count;
    const base = p * plane;
    for (let y = 0; y < height; y++) {
      const row = base + y * width;
      for (let x = 0; x < width; x++) {
        const c = heatmaps[row + x];
        if (!(c > threshold)) continue;
        const l = x > 0 ? heatmaps[row + x - 1] : 0;
        const r = x < width - 1 ? heatmaps[row + x + 1] : 0;
        const u = y > 0 ? heatmaps[row + x - width] : 0;
        const d = y < height - 1 ? heatmaps[row + x + width] : 0;
        // Strict on one side, non-strict on the other: a two-cell plateau yields exactly one peak.
        if (!(c > l && c >= r && c > u && c >= d)) continue;
        const px = (x + 0.5 + refine(subpixel, l, c, r)) * stride;
        const py = (y + 0.5 + refine(subpixel, u, c, d)) * stride;
        out.push(px, py, c, p);
      }
    }
    suppressAndCap(out, out.start[p], minD2, options.maxPerPart);
  }
  out.start[parts] = out.count;
  return out;
}

/** Sorts the candidates from `from` by score (descending), drops those within the NMS radius of a
 * stronger one, and keeps at most `cap`. Insertion sort: a part has a handful of candidates. */
function suppressAndCap(s: PeakSet, from: number, minD2: number, cap: number): void {
  const { x, y, score } = s;
  for (let i = from + 1; i < s.count; i++) {
    const xi = x[i], yi = y[i], si = score[i];
    let j = i - 1;
    while (j >= from && score[j] < si) {
      x[j + 1] = x[j];
      y[j + 1] = y[j];
      score[j + 1] = score[j];
      j--;
    }
    x[j + 1] = xi;
    y[j + 1] = yi;
    score[j + 1] = si;
  }
  let kept = from;
  for (let i = from; i < s.count && kept - from < cap; i++) {
    let near = false;
    for (let k = from; k < kept; k++) {
      const dx = x[i] - x[k], dy = y[i] - y[k];
      if (dx * dx + dy * dy < minD2) {
        near = true;
        break;
      }
    }
    if (near) continue;
    x[kept] = x[i];
    y[kept] = y[i];
    score[kept] = score[i];
    kept++;
  }
  s.count = kept;
}
