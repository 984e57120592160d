/**
 * The converted hand landmark model has a dynamic batch axis (tools/tfjs-to-onnx): three different
 * crops in one run give the outputs of three single-crop runs, and the engine takes its batched path
 * (one run per frame) on it. onnxruntime-web WASM, as in the worker.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CropSampler } from '../../src/hands/crop-sampler';
import { makeCrop, type HandCrop } from '../../src/hands/hand-crop';
import { HandLandmarkEngine, type HandOrtLike } from '../../src/hands/hand-landmark-engine';
import { BATCH_DIM } from '../../tools/tfjs-to-onnx';
import { cameraFrame } from '../../tools/bench/frames';
import { loadOrt, MODELS_DIR } from '../../tools/node-engine';
import { maxAbsDiff } from '../helpers/tfjs-graph';

const MODEL = join(MODELS_DIR, 'handlandmark-lite.onnx');
const haveModel = existsSync(MODEL);

/**
 * Batched vs single runs: the same kernels on the same data, so outputs agree to float32 rounding of a
 * different GEMM blocking at most; landmark pixels reach ~224 (one ulp there is 1.5e-5), yet measured
 * diffs are 0 — the bound the brief asks for.
 */
const BATCH_TOLERANCE = 1e-5;
/** Crop size the hand network takes. */
const CROP = 224;
/** Three different hand-sized boxes (centre x, centre y, side, angle) on the 1280×720 bench photo. */
const BOXES: [number, number, number, number][] = [
  [300, 400, 160, 0],
  [700, 300, 120, 0.5],
  [1000, 500, 200, -0.8],
];
const OUTPUTS = ['Identity', 'Identity_1', 'Identity_2', 'Identity_3'];

describe.skipIf(!haveModel)('handlandmark-lite.onnx with a dynamic batch', () => {
  let ort: HandOrtLike;
  let bytes: Uint8Array;
  let crops: HandCrop[];
  let pixels: { data: Uint8Array; width: number; height: number };
  let session: InferenceSession;
  beforeAll(async () => {
    ort = await loadOrt('wasm', 1);
    bytes = new Uint8Array(readFileSync(MODEL));
    pixels = cameraFrame();
    crops = BOXES.map(([cx, cy, size, angle], i) => makeCrop(cx, cy, size, angle, CROP, i, 'left'));
    // Same session options as the engine.
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  });
  afterAll(async () => {
    await session?.release();
  });

  it('declares the batch axis symbolic on the input', () => {
    const meta = (session as unknown as { inputMetadata?: { shape?: readonly (number | string)[] }[] }).inputMetadata;
    expect(meta?.[0]?.shape).toEqual([BATCH_DIM, 3, CROP, CROP]);
  });

  it('batch of 3 different crops = three batch-1 runs (≤ 1e-5 on every output)', async () => {
    const input = new CropSampler('nchw').sample(pixels.data, pixels.width, pixels.height, crops).slice();
    const per = 3 * CROP * CROP;
    const batched = await session.run({ input_1: new ort.Tensor('float32', input, [3, 3, CROP, CROP]) });
    for (const name of OUTPUTS) {
      const all = (await batched[name].getData()) as Float32Array;
      const width = all.length / 3;
      expect(batched[name].dims[0], name).toBe(3);
      const rows: Float32Array[] = [];
      for (let i = 0; i < 3; i++) {
        const single = await session.run({ input_1: new ort.Tensor('float32', input.slice(i * per, (i + 1) * per), [1, 3, CROP, CROP]) });
        const one = (await single[name].getData()) as Float32Array;
        rows.push(one);
        expect(maxAbsDiff(all.subarray(i * width, (i + 1) * width), one), `${name} #${i}`).toBeLessThanOrEqual(BATCH_TOLERANCE);
      }
      // The crops differ, so the rows must too (a broadcast of one crop would pass the check above).
      if (name === 'Identity') expect(maxAbsDiff(rows[0], rows[1])).toBeGreaterThan(1);
    }
  });

  it('the engine batches: one run for all crops of a frame, same landmarks as one run per crop', async () => {
    const runs: number[][] = [];
    // Records the input dims of every run the engine makes.
    const spying: HandOrtLike = {
      Tensor: ort.Tensor,
      InferenceSession: {
        async create(model, options) {
          const s = await ort.InferenceSession.create(model, options);
          const run = s.run.bind(s);
          return Object.assign(s, {
            run: (feeds: InferenceSession.FeedsType) => {
              runs.push([...Object.values(feeds)[0].dims]);
              return run(feeds);
            },
          }) as InferenceSession;
        },
      },
    };
    const batchedEngine = await HandLandmarkEngine.create(spying, bytes);
    const loopEngine = await HandLandmarkEngine.create(ort, bytes, { batching: 'loop' });
    try {
      expect(batchedEngine.batched).toBe(true);
      const got = await batchedEngine.estimateCrops(pixels.data, pixels.width, pixels.height, crops);
      expect(runs).toEqual([[3, 3, CROP, CROP]]);
      const want = await loopEngine.estimateCrops(pixels.data, pixels.width, pixels.height, crops);
      got.landmarks.forEach((h, i) => {
        const w = want.landmarks[i];
        expect(h.score).toBeCloseTo(w.score, 5);
        // Image pixels = crop pixels × (box side / 224) ≤ 1: the crop-space bound holds here too.
        expect(maxAbsDiff(h.keypoints.flatMap((k) => [k.x, k.y]), w.keypoints.flatMap((k) => [k.x, k.y]))).toBeLessThanOrEqual(BATCH_TOLERANCE);
      });
    } finally {
      await batchedEngine.dispose();
      await loopEngine.dispose();
    }
  });
});
