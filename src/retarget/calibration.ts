/**
 * Per-person bone-length calibration. A limb's 2D length never exceeds its true length (at the person's
 * scale, up to perspective), so the long projections seen over time, relative to the torso, measure the
 * person's proportions. The longest one is a poor estimate: 2D noise, a torso foreshortened by a lean
 * (the reference shrinks) and a limb nearer the camera than the torso all inflate maxima, and every
 * percent of length error becomes depth error on every frame (a limb 10 % too long is lifted 25° out of
 * the image plane). So each segment keeps a slowly forgetting histogram of its observed ratios and the
 * estimate is a high percentile of it ({@link CalibrationOptions.percentile}); while the first
 * observations arrive, one below the prior is blended from the prior, one above it is used at once (it
 * already proves the prior short). Left and right share one estimate (bodies are symmetric), which also
 * calibrates a limb that one side never stretches out.
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
   * Percentile of the observed ratios taken as the segment's length. 0.86: in everyday motion a limb
   * spends well over 14 % of the time within ~15° of the image plane (cos ≥ 0.97), while the top decile
   * is dominated by inflating errors (2D noise, a torso foreshortened by a lean, the perspective factor
   * taken from a segment depth solved on the wrong side). Measured on the CMU round trip: 0.9 overshoots
   * the true lengths by 1–5 % (thighs/shins up to 16 % from the side), 0.8 lands within ±2 % for arms
   * and thighs. Since the solver takes the pinhole's off-axis stretch out of each observation (up to
   * 6 % for a shin at the image's edge, which had pushed every percentile up) 0.86 is best: round-trip
   * average (32 runs) 9.218° / 4.23 % flips at 0.8, 9.086° at 0.85, 9.075° / 4.04 % at 0.86, 9.088° at
   * 0.87, 9.190° at 0.9 (without taking the stretch off, 0.86 gave 9.265°). A segment that is rarely in
   * the image plane (shins seen from the front) is underestimated by any percentile; the ratio bounds
   * below ({@link ANTHROPOMETRIC_RATIO_BOUNDS}) raise it.
   */
  percentile: number;
  /**
   * Seconds of observations after which the histogram alone sets the estimate; before, an estimate
   * below the prior is blended linearly from the prior (one above it is taken at once: projections
   * never exceed the true length). 1 s: about one gait cycle, enough for a percentile to mean something.
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
  percentile: 0.86,
  warmupS: 1,
  decayTimeS: 30,
  widthMeanTimeS: 1,
  prior: BODY_PRIOR_RATIOS,
});

/**
 * Anthropometric consistency of the two segments of a limb, from Winter, "Biomechanics and Motor Control
 * of Human Movement" (4th ed., 2009), fig. 4.1 (fractions of stature): forearm 0.146 / upper arm 0.186
 * = 0.785 (brachial index), shank 0.246 / thigh 0.245 = 1.004 (crural index). Both indices vary between
 * adults with a standard deviation of about 3 %, so a pair whose estimates disagree with the ratio by
 * more than {@link RATIO_TOLERANCE} (≈ 2 SD) has one segment underestimated. Foreshortening only ever
 * shortens a segment's projections, so the shorter estimate is the suspect one: it is raised to the edge
 * of the band (the max-consistent estimate), the longer one is kept.
 */
export const ANTHROPOMETRIC_RATIO_BOUNDS = [
  { upper: 0, lower: 1, ratio: 0.146 / 0.186 },
  { upper: 2, lower: 3, ratio: 0.246 / 0.245 },
] as const;
/** Relative deviation from the Winter ratio allowed before the shorter segment is raised (≈ 2 SD). */
export const RATIO_TOLERANCE = 0.06;

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
  /** Per-segment estimates before the ratio bounds (the histogram percentile, or the running mean). */
  private readonly direct = new Float64Array(CALIBRATED_SEGMENTS.length);
  /** Seconds of observations per segment. */
  readonly observedS = new Float64Array(CALIBRATED_SEGMENTS.length);
  private readonly hist = new Float64Array(CALIBRATED_SEGMENTS.length * HIST_BINS);
  private readonly mass = new Float64Array(CALIBRATED_SEGMENTS.length);
  /** Weight of the next observation per second of it (grows with time: lazy forgetting). */
  private readonly gain = new Float64Array(CALIBRATED_SEGMENTS.length);
  /** Highest non-empty bin per segment: the percentile scan starts there, not at the 2.5-torso end. */
  private readonly topBin = new Int32Array(CALIBRATED_SEGMENTS.length);

  constructor(options: Partial<CalibrationOptions> = {}) {
    this.options = { ...DEFAULT_CALIBRATION_OPTIONS, ...options };
    this.reset();
  }

  reset(): void {
    CALIBRATED_SEGMENTS.forEach((s, i) => {
      this.ratios[i] = this.options.prior[s];
      this.direct[i] = this.ratios[i];
      this.observedS[i] = 0;
    });
    this.hist.fill(0);
    this.mass.fill(0);
    this.gain.fill(1);
    this.topBin.fill(-1);
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
    if (bin > this.topBin[segment]) this.topBin[segment] = bin;
    this.observedS[segment] += dtS;
    // Percentile, scanning down from the top (the wanted tail is short), interpolated within the bin.
    const tail = (1 - Math.min(1, Math.max(0, o.percentile))) * this.mass[segment];
    let acc = 0;
    let est = HIST_BIN * 0.5;
    for (let i = this.topBin[segment]; i >= 0; i--) {
      const h = this.hist[base + i];
      if (acc + h >= tail && h > 0) {
        est = (i + 1 - (tail - acc) / h) * HIST_BIN;
        break;
      }
      acc += h;
    }
    const prior = o.prior[CALIBRATED_SEGMENTS[segment]];
    const a = o.warmupS > 0 ? Math.min(1, this.observedS[segment] / o.warmupS) : 1;
    // Projections never exceed the true length (up to noise and perspective), so a percentile above the
    // prior proves the prior short and is taken at once; the warm-up blend only guards estimates below
    // the prior, which few, foreshortened observations give. A person with long legs (the CMU walk
    // subject's thighs are 1.03 torso lengths, the prior 0.85) was lifted with limbs 15 % short for the
    // first second, collapsing them into the image plane. Measured on the round-trip average (32 runs):
    // 10.90° → 10.59°, flips 7.06 → 6.65 % (starting from the subject's true lengths: 10.54°); trusting
    // it only after 0.1 s or 0.25 s of observations: 10.63°, 10.70°; warm-up 0.5 s or 2 s: ±0.03°.
    this.direct[segment] = est >= prior ? est : prior + (est - prior) * a;
    this.applyRatioBounds(segment);
  }

  /** Sets the public ratio of `segment` (and its limb partner) from the direct estimates and the ratio bounds. */
  private applyRatioBounds(segment: number): void {
    this.ratios[segment] = this.direct[segment];
    for (const b of ANTHROPOMETRIC_RATIO_BOUNDS) {
      if (segment !== b.upper && segment !== b.lower) continue;
      const up = this.direct[b.upper], lo = this.direct[b.lower];
      const minRatio = b.ratio * (1 - RATIO_TOLERANCE), maxRatio = b.ratio * (1 + RATIO_TOLERANCE);
      this.ratios[b.upper] = Math.max(up, lo / maxRatio);
      this.ratios[b.lower] = Math.max(lo, up * minRatio);
    }
  }

  /** Feeds an unbiased measurement of `segment` (e.g. a de-rotated width) into a running mean. */
  observeMean(segment: number, ratio: number, dtS: number): void {
    if (!(ratio > 0) || !Number.isFinite(ratio) || !(dtS > 0)) return;
    const cur = this.ratios[segment];
    this.ratios[segment] = cur + (ratio - cur) * (1 - Math.exp(-dtS / this.options.widthMeanTimeS));
    this.observedS[segment] += dtS;
  }
}
