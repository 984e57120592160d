/**
 * The hand landmark model (models/handlandmark-lite.onnx, 224×224), facemesh (192×192) and iris (64×64) on
 * WebGPU must give what they give on WASM: the worker's hands and face stages run on the body model's
 * backend, WebGPU included. Headless Chromium's WebGPU is SwiftShader's software adapter (real WebGPU code
 * paths, ~200× slower than WASM), so one crop per model, run twice.
 *
 * Each model runs from the file the worker loads for that provider (src/pose/models.ts landmarkModelUrls):
 * on WebGPU, facemesh and iris are their shipped WebGPU variants (models/facemesh-webgpu.onnx,
 * models/iris-webgpu.onnx, written by `npm install`: Prelu as Less/Mul/Where, as the WebGPU provider has
 * no PRelu kernel); on WASM the normal files (PRelu, ~15% faster there).
 *
 * The crops are real: the body engine (Node, WASM) finds the man of COCO 459 and the worker's crop rules
 * (hand-crop.ts, face-crop.ts) give his hand and face crops, and facemesh (Node, WASM) his right eye's iris
 * crop (iris.ts eyeCropAffine); the page samples them from the same photo, decoded by the browser, and runs
 * each model on both execution providers on the same input tensor.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { selectFaces } from '../../src/face/face-crop';
import { eyeCropAffine, IRIS_INPUT_SIZE } from '../../src/face/iris';
import { handCropsForFrame } from '../../src/hands/hand-crop';
import { getLandmarkModel, landmarkModelUrls } from '../../src/pose/models';
import { readImage } from '../../tools/eval/image-io';
import { FACE_MODEL_PATH } from '../../tools/face-node-engine';
import { createNodeEngine, loadOrt } from '../../tools/node-engine';
import { FaceStage, fullImageFacePixels } from '../../workers/face-stage';
import { LANDMARKS_PAGE } from './build';
import { sharedImageUrl, startHarness, type Harness, type PageProblems } from './harness';
import type { LandmarkEpRun, LandmarkModelRequest, LandmarkModelResult, LandmarkResult } from './pages/landmarks-protocol';
import { SHARED_IMAGES_DIR, TEST_RESULTS_DIR } from './paths';

const PHOTO = 'openpose/COCO_val2014_000000000459.jpg';

/** The page's request for landmark model `id`: the files the worker would load on WebGPU and on WASM. */
function modelRequest(name: string, id: string, crop: LandmarkModelRequest['crop']): LandmarkModelRequest {
  const spec = getLandmarkModel(id);
  const webgpu = landmarkModelUrls(spec, 'webgpu').preferred[0];
  const wasm = landmarkModelUrls(spec, 'wasm').wasm;
  return { name, url: wasm, ...(webgpu !== wasm ? { urlByEp: { webgpu } } : {}), crop };
}

/**
 * Most the two providers may differ by, per output, relative to the output's largest magnitude (at least 1):
 * float32 on both, different kernels and summation orders. Landmarks are crop pixels (0..224 / 0..192),
 * world points metres, scores probabilities. Measured 2025-11 on SwiftShader: worst 1.2e-4 crop px on
 * a 192 px facemesh crop (≈6e-7 relative), 7.6e-5 crop px on the hand crop; written to
 * test-results/landmarks-webgpu-vs-wasm.json on every run.
 */
const MAX_RELATIVE_DIFF = 1e-4;

interface OutputDiff {
  dims: number[];
  maxAbsDiff: number;
  /** Largest |value| of the WASM output (the scale the difference is judged against). */
  maxAbs: number;
}

/** Per output of `model`: max abs difference between its WebGPU and WASM runs. */
function diffs(model: LandmarkModelResult): { gpu: LandmarkEpRun; cpu: LandmarkEpRun; byOutput: Record<string, OutputDiff> } {
  const gpu = model.runs.find((r) => r.ep === 'webgpu')!;
  const cpu = model.runs.find((r) => r.ep === 'wasm')!;
  const byOutput: Record<string, OutputDiff> = {};
  for (const [name, out] of Object.entries(cpu.outputs)) {
    const other = gpu.outputs[name];
    expect(other?.dims, `${model.name} output ${name}`).toEqual(out.dims);
    let maxAbsDiff = 0;
    let maxAbs = 0;
    for (let i = 0; i < out.data.length; i++) {
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(other.data[i] - out.data[i]));
      maxAbs = Math.max(maxAbs, Math.abs(out.data[i]));
    }
    byOutput[name] = { dims: out.dims, maxAbsDiff, maxAbs };
  }
  return { gpu, cpu, byOutput };
}

/** The op types onnxruntime put on the CPU provider in a WebGPU session (no WebGPU kernel for them). */
const cpuOps = (run: LandmarkEpRun): Record<string, number> => run.placements.CPUExecutionProvider ?? {};

/** WebGPU is onnxruntime-web's JS execution provider. */
const WEBGPU_EP = 'JsExecutionProvider';

describe('hand and face landmark models on WebGPU', () => {
  let h: Harness;
  let problems: PageProblems;
  let result: LandmarkResult;
  let pageS = 0;

  beforeAll(async () => {
    // The crops the worker would take: body pose of the photo, then the hand and face crop rules, then
    // facemesh's eye corners for the iris crop.
    const body = await createNodeEngine();
    const faceStage = await FaceStage.create(await loadOrt('wasm', 1), new Uint8Array(readFileSync(FACE_MODEL_PATH)), { maxPeople: 1, iris: null });
    let models: LandmarkModelRequest[];
    try {
      const img = readImage(join(SHARED_IMAGES_DIR, PHOTO));
      const { people } = await body.estimateRgba(img.data, img.width, img.height);
      const [hand] = handCropsForFrame(people, { maxPeople: 1, cropSize: 224 });
      const [face] = selectFaces(people, { maxPeople: 1 }, 192);
      expect(hand).toBeDefined();
      expect(face).toBeDefined();
      await faceStage.run(people, fullImageFacePixels(img.data, img.width, img.height));
      const mesh = people.find((p) => p.face)?.face;
      expect(mesh).toBeDefined();
      models = [
        modelRequest('hand', 'handlandmark-lite', { cropSize: hand.cropSize, toImage: hand.toImage }),
        modelRequest('face', 'facemesh', { cropSize: face.cropSize, toImage: face.toImage }),
        modelRequest('iris', 'iris', { cropSize: IRIS_INPUT_SIZE, toImage: eyeCropAffine(mesh!.landmarks, 'right') }),
      ];
    } finally {
      await body.dispose();
      await faceStage.dispose();
    }

    h = await startHarness({ outDir: inject('browserBuildDir'), webgpu: true });
    const opened = await h.openPage(LANDMARKS_PAGE);
    const { page } = opened;
    problems = opened.problems;
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    const t0 = performance.now();
    result = await page.evaluate((req) => window.landmarkTest!.run(req), {
      imageUrl: sharedImageUrl(PHOTO),
      models,
      executionProviders: ['webgpu', 'wasm'] as const,
    } as Parameters<NonNullable<Window['landmarkTest']>['run']>[0]);
    pageS = (performance.now() - t0) / 1000;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('hand (lite, 224), facemesh (192) and iris (64) agree with WASM on a real crop, every node on WebGPU', (ctx) => {
    if (!result.adapter) ctx.skip('no WebGPU adapter in this Chromium (navigator.gpu.requestAdapter() gave null): nothing to compare');
    const hand = diffs(result.models.find((m) => m.name === 'hand')!);
    const face = diffs(result.models.find((m) => m.name === 'face')!);
    const iris = diffs(result.models.find((m) => m.name === 'iris')!);

    const summary = (m: ReturnType<typeof diffs>) => ({
      outputs: m.byOutput,
      webgpu: {
        url: m.gpu.url,
        ranOn: m.gpu.ranOn,
        fallbackReason: m.gpu.fallbackReason,
        createMs: m.gpu.createMs,
        runMs: m.gpu.runMs,
        warmRunMs: m.gpu.warmRunMs,
        cpuOps: cpuOps(m.gpu),
        placements: m.gpu.placements,
        nodeCounts: m.gpu.nodeCounts,
        warnings: m.gpu.warnings,
      },
      wasm: { url: m.cpu.url, createMs: m.cpu.createMs, runMs: m.cpu.runMs, warmRunMs: m.cpu.warmRunMs, warnings: m.cpu.warnings },
    });
    mkdirSync(TEST_RESULTS_DIR, { recursive: true });
    writeFileSync(
      join(TEST_RESULTS_DIR, 'landmarks-webgpu-vs-wasm.json'),
      JSON.stringify({ photo: PHOTO, adapter: result.adapter, pageSeconds: pageS, hand: summary(hand), face: summary(face), iris: summary(iris) }, null, 2),
    );

    // The worker's files: the WebGPU variants on WebGPU, the normal files on WASM.
    expect([face.gpu.url, face.cpu.url, iris.gpu.url, iris.cpu.url]).toEqual([
      '/models/facemesh-webgpu.onnx',
      '/models/facemesh.onnx',
      '/models/iris-webgpu.onnx',
      '/models/iris.onnx',
    ]);
    expect(hand.gpu.url).toBe(hand.cpu.url);

    for (const m of [hand, face, iris]) {
      // A WebGPU session that failed would have fallen back to WASM, as the worker's stages do: it did not.
      expect(m.gpu.fallbackReason).toBeUndefined();
      expect(m.gpu.ranOn).toBe('webgpu');
      // Every node on the WebGPU provider: none on the CPU provider, so no copies between host and GPU
      // mid-graph. (Before the converter wrote AddN as Adds and, for WebGPU, Prelu as Less/Mul/Where,
      // hand-lite's 9 Sum, facemesh's 28 PRelu and iris's 53 ran on the CPU provider.) onnxruntime logs "All nodes
      // placed on [JsExecutionProvider]" then; the node count proves the log was read.
      expect(cpuOps(m.gpu)).toEqual({});
      expect(Object.keys(m.gpu.placements)).toEqual([WEBGPU_EP]);
      expect(m.gpu.nodeCounts[WEBGPU_EP]).toBeGreaterThan(50);
      for (const [name, d] of Object.entries(m.byOutput)) {
        expect(d.maxAbsDiff, `output ${name} ${JSON.stringify(d)}`).toBeLessThanOrEqual(MAX_RELATIVE_DIFF * Math.max(1, d.maxAbs));
      }
    }

    // The crops are a real hand and a real face: both providers see them.
    expect(hand.cpu.outputs.Identity_1.data[0]).toBeGreaterThan(0.5);
    expect(hand.byOutput.Identity.dims).toEqual([1, 63]);
    const faceScore = Object.values(face.cpu.outputs).find((o) => o.data.length === 1);
    expect(faceScore?.data[0]).toBeGreaterThan(0.5);
    expect(Object.values(face.byOutput).some((d) => d.dims.reduce((a, b) => a * b, 1) === 1404)).toBe(true);
    // The eye crop holds the eye: the iris centre (point 71, x, y in 0..64 crop pixels) near the crop's middle.
    const irisOut = Object.values(iris.cpu.outputs)[0];
    expect(irisOut.dims.reduce((a, b) => a * b, 1)).toBe(228);
    expect(Math.hypot(irisOut.data[3 * 71] - 32, irisOut.data[3 * 71 + 1] - 32)).toBeLessThan(16);
  });

  it('logged nothing and requested nothing off-origin', () => {
    expect(problems.console).toEqual([]);
    expect(problems.offOrigin).toEqual([]);
  });
});
