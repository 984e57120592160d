/**
 * The hand landmark model (models/handlandmark-lite.onnx, 224×224) and facemesh (models/facemesh.onnx,
 * 192×192) on WebGPU must give what they give on WASM: the worker's hands and face stages run on the body
 * model's backend, WebGPU included. Headless Chromium's WebGPU is SwiftShader's software adapter (real
 * WebGPU code paths, ~200× slower than WASM), so one crop per model, run twice.
 *
 * The crops are real: the body engine (Node, WASM) finds the man of COCO 459 and the worker's crop rules
 * (hand-crop.ts, face-crop.ts) give his hand and face crops; the page samples them from the same photo,
 * decoded by the browser, and runs each model on both execution providers on the same input tensor.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { selectFaces } from '../../src/face/face-crop';
import { handCropsForFrame } from '../../src/hands/hand-crop';
import { readImage } from '../../tools/eval/image-io';
import { landmarkModels } from '../../tools/convert-hand-face-models';
import { createNodeEngine } from '../../tools/node-engine';
import { convertTfjsToOnnx, readTfjsModel } from '../../tools/tfjs-to-onnx';
import { LANDMARKS_PAGE } from './build';
import { sharedImageUrl, startHarness, type Harness, type PageProblems } from './harness';
import type { LandmarkEpRun, LandmarkModelRequest, LandmarkModelResult, LandmarkResult } from './pages/landmarks-protocol';
import { SHARED_IMAGES_DIR, TEST_RESULTS_DIR } from './paths';

const PHOTO = 'openpose/COCO_val2014_000000000459.jpg';

/**
 * facemesh converted for WebGPU (tools/tfjs-to-onnx `target: 'webgpu'`: Prelu as Less/Mul/Where, as the
 * WebGPU provider has no PRelu kernel), written at test time next to the shipped WASM model (PRelu:
 * ~15% faster on WASM). Served at /__test__/files/.
 */
function writeWebgpuFacemesh(dir: string): string {
  const entry = landmarkModels().find((m) => m.id === 'facemesh');
  if (!entry) throw new Error('models/manifest.json has no facemesh entry');
  const artifacts = readTfjsModel(join(process.cwd(), 'node_modules', entry.source.package, entry.source.path));
  const file = 'facemesh-webgpu.onnx';
  writeFileSync(join(dir, file), convertTfjsToOnnx(artifacts, { name: entry.id, target: 'webgpu' }).bytes);
  return `/__test__/files/${file}`;
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
  let filesDir: string;

  beforeAll(async () => {
    filesDir = mkdtempSync(join(tmpdir(), 'landmarks-webgpu-'));
    const webgpuFacemesh = writeWebgpuFacemesh(filesDir);
    // The crops the worker would take: body pose of the photo, then the hand and face crop rules.
    const body = await createNodeEngine();
    let models: LandmarkModelRequest[];
    try {
      const img = readImage(join(SHARED_IMAGES_DIR, PHOTO));
      const { people } = await body.estimateRgba(img.data, img.width, img.height);
      const [hand] = handCropsForFrame(people, { maxPeople: 1, cropSize: 224 });
      const [face] = selectFaces(people, { maxPeople: 1 }, 192);
      expect(hand).toBeDefined();
      expect(face).toBeDefined();
      models = [
        { name: 'hand', url: '/models/handlandmark-lite.onnx', crop: { cropSize: hand.cropSize, toImage: hand.toImage } },
        { name: 'face', url: '/models/facemesh.onnx', urlByEp: { webgpu: webgpuFacemesh }, crop: { cropSize: face.cropSize, toImage: face.toImage } },
      ];
    } finally {
      await body.dispose();
    }

    h = await startHarness({ outDir: inject('browserBuildDir'), webgpu: true, fixturesDir: filesDir });
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
    if (filesDir) rmSync(filesDir, { recursive: true, force: true });
  });

  it('hand (lite, 224) and facemesh (192) agree with WASM on a real crop', (ctx) => {
    if (!result.adapter) ctx.skip('no WebGPU adapter in this Chromium (navigator.gpu.requestAdapter() gave null): nothing to compare');
    const hand = diffs(result.models.find((m) => m.name === 'hand')!);
    const face = diffs(result.models.find((m) => m.name === 'face')!);

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
      JSON.stringify({ photo: PHOTO, adapter: result.adapter, pageSeconds: pageS, hand: summary(hand), face: summary(face) }, null, 2),
    );

    for (const m of [hand, face]) {
      // A WebGPU session that failed would have fallen back to WASM, as the worker's stages do: it did not.
      expect(m.gpu.fallbackReason).toBeUndefined();
      expect(m.gpu.ranOn).toBe('webgpu');
      // Every node on the WebGPU provider: none on the CPU provider, so no copies between host and GPU
      // mid-graph. (Before the converter wrote AddN as Adds and, for WebGPU, Prelu as Less/Mul/Where,
      // hand-lite's 9 Sum and facemesh's 28 PRelu ran on the CPU provider.) onnxruntime logs "All nodes
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
  });

  it('logged nothing and requested nothing off-origin', () => {
    expect(problems.console).toEqual([]);
    expect(problems.offOrigin).toEqual([]);
  });
});
