import { describe, expect, it } from 'vitest';
import { KeypointSmoother, OneEuroFilter } from '../../src/track';
import { NUM_KEYPOINTS } from '../../src/pose/schema';
import { createRng } from '../../src/retarget/eval';

describe('OneEuroFilter', () => {
  it('passes the first sample and a constant through unchanged', () => {
    const f = new OneEuroFilter();
    expect(f.filter(3, 0)).toBe(3);
    for (let t = 33; t < 1000; t += 33) expect(f.filter(3, t)).toBeCloseTo(3, 12);
  });

  it('removes most jitter from a still signal', () => {
    const f = new OneEuroFilter({ minCutoff: 1, beta: 0 });
    const rng = createRng(7);
    let inVar = 0, outVar = 0;
    for (let i = 0; i < 600; i++) {
      const n = rng.gaussian();
      const y = f.filter(n, i * 33.3);
      if (i > 30) {
        inVar += n * n;
        outVar += y * y;
      }
    }
    expect(outVar / inVar).toBeLessThan(0.2);
  });

  it('follows a fast ramp with less lag when beta is higher', () => {
    const lag = (beta: number) => {
      const f = new OneEuroFilter({ minCutoff: 1, beta });
      let y = 0;
      for (let i = 0; i <= 30; i++) y = f.filter(i * 0.1, i * 33.3);
      return 3 - y;
    };
    expect(lag(5)).toBeLessThan(lag(0) / 3);
  });

  it('ignores non-finite samples and survives repeated timestamps', () => {
    const f = new OneEuroFilter();
    f.filter(1, 0);
    expect(f.filter(Number.NaN, 10)).toBe(1);
    expect(f.filter(Number.POSITIVE_INFINITY, 20)).toBe(1);
    expect(Number.isFinite(f.filter(2, 20))).toBe(true);
    expect(Number.isFinite(f.filter(2, 20))).toBe(true);
  });
});

describe('KeypointSmoother', () => {
  it('marks missing and non-finite keypoints with score 0 and smooths the rest', () => {
    const s = new KeypointSmoother();
    const input = new Float64Array(NUM_KEYPOINTS * 3);
    const out = new Float64Array(NUM_KEYPOINTS * 3);
    input.set([100, 200, 0.9], 0);
    input.set([Number.NaN, 5, 0.9], 3);
    s.smooth(input, 480, 0, out);
    expect(Array.from(out.slice(0, 3))).toEqual([100, 200, 0.9]);
    expect(out[5]).toBe(0);
    input.set([110, 200, 0.9], 0);
    s.smooth(input, 480, 33, out);
    expect(out[0]).toBeGreaterThan(100);
    expect(out[0]).toBeLessThan(110);
  });

  it('restarts a keypoint that was missing for a while instead of sliding it in', () => {
    const s = new KeypointSmoother({ resetAfterMs: 300 });
    const kp = new Float64Array(NUM_KEYPOINTS * 3);
    kp.set([100, 100, 1], 0);
    s.smooth(kp, 480, 0, kp);
    kp.set([0, 0, 0], 0);
    s.smooth(kp, 480, 200, kp);
    kp.set([400, 100, 1], 0);
    s.smooth(kp, 480, 1000, kp);
    expect(kp[0]).toBe(400);
  });
});
