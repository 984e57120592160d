/**
 * Depth-sign hypotheses of a limb (or of both legs together), tracked over frames.
 *
 * A joint seen in 2D at a known distance from its parent has two places in 3D: nearer or farther than
 * the point where the segment is perpendicular to the line of sight. Each segment's choice is a signed
 * branch offset u ∈ [-1, 1] (depth beyond that point over the segment length), and a limb's state is
 * the choice for each of its segments (2 segments → 4 states; both legs → 16).
 *
 * A greedy choice (the cheapest state given the one chosen last frame) cannot take back a wrong pick
 * made where the limb crossed the image plane: once the limb has left the plane, going over to the
 * right side costs a large jump, so it stays wrong until a joint limit is broken. This filter keeps
 * every state alive instead (forward Viterbi): each state's cost is its own anatomical cost plus the
 * cheapest way of reaching it, i.e. the best earlier state plus the motion-continuity cost of the
 * transition, measured against the constant-velocity prediction of *that* state's own history (its
 * survivor path). The state reported is the cheapest: a hypothesis that kept agreeing with the anatomy
 * since the crossing overtakes the wrong one after a few frames, with no jump on its own path.
 *
 * All buffers are preallocated; `step` allocates nothing.
 */

/** Options of {@link BranchFilter}; every field has a default. */
export interface BranchFilterOptions {
  /**
   * Cost per squared difference between a segment's branch offset and its predicted offset (after
   * {@link freeBand} is taken off both): the price of a depth-sign change away from the image plane.
   * Default 0.7.
   */
  weight: number;
  /**
   * Offsets within this band of the image plane count as on it: calibrated lengths are a few % off
   * and a length 4 % long leaves |u| ≥ √(1 − 1/1.04²) ≈ 0.28 even at the true crossing, so sign
   * changes there are free and anatomy decides. Default 0.3.
   */
  freeBand: number;
  /** History older than this (s) predicts nothing (the limb may have moved anywhere). Default 0.3 s. */
  maxAgeS: number;
  /** Fraction of the last frame's offset velocity carried into the prediction (damped: noise). Default 0.8. */
  velocityGain: number;
}

export const DEFAULT_BRANCH_FILTER_OPTIONS: Readonly<BranchFilterOptions> = Object.freeze({
  weight: 0.7,
  freeBand: 0.3,
  maxAgeS: 0.3,
  velocityGain: 0.8,
});

export class BranchFilter {
  readonly states: number;
  readonly segments: number;
  readonly options: BranchFilterOptions;
  /**
   * Input, filled by the caller before each {@link step}: the signed branch offset of segment g in
   * state s at `offset[s · segments + g]`; NaN where the segment is not seen this frame.
   */
  readonly offset: Float64Array;
  /** Input: each state's own (anatomical) cost this frame; Infinity where the state is impossible. */
  readonly emission: Float64Array;

  private cost: Float64Array;
  private nextCost: Float64Array;
  private readonly back: Int32Array;
  /**
   * Survivor history per state and segment (entry i = s · segments + g): the last two offsets and their
   * times, `[u1, t1, u2, t2]` at 4·i; `nextHist` is written by a step and swapped in.
   */
  private hist: Float64Array;
  private nextHist: Float64Array;
  private readonly pred: Float64Array;
  private readonly banded: Float64Array;
  private lastS = -Infinity;

  constructor(states: number, segments: number, options: Partial<BranchFilterOptions> = {}) {
    if (!(states >= 1 && segments >= 1)) throw new RangeError('BranchFilter needs at least one state and one segment');
    this.states = states;
    this.segments = segments;
    this.options = { ...DEFAULT_BRANCH_FILTER_OPTIONS, ...options };
    const n = states * segments;
    this.offset = new Float64Array(n);
    this.emission = new Float64Array(states);
    this.cost = new Float64Array(states);
    this.nextCost = new Float64Array(states);
    this.back = new Int32Array(states);
    this.hist = new Float64Array(4 * n);
    this.nextHist = new Float64Array(4 * n);
    this.pred = new Float64Array(n);
    this.banded = new Float64Array(n);
    this.reset();
  }

  /** Forgets every hypothesis: the next step is decided by its emissions alone. */
  reset(): void {
    this.cost.fill(0);
    this.forgetHistory();
    this.lastS = -Infinity;
  }

  /** Every entry without history: offsets 0 at time −∞ (predicts nothing). */
  private forgetHistory(): void {
    const h = this.hist;
    for (let k = 0; k < h.length; k += 4) {
      h[k] = 0;
      h[k + 1] = -Infinity;
      h[k + 2] = 0;
      h[k + 3] = -Infinity;
    }
  }

  /** Cost of state `s` after the last step, relative to the best (0); Infinity when impossible. */
  stateCost(s: number): number {
    return this.cost[s];
  }

  /**
   * Advances every hypothesis to time `tS` (seconds, increasing) with the caller's `offset` and
   * `emission`, and returns the cheapest state.
   */
  step(tS: number): number {
    const S = this.states, G = this.segments;
    const { weight, maxAgeS } = this.options;
    // A limb unseen for longer than the history lasts starts over: its old costs say nothing now.
    if (!(tS - this.lastS <= maxAgeS)) {
      this.cost.fill(0);
      this.forgetHistory();
    }
    this.lastS = tS;
    const cost = this.cost, next = this.nextCost, back = this.back, off = this.offset, pred = this.pred, banded = this.banded;
    // Predictions and banded offsets once per step (NaN stays NaN), not once per state pair.
    for (let i = 0; i < S * G; i++) {
      pred[i] = this.predict(i, tS);
      banded[i] = this.band(off[i]);
    }

    for (let s = 0; s < S; s++) {
      const e = this.emission[s];
      if (!(e < Infinity)) {
        next[s] = Infinity;
        back[s] = -1;
        continue;
      }
      let best = Infinity, bp = -1;
      for (let p = 0; p < S; p++) {
        let c = cost[p];
        if (!(c < best)) continue;
        for (let g = 0; g < G; g++) {
          // NaN (segment unseen, or no recent history) adds nothing: the comparison below is false.
          const d = banded[s * G + g] - pred[p * G + g];
          if (d === d) c += weight * d * d;
        }
        if (c < best) {
          best = c;
          bp = p;
        }
      }
      next[s] = (bp >= 0 ? best : 0) + e;
      back[s] = bp;
    }

    // Survivor histories: each state continues its best predecessor's (none: no history), and adds this
    // frame's offset where the segment was seen.
    const h = this.hist, nh = this.nextHist;
    let min = Infinity, arg = 0;
    for (let s = 0; s < S; s++) {
      if (next[s] < min) {
        min = next[s];
        arg = s;
      }
      const p = back[s];
      for (let g = 0; g < G; g++) {
        const i = s * G + g, k = 4 * i, pk = 4 * (p * G + g);
        const u1 = p >= 0 ? h[pk] : 0, t1 = p >= 0 ? h[pk + 1] : -Infinity;
        const u = off[i];
        if (u !== u || next[s] === Infinity) {
          nh[k] = u1;
          nh[k + 1] = t1;
          nh[k + 2] = p >= 0 ? h[pk + 2] : 0;
          nh[k + 3] = p >= 0 ? h[pk + 3] : -Infinity;
        } else {
          nh[k] = u;
          nh[k + 1] = tS;
          nh[k + 2] = u1;
          nh[k + 3] = t1;
        }
      }
    }
    if (min < Infinity) for (let s = 0; s < S; s++) next[s] -= min;
    else next.fill(0);
    this.cost = next;
    this.nextCost = cost;
    this.hist = nh;
    this.nextHist = h;
    return arg;
  }

  /** Constant-velocity prediction of history entry i (band removed), NaN without recent history. */
  private predict(i: number, tS: number): number {
    const { maxAgeS, velocityGain } = this.options;
    const h = this.hist, k = 4 * i;
    const t1 = h[k + 1];
    if (!(tS - t1 <= maxAgeS)) return NaN;
    const u1 = this.band(h[k]);
    const t2 = h[k + 3];
    if (!(t1 - t2 > 0 && t1 - t2 <= maxAgeS)) return u1;
    const u2 = this.band(h[k + 2]);
    return u1 + ((u1 - u2) * velocityGain * (tS - t1)) / (t1 - t2);
  }

  /** A branch offset with the free band about the image plane taken off its magnitude (NaN stays NaN). */
  private band(u: number): number {
    if (u !== u) return u;
    const m = Math.abs(u) - this.options.freeBand;
    return m > 0 ? (u < 0 ? -m : m) : 0;
  }
}
