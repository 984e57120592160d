/**
 * The app's per-person face state (src/app/face-apply.ts): a tracked person's face mesh → smoothed VRM
 * expression weights on the avatar (expressionManager.setValue for the 8 face expressions), look-at from
 * the face's direction beyond the solved head, mirror swapping the eyes, neutral once the face is lost.
 */
import { readFileSync } from 'node:fs';
import type { VRM } from '@pixiv/three-vrm';
import { describe, expect, it } from 'vitest';
import { FaceState } from '../../src/app/face-apply';
import { FACE_EXPRESSION_NAMES, RIGHT_EYE } from '../../src/face/face-features';
import type { Person } from '../../src/pose/types';

const CANONICAL: readonly number[] = JSON.parse(readFileSync(new URL('./fixtures/canonical-face-mesh.json', import.meta.url), 'utf8')).landmarks;

/** The neutral mesh with the person's right eye shut. */
function rightEyeShut(): Float32Array {
  const m = Float32Array.from(CANONICAL);
  for (const [u, l] of RIGHT_EYE.lids) {
    for (let c = 0; c < 3; c++) {
      const mid = (m[3 * u + c] + m[3 * l + c]) / 2;
      m[3 * u + c] = mid;
      m[3 * l + c] = mid;
    }
  }
  return m;
}

const personWith = (landmarks: Float32Array): Person => ({ face: { landmarks } }) as unknown as Person;

function fakeVrm(): { vrm: VRM; values: Map<string, number>; calls: () => number } {
  const values = new Map<string, number>();
  let calls = 0;
  const vrm = {
    expressionManager: { setValue: (name: string, w: number) => (calls++, values.set(name, w)) },
    lookAt: { yaw: 0, pitch: 0 },
  } as unknown as VRM;
  return { vrm, values, calls: () => calls };
}

describe('FaceState (app)', () => {
  it('sets the 8 face expressions and a near-zero look-at for a frontal face, neutral once the face is lost', () => {
    const state = new FaceState();
    const { vrm, values, calls } = fakeVrm();
    for (let i = 0; i < 10; i++) state.update(personWith(rightEyeShut()), i * 33, {}, false);
    state.apply(vrm);
    expect([...values.keys()].sort()).toEqual([...FACE_EXPRESSION_NAMES].sort());
    for (const w of values.values()) expect(w >= 0 && w <= 1).toBe(true);
    // The person's right eye shut: blinkRight (the avatar's right eye, no mirror) dominates.
    expect(values.get('blinkRight')!).toBeGreaterThan(values.get('blinkLeft')! + 0.3);
    expect(Math.abs(vrm.lookAt!.yaw)).toBeLessThan(5);
    expect(Math.abs(vrm.lookAt!.pitch)).toBeLessThan(10);

    state.update(undefined, 400, {}, false);
    state.apply(vrm);
    for (const w of values.values()) expect(w).toBe(0);
    const n = calls();
    state.apply(vrm);
    expect(calls()).toBe(n);
  });

  it("mirror gives the person's right eye to the avatar's left", () => {
    const state = new FaceState();
    for (let i = 0; i < 10; i++) state.update(personWith(rightEyeShut()), i * 33, {}, true);
    expect(state.expressions!.blinkLeft).toBeGreaterThan(state.expressions!.blinkRight + 0.3);
  });
});
