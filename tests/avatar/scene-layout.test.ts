/** Layout of avatars on the stage: image order, mirror mode, depth from scale, spacing, smoothing. */
import { describe, expect, it } from 'vitest';
import {
  approach,
  DEFAULT_SCENE_LAYOUT_OPTIONS as D,
  depthFromScale,
  SceneLayout,
  stageX,
  type LayoutSlot,
} from '../../src/avatar/scene-layout';

const slot = (imageX: number, scale = NaN): LayoutSlot => ({ imageX, scale, x: 0, z: 0 });

describe('stageX', () => {
  it('maps the image left to right onto the stage, centred', () => {
    expect(stageX(0.5)).toBeCloseTo(0);
    expect(stageX(0)).toBeCloseTo(-D.stageWidthM / 2);
    expect(stageX(1)).toBeCloseTo(D.stageWidthM / 2);
    expect(stageX(0.2)).toBeLessThan(stageX(0.3));
  });

  it('flips in mirror mode', () => {
    const mirrored = { ...D, mirror: true };
    expect(stageX(0.2, mirrored)).toBeCloseTo(-stageX(0.2));
    expect(stageX(0.2, mirrored)).toBeGreaterThan(stageX(0.3, mirrored));
  });

  it('clamps outside 0..1 and centres unknown positions', () => {
    expect(stageX(-3)).toBeCloseTo(stageX(0));
    expect(stageX(7)).toBeCloseTo(stageX(1));
    expect(stageX(NaN)).toBe(0);
  });
});

describe('depthFromScale', () => {
  it('puts the reference scale at z = 0 and bigger people nearer the camera (+z)', () => {
    expect(depthFromScale(D.referenceScale)).toBeCloseTo(0);
    expect(depthFromScale(0.8)).toBeGreaterThan(0);
    expect(depthFromScale(0.4)).toBeLessThan(0);
    expect(depthFromScale(0.8)).toBeGreaterThan(depthFromScale(0.7));
  });

  it('follows a pinhole camera: half the size is twice as far', () => {
    // Reference 0.6 at 3 m: 0.3 → 6 m (z = -3), 0.9 → 2 m (z = +1).
    expect(depthFromScale(0.9)).toBeCloseTo(1);
    expect(depthFromScale(0.3)).toBeCloseTo(-3);
  });

  it('clamps to the stage and treats unknown scales as the reference', () => {
    expect(depthFromScale(5)).toBe(D.nearestZ);
    expect(depthFromScale(0.01)).toBe(D.farthestZ);
    expect(depthFromScale(0)).toBe(0);
    expect(depthFromScale(-1)).toBe(0);
    expect(depthFromScale(NaN)).toBe(0);
  });
});

describe('SceneLayout', () => {
  it('orders avatars left to right as in the image, and reversed in mirror mode', () => {
    const slots = [slot(0.8), slot(0.15), slot(0.5)];
    new SceneLayout().solve(slots);
    expect(slots[1].x).toBeLessThan(slots[2].x);
    expect(slots[2].x).toBeLessThan(slots[0].x);
    // Far enough apart already: exactly where the image puts them.
    expect(slots[1].x).toBeCloseTo(stageX(0.15));

    const mirrored = [slot(0.8), slot(0.15), slot(0.5)];
    new SceneLayout({ mirror: true }).solve(mirrored);
    expect(mirrored[0].x).toBeLessThan(mirrored[2].x);
    expect(mirrored[2].x).toBeLessThan(mirrored[1].x);
    for (let i = 0; i < 3; i++) expect(mirrored[i].x).toBeCloseTo(-slots[i].x);
  });

  it('sets depth from scale', () => {
    const slots = [slot(0.3, 0.9), slot(0.7, 0.3), slot(0.5)];
    new SceneLayout().solve(slots);
    expect(slots[0].z).toBeCloseTo(depthFromScale(0.9));
    expect(slots[1].z).toBeCloseTo(depthFromScale(0.3));
    expect(slots[2].z).toBe(0);
  });

  it('pushes overlapping people apart symmetrically to the minimum spacing, keeping input order on ties', () => {
    const slots = [slot(0.5), slot(0.5)];
    new SceneLayout().solve(slots);
    expect(slots[1].x - slots[0].x).toBeCloseTo(D.minSpacingM);
    expect((slots[0].x + slots[1].x) / 2).toBeCloseTo(0);
  });

  it('moves people as little as possible (least squares) and only where needed', () => {
    // Two people close together on the left, one far right: only the left pair moves.
    const slots = [slot(0.1), slot(0.15), slot(0.95)];
    new SceneLayout().solve(slots);
    const t0 = stageX(0.1);
    const t1 = stageX(0.15);
    expect(slots[1].x - slots[0].x).toBeCloseTo(D.minSpacingM);
    expect((slots[0].x + slots[1].x) / 2).toBeCloseTo((t0 + t1) / 2);
    expect(slots[2].x).toBeCloseTo(stageX(0.95));
    // A crowd of five in the middle: evenly spaced around the crowd's centre, still in image order.
    const crowd = [0.46, 0.5, 0.52, 0.48, 0.54].map((u) => slot(u));
    new SceneLayout().solve(crowd);
    const xs = [...crowd].sort((a, b) => a.imageX - b.imageX).map((s) => s.x);
    for (let i = 1; i < xs.length; i++) expect(xs[i] - xs[i - 1]).toBeGreaterThanOrEqual(D.minSpacingM - 1e-9);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeCloseTo(crowd.reduce((a, s) => a + stageX(s.imageX), 0) / crowd.length);
  });

  it('uses only the first `count` slots and grows its buffers for many people', () => {
    const slots = [slot(0.2), slot(0.8), slot(0.5)];
    slots[2].x = 123;
    new SceneLayout().solve(slots, 2);
    expect(slots[2].x).toBe(123);
    const many = Array.from({ length: 20 }, (_, i) => slot(i / 19));
    new SceneLayout().solve(many);
    for (let i = 1; i < many.length; i++) expect(many[i].x - many[i - 1].x).toBeGreaterThanOrEqual(D.minSpacingM - 1e-9);
  });
});

describe('approach', () => {
  it('closes 63 % of the gap per time constant, independent of the frame rate', () => {
    expect(approach(0, 1, 0.25, 0.25)).toBeCloseTo(1 - Math.exp(-1));
    const twoSteps = approach(approach(0, 1, 0.05, 0.25), 1, 0.05, 0.25);
    expect(twoSteps).toBeCloseTo(approach(0, 1, 0.1, 0.25), 12);
  });

  it('jumps for a zero time constant or an unset start, and never overshoots', () => {
    expect(approach(0, 5, 0.016, 0)).toBe(5);
    expect(approach(NaN, 5, 0.016, 0.25)).toBe(5);
    expect(approach(0, 1, 100, 0.25)).toBeLessThanOrEqual(1);
    expect(approach(2, 1, -1, 0.25)).toBe(2);
  });
});
