import { describe, expect, it } from 'vitest';
import { NUM_KEYPOINTS } from '../../src/pose/schema';
import { DEFAULT_MOTION_PARAMS, KeypointMotion } from '../../src/track/motion';
import { boxIoU, PoseBuffer, poseSimilarity, similarityUpperBound, type SimilarityParams } from '../../src/track/similarity';
import { figure, seededRng } from './synthetic-people';

const PARAMS: SimilarityParams = { sigmaScale: 2, uncertaintyPerS: 1 };
const NO_AGE = new Float64Array(NUM_KEYPOINTS);
const pose = (...args: Parameters<typeof figure>) => new PoseBuffer().setFromPerson(figure(...args), 0.1);

describe('poseSimilarity', () => {
  it('is 1 for identical poses and falls with distance, relative to body size', () => {
    const a = pose({ x: 200, y: 400, height: 200 });
    expect(poseSimilarity(a, NO_AGE, a, PARAMS)).toBeCloseTo(1, 12);
    const near = poseSimilarity(a, NO_AGE, pose({ x: 210, y: 400, height: 200 }), PARAMS);
    const far = poseSimilarity(a, NO_AGE, pose({ x: 300, y: 400, height: 200 }), PARAMS); // half a body height away
    expect(near).toBeGreaterThan(0.7);
    expect(far).toBeLessThan(0.05);
    // Same offset relative to size, same similarity.
    const small = pose({ x: 100, y: 200, height: 100 });
    expect(poseSimilarity(small, NO_AGE, pose({ x: 105, y: 200, height: 100 }), PARAMS)).toBeCloseTo(near, 6);
  });

  it('widens its tolerance with the time a keypoint went unobserved', () => {
    const a = pose({ x: 200, y: 400, height: 200 });
    const b = pose({ x: 240, y: 400, height: 200 });
    const old = new Float64Array(NUM_KEYPOINTS).fill(800);
    expect(poseSimilarity(a, old, b, PARAMS)).toBeGreaterThan(2 * poseSimilarity(a, NO_AGE, b, PARAMS));
  });

  it('scores a fragment of a person below the whole person', () => {
    const a = pose({ x: 200, y: 400, height: 200 });
    const fragment = pose({ x: 200, y: 400, height: 200, missing: [8, 9, 10, 11, 12, 13, 3, 4, 6, 7] });
    expect(poseSimilarity(a, NO_AGE, fragment, PARAMS)).toBeLessThan(0.8);
    expect(poseSimilarity(a, NO_AGE, fragment, PARAMS)).toBeGreaterThan(0.5);
  });

  it('falls back to box IoU with fewer than 3 shared keypoints', () => {
    const upper = pose({ x: 200, y: 400, height: 200, missing: [8, 9, 10, 11, 12, 13] });
    const lower = pose({ x: 200, y: 400, height: 200, missing: [0, 1, 2, 3, 4, 5, 6, 7, 14, 15, 16, 17] });
    const sim = poseSimilarity(upper, NO_AGE, lower, PARAMS);
    expect(sim).toBeCloseTo(0.5 * boxIoU(upper, lower), 12);
    expect(sim).toBeGreaterThan(0);
  });

  it('is bounded above by similarityUpperBound (the tracker skips pairs below the gate with it)', () => {
    const rng = seededRng(3);
    for (let i = 0; i < 500; i++) {
      const a = pose({ x: rng() * 600, y: 300 + rng() * 200, height: 80 + rng() * 200, phase: rng() * 6, noise: 5, rng });
      const b = pose({ x: rng() * 600, y: 300 + rng() * 200, height: 80 + rng() * 200, phase: rng() * 6, noise: 5, rng, missing: rng() < 0.3 ? [0, 1, 2, 8, 9, 10, 11, 12, 13, 14, 15, 16] : [] });
      const age = new Float64Array(NUM_KEYPOINTS).map(() => rng() * 1000);
      const maxAge = Math.max(...age);
      expect(similarityUpperBound(a, maxAge, b, PARAMS)).toBeGreaterThanOrEqual(poseSimilarity(a, age, b, PARAMS) - 1e-12);
    }
  });
});

describe('KeypointMotion', () => {
  const at = (x: number) => pose({ x, y: 400, height: 200 });

  it('predicts constant velocity one frame ahead and damps further out', () => {
    const m = new KeypointMotion();
    // 0.3 px/ms to the right at 30 fps.
    for (let f = 0; f < 10; f++) (f === 0 ? m.reset(at(100), 0) : m.update(at(100 + 10 * f), f * 33.3333));
    const out = new PoseBuffer(), age = new Float64Array(NUM_KEYPOINTS);
    const lastNeck = 100 + 90; // figure's neck x = feet x
    m.predict(9 * 33.3333 + 33.3333, out, age);
    expect(out.x[1]).toBeGreaterThan(lastNeck + 9);
    expect(out.x[1]).toBeLessThan(lastNeck + 10.5);
    // Far ahead the displacement saturates at v × dampingMs.
    m.predict(9 * 33.3333 + 10_000, out, age);
    expect(out.x[1]).toBeCloseTo(lastNeck + 0.3 * DEFAULT_MOTION_PARAMS.dampingMs, 0);
    expect(age[1]).toBeCloseTo(10_000, 3);
  });

  it('measures the same velocity from irregular, dropped-frame intervals', () => {
    const m = new KeypointMotion();
    const times = [0, 33, 66, 200, 233, 400, 433, 466];
    times.forEach((t, i) => (i === 0 ? m.reset(at(100 + 0.2 * t), t) : m.update(at(100 + 0.2 * t), t)));
    expect(m.bodyVx).toBeCloseTo(0.2, 6);
    expect(m.bodyVy).toBeCloseTo(0, 6);
  });

  it('carries a missing keypoint along with the body, then drops it once stale', () => {
    const m = new KeypointMotion();
    m.reset(at(100), 0);
    let t = 0;
    for (let f = 1; f <= 20; f++) {
      t = f * 33;
      m.update(pose({ x: 100 + 0.2 * t, y: 400, height: 200, missing: f > 5 ? [4] : [] }), t); // right wrist lost after frame 5
      if (f === 8) {
        const out = new PoseBuffer();
        m.predict(t, out, new Float64Array(NUM_KEYPOINTS));
        expect(out.score[4]).toBeGreaterThan(0);
        expect(out.x[4] - out.x[1]).toBeCloseTo(-0.15 * 200, 0); // still at the body's side
      }
    }
    const out = new PoseBuffer();
    m.predict(t, out, new Float64Array(NUM_KEYPOINTS));
    expect(out.score[4]).toBe(0); // missing for 15 × 33 ms > keypointStaleMs
    expect(out.count).toBe(17);
  });

  it('caps the velocity a decoder jump can create', () => {
    const m = new KeypointMotion();
    m.reset(at(100), 0);
    m.update(at(100), 33);
    m.update(at(2000), 66); // a mismatch across the image
    const scale = at(0).scale;
    expect(Math.hypot(m.bodyVx, m.bodyVy)).toBeLessThanOrEqual((DEFAULT_MOTION_PARAMS.maxSpeedScalesPerS * scale) / 1000 + 1e-9);
  });
});
