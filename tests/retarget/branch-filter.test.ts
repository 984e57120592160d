/**
 * BranchFilter: depth-sign hypotheses kept alive over frames (forward Viterbi over the combinations of
 * a limb's segment signs), so a wrong pick at an image-plane crossing is taken back.
 */
import { describe, expect, it } from 'vitest';
import { BranchFilter } from '../../src/retarget/branch-filter';

const DT = 1 / 30;
const OPTS = { weight: 1.5, freeBand: 0, maxAgeS: 0.3, velocityGain: 1 };

/** One segment, two states: nearer (offset −u) and farther (+u). */
function feed(bf: BranchFilter, t: number, u: number, eNear = 0, eFar = 0): number {
  bf.offset[0] = -u;
  bf.offset[1] = u;
  bf.emission[0] = eNear;
  bf.emission[1] = eFar;
  return bf.step(t);
}

describe('BranchFilter', () => {
  it('follows the emissions alone when there is no history', () => {
    const bf = new BranchFilter(2, 1, OPTS);
    expect(feed(bf, 0, 0.5, 1, 0)).toBe(1);
    bf.reset();
    expect(feed(bf, 0, 0.5, 0, 1)).toBe(0);
  });

  it('carries a limb through an image-plane crossing with its motion (no anatomical preference)', () => {
    // True offset moves steadily from −0.8 (near) through 0 to +0.8 (far); the solver sees only |u|.
    const bf = new BranchFilter(2, 1, OPTS);
    const chosen: number[] = [];
    for (let k = 0; k <= 16; k++) {
      const truth = -0.8 + 0.1 * k;
      // First frame: a small prior for the true (near) side, as the joint limits would give.
      chosen.push(feed(bf, k * DT, Math.abs(truth), 0, k === 0 ? 0.5 : 0));
    }
    // Near (state 0) before the crossing, far (state 1) after it.
    expect(chosen.slice(0, 8).every((s) => s === 0)).toBe(true);
    expect(chosen.slice(10).every((s) => s === 1)).toBe(true);
  });

  it('takes back a wrong pick once the other hypothesis keeps agreeing with the anatomy', () => {
    const bf = new BranchFilter(2, 1, OPTS);
    // The limb sits still out of the plane (|u| = 0.6). Frame 0 prefers near; afterwards a joint limit
    // costs the near place 0.3 a frame: far must take over within a few frames, and then stay.
    const chosen: number[] = [feed(bf, 0, 0.6, 0, 0.4)];
    for (let k = 1; k < 12; k++) chosen.push(feed(bf, k * DT, 0.6, 0.3, 0));
    expect(chosen[0]).toBe(0);
    const firstFar = chosen.indexOf(1);
    expect(firstFar).toBeGreaterThan(0);
    expect(firstFar).toBeLessThanOrEqual(3);
    expect(chosen.slice(firstFar).every((s) => s === 1)).toBe(true);
    // A greedy chooser would pay the jump (2·0.6)² · 1.5 ≈ 2.2 against 0.3 a frame and never switch.
  });

  it('never reports an impossible state and survives every state being impossible', () => {
    const bf = new BranchFilter(2, 1, OPTS);
    for (let k = 0; k < 5; k++) expect(feed(bf, k * DT, 0.5, Infinity, 0)).toBe(1);
    expect(feed(bf, 5 * DT, 0.5, Infinity, Infinity)).toBeGreaterThanOrEqual(0);
    // Costs stay finite and relative: the next normal frame decides normally.
    expect(feed(bf, 6 * DT, 0.5, 0, 3)).toBe(0);
    for (let s = 0; s < 2; s++) expect(Number.isNaN(bf.stateCost(s))).toBe(false);
  });

  it('forgets a history older than maxAgeS (the limb may have moved anywhere)', () => {
    const bf = new BranchFilter(2, 1, OPTS);
    for (let k = 0; k < 10; k++) feed(bf, k * DT, 0.7, 0, 0.2); // long history on the near side
    // After a gap beyond maxAgeS, a small preference for far decides at once.
    expect(feed(bf, 10 * DT + 0.5, 0.7, 0.1, 0)).toBe(1);
  });

  it('skips segments not seen this frame (NaN offsets): they cost nothing, and keep their history', () => {
    // Prediction = last offset (velocityGain 0), weight 1, no band: costs are exact sums of squares.
    const bf = new BranchFilter(2, 2, { weight: 1, freeBand: 0, maxAgeS: 0.3, velocityGain: 0 });
    const set = (t: number, o: number[], e0: number, e1: number) => {
      bf.offset.set(o);
      bf.emission[0] = e0;
      bf.emission[1] = e1;
      return bf.step(t);
    };
    expect(set(0, [-0.5, -0.9, 0.5, 0.1], 0, 0.1)).toBe(0);
    // Segment 1 unseen. State 0 continues itself at no cost; state 1 is best reached from itself (0.1).
    // Were an unseen offset read as 0, state 0 would pay 0.9² through its own history and lose.
    expect(set(DT, [-0.5, NaN, 0.5, NaN], 0, 0)).toBe(0);
    expect(bf.stateCost(1)).toBeCloseTo(0.1, 12);
    // Segment 1's history survived the gap: seen again, state 0's own offset (−0.9) is free, +0.9 is not.
    expect(set(2 * DT, [-0.5, -0.9, 0.5, 0.9], 0, 0)).toBe(0);
    // State 1: from itself 0.1 + (0.9 − 0.1)², from state 0 (0.5 + 0.5)² + (0.9 + 0.9)².
    expect(bf.stateCost(1)).toBeCloseTo(Math.min(0.1 + 0.8 * 0.8, 1 + 1.8 * 1.8), 12);
  });

  it('rejects an empty filter', () => {
    expect(() => new BranchFilter(0, 1)).toThrow(RangeError);
  });
});
