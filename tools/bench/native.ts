/** Per-stage medians in Node: onnxruntime-node (native CPU, the physical limit here) and onnxruntime-web WASM. */
import { getModel } from '../../src/pose/models';
import { createNodeEngine, isModelInstalled, type NodeBackend } from '../node-engine';
import { cameraFrame, BENCH_INPUT_HEIGHTS } from './frames';
import { median } from './stats';

export interface StageMedians {
  model: string;
  backend: string;
  inputWidth: number;
  inputHeight: number;
  preprocessMs: number;
  inferenceMs: number;
  decodeMs: number;
  people: number;
  runs: number;
}

export const BENCH_MODELS = ['lightweight_openpose_hpe0001', 'tfpose_mobilenet_v2_small'] as const;

export async function benchNode(backend: NodeBackend, runs: number, threads?: number): Promise<StageMedians[]> {
  const frame = cameraFrame();
  const out: StageMedians[] = [];
  for (const id of BENCH_MODELS) {
    if (!isModelInstalled(getModel(id))) continue;
    const engine = await createNodeEngine({ modelId: id, backend, threads });
    for (const h of BENCH_INPUT_HEIGHTS) {
      engine.setInputHeight(h);
      await engine.estimateRgba(frame.data, frame.width, frame.height); // warm-up: allocations, kernels
      const t: { p: number[]; i: number[]; d: number[] } = { p: [], i: [], d: [] };
      let people = 0, iw = 0, ih = 0;
      for (let r = 0; r < runs; r++) {
        const f = await engine.estimateRgba(frame.data, frame.width, frame.height);
        t.p.push(f.timings.preprocessMs);
        t.i.push(f.timings.inferenceMs);
        t.d.push(f.timings.decodeMs);
        people = f.people.length;
        iw = f.inputWidth;
        ih = f.inputHeight;
      }
      out.push({
        model: id,
        backend: backend === 'node' ? `node-native(${threads ?? 'all'} thr)` : `node-wasm(${threads ?? 1} thr)`,
        inputWidth: iw,
        inputHeight: ih,
        preprocessMs: median(t.p),
        inferenceMs: median(t.i),
        decodeMs: median(t.d),
        people,
        runs,
      });
    }
    await engine.dispose();
  }
  return out;
}
