/** Spawn/despawn progression: grows from a tiny scale while rising into place in ~0.3 s, and back. */
import { describe, expect, it } from 'vitest';
import {
  SPAWN_DURATION_S,
  SPAWN_MIN_SCALE,
  SPAWN_RISE_M,
  spawnEase,
  spawnTransform,
  stepPresence,
  type Presence,
} from '../../src/avatar/spawn';

describe('spawn', () => {
  it('starts tiny and below, ends at full size in place', () => {
    const out = { scale: NaN, offsetY: NaN };
    expect(spawnTransform(0, out)).toEqual({ scale: SPAWN_MIN_SCALE, offsetY: -SPAWN_RISE_M });
    expect(spawnTransform(1, out)).toEqual({ scale: 1, offsetY: -0 });
    expect(SPAWN_MIN_SCALE).toBeGreaterThan(0);
  });

  it('grows monotonically and completes in the spawn duration at 60 fps', () => {
    const p: Presence = { progress: 0, target: 1 };
    const out = { scale: 0, offsetY: 0 };
    let prevScale = spawnTransform(0, out).scale;
    let prevY = out.offsetY;
    let frames = 0;
    while (p.progress < 1) {
      stepPresence(p, 1 / 60);
      spawnTransform(p.progress, out);
      expect(out.scale).toBeGreaterThan(prevScale);
      expect(out.offsetY).toBeGreaterThan(prevY);
      prevScale = out.scale;
      prevY = out.offsetY;
      frames++;
    }
    expect(frames).toBe(Math.ceil(SPAWN_DURATION_S * 60 - 1e-9));
    // Ease-out: more than half grown after the first third.
    expect(spawnEase(1 / 3)).toBeGreaterThan(0.5);
  });

  it('despawns back to nothing, can be reversed midway, and clamps', () => {
    const p: Presence = { progress: 1, target: 0 };
    stepPresence(p, SPAWN_DURATION_S / 2);
    expect(p.progress).toBeCloseTo(0.5);
    p.target = 1;
    stepPresence(p, SPAWN_DURATION_S / 4);
    expect(p.progress).toBeCloseTo(0.75);
    p.target = 0;
    expect(stepPresence(p, 10)).toBe(0);
    expect(stepPresence(p, -1)).toBe(0);
    p.target = 1;
    expect(stepPresence(p, 0.01, 0)).toBe(1);
  });
});
