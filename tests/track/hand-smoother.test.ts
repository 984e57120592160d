/** HandSmoother: less jitter on a still noisy hand, little lag on a step, per-side state, reset after a gap. */
import { describe, expect, it } from 'vitest';
import { HAND_RESET_AFTER_MS, HAND_SMOOTHER_LANDMARKS, HandSmoother, type HandPoint } from '../../src/track/hand-smoother';
import { seededValues } from '../helpers/tfjs-graph';

/** 30 fps, the camera rate the app usually gets. */
const FRAME_MS = 1000 / 30;
/** Landmark jitter of the synthetic hand, metres (σ of a uniform draw ≈ half-width / √3 ≈ 2.3 mm). */
const NOISE_HALF_WIDTH_M = 0.004;
/** Frames of the still sequence (10 s): enough for a stable RMS. */
const STILL_FRAMES = 300;
/** Frames skipped before measuring: the first output is the raw first sample. */
const SETTLE_FRAMES = 30;
/** A finger curling: a 5 cm jump of every landmark, as a fingertip closing into the palm. */
const STEP_M = 0.05;

/** A still hand: landmark k on a 9 cm fan around the hand's centre. */
const restHand = (): HandPoint[] =>
  Array.from({ length: HAND_SMOOTHER_LANDMARKS }, (_, k) => ({ x: 0.09 * Math.cos(k / 3), y: -0.09 * Math.sin(k / 3), z: 0.01 * (k % 4) }));

const noisy = (base: HandPoint[], noise: Float32Array, frame: number): HandPoint[] =>
  base.map((p, k) => {
    const o = (frame * HAND_SMOOTHER_LANDMARKS + k) * 3;
    return { x: p.x + noise[o], y: p.y + noise[o + 1], z: p.z + noise[o + 2] };
  });

function rmsError(points: readonly HandPoint[], truth: HandPoint[]): number {
  let s = 0;
  points.forEach((p, k) => {
    s += (p.x - truth[k].x) ** 2 + (p.y - truth[k].y) ** 2 + (p.z - truth[k].z) ** 2;
  });
  return Math.sqrt(s / (points.length * 3));
}

describe('HandSmoother', () => {
  it('cuts the jitter of a still, noisy hand to under 40 %', () => {
    const truth = restHand();
    const noise = seededValues(STILL_FRAMES * HAND_SMOOTHER_LANDMARKS * 3, 17, -NOISE_HALF_WIDTH_M, NOISE_HALF_WIDTH_M);
    const smoother = new HandSmoother();
    let raw = 0;
    let smoothed = 0;
    // Frame-to-frame motion of the output, which is what the viewer sees as trembling.
    let rawMotion = 0;
    let smoothedMotion = 0;
    let prevRaw: HandPoint[] | null = null;
    const prevSmoothed = truth.map((p) => ({ ...p }));
    for (let f = 0; f < STILL_FRAMES; f++) {
      const input = noisy(truth, noise, f);
      const out = smoother.smooth('left', input, f * FRAME_MS);
      if (f >= SETTLE_FRAMES) {
        raw += rmsError(input, truth) ** 2;
        smoothed += rmsError(out, truth) ** 2;
        rawMotion += rmsError(input, prevRaw!) ** 2;
        smoothedMotion += rmsError(out, prevSmoothed) ** 2;
      }
      prevRaw = input;
      out.forEach((p, k) => Object.assign(prevSmoothed[k], p));
    }
    const ratio = Math.sqrt(smoothed / raw);
    const motionRatio = Math.sqrt(smoothedMotion / rawMotion);
    expect(ratio).toBeLessThan(0.4);
    expect(motionRatio).toBeLessThan(0.2);
  });

  it('follows a 5 cm step within 3 frames (≥ 90 %) without overshoot', () => {
    const smoother = new HandSmoother();
    const before = restHand();
    const after = before.map((p) => ({ x: p.x, y: p.y + STEP_M, z: p.z }));
    for (let f = 0; f < 30; f++) smoother.smooth('right', before, f * FRAME_MS);
    const fractions: number[] = [];
    for (let f = 30; f < 40; f++) {
      const out = smoother.smooth('right', after, f * FRAME_MS);
      fractions.push((out[8].y - before[8].y) / STEP_M);
    }
    expect(fractions[2]).toBeGreaterThanOrEqual(0.9);
    for (const q of fractions) expect(q).toBeLessThanOrEqual(1 + 1e-9);
    expect(fractions[9]).toBeGreaterThan(0.99);
  });

  it('keeps the sides apart, and restarts a hand unseen for longer than the reset timeout', () => {
    const smoother = new HandSmoother();
    const a = restHand();
    const b = a.map((p) => ({ x: p.x + 0.1, y: p.y, z: p.z }));
    smoother.smooth('left', a, 0);
    // The first sample of a side passes through: the other side's state does not leak in.
    expect(smoother.smooth('right', b, 0)[0].x).toBeCloseTo(b[0].x, 12);
    // A frame later the 10 cm jump is smoothed…
    expect(smoother.smooth('left', b, FRAME_MS)[0].x).toBeLessThan(b[0].x - 0.02);
    // …and after a gap of exactly the timeout the filter still carries over (output short of the input)…
    const soon = smoother.smooth('left', a, FRAME_MS + HAND_RESET_AFTER_MS);
    expect(soon[0].x).toBeGreaterThan(a[0].x + 1e-4);
    // …but a hand unseen for longer starts fresh where it is seen again.
    const late = smoother.smooth('left', b, 2 * (FRAME_MS + HAND_RESET_AFTER_MS));
    expect(late[0].x).toBeCloseTo(b[0].x, 12);
  });

  it('reuses its output points (no allocation per frame)', () => {
    const smoother = new HandSmoother();
    const first = smoother.smooth('left', restHand(), 0);
    expect(smoother.smooth('left', restHand(), FRAME_MS)).toBe(first);
  });
});
