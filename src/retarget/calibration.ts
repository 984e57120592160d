/**
 * Per-person bone-length calibration. A limb's 2D length never exceeds its true length (at the person's
 * scale, up to perspective), so the long projections seen over time, relative to the torso, measure the
 * person's proportions. The longest one is a poor estimate: 2D noise, a torso foreshortened by a lean
 * (the reference shrinks) and a limb nearer the camera than the torso all inflate maxima, and every
 * percent of length error becomes depth error on every frame (a limb 10 % too long is lifted 25° out of
 * the image plane). So each segment keeps a slowly forgetting histogram of its observed ratios and the
 * estimate is a high percentile of it ({@link CalibrationOptions.percentile}), blended from the prior
 * while the first observations arrive. Left and right share one estimate (bodies are symmetric), which
 * also calibrates a limb that one side never stretches out.
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
   * Percentile of the observed ratios taken as the segment's length. 0.9: in everyday motion a limb
   * spends well over 10 % of the time within ~15° of the image plane (cos ≥ 0.97), while the top few
   * percent are outliers (noise, a leaning torso, a limb much nearer the camera than the torso).
   */
  percentile: number;
  /**
   * Seconds of observations after which the histogram alone sets the estimate; before, it is blended
   * linearly from the prior. 1 s: about one gait cycle, enough for a percentile to mean something.
   */
  warmupS: number;
  /**
   * Forgetting time constant (s) of the histogram: old observations fade so a wrong estimate (e.g. after
   * an identity swap) recovers. 30 s: a person's proportions do not change.
   */
  decayTimeS: number;
  /** @deprecated Unused since the percentile estimator; kept for option compatibility. */
  riseTimeS?: number;
  /** @deprecated Unused since the percentile estimator; kept for option compatibility. */
  warmupDecayTimeS?: number;
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
  percentile: 0.9,
  warmupS: 1,
  decayTimeS: 30,
  widthMeanTimeS: 1,
  prior: BODY_PRIOR_RATIOS,
});

/** Histogram range of segment / torso ratios (no human limb segment is 2.5 torso lengths long). */
const HIST_MAX_RATIO = 2.5;
/** Histogram bin width (torso units): 0.005 ≈ 0.5–1 % of a segment, below what the eval can resolve. */
const HIST_BIN = 0.005;
const HIST_BINS = Math.ceil(HIST_MAX_RATIO / HIST_BIN);
/** Observation weights grow instead of old bins decaying; they are rescaled before they get this big. */
const HIST_RESCALE_AT = 1e6;

/** Running estimate of one person's segment lengths in torso units. */
export class BodyCalibration {
  readonly options: CalibrationOptions;
  /** Current ratio per segment (index by {@link SEGMENT}). */
  readonly ratios = new Float64Array(CALIBRATED_SEGMENTS.length);
  /** Seconds of observations per segment. */
  readonly observedS = new Float64Array(CALIBRATED_SEGMENTS.length);
  private readonly hist = new Float64Array(CALIBRATED_SEGMENTS.length * HIST_BINS);
  private readonly mass = new Float64Array(CALIBRATED_SEGMENTS.length);
  /** Weight of the next observation per second of it (grows with time: lazy forgetting). */
  private readonly gain = new Float64Array(CALIBRATED_SEGMENTS.length);

  constructor(options: Partial<CalibrationOptions> = {}) {
    this.options = { ...DEFAULT_CALIBRATION_OPTIONS, ...options };
    this.reset();
  }

  reset(): void {
    CALIBRATED_SEGMENTS.forEach((s, i) => {
      this.ratios[i] = this.options.prior[s];
      this.observedS[i] = 0;
    });
    this.hist.fill(0);
    this.mass.fill(0);
    this.gain.fill(1);
  }

  /**
   * Feeds one observed 2D length ratio (segment / torso) for `segment`; `dtS` is the time this observation
   * stands for (split it between the two sides of a symmetric pair).
   */
  observe(segment: number, ratio: number, dtS: number): void {
    if (!(ratio > 0) || !Number.isFinite(ratio) || !(dtS > 0)) return;
    const o = this.options;
    const base = segment * HIST_BINS;
    const bin = Math.min(HIST_BINS - 1, Math.floor(ratio / HIST_BIN));
    const tau = o.decayTimeS > 0 ? o.decayTimeS : Infinity;
    let g = this.gain[segment] * Math.exp(dtS / tau);
    if (g > HIST_RESCALE_AT) {
      const k = 1 / g;
      for (let i = 0; i < HIST_BINS; i++) this.hist[base + i] *= k;
      this.mass[segment] *= k;
      g = 1;
    }
    this.gain[segment] = g;
    const w = g * dtS;
    this.hist[base + bin] += w;
    this.mass[segment] += w;
    this.observedS[segment] += dtS;
    // Percentile, scanning down from the top (the wanted tail is short), interpolated within the bin.
    const tail = (1 - Math.min(1, Math.max(0, o.percentile))) * this.mass[segment];
    let acc = 0;
    let est = HIST_BIN * 0.5;
    for (let i = HIST_BINS - 1; i >= 0; i--) {
      const h = this.hist[base + i];
      if (acc + h >= tail && h > 0) {
        est = (i + 1 - (tail - acc) / h) * HIST_BIN;
        break;
      }
      acc += h;
    }
    const prior = o.prior[CALIBRATED_SEGMENTS[segment]];
    const a = o.warmupS > 0 ? Math.min(1, this.observedS[segment] / o.warmupS) : 1;
    this.ratios[segment] = prior + (est - prior) * a;
  }

  /** Feeds an unbiased measurement of `segment` (e.g. a de-rotated width) into a running mean. */
  observeMean(segment: number, ratio: number, dtS: number): void {
    if (!(ratio > 0) || !Number.isFinite(ratio) || !(dtS > 0)) return;
    const cur = this.ratios[segment];
    this.ratios[segment] = cur + (ratio - cur) * (1 - Math.exp(-dtS / this.options.widthMeanTimeS));
    this.observedS[segment] += dtS;
  }
}
