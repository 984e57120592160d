/**
 * FaceMeshEngine with a stand-in onnxruntime (no model file needed): input layout detection, crop
 * sampling into the tensor, landmarks mapped from crop to source pixels, score filtering, bad models.
 */
import { describe, expect, it } from 'vitest';
import { faceCrop } from '../../src/face/face-crop';
import { FaceMeshEngine, type FaceOrtLike } from '../../src/face/face-mesh-engine';

interface FakeTensor {
  type: 'float32';
  data: Float32Array;
  dims: readonly number[];
  size: number;
  getData(): Promise<Float32Array>;
  dispose(): void;
}

/** A fake facemesh: every landmark at crop pixel (u, v) = (48 + i mod 2 × 96, 96), z = 10; score `score`. */
function fakeOrt(opts: { shape: number[]; score?: number; meshValues?: number; seen?: Float32Array[] }): FaceOrtLike {
  const tensor = (data: Float32Array, dims: readonly number[]): FakeTensor => ({
    type: 'float32', data, dims, size: data.length, getData: async () => data, dispose: () => undefined,
  });
  const session = {
    inputNames: ['input_1'],
    outputNames: ['Identity', 'Identity_1', 'Identity_2'],
    inputMetadata: [{ shape: opts.shape }],
    async run(feeds: Record<string, FakeTensor>) {
      opts.seen?.push(feeds.input_1.data.slice());
      const n = opts.meshValues ?? 1404;
      const mesh = new Float32Array(n);
      for (let i = 0; i < n / 3; i++) {
        mesh[3 * i] = 48 + (i % 2) * 96;
        mesh[3 * i + 1] = 96;
        mesh[3 * i + 2] = 10;
      }
      return { Identity: tensor(new Float32Array(266), [1, 266]), Identity_1: tensor(new Float32Array([opts.score ?? 0.9]), [1, 1]), Identity_2: tensor(mesh, [1, n]) };
    },
    async release() {},
  };
  return {
    InferenceSession: { create: async () => session as never },
    Tensor: function (type: 'float32', data: Float32Array, dims: readonly number[]) { return tensor(data, dims); } as never,
  };
}

/** A 64×48 RGBA image: red = x × 4, green = y × 4, blue 200. */
function image(): Uint8Array {
  const d = new Uint8Array(64 * 48 * 4);
  for (let y = 0; y < 48; y++) for (let x = 0; x < 64; x++) d.set([x * 4, y * 4, 200, 255], 4 * (y * 64 + x));
  return d;
}

describe('FaceMeshEngine', () => {
  const bytes = new Uint8Array([1]);

  it('samples the crop as [1,3,S,S] RGB in [0,1] and maps landmarks to source pixels', async () => {
    const seen: Float32Array[] = [];
    const engine = await FaceMeshEngine.create(fakeOrt({ shape: [1, 3, 192, 192], seen }), bytes);
    expect(engine.cropSize).toBe(192);
    // A 96 px upright crop centred at (32, 24), rolled 90°: crop x runs down the image.
    const crop = faceCrop({ cx: 32, cy: 24, faceSize: 64, side: 96, roll: Math.PI / 2 }, 3, 192);
    const { faces, timings } = await engine.estimateCrops(image(), 64, 48, [crop]);
    expect(faces).toHaveLength(1);
    expect(faces[0].personIndex).toBe(3);
    expect(faces[0].score).toBeCloseTo(0.9, 6);
    // Crop (48, 96) → 48 crop px left of centre along the face's across axis = image (32, 24 − 24); z scaled by 0.5.
    expect(faces[0].landmarks[0]).toBeCloseTo(32, 4);
    expect(faces[0].landmarks[1]).toBeCloseTo(0, 4);
    expect(faces[0].landmarks[2]).toBeCloseTo(5, 4);
    expect(faces[0].landmarks[3]).toBeCloseTo(32, 4);
    expect(faces[0].landmarks[4]).toBeCloseTo(48, 4);
    // Crop pixel (96, 96) has its centre at crop (96.5, 96.5) = image (31.75, 24.25) with the 90° roll;
    // image pixel x holds the colour at x + 0.5, so red = 4 × 31.25.
    const t = seen[seen.length - 1];
    const S = 192;
    const centre = 96 * S + 96;
    expect(t[centre] * 255).toBeCloseTo(4 * 31.25, 3);
    expect(t[S * S + centre] * 255).toBeCloseTo(4 * 23.75, 3);
    expect(t[2 * S * S + centre]).toBeCloseTo(200 / 255, 5);
    expect(timings.inferenceMs).toBeGreaterThanOrEqual(0);
  });

  it('detects an NHWC input, drops low scores, refuses a non-facemesh model', async () => {
    const nhwc = await FaceMeshEngine.create(fakeOrt({ shape: [1, 192, 192, 3], score: 0.2 }), bytes);
    const crop = faceCrop({ cx: 32, cy: 24, faceSize: 40, side: 60, roll: 0 }, 0);
    expect((await nhwc.estimateCrops(image(), 64, 48, [crop])).faces).toEqual([]);
    nhwc.setOptions({}, 0.1);
    expect((await nhwc.estimateCrops(image(), 64, 48, [crop])).faces).toHaveLength(1);
    await expect(FaceMeshEngine.create(fakeOrt({ shape: [1, 3, 192, 192], meshValues: 63 }), bytes)).rejects.toThrow(/not a facemesh model/);
    await expect(FaceMeshEngine.create(fakeOrt({ shape: [1, 3, 192, 192] }), new Uint8Array(0))).rejects.toThrow(/empty/);
  });

  it('one estimate at a time; none after dispose', async () => {
    const engine = await FaceMeshEngine.create(fakeOrt({ shape: [1, 3, 192, 192] }), bytes);
    const crop = faceCrop({ cx: 32, cy: 24, faceSize: 40, side: 60, roll: 0 }, 0);
    const a = engine.estimateCrops(image(), 64, 48, [crop]);
    await expect(engine.estimateCrops(image(), 64, 48, [crop])).rejects.toThrow(/one at a time/);
    await a;
    await engine.dispose();
    await expect(engine.estimateCrops(image(), 64, 48, [crop])).rejects.toThrow(/disposed/);
  });
});
