/**
 * The One Euro filter (Casiez, Roussel & Vogel, CHI 2012): an adaptive low-pass filter whose cutoff
 * rises with speed, so slow motion is smoothed hard (no jitter) and fast motion lags little.
 */

/** One Euro filter parameters. Units follow the filtered signal (values per second for `beta`). */
export interface OneEuroParams {
  /** Cutoff frequency at zero speed, Hz. Lower = smoother when still, more lag. */
  minCutoff: number;
  /** Speed coefficient: cutoff grows by `beta × |speed|` (speed in signal units per second). */
  beta: number;
  /** Cutoff frequency for the speed estimate, Hz. */
  dCutoff: number;
}

/**
 * Defaults for keypoints measured in image heights (the {@link KeypointSmoother} unit): tuned on the
 * CMU round trip with 2 px noise at 480 px (see tests/retarget). 1.5 Hz at rest removes pixel jitter;
 * beta 4 (per image-height per second) opens the filter to ~5 Hz for a limb crossing the frame in a second.
 */
export const DEFAULT_ONE_EURO_PARAMS: Readonly<OneEuroParams> = Object.freeze({ minCutoff: 1.5, beta: 4, dCutoff: 1.0 });

/** Frame interval assumed when timestamps do not advance (duplicate or out-of-order frames): 30 fps. */
export const ONE_EURO_FALLBACK_DT_S = 1 / 30;

function smoothingFactor(cutoffHz: number, dtS: number): number {
  const tau = 1 / (2 * Math.PI * cutoffHz);
  return 1 / (1 + tau / dtS);
}

/** A scalar One Euro filter. Allocation-free; non-finite inputs are ignored (the last output is returned). */
export class OneEuroFilter {
  /** Parameters; may be changed at any time. */
  readonly params: OneEuroParams;
  private x = 0;
  private dx = 0;
  private lastMs = 0;
  private initialized = false;

  constructor(params: Partial<OneEuroParams> = {}) {
    this.params = { ...DEFAULT_ONE_EURO_PARAMS, ...params };
  }

  /** Whether the filter has a state (has seen a finite value since the last reset). */
  get hasValue(): boolean {
    return this.initialized;
  }

  /** The last output. */
  get value(): number {
    return this.x;
  }

  /** Forgets the state: the next sample passes through unfiltered. */
  reset(): void {
    this.initialized = false;
    this.dx = 0;
  }

  /** Filters `value` observed at `timestampMs`; returns the smoothed value. */
  filter(value: number, timestampMs: number): number {
    if (!Number.isFinite(value)) return this.x;
    if (!this.initialized) {
      this.x = value;
      this.dx = 0;
      this.lastMs = timestampMs;
      this.initialized = true;
      return value;
    }
    let dt = (timestampMs - this.lastMs) / 1000;
    if (!(dt > 0) || !Number.isFinite(dt)) dt = ONE_EURO_FALLBACK_DT_S;
    this.lastMs = Number.isFinite(timestampMs) ? timestampMs : this.lastMs + dt * 1000;
    const { minCutoff, beta, dCutoff } = this.params;
    const rawDx = (value - this.x) / dt;
    this.dx += smoothingFactor(dCutoff, dt) * (rawDx - this.dx);
    const cutoff = minCutoff + beta * Math.abs(this.dx);
    this.x += smoothingFactor(cutoff, dt) * (value - this.x);
    return this.x;
  }
}
