/** Per-person keypoint smoothing: one {@link OneEuroFilter} per keypoint coordinate. */
import { NUM_KEYPOINTS } from '../pose/schema';
import type { Person } from '../pose/types';
import { DEFAULT_ONE_EURO_PARAMS, OneEuroFilter, type OneEuroParams } from './one-euro';

/** Options of {@link KeypointSmoother}. */
export interface KeypointSmootherOptions {
  /** Filter parameters, in image heights (coordinates are divided by the image height before filtering). */
  filter: OneEuroParams;
  /** Keypoints with a score below this are treated as missing. Default 0.1 (OpenPose peak threshold). */
  minScore: number;
  /**
   * A keypoint missing for longer than this restarts its filter when it comes back, so it does not slide
   * in from where it was lost. Default 300 ms (~10 frames at 30 fps).
   */
  resetAfterMs: number;
}

export const DEFAULT_KEYPOINT_SMOOTHER_OPTIONS: Readonly<KeypointSmootherOptions> = Object.freeze({
  filter: DEFAULT_ONE_EURO_PARAMS,
  minScore: 0.1,
  resetAfterMs: 300,
});

/**
 * Smooths one person's COCO-18 keypoints over time. Input and output are flat arrays of
 * `(x, y, score)` per keypoint in schema order (pixels); missing keypoints come out with score 0.
 * Keep one instance per tracked person. Allocation-free after construction.
 */
export class KeypointSmoother {
  readonly options: KeypointSmootherOptions;
  private readonly fx: OneEuroFilter[] = [];
  private readonly fy: OneEuroFilter[] = [];
  private readonly lastSeenMs = new Float64Array(NUM_KEYPOINTS).fill(-Infinity);

  constructor(options: Partial<KeypointSmootherOptions> = {}) {
    this.options = { ...DEFAULT_KEYPOINT_SMOOTHER_OPTIONS, ...options };
    for (let k = 0; k < NUM_KEYPOINTS; k++) {
      this.fx.push(new OneEuroFilter(this.options.filter));
      this.fy.push(new OneEuroFilter(this.options.filter));
    }
  }

  /** Restarts every filter. */
  reset(): void {
    for (let k = 0; k < NUM_KEYPOINTS; k++) {
      this.fx[k].reset();
      this.fy[k].reset();
      this.lastSeenMs[k] = -Infinity;
    }
  }

  /**
   * Smooths `input` (`(x, y, score) × 18`, pixels) observed at `timestampMs` into `out` (same layout;
   * may be the same array). Non-finite coordinates count as missing.
   */
  smooth(input: ArrayLike<number>, imageHeight: number, timestampMs: number, out: Float32Array | Float64Array): void {
    const h = imageHeight > 0 && Number.isFinite(imageHeight) ? imageHeight : 1;
    const { minScore, resetAfterMs } = this.options;
    for (let k = 0; k < NUM_KEYPOINTS; k++) {
      const x = input[3 * k];
      const y = input[3 * k + 1];
      const s = input[3 * k + 2];
      if (!(s >= minScore) || !Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(s)) {
        out[3 * k] = 0;
        out[3 * k + 1] = 0;
        out[3 * k + 2] = 0;
        continue;
      }
      if (timestampMs - this.lastSeenMs[k] > resetAfterMs) {
        this.fx[k].reset();
        this.fy[k].reset();
      }
      this.lastSeenMs[k] = timestampMs;
      out[3 * k] = this.fx[k].filter(x / h, timestampMs) * h;
      out[3 * k + 1] = this.fy[k].filter(y / h, timestampMs) * h;
      out[3 * k + 2] = s;
    }
  }

  /** Convenience: smooths a {@link Person} into `out` (`(x, y, score) × 18`). */
  smoothPerson(person: Person, imageHeight: number, timestampMs: number, out: Float32Array | Float64Array): void {
    personToArray(person, out);
    this.smooth(out, imageHeight, timestampMs, out);
  }
}

/** Copies a person's keypoints into a flat `(x, y, score) × 18` array; missing entries get score 0. */
export function personToArray(person: Person | null | undefined, out: Float32Array | Float64Array): void {
  const kps = person?.keypoints;
  for (let k = 0; k < NUM_KEYPOINTS; k++) {
    const kp = kps && k < kps.length ? kps[k] : undefined;
    if (!kp) {
      out[3 * k] = 0;
      out[3 * k + 1] = 0;
      out[3 * k + 2] = 0;
    } else {
      out[3 * k] = kp.x;
      out[3 * k + 1] = kp.y;
      out[3 * k + 2] = kp.score;
    }
  }
}

export { type OneEuroParams };
