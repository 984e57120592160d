/**
 * tools/tfjs-to-onnx against @tensorflow/tfjs itself: the hand/face landmark models and small
 * graphs for the tricky mappings run on TFJS's CPU backend and, converted, on onnxruntime-web's
 * WASM backend, with the same seeded input. Every output must be within {@link MAX_ABS_DIFF}.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landmarkModels } from '../../tools/convert-hand-face-models';
import { BATCH_DIM, convertTfjsToOnnx, decodeWeights, readTfjsModel, TfjsToOnnxError } from '../../tools/tfjs-to-onnx';
import { NCHW_TO_NHWC, NHWC_TO_NCHW, transposeData } from '../../tools/tfjs-to-onnx/layout';
import type { TfjsModelArtifacts, TfjsWeightSpec } from '../../tools/tfjs-to-onnx/tfjs-model';
import {
  maxAbsDiff,
  runOnnx,
  runTfjs,
  seededValues,
  tf,
  tfAttr,
  TfjsGraphBuilder,
  useTfCpu,
  windowAttrs,
} from '../helpers/tfjs-graph';
import { onnxNodes, onnxOpCounts } from './onnx-nodes';

/**
 * The bound on |TFJS − ONNX|, absolute, on every output — landmark pixel coordinates (~180)
 * included. Measured (seeds 7, 11, 13; ORT graph optimisation disabled…all): hand lite/full
 * Identity 4.6e-5–6.9e-5, facemesh Identity/Identity_2 6.1e-5–9.2e-5 (one float32 ulp at 128–256 is
 * 1.5e-5); scores and metric outputs ≤ 1.3e-6. facemesh meets it because the converter sums its
 * dense-as-conv landmark heads in TF's order (tools/tfjs-to-onnx/ops/conv.ts denseConvolution): with
 * ONNX Conv's order they were 1.07e-4–1.37e-4 off.
 */
const MAX_ABS_DIFF = 1e-4;

const MODELS_PACKAGE_DIR = join(process.cwd(), 'node_modules');

type Target = 'wasm' | 'webgpu';
const TARGETS: Target[] = ['wasm', 'webgpu'];

/**
 * The ONNX ops onnxruntime-web's WebGPU provider has kernels for, from the installed package's own
 * table (docs/webgpu-operators.md, generated from its kernel registrations).
 */
function webgpuOps(): Set<string> {
  const table = readFileSync(join(MODELS_PACKAGE_DIR, 'onnxruntime-web', 'docs', 'webgpu-operators.md'), 'utf8');
  return new Set([...table.matchAll(/^\| (\w+) \| ai\.onnx/gm)].map((m) => m[1]));
}

/** Converts, runs both engines on a seeded NHWC input, returns per-output diffs. */
async function compare(
  artifacts: TfjsModelArtifacts,
  inputShape: number[],
  outputs: string[],
  options: { seed?: number; lo?: number; hi?: number; inputLayout?: 'NCHW' | 'NHWC'; target?: Target } = {},
): Promise<{ name: string; diff: number; shapes: [number[], readonly number[]]; data: Float32Array }[]> {
  const converted = convertTfjsToOnnx(artifacts, { outputs, inputLayout: options.inputLayout, target: options.target });
  await useTfCpu();
  const nhwc = seededValues(inputShape.reduce((n, d) => n * d, 1), options.seed ?? 42, options.lo ?? -1, options.hi ?? 1);
  const reference = await runTfjs(artifacts, tf.tensor(nhwc, inputShape), outputs);
  const nchwShape = NHWC_TO_NCHW.map((a) => inputShape[a]);
  const [feed, feedShape] = options.inputLayout === 'NHWC' ? [nhwc, inputShape] : [transposeData(nhwc, inputShape, NHWC_TO_NCHW), nchwShape];
  const got = await runOnnx(converted.bytes, converted.inputs[0].name, feed, feedShape);
  return outputs.map((name, i) => {
    const out = got[name];
    return { name, diff: maxAbsDiff(reference[i].data, out.data as Float32Array), shapes: [reference[i].shape, out.dims], data: out.data as Float32Array };
  });
}

function expectClose(results: Awaited<ReturnType<typeof compare>>): void {
  for (const r of results) {
    expect(r.shapes[1], r.name).toEqual(r.shapes[0]);
    expect(r.diff, `${r.name}: max abs diff ${r.diff}`).toBeLessThanOrEqual(MAX_ABS_DIFF);
  }
}

// TFJS in prod mode from the start: its first tensor would otherwise print the "install tfjs-node" banner.
beforeAll(useTfCpu);

describe.each(landmarkModels())('$id converted to ONNX', (entry) => {
  const jsonPath = join(MODELS_PACKAGE_DIR, entry.source.package, entry.source.path);
  let artifacts: TfjsModelArtifacts;
  beforeAll(() => {
    artifacts = readTfjsModel(jsonPath);
  });

  it('exposes the input and outputs the manifest documents, with a dynamic batch', () => {
    const c = convertTfjsToOnnx(artifacts, { name: entry.id });
    // The manifest documents one sample (batch 1); the converted batch axis is symbolic.
    const batched = (shape: number[]) => [BATCH_DIM, ...shape.slice(1)];
    expect(c.inputs).toEqual([{ name: entry.input.name, shape: batched(entry.input.shape) }]);
    expect(c.outputs).toEqual(entry.outputs.map((o) => ({ name: o.name, shape: batched(o.shape) })));
  });

  it.each(TARGETS)('matches TFJS on the CPU for every output (input 0..1 RGB, like the app feeds it), %s target', async (target) => {
    const [, c, h, w] = entry.input.shape;
    expectClose(await compare(artifacts, [1, h, w, c], entry.outputs.map((o) => o.name), { lo: 0, hi: 1, seed: 7, target }));
  });

  it('emits only ops the WebGPU provider has kernels for (webgpu target), and no Sum on either target', () => {
    const supported = webgpuOps();
    expect(supported.has('Conv') && supported.has('Where')).toBe(true);
    const webgpu = onnxOpCounts(convertTfjsToOnnx(artifacts, { name: entry.id, target: 'webgpu' }).bytes);
    // Identity (the TF graph's output names) is no kernel: onnxruntime removes it when it loads the model.
    expect(Object.keys(webgpu).filter((op) => !supported.has(op) && op !== 'Identity')).toEqual([]);
    const wasm = onnxOpCounts(convertTfjsToOnnx(artifacts, { name: entry.id }).bytes);
    expect(wasm).not.toHaveProperty('Sum');
    // The targets differ only in how Prelu is written.
    expect(wasm.Less ?? 0).toBe(0);
    expect(webgpu.PRelu ?? 0).toBe(0);
    expect(webgpu.Where ?? 0).toBe(wasm.PRelu ?? 0);
  });
});

describe('op mappings against TFJS', () => {
  it('Conv2D: SAME with stride 2 (odd and even sizes, even kernel), VALID with dilation', async () => {
    const g = new TfjsGraphBuilder();
    const x = g.input('x', [1, 7, 8, 3]);
    g.op('same_k3_s2', 'Conv2D', [x, g.const('f3', [3, 3, 3, 4])], windowAttrs(2, 'SAME'));
    g.op('same_k2_s2', 'Conv2D', [x, g.const('f2', [2, 2, 3, 5])], windowAttrs(2, 'SAME'));
    g.op('same_k4_s3', 'Conv2D', [x, g.const('f4', [4, 4, 3, 2])], windowAttrs(3, 'SAME'));
    g.op('valid_d2', 'Conv2D', [x, g.const('fd', [3, 3, 3, 2])], windowAttrs(1, 'VALID', 2));
    expectClose(await compare(g.build(), [1, 7, 8, 3], ['same_k3_s2', 'same_k2_s2', 'same_k4_s3', 'valid_d2']));
  });

  it('DepthwiseConv2dNative with channel multiplier 2, and a fused conv with BiasAdd + Relu6', async () => {
    const g = new TfjsGraphBuilder();
    const x = g.input('x', [1, 9, 6, 3]);
    const dw = g.op('dw', 'DepthwiseConv2dNative', [x, g.const('dwf', [3, 3, 3, 2])], windowAttrs(2, 'SAME'));
    g.op('fused', '_FusedConv2D', [dw, g.const('pw', [1, 1, 6, 4]), g.const('bias', [4], [5, -5, 0.5, 2])], {
      ...windowAttrs(1, 'VALID'),
      fused_ops: tfAttr.strings(['BiasAdd', 'Relu6']),
      num_args: tfAttr.int(1),
    });
    expectClose(await compare(g.build(), [1, 9, 6, 3], ['dw', 'fused']));
  });

  /** Prelu three ways: fused into a conv, standalone on 4-D, fused into a matmul (2-D); alphas < 0, 0, > 1. */
  const preluGraph = (): TfjsModelArtifacts => {
    const g = new TfjsGraphBuilder();
    const x = g.input('x', [1, 5, 5, 2]);
    const conv = g.op('conv_prelu', '_FusedConv2D', [x, g.const('f', [3, 3, 2, 3]), g.const('b', [3]), g.const('a', [1, 1, 3], [0.1, -0.5, 2])], {
      ...windowAttrs(1, 'SAME'),
      fused_ops: tfAttr.strings(['BiasAdd', 'Prelu']),
      num_args: tfAttr.int(2),
    });
    const added = g.op('add', 'AddV2', [conv, g.const('y', [3], [0.5, -1, 0])]);
    const prelu = g.op('prelu', 'Prelu', [added, g.const('alpha', [3], [0.25, 0, -1])]);
    const flat = g.op('flat', 'Reshape', [prelu, g.intConst('shape', [1, -1])]);
    g.op('dense_prelu', '_FusedMatMul', [flat, g.const('w', [75, 4]), g.const('wb', [4]), g.const('da', [4], [0.3, 1.5, -0.2, 0])], {
      fused_ops: tfAttr.strings(['BiasAdd', 'Prelu']),
      num_args: tfAttr.int(2),
      transpose_a: tfAttr.bool(false),
      transpose_b: tfAttr.bool(false),
    });
    return g.build();
  };
  const PRELU_OUTPUTS = ['conv_prelu', 'prelu', 'dense_prelu'];

  it.each(TARGETS)('Prelu with a per-channel alpha, fused into a conv and a matmul and standalone (%s target)', async (target) => {
    expectClose(await compare(preluGraph(), [1, 5, 5, 2], PRELU_OUTPUTS, { target }));
  });

  it('Prelu: PRelu for WASM; Where(Less(x, 0), Mul(x, alpha), x) for WebGPU, the same bit for bit', async () => {
    const wasm = onnxNodes(convertTfjsToOnnx(preluGraph(), { outputs: PRELU_OUTPUTS }).bytes);
    expect(wasm.filter((n) => n.opType === 'PRelu')).toHaveLength(3);
    const webgpu = onnxNodes(convertTfjsToOnnx(preluGraph(), { outputs: PRELU_OUTPUTS, target: 'webgpu' }).bytes);
    expect(webgpu.map((n) => n.opType)).not.toContain('PRelu');
    const wheres = webgpu.filter((n) => n.opType === 'Where');
    expect(wheres).toHaveLength(3);
    const producer = new Map(webgpu.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
    for (const where of wheres) {
      const [cond, scaled, x] = where.inputs;
      expect(producer.get(cond)?.opType).toBe('Less');
      expect(producer.get(cond)?.inputs[0]).toBe(x);
      expect(producer.get(scaled)?.opType).toBe('Mul');
      expect(producer.get(scaled)?.inputs[0]).toBe(x);
    }
    // Inputs with exact zeros and both signs; the two targets agree exactly.
    const [a, b] = await Promise.all(TARGETS.map((target) => compare(preluGraph(), [1, 5, 5, 2], PRELU_OUTPUTS, { target, seed: 3 })));
    for (const [i, r] of a.entries()) expect(maxAbsDiff(r.data, b[i].data), r.name).toBe(0);
  });

  it("AddN of 3 and 4 inputs: a chain of binary Adds in TF's order, ((a + b) + c) + d", async () => {
    const g = new TfjsGraphBuilder();
    const x = g.input('x', [1, 3, 4, 2]);
    // Terms of different magnitudes, each exact in float32 on both engines (one multiply): with the
    // seed below, (big + mid) + small and big + (mid + small) differ in 11 of the 24 elements. TF's AddN
    // takes same-shaped inputs only.
    const big = g.op('big', 'Mul', [x, g.const('k_big', [], [1e3])]);
    const mid = g.op('mid', 'Mul', [x, x]);
    const small = g.op('small', 'Mul', [x, g.const('k_small', [], [-0.3])]);
    g.op('sum3', 'AddN', [big, mid, small], { N: tfAttr.int(3) });
    g.op('sum4', 'AddN', [small, big, mid, g.const('c4', [1, 3, 4, 2])], { N: tfAttr.int(4) });
    const built = g.build();
    const nodes = onnxNodes(convertTfjsToOnnx(built, { outputs: ['sum3', 'sum4'] }).bytes);
    expect(nodes.map((n) => n.opType)).not.toContain('Sum');
    const producer = new Map(nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
    /** The terms of the Add chain ending in `out`, in the order they are added. */
    const chain = (out: string): string[] => {
      const terms: string[] = [];
      // A 4-D output is transposed back to NHWC after the sum.
      const nchw = producer.get(out)!;
      expect(nchw.opType).toBe('Transpose');
      for (let n = producer.get(nchw.inputs[0]); ; ) {
        expect(n?.opType).toBe('Add');
        const [acc, term] = n!.inputs;
        terms.unshift(term);
        if (['big', 'mid', 'small'].includes(acc)) return [acc, ...terms];
        n = producer.get(acc);
      }
    };
    expect(chain('sum3')).toEqual(['big', 'mid', 'small']);
    const sum4 = chain('sum4');
    expect(sum4.slice(0, 3)).toEqual(['small', 'big', 'mid']);
    expect(sum4).toHaveLength(4);
    // TFJS's CPU kernel adds in input order too: the results are the same bit for bit.
    const results = await compare(built, [1, 3, 4, 2], ['sum3', 'sum4'], { seed: 5 });
    for (const r of results) expect(r.diff, r.name).toBe(0);
    // …which another association would not be: big + (mid + small), in float32.
    const f = Math.fround;
    const otherOrder = Array.from(seededValues(24, 5), (v) => f(f(v * 1e3) + f(f(v * v) + f(v * -0.3))));
    expect(otherOrder.filter((v, i) => v !== results[0].data[i]).length).toBeGreaterThan(5);
  });

  it('Mean over H,W (global pooling), over W only, with keep_dims, and over channels', async () => {
    const g = new TfjsGraphBuilder();
    const x = g.input('x', [1, 4, 3, 5]);
    g.op('hw', 'Mean', [x, g.intConst('ax_hw', [1, 2])], { keep_dims: tfAttr.bool(false) });
    g.op('w', 'Mean', [x, g.intConst('ax_w', [2])], { keep_dims: tfAttr.bool(false) });
    g.op('hw_keep', 'Mean', [x, g.intConst('ax_hw2', [1, 2])], { keep_dims: tfAttr.bool(true) });
    g.op('c', 'Mean', [x, g.intConst('ax_c', [-1])], { keep_dims: tfAttr.bool(false) });
    expectClose(await compare(g.build(), [1, 4, 3, 5], ['hw', 'w', 'hw_keep', 'c']));
  });

  it('Pad, MaxPool SAME, AddN, Reshape and _FusedMatMul (+ Sigmoid), with an NHWC input', async () => {
    const g = new TfjsGraphBuilder();
    const x = g.input('x', [1, 5, 6, 2]);
    const padded = g.op('pad', 'Pad', [x, g.intConst('paddings', [0, 0, 1, 0, 0, 2, 0, 1], [4, 2])]);
    const pooled = g.op('pool', 'MaxPool', [padded], { ksize: tfAttr.ints([1, 3, 3, 1]), ...windowAttrs(2, 'SAME') });
    const sum = g.op('sum', 'AddN', [pooled, pooled, g.const('k', [1, 3, 4, 3])], { N: tfAttr.int(3) });
    const flat = g.op('flat', 'Reshape', [sum, g.intConst('shape', [1, -1])]);
    const dense = g.op('dense', '_FusedMatMul', [flat, g.const('w', [36, 4]), g.const('wb', [4])], {
      fused_ops: tfAttr.strings(['BiasAdd']),
      num_args: tfAttr.int(1),
      transpose_a: tfAttr.bool(false),
      transpose_b: tfAttr.bool(false),
    });
    g.op('score', 'Sigmoid', [dense]);
    g.op('back4d', 'Reshape', [dense, g.intConst('shape4', [1, 2, 2, 1])]);
    const outputs = ['sum', 'flat', 'score', 'back4d'];
    expectClose(await compare(g.build(), [1, 5, 6, 2], outputs));
    expectClose(await compare(g.build(), [1, 5, 6, 2], outputs, { inputLayout: 'NHWC' }));
  });

  it('a conv whose kernel covers its whole input (a dense head), fused with BiasAdd + Relu', async () => {
    const g = new TfjsGraphBuilder();
    const x = g.input('x', [1, 3, 3, 8]);
    g.op('head', '_FusedConv2D', [x, g.const('hf', [3, 3, 8, 5]), g.const('hb', [5])], {
      ...windowAttrs(3, 'VALID'),
      fused_ops: tfAttr.strings(['BiasAdd', 'Relu']),
      num_args: tfAttr.int(1),
    });
    g.op('plain', 'Conv2D', [x, g.const('pf', [3, 3, 8, 2])], windowAttrs(1, 'VALID'));
    const built = g.build();
    const c = convertTfjsToOnnx(built, { outputs: ['head', 'plain'] });
    expect(c.outputs).toEqual([{ name: 'head', shape: [BATCH_DIM, 1, 1, 5] }, { name: 'plain', shape: [BATCH_DIM, 1, 1, 2] }]);
    expectClose(await compare(built, [1, 3, 3, 8], ['head', 'plain']));
  });

  it('a dynamic batch: one batch-2 run gives each sample its TFJS batch-1 result', async () => {
    const g = new TfjsGraphBuilder();
    const x = g.input('x', [1, 6, 6, 2]);
    const conv = g.op('conv', 'Conv2D', [x, g.const('f', [3, 3, 2, 4])], windowAttrs(2, 'SAME'));
    const head = g.op('head', '_FusedConv2D', [conv, g.const('hf', [3, 3, 4, 6]), g.const('hb', [6])], {
      ...windowAttrs(1, 'VALID'),
      fused_ops: tfAttr.strings(['BiasAdd']),
      num_args: tfAttr.int(1),
    });
    g.op('mesh', 'Reshape', [head, g.intConst('mesh_shape', [1, 6])]);
    const pooled = g.op('pooled', 'Mean', [conv, g.intConst('axes', [1, 2])], { keep_dims: tfAttr.bool(false) });
    g.op('dense', '_FusedMatMul', [pooled, g.const('w', [4, 3]), g.const('wb', [3])], {
      fused_ops: tfAttr.strings(['BiasAdd']),
      num_args: tfAttr.int(1),
      transpose_a: tfAttr.bool(false),
      transpose_b: tfAttr.bool(false),
    });
    const outputs = ['mesh', 'dense', 'conv'];
    const built = g.build();
    const c = convertTfjsToOnnx(built, { outputs });
    expect(c.inputs).toEqual([{ name: 'x', shape: [BATCH_DIM, 2, 6, 6] }]);
    const shape = [1, 6, 6, 2];
    const per = 72;
    const samples = [seededValues(per, 5), seededValues(per, 6)];
    const both = new Float32Array(2 * per);
    samples.forEach((v, i) => both.set(transposeData(v, shape, NHWC_TO_NCHW), i * per));
    const got = await runOnnx(c.bytes, 'x', both, [2, 2, 6, 6]);
    for (const [i, v] of samples.entries()) {
      const ref = await runTfjs(built, tf.tensor(v, shape), outputs);
      outputs.forEach((name, k) => {
        const all = got[name].data as Float32Array;
        const n = all.length / 2;
        expect(got[name].dims[0], name).toBe(2);
        expect(maxAbsDiff(all.subarray(i * n, (i + 1) * n), ref[k].data), `${name} #${i}`).toBeLessThanOrEqual(MAX_ABS_DIFF);
      });
    }
  });

  it('transposes a 4-D graph output back to TF NHWC shape', async () => {
    const g = new TfjsGraphBuilder();
    g.op('r', 'Relu', [g.input('x', [1, 3, 4, 2])]);
    const c = convertTfjsToOnnx(g.build(), { outputs: ['r'] });
    expect(c.outputs).toEqual([{ name: 'r', shape: [BATCH_DIM, 3, 4, 2] }]);
    const x = seededValues(24, 3);
    const out = await runOnnx(c.bytes, 'x', transposeData(x, [1, 3, 4, 2], NHWC_TO_NCHW), [1, 2, 3, 4]);
    expect(Array.from(out.r.data as Float32Array)).toEqual(Array.from(x, (v) => Math.max(v, 0)));
    expect(NCHW_TO_NHWC).toEqual([0, 2, 3, 1]);
  });
});

describe('weight dequantisation matches tf.io.decodeWeights', () => {
  /** Half-precision bit patterns: 1, -2, ~1/3, the smallest subnormal, the largest finite, -0. */
  const HALVES = [0x3c00, 0xc000, 0x3555, 0x0001, 0x7bff, 0x8000];
  const UINT8 = [0, 1, 127, 255];
  const UINT16 = [0, 513, 65535];

  it('float16, uint8 and uint16 (scale/min) weights', () => {
    const specs: TfjsWeightSpec[] = [
      { name: 'h', shape: [2, 3], dtype: 'float32', quantization: { dtype: 'float16', original_dtype: 'float32' } },
      { name: 'u8', shape: [4], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.0123, min: -1.5, original_dtype: 'float32' } },
      { name: 'u16', shape: [3], dtype: 'float32', quantization: { dtype: 'uint16', scale: 0.001, min: 2, original_dtype: 'float32' } },
    ];
    const bytes = new Uint8Array(HALVES.length * 2 + UINT8.length + UINT16.length * 2);
    const view = new DataView(bytes.buffer);
    HALVES.forEach((h, i) => view.setUint16(i * 2, h, true));
    bytes.set(UINT8, HALVES.length * 2);
    UINT16.forEach((u, i) => view.setUint16(HALVES.length * 2 + UINT8.length + i * 2, u, true));
    const ours = decodeWeights({ json: { modelTopology: { node: [] }, weightsManifest: [{ paths: ['w.bin'], weights: specs }] }, groupData: [bytes] });
    const theirs = tf.io.decodeWeights(bytes.buffer, specs);
    for (const s of specs) {
      const got = ours.get(s.name);
      expect(got?.shape, s.name).toEqual(s.shape);
      expect(Array.from(got?.data ?? []), s.name).toEqual(Array.from(theirs[s.name].dataSync()));
    }
    expect(Array.from(ours.get('h')?.data ?? []).slice(0, 2)).toEqual([1, -2]);
  });
});

describe('converter errors', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tfjs-to-onnx-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names an unsupported op and its node', () => {
    const g = new TfjsGraphBuilder();
    g.op('my_softmax', 'Softmax', [g.input('x', [1, 4])]);
    const err = (() => {
      try {
        convertTfjsToOnnx(g.build(), { name: 'toy', outputs: ['my_softmax'] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TfjsToOnnxError);
    expect((err as Error).message).toMatch(/toy: node "my_softmax" \(Softmax\): unsupported TFJS op "Softmax"/);
  });

  it('refuses a Reshape that moves the batch axis under a dynamic batch, converts it with a fixed one', () => {
    const g = new TfjsGraphBuilder();
    g.op('split', 'Reshape', [g.input('x', [1, 6]), g.intConst('shape', [2, 3])]);
    expect(() => convertTfjsToOnnx(g.build(), { name: 'toy', outputs: ['split'] })).toThrow(/toy: node "split" \(Reshape\): .*moves the batch axis: not supported with a dynamic batch/);
    expect(convertTfjsToOnnx(g.build(), { outputs: ['split'], batch: 1 }).outputs).toEqual([{ name: 'split', shape: [2, 3] }]);
  });

  it('names a missing weight shard and where it looked', () => {
    const { json } = new TfjsGraphBuilder().build();
    const jsonPath = join(dir, 'model.json');
    writeFileSync(jsonPath, JSON.stringify(json));
    expect(() => readTfjsModel(jsonPath)).toThrow(new RegExp(`weight shard "weights.bin" of .*model.json not found \\(looked for ${join(dir, 'weights.bin')}\\)`));
  });

  it('reports shards shorter than the manifest says', () => {
    const g = new TfjsGraphBuilder();
    g.const('w', [4]);
    const a = g.build();
    expect(() => decodeWeights({ ...a, groupData: [a.groupData[0].subarray(0, 10)] }, 'toy')).toThrow(/toy: weight shards weights.bin hold 10 bytes, but weight "w" ends at byte 16/);
  });
});
