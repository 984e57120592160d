/**
 * Test-only page script: runs the hand and face landmark models (models/*.onnx) with onnxruntime-web on
 * one crop of a photo, once per execution provider (WebGPU, WASM), on the same input tensor, and
 * reports the raw outputs as plain JSON for the test to compare. Sessions are created as the worker's
 * stages create them (graphOptimizationLevel 'all'); a WebGPU session that fails falls back to WASM, as
 * the worker's loadHands/loadFace do. Built only into the test build (tests/browser/build.ts).
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import { sampleCrop, type TensorLayout } from '../../../src/hands/crop-sampler';
import type { HandCrop } from '../../../src/hands/hand-crop';
import type { LandmarkEp, LandmarkEpRun, LandmarkModelRequest, LandmarkModelResult, LandmarkRequest, LandmarkResult, LandmarkTestHooks } from './landmarks-protocol';

type Ort = typeof import('onnxruntime-web');

/** The part of WebGPU's navigator.gpu the page reads (the project has no WebGPU type package). */
interface GpuLike {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string } } | null>;
}

let ortPromise: Promise<Ort> | null = null;
const loadOrt = (): Promise<Ort> =>
  (ortPromise ??= import('onnxruntime-web').then((ort) => {
    // One thread: the page's main thread runs the sessions; the comparison does not depend on threads.
    ort.env.wasm.numThreads = 1;
    // Verbose: the session logs where each node runs (captured, never printed; see capturingConsole).
    ort.env.logLevel = 'verbose';
    return ort;
  }));

const now = (): number => performance.now();

async function imagePixels(url: string): Promise<ImageData> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`test image ${url}: HTTP ${res.status}`);
  const bitmap = await createImageBitmap(await res.blob());
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/** Where console output goes while a model runs; null: to the real console. */
let consoleSink: string[] | null = null;

/**
 * Routes console output into {@link consoleSink} while it is set. Installed once, before onnxruntime
 * loads: its WASM module keeps the console functions it finds at start-up.
 */
function routeConsole(): void {
  for (const m of CONSOLE_METHODS) {
    const real = console[m].bind(console);
    console[m] = (...args: unknown[]) => (consoleSink ? void consoleSink.push(args.map(String).join(' ')) : real(...args));
  }
}
routeConsole();

/**
 * Runs `work` with onnxruntime's console messages collected instead of printed (the browser tests
 * allow no console output; the messages are part of the report instead).
 */
async function capturingConsole<T>(work: () => Promise<T>): Promise<{ value: T; log: string[] }> {
  const log: string[] = [];
  consoleSink = log;
  try {
    return { value: await work(), log };
  } finally {
    consoleSink = null;
  }
}

/** The input layout and side the model declares (NHWC [1,S,S,3] for the converted MediaPipe graphs). */
function inputLayout(session: InferenceSession, fallbackSize: number): { layout: TensorLayout; dims: number[] } {
  const shape = (session as unknown as { inputMetadata?: readonly { shape?: readonly (number | string)[] }[] }).inputMetadata?.[0]?.shape;
  const layout: TensorLayout = shape && shape.length === 4 && shape[1] === 3 ? 'nchw' : 'nhwc';
  const S = fallbackSize;
  return { layout, dims: layout === 'nhwc' ? [1, S, S, 3] : [1, 3, S, S] };
}

/** An onnxruntime log line without its colour codes and timestamp. */
const plain = (line: string): string => line.replace(/\u001b\[[0-9;]*m/g, '').replace(/^\S+ \S+ /, '');

/**
 * Op types per execution provider, from onnxruntime's verbose "Node placements" log (session_state.cc):
 * "Node(s) placed on [JsExecutionProvider]. Number of nodes: 93" then one "  Conv (name)" line per node,
 * or, when one provider has them all, only "All nodes placed on [JsExecutionProvider]. Number of nodes: 93".
 * Empty when the log has no placement lines (another log format).
 */
function nodePlacements(log: readonly string[]): Pick<LandmarkEpRun, 'placements' | 'nodeCounts'> {
  const placements: Record<string, Record<string, number>> = {};
  const nodeCounts: Record<string, number> = {};
  let current: Record<string, number> | null = null;
  for (const line of log) {
    if (!line.includes('VerifyEachNodeIsAssignedToAnEp]')) continue;
    const text = line.slice(line.indexOf('VerifyEachNodeIsAssignedToAnEp]') + 'VerifyEachNodeIsAssignedToAnEp]'.length);
    const ep = /placed on \[(\w+)\]/.exec(text);
    if (ep) {
      current = placements[ep[1]] ??= {};
      const count = /Number of nodes: (\d+)/.exec(text);
      if (count) nodeCounts[ep[1]] = Number(count[1]);
      continue;
    }
    const node = /^\s{3}(\w+) \(/.exec(text);
    if (node && current) current[node[1]] = (current[node[1]] ?? 0) + 1;
    else current = null;
  }
  return { placements, nodeCounts };
}

async function runOnce(session: InferenceSession, ort: Ort, input: Float32Array, dims: number[]): Promise<Record<string, Tensor>> {
  // A copy per run: ORT may hold its input while running.
  return session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input.slice(), dims) });
}

async function modelBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`model ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function runModel(ort: Ort, image: ImageData, model: LandmarkModelRequest, eps: LandmarkEp[]): Promise<LandmarkModelResult> {
  const urlFor = (ep: LandmarkEp): string => model.urlByEp?.[ep] ?? model.url;
  // Fetched up front: createMs is the session's creation only.
  const bytes = new Map<string, Uint8Array>();
  for (const ep of new Set<LandmarkEp>([...eps, 'wasm'])) if (!bytes.has(urlFor(ep))) bytes.set(urlFor(ep), await modelBytes(urlFor(ep)));
  const create = (ep: LandmarkEp) => ort.InferenceSession.create(bytes.get(urlFor(ep))!, { executionProviders: [ep], graphOptimizationLevel: 'all', logSeverityLevel: 0 });

  let input: Float32Array | null = null;
  let inputDims: number[] = [];
  const runs: LandmarkEpRun[] = [];
  for (const ep of eps) {
    const { value, log } = await capturingConsole(async () => {
      const t0 = now();
      let ranOn: LandmarkEp = ep;
      let fallbackReason: string | undefined;
      let session: InferenceSession;
      try {
        session = await create(ep);
      } catch (e) {
        // The worker's stages do the same: a WebGPU session that fails is retried on WASM.
        if (ep !== 'webgpu') throw e;
        fallbackReason = e instanceof Error ? e.message : String(e);
        ranOn = 'wasm';
        session = await create('wasm');
      }
      const createMs = now() - t0;
      try {
        if (!input) {
          const { layout, dims } = inputLayout(session, model.crop.cropSize);
          input = new Float32Array(dims.reduce((a, b) => a * b, 1));
          // The crop sampler reads only `cropSize` and `toImage` (as FaceMeshEngine uses it too).
          sampleCrop(image.data, image.width, image.height, model.crop as unknown as HandCrop, input, 0, layout);
          inputDims = dims;
        }
        const t1 = now();
        const out = await runOnce(session, ort, input, inputDims);
        const runMs = now() - t1;
        const outputs: LandmarkEpRun['outputs'] = {};
        for (const name of session.outputNames) {
          outputs[name] = { dims: [...out[name].dims], data: Array.from((await out[name].getData()) as Float32Array) };
          out[name].dispose();
        }
        const t2 = now();
        const again = await runOnce(session, ort, input, inputDims);
        // Read back, as the first run was: a WebGPU run is not done until its outputs are.
        for (const name of session.outputNames) {
          await again[name].getData();
          again[name].dispose();
        }
        const warmRunMs = now() - t2;
        return { ep, ranOn, url: urlFor(ranOn), fallbackReason, createMs, runMs, warmRunMs, outputs };
      } finally {
        await session.release();
      }
    });
    runs.push({ ...value, ...nodePlacements(log), warnings: log.filter((l) => /\[[WE]:onnxruntime/.test(l)).map(plain) });
  }
  return { name: model.name, inputDims, runs };
}

async function run(request: LandmarkRequest): Promise<LandmarkResult> {
  const adapter = await (navigator as Navigator & { gpu?: GpuLike }).gpu?.requestAdapter();
  const info = adapter?.info;
  const ort = await loadOrt();
  const image = await imagePixels(request.imageUrl);
  const eps = adapter ? request.executionProviders : request.executionProviders.filter((ep) => ep !== 'webgpu');
  const models: LandmarkModelResult[] = [];
  for (const m of request.models) models.push(await runModel(ort, image, m, eps));
  return {
    adapter: adapter ? { vendor: info?.vendor ?? '', architecture: info?.architecture ?? '', description: info?.description ?? '' } : null,
    models,
  };
}

const hooks: LandmarkTestHooks = { run };
window.landmarkTest = hooks;
document.body.dataset.ready = 'true';
