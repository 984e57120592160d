/**
 * Per-identity hand landmark smoothing: one {@link OneEuroFilter} per coordinate of the 21 metric
 * ("world") landmarks of each hand, the points the finger and wrist bones are solved from
 * (src/app/hand-bones.ts). The raw landmarks jitter by millimetres from frame to frame, which the
 * finger bones turn into visible trembling; the One Euro filter removes it while the hand is still and
 * opens up as soon as fingers move.
 */
import type { HandSide } from '../hands/hand-crop';
import { OneEuroFilter, type OneEuroParams } from './one-euro';

/** A 3-D point (the shape of a hand's world landmark). */
export interface HandPoint {
  x: number;
  y: number;
  z: number;
}

/** Landmarks per hand (MediaPipe / OpenPose hand order). */
export const HAND_SMOOTHER_LANDMARKS = 21;
/** Filtered values per hand: x, y, z of each landmark. */
const VALUES_PER_HAND = HAND_SMOOTHER_LANDMARKS * 3;
const SIDES: readonly HandSide[] = ['left', 'right'];
const sideIndex = (side: HandSide): number => (side === 'left' ? 0 : 1);

/**
 * One Euro parameters for world landmarks, in metres (origin at the hand's centre, so moving the whole
 * hand does not count as speed; curling fingers and turning the hand do).
 * - `minCutoff` 1 Hz: on a still hand with ~2 mm jitter at 30 fps the error left is 36 % of the raw
 *   one and the frame-to-frame trembling 16 % (tests/track/hand-smoother.test.ts).
 * - `beta` 20 per (m/s): a 5 cm jump (a fingertip closing into the palm) opens the cutoff to ~6–8 Hz,
 *   so the output covers 56 %, 83 %, 93 % of it in the first three frames at 30 fps, no overshoot.
 * - `dCutoff` 1 Hz: the speed estimate's own smoothing, the One Euro paper's default.
 */
export const HAND_ONE_EURO_PARAMS: Readonly<OneEuroParams> = Object.freeze({ minCutoff: 1, beta: 20, dCutoff: 1 });

/**
 * A hand not seen for longer than this restarts its filters when it comes back, so it does not slide in
 * from the pose it was lost in. 250 ms: a missed crop or two at 15–30 fps keeps the filter state; a hand
 * that left the view (or was put down) starts fresh.
 */
export const HAND_RESET_AFTER_MS = 250;

export interface HandSmootherOptions {
  /** Filter parameters, metres. Default {@link HAND_ONE_EURO_PARAMS}. */
  filter: OneEuroParams;
  /** Default {@link HAND_RESET_AFTER_MS}. */
  resetAfterMs: number;
}

export const DEFAULT_HAND_SMOOTHER_OPTIONS: Readonly<HandSmootherOptions> = Object.freeze({
  filter: HAND_ONE_EURO_PARAMS,
  resetAfterMs: HAND_RESET_AFTER_MS,
});

/**
 * Smooths the world landmarks of one person's two hands over time (keep one per tracked identity; sides
 * are the person's own). Allocation-free after construction: the filters, the last-seen times (typed
 * array) and the output points are made once and reused.
 */
export class HandSmoother {
  readonly options: HandSmootherOptions;
  /** Per side, {@link VALUES_PER_HAND} filters: landmark k's x, y, z at 3k, 3k+1, 3k+2. */
  private readonly filters: OneEuroFilter[][];
  /** Per side, the timestamp the hand was last smoothed at (−∞: never, or reset). */
  private readonly lastSeenMs = new Float64Array(SIDES.length).fill(Number.NEGATIVE_INFINITY);
  /** Per side, the smoothed landmarks (reused objects, rewritten by each call for that side). */
  private readonly points: HandPoint[][];

  constructor(options: Partial<HandSmootherOptions> = {}) {
    this.options = { ...DEFAULT_HAND_SMOOTHER_OPTIONS, ...options };
    this.filters = SIDES.map(() => Array.from({ length: VALUES_PER_HAND }, () => new OneEuroFilter(this.options.filter)));
    this.points = SIDES.map(() => Array.from({ length: HAND_SMOOTHER_LANDMARKS }, () => ({ x: 0, y: 0, z: 0 })));
  }

  /** Restarts the filters of one side, or of both. */
  reset(side?: HandSide): void {
    for (const s of side ? [side] : SIDES) {
      const i = sideIndex(s);
      for (const f of this.filters[i]) f.reset();
      this.lastSeenMs[i] = Number.NEGATIVE_INFINITY;
    }
  }

  /**
   * Smooths `side`'s 21 world landmarks observed at `timestampMs`. Returns the smoothed points in an
   * array owned by the smoother (valid until the next call for that side). A hand unseen for longer than
   * `resetAfterMs` (or seen for the first time) passes through and restarts the filters. Non-finite
   * coordinates keep that coordinate's previous output.
   */
  smooth(side: HandSide, points: readonly HandPoint[], timestampMs: number): readonly HandPoint[] {
    if (points.length < HAND_SMOOTHER_LANDMARKS) throw new RangeError(`a hand has ${HAND_SMOOTHER_LANDMARKS} landmarks, got ${points.length}`);
    const i = sideIndex(side);
    if (!(timestampMs - this.lastSeenMs[i] <= this.options.resetAfterMs)) {
      for (const f of this.filters[i]) f.reset();
    }
    this.lastSeenMs[i] = timestampMs;
    const filters = this.filters[i];
    const out = this.points[i];
    for (let k = 0; k < HAND_SMOOTHER_LANDMARKS; k++) {
      const p = points[k];
      const o = out[k];
      o.x = filters[3 * k].filter(p.x, timestampMs);
      o.y = filters[3 * k + 1].filter(p.y, timestampMs);
      o.z = filters[3 * k + 2].filter(p.z, timestampMs);
    }
    return out;
  }
}
