/**
 * Per-stage medians in headless Chromium: the real worker (comlink + onnxruntime-web) on WASM with
 * threads (the page is crossOriginIsolated), and one WebGPU figure on the software adapter.
 */
import { sharedImageUrl, startHarness, type Harness } from '../../tests/browser/harness';
import { getModel } from '../../src/pose/models';
import { isModelInstalled } from '../node-engine';
import { BENCH_IMAGE, BENCH_INPUT_HEIGHTS } from './frames';
import { BENCH_MODELS, type StageMedians } from './native';
import { median } from './stats';

/** SwiftShader runs WebGPU on the CPU ~200× slower than WASM: one small input, to show it works, not its speed. */
const WEBGPU_INPUT_HEIGHT = 128;

export interface BrowserBench {
  wasm: (StageMedians & { roundTripMs: number })[];
  webgpu: (StageMedians & { roundTripMs: number }) | null;
  threads: number;
}

async function measure(h: Harness, modelId: string, inputHeight: number, backend: 'wasm' | 'webgpu', runs: number, threads: number) {
  // One extra run: the first inference at a new size pays one-off allocation and kernel set-up.
  const r = await h.runInWorker(sharedImageUrl(BENCH_IMAGE), { modelId, inputHeight, backend, numThreads: threads, repeats: runs + 1 });
  const t = r.timings.slice(1);
  return {
    model: modelId,
    backend: backend === 'wasm' ? `browser-wasm(${threads} thr)` : 'browser-webgpu(software)',
    inputWidth: r.lastFrame.inputWidth,
    inputHeight: r.lastFrame.inputHeight,
    preprocessMs: median(t.map((x) => x.preprocessMs)),
    inferenceMs: median(t.map((x) => x.inferenceMs)),
    decodeMs: median(t.map((x) => x.decodeMs)),
    roundTripMs: median(t.map((x) => x.roundTripMs)),
    people: r.lastFrame.people.length,
    runs: t.length,
  };
}

export async function benchBrowser(runs: number, threads: number, webgpu: boolean): Promise<BrowserBench> {
  const h = await startHarness();
  try {
    const wasm: BrowserBench['wasm'] = [];
    for (const id of BENCH_MODELS) {
      if (!isModelInstalled(getModel(id))) continue;
      for (const height of BENCH_INPUT_HEIGHTS) wasm.push(await measure(h, id, height, 'wasm', runs, threads));
    }
    const gpu = webgpu && isModelInstalled(getModel(BENCH_MODELS[0]))
      ? await measure(h, BENCH_MODELS[0], WEBGPU_INPUT_HEIGHT, 'webgpu', 1, threads).catch(() => null)
      : null;
    return { wasm, webgpu: gpu, threads };
  } finally {
    await h.stop();
  }
}
