/** The pose engine in Node on onnxruntime-web's WASM backend (what the browser worker runs). */
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PoseEngineError, type PoseErrorCode } from '../../src/pose/errors';
import { getModel } from '../../src/pose/models';
import { KEYPOINT_NAMES } from '../../src/pose/schema';
import { createNodeEngine, loadOrt, modelPath } from '../../tools/node-engine';
import { PoseEngine } from '../../workers/pose-engine';
import { classifierLike, wrongShapeOpenPose } from '../helpers/tiny-onnx';
import { SHARED } from '../helpers/shared';

const model = getModel();

async function codeOf(p: Promise<unknown>): Promise<PoseErrorCode | string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return e instanceof PoseEngineError ? e.code : `untyped: ${String(e)}`;
  }
}

describe('PoseEngine load errors', () => {
  it('names a missing model file and where it goes', async () => {
    const err = await createNodeEngine({ modelPath: '/nonexistent/model.onnx' }).catch((e) => e);
    expect(err).toBeInstanceOf(PoseEngineError);
    expect(err.code).toBe('model-missing');
    expect(err.message).toContain(`models/${model.file}`);
  });

  it('reports a truncated model as truncated, with byte counts', async () => {
    const ort = await loadOrt('wasm');
    const bytes = new Uint8Array(readFileSync(modelPath(model))).subarray(0, 100_000);
    const err = await PoseEngine.create(ort, bytes, { model }).catch((e) => e);
    expect(err.code).toBe('model-truncated');
    expect(err.message).toContain(`100000 of ${model.bytes} bytes`);
  });

  it('reports garbage bytes as an invalid ONNX model', async () => {
    const ort = await loadOrt('wasm');
    const bytes = new TextEncoder().encode('this is not a neural network'.repeat(10));
    expect(await codeOf(PoseEngine.create(ort, bytes, { model: { ...model, bytes: 0 } }))).toBe('model-invalid');
  });

  it('rejects a valid ONNX model with the wrong outputs', async () => {
    const ort = await loadOrt('wasm');
    const err = await PoseEngine.create(ort, classifierLike(), { model: { ...model, bytes: 0 } }).catch((e) => e);
    expect(err.code).toBe('model-not-openpose');
    expect(err.message).toContain('"logits"');
  });

  it('rejects a valid ONNX model with the right names but wrong shapes', async () => {
    const ort = await loadOrt('wasm');
    const err = await PoseEngine.create(ort, wrongShapeOpenPose(), { model: { ...model, bytes: 0 } }).catch((e) => e);
    expect(err.code).toBe('model-not-openpose');
    expect(err.message).toMatch(/heatmaps.*\[1,19,/);
  });
});

describe('PoseEngine on a real model (onnxruntime-web WASM in Node)', () => {
  let engine: PoseEngine;
  let photo: { data: Uint8Array; width: number; height: number };

  beforeAll(async () => {
    engine = await createNodeEngine({ backend: 'wasm', inputHeight: 256 });
    photo = jpeg.decode(readFileSync(`${SHARED}/assets/images/openpose/COCO_val2014_000000000192.jpg`), { useTArray: true });
  });
  afterAll(() => engine?.dispose());

  it('returns people in source pixels with the named COCO-18 schema and stage timings', async () => {
    const frame = await engine.estimateRgba(photo.data, photo.width, photo.height, 42);
    expect(frame.timestamp).toBe(42);
    expect(frame.imageWidth).toBe(photo.width);
    expect(frame.inputHeight).toBe(256);
    expect(frame.inputWidth % model.inputMultiple).toBe(0);
    expect(frame.people.length).toBeGreaterThanOrEqual(2);
    for (const p of frame.people) {
      expect(p.keypoints.map((k) => k.name)).toEqual([...KEYPOINT_NAMES]);
      for (const k of p.keypoints) {
        if (k.score === 0) continue;
        expect(k.x).toBeGreaterThanOrEqual(-1);
        expect(k.x).toBeLessThanOrEqual(photo.width + 1);
        expect(k.y).toBeGreaterThanOrEqual(-1);
        expect(k.y).toBeLessThanOrEqual(photo.height + 1);
      }
    }
    expect(frame.timings.inferenceMs).toBeGreaterThan(0);
    expect(frame.timings.preprocessMs).toBeGreaterThan(0);
    expect(frame.timings.decodeMs).toBeGreaterThanOrEqual(0);
  });

  it('gives an empty frame for a zero-size image', async () => {
    const frame = await engine.estimateRgba(new Uint8Array(0), 0, 0, 7);
    expect(frame.people).toEqual([]);
    expect(frame.timestamp).toBe(7);
  });

  it('finds nobody in a blank image', async () => {
    const grey = new Uint8Array(320 * 240 * 4).fill(200);
    expect((await engine.estimateRgba(grey, 320, 240)).people).toEqual([]);
  });

  it('rejects RGBA data too short for the stated size', async () => {
    expect(await codeOf(engine.estimateRgba(new Uint8Array(10), 320, 240))).toBe('bad-frame');
  });

  it('holds one frame in flight: a second concurrent frame is refused as busy', async () => {
    const first = engine.estimateRgba(photo.data, photo.width, photo.height);
    const second = engine.estimateRgba(photo.data, photo.width, photo.height);
    expect(await codeOf(second)).toBe('busy');
    expect((await first).people.length).toBeGreaterThan(0);
  });

  it('finds 20+ people in a mosaic of one-person photos', async () => {
    const tile = jpeg.decode(readFileSync(`${SHARED}/assets/images/mmpose_rtmpose_human-pose.jpeg`), { useTArray: true });
    // 6 × 4 tiles, each scaled down 3×, so the mosaic stays about one photo's size.
    const cols = 6, rows = 4, f = 3;
    const tw = Math.floor(tile.width / f), th = Math.floor(tile.height / f);
    const w = tw * cols, h = th * rows;
    const rgba = new Uint8Array(w * h * 4);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sx = (x % tw) * f, sy = (y % th) * f;
        const i = (y * w + x) * 4, j = (sy * tile.width + sx) * 4;
        rgba[i] = tile.data[j];
        rgba[i + 1] = tile.data[j + 1];
        rgba[i + 2] = tile.data[j + 2];
        rgba[i + 3] = 255;
      }
    }
    engine.setInputHeight(512);
    try {
      const frame = await engine.estimateRgba(rgba, w, h);
      expect(frame.people.length).toBeGreaterThanOrEqual(20);
    } finally {
      engine.setInputHeight(256);
    }
  });
});
