import { describe, expect, it } from 'vitest';
import { BodyCalibration, SEGMENT } from '../../src/retarget/calibration';
import { BODY_PRIOR_RATIOS } from '../../src/retarget/anthropometry';

/** One frame at 30 fps, split between the two sides as the solver does. */
const DT = 1 / 60;

describe('BodyCalibration', () => {
  it('takes a length above the prior from the first frames (a projection never exceeds the true length)', () => {
    const cal = new BodyCalibration();
    const long = BODY_PRIOR_RATIOS.thigh * 1.2;
    for (let i = 0; i < 3; i++) cal.observe(SEGMENT.thigh, long, DT);
    expect(cal.ratios[SEGMENT.thigh]).toBeCloseTo(long, 2);
  });

  it('blends a length below the prior in over the warm-up (few, foreshortened views prove nothing)', () => {
    const cal = new BodyCalibration();
    // A short person: both arm segments 20 % below the prior (the forearm too, or the brachial-index
    // bound would hold the upper arm up).
    const short = BODY_PRIOR_RATIOS.upperArm * 0.8, shortFore = BODY_PRIOR_RATIOS.forearm * 0.8;
    cal.observe(SEGMENT.upperArm, short, DT);
    cal.observe(SEGMENT.forearm, shortFore, DT);
    const early = cal.ratios[SEGMENT.upperArm];
    expect(early).toBeGreaterThan(short + 0.9 * (BODY_PRIOR_RATIOS.upperArm - short));
    for (let t = 0; t < 2 * cal.options.warmupS; t += DT) {
      cal.observe(SEGMENT.upperArm, short, DT);
      cal.observe(SEGMENT.forearm, shortFore, DT);
    }
    expect(cal.ratios[SEGMENT.upperArm]).toBeCloseTo(short, 2);
    expect(cal.ratios[SEGMENT.forearm]).toBeCloseTo(shortFore, 2);
  });
});
