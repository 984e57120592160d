/**
 * Per-person bone-length calibration. A limb's 2D length never exceeds its true length (at the person's
 * scale), so the longest projections seen over time, relative to the torso, measure the person's
 * proportions. An upper envelope tracker follows rises quickly (but not single noisy spikes) and decays
 * slowly, so a wrong early estimate can recover. Left and right share one estimate (bodies are symmetric),
 * which also calibrates a limb that one side never stretches out.
 */
import { BODY_PRIOR_RATIOS } from './anthropometry';

/** Calibrated segments, all relative to the torso (hip-joint midpoint → shoulder midpoint = 1). */
export const CALIBRATED_SEGMENTS = ['upperArm', 'forearm', 'thigh', 'shin', 'shoulderWidth', 'hipWidth'] as const;
export type CalibratedSegment = (typeof CALIBRATED_SEGMENTS)[number];
export const SEGMENT = Object.freeze(
  Object.fromEntries(CALIBRATED_SEGMENTS.map((n, i) => [n, i])) as { readonly [K in CalibratedSegment]: number },
);

/** Options of {@link BodyCalibration}. */
export interface CalibrationOptions {
  /**
   * Time constant (s) with which the estimate rises toward a longer observation. 0.25 s: a limb held
   * straight for a few frames is adopted, a one-frame detector spike moves it only a little.
   */
  riseTimeS: number;
  /** Time constant (s) with which the estimate sinks toward shorter observations after warm-up. 30 s. */
  decayTimeS: number;
  /** Seconds of observations during which the estimate also sinks quickly (from the prior). 1.5 s. */
  warmupS: number;
  /** Sink time constant during warm-up, s. 0.5 s. */
  warmupDecayTimeS: number;
  /**
   * Time constant (s) of the running mean used for the shoulder and hip widths. Widths are not measured
   * by their longest projection (a person may never face the camera squarely) but by de-rotating each
   * 2D width with the head's yaw while the person faces the camera; 1 s averages head/torso twist out.
   */
  widthMeanTimeS: number;
  /** Starting ratios (human averages, see anthropometry.ts). */
  prior: { readonly [K in CalibratedSegment]: number };
}

export const DEFAULT_CALIBRATION_OPTIONS: Readonly<CalibrationOptions> = Object.freeze({
  riseTimeS: 0.25,
  decayTimeS: 30,
  warmupS: 1.5,
  warmupDecayTimeS: 0.5,
  widthMeanTimeS: 1,
  prior: BODY_PRIOR_RATIOS,
});

/** Running estimate of one person's segment lengths in torso units. */
export class BodyCalibration {
  readonly options: CalibrationOptions;
  /** Current ratio per segment (index by {@link SEGMENT}). */
  readonly ratios = new Float64Array(CALIBRATED_SEGMENTS.length);
  /** Seconds of observations per segment. */
  readonly observedS = new Float64Array(CALIBRATED_SEGMENTS.length);

  constructor(options: Partial<CalibrationOptions> = {}) {
    this.options = { ...DEFAULT_CALIBRATION_OPTIONS, ...options };
    this.reset();
  }

  reset(): void {
    CALIBRATED_SEGMENTS.forEach((s, i) => {
      this.ratios[i] = this.options.prior[s];
      this.observedS[i] = 0;
    });
  }

  /**
   * Feeds one observed 2D length ratio (segment / torso) for `segment`; `dtS` is the time this observation
   * stands for (split it between the two sides of a symmetric pair).
   */
  observe(segment: number, ratio: number, dtS: number): void {
    if (!(ratio > 0) || !Number.isFinite(ratio) || !(dtS > 0)) return;
    const o = this.options;
    const cur = this.ratios[segment];
    const warm = this.observedS[segment] < o.warmupS;
    const tau = ratio > cur ? o.riseTimeS : warm ? o.warmupDecayTimeS : o.decayTimeS;
    this.ratios[segment] = cur + (ratio - cur) * (1 - Math.exp(-dtS / tau));
    this.observedS[segment] += dtS;
  }

  /** Feeds an unbiased measurement of `segment` (e.g. a de-rotated width) into a running mean. */
  observeMean(segment: number, ratio: number, dtS: number): void {
    if (!(ratio > 0) || !Number.isFinite(ratio) || !(dtS > 0)) return;
    const cur = this.ratios[segment];
    this.ratios[segment] = cur + (ratio - cur) * (1 - Math.exp(-dtS / this.options.widthMeanTimeS));
    this.observedS[segment] += dtS;
  }
}
