/** The engine's plumbing with a fake onnxruntime: layout and batching from the model's input shape, crops of all people in one run, handedness from the body. */
import { describe, expect, it } from 'vitest';
import type { InferenceSession } from 'onnxruntime-web';
import { HandLandmarkEngine, type HandOrtLike } from '../../src/hands/hand-landmark-engine';
import { applyAffine } from '../../src/hands/hand-crop';
import { KEYPOINT, KEYPOINT_NAMES } from '../../src/pose/schema';
import type { Person } from '../../src/pose/types';

/** A fake network: landmark k at crop pixel (10 + k, 20 + k); presence 0.9; handedness always "right". */
function fakeOrt(shape: (number | string)[], calls: number[][]): HandOrtLike {
  class T {
    constructor(readonly type: string, readonly data: Float32Array, readonly dims: readonly number[]) {}
    getData = async () => this.data;
    dispose = () => undefined;
  }
  const session = {
    inputNames: ['input_1'],
    outputNames: ['Identity', 'Identity_1', 'Identity_2', 'Identity_3'],
    inputMetadata: [{ name: 'input_1', isTensor: true, shape }],
    async run(feeds: Record<string, T>) {
      const n = feeds.input_1.dims[0];
      calls.push([...feeds.input_1.dims]);
      const lm = new Float32Array(n * 63);
      for (let i = 0; i < n; i++) for (let k = 0; k < 21; k++) lm.set([10 + k, 20 + k, k], i * 63 + k * 3);
      return {
        Identity: new T('float32', lm, [n, 63]),
        Identity_1: new T('float32', new Float32Array(n).fill(0.9), [n, 1]),
        Identity_2: new T('float32', new Float32Array(n).fill(1), [n, 1]),
        Identity_3: new T('float32', new Float32Array(n * 63), [n, 63]),
      };
    },
    release: async () => undefined,
  };
  return { InferenceSession: { create: async () => session as unknown as InferenceSession }, Tensor: T as unknown as HandOrtLike['Tensor'] };
}

function person(dx: number): Person {
  const keypoints = KEYPOINT_NAMES.map((name) => ({ name, x: 0, y: 0, score: 0 }));
  const set = (n: (typeof KEYPOINT_NAMES)[number], x: number, y: number) => Object.assign(keypoints[KEYPOINT[n]], { x: x + dx, y, score: 0.9 });
  set('leftShoulder', 300, 100); set('leftElbow', 320, 200); set('leftWrist', 330, 300);
  set('rightShoulder', 200, 100); set('rightElbow', 180, 200); set('rightWrist', 170, 300);
  return { keypoints, score: 0.9, partCount: 6, affinity: 6 };
}

describe('HandLandmarkEngine (fake runtime)', () => {
  it('fixed batch 1, NCHW: one run per crop; sides from the body; landmarks mapped to the image', async () => {
    const calls: number[][] = [];
    const e = await HandLandmarkEngine.create(fakeOrt([1, 3, 224, 224], calls), new Uint8Array(1));
    expect(e.layout).toBe('nchw');
    expect(e.batched).toBe(false);
    const rgba = new Uint8Array(640 * 480 * 4);
    const f = await e.estimate(rgba, 640, 480, [person(0), person(300)]);
    expect(f.crops).toBe(4);
    expect(calls).toEqual(Array(4).fill([1, 3, 224, 224]));
    for (const [i, h] of f.hands.entries()) {
      expect(h.left?.side).toBe('left'); // the network said "right" every time: ignored
      expect(h.right?.side).toBe('right');
      expect(h.left!.crop.person).toBe(i);
      const p = applyAffine(h.left!.crop.toImage, 15, 25);
      expect(h.left!.keypoints[5].x).toBeCloseTo(p.x, 4);
      expect(h.left!.keypoints[5].y).toBeCloseTo(p.y, 4);
    }
    await e.dispose();
  });

  it('dynamic batch, NHWC: all crops of the frame in one run; maxPeople and minPresence', async () => {
    const calls: number[][] = [];
    const e = await HandLandmarkEngine.create(fakeOrt(['N', 224, 224, 3], calls), new Uint8Array(1), { crop: { maxPeople: 1 } });
    expect(e.layout).toBe('nhwc');
    expect(e.batched).toBe(true);
    const f = await e.estimate(new Uint8Array(640 * 480 * 4), 640, 480, [person(0), person(300)]);
    expect(calls).toEqual([[2, 224, 224, 3]]);
    expect(f.hands[1]).toEqual({});
    const strict = await HandLandmarkEngine.create(fakeOrt(['N', 224, 224, 3], []), new Uint8Array(1), { minPresence: 0.95 });
    const g = await strict.estimate(new Uint8Array(640 * 480 * 4), 640, 480, [person(0)]);
    expect(g.hands[0]).toEqual({});
  });
});
