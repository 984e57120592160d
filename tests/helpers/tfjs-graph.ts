/**
 * Builds small TFJS graph models in memory (model.json topology + weight bytes) for converter
 * tests, and runs a model with @tensorflow/tfjs on the CPU backend and its ONNX conversion with
 * onnxruntime-web's WASM backend.
 */
import { createRequire } from 'node:module';
import type { InferenceSession } from 'onnxruntime-web';
import type { TfjsAttrValue, TfjsModelArtifacts, TfjsNode, TfjsWeightSpec } from '../../tools/tfjs-to-onnx/tfjs-model';

/** The few @tensorflow/tfjs tensor members the tests use. */
export interface TfTensor {
  shape: number[];
  dataSync(): Float32Array | Int32Array | Uint8Array;
}

/** The slice of the @tensorflow/tfjs API the tests use. */
export interface TfLike {
  enableProdMode(): void;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  tensor(values: Float32Array, shape: number[]): TfTensor;
  transpose(x: TfTensor, perm: number[]): TfTensor;
  dispose(x: TfTensor | TfTensor[]): void;
  loadGraphModel(handler: unknown): Promise<{ execute(x: TfTensor, outputs: string[]): TfTensor | TfTensor[]; dispose(): void }>;
  io: {
    fromMemory(artifacts: { modelTopology: unknown; weightSpecs: unknown; weightData: ArrayBuffer }): unknown;
    decodeWeights(data: ArrayBuffer, specs: unknown): Record<string, TfTensor>;
  };
}

/**
 * @tensorflow/tfjs, loaded without its typings: they reference @webgpu/types, whose GPUAdapter
 * declaration would clash with the DOM one that workers/ type-checks against.
 */
export const tf = createRequire(import.meta.url)('@tensorflow/tfjs') as TfLike;

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** TFJS JSON attribute encoders. */
export const tfAttr = {
  ints: (v: number[]): TfjsAttrValue => ({ list: { i: v.map(String) } }),
  string: (v: string): TfjsAttrValue => ({ s: b64(v) }),
  strings: (v: string[]): TfjsAttrValue => ({ list: { s: v.map(b64) } }),
  bool: (v: boolean): TfjsAttrValue => ({ b: v }),
  int: (v: number): TfjsAttrValue => ({ i: String(v) }),
  float: (v: number): TfjsAttrValue => ({ f: v }),
};

/** Conv/pool attributes in TF's NHWC form. */
export const windowAttrs = (stride: number, padding: 'SAME' | 'VALID', dilation = 1): Record<string, TfjsAttrValue> => ({
  strides: tfAttr.ints([1, stride, stride, 1]),
  dilations: tfAttr.ints([1, dilation, dilation, 1]),
  padding: tfAttr.string(padding),
  data_format: tfAttr.string('NHWC'),
});

/** Deterministic uniform values in [lo, hi) (Park–Miller LCG). */
export function seededValues(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 16807) % 2147483647;
    out[i] = lo + ((hi - lo) * s) / 2147483647;
  }
  return out;
}

const dims = (shape: number[]) => ({ dim: shape.map((d) => ({ size: String(d) })) });

/** Collects nodes and float32/int32 constants; {@link build} lays the weights out in one shard. */
export class TfjsGraphBuilder {
  private readonly nodes: TfjsNode[] = [];
  private readonly specs: TfjsWeightSpec[] = [];
  private readonly chunks: Uint8Array[] = [];
  private seed = 1;

  input(name: string, shape: number[]): string {
    this.nodes.push({ name, op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dims(shape) } } });
    return name;
  }

  /** A float32 constant; values default to seeded random ones. */
  const(name: string, shape: number[], values?: ArrayLike<number>): string {
    const data = values ? Float32Array.from(values) : seededValues(shape.reduce((n, d) => n * d, 1), this.seed++);
    return this.addConst(name, shape, 'float32', new Uint8Array(data.buffer));
  }

  intConst(name: string, values: number[], shape = [values.length]): string {
    return this.addConst(name, shape, 'int32', new Uint8Array(Int32Array.from(values).buffer));
  }

  private addConst(name: string, shape: number[], dtype: 'float32' | 'int32', bytes: Uint8Array): string {
    const dt = dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32';
    this.nodes.push({ name, op: 'Const', attr: { dtype: { type: dt }, value: { tensor: { dtype: dt, tensorShape: dims(shape) } } } });
    this.specs.push({ name, shape, dtype });
    this.chunks.push(bytes);
    return name;
  }

  op(name: string, op: string, inputs: string[], attr: Record<string, TfjsAttrValue> = {}): string {
    this.nodes.push({ name, op, input: inputs, attr: { T: { type: 'DT_FLOAT' }, ...attr } });
    return name;
  }

  build(): TfjsModelArtifacts {
    const data = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      data.set(c, at);
      at += c.length;
    }
    return {
      json: { format: 'graph-model', modelTopology: { node: this.nodes, versions: {} }, weightsManifest: [{ paths: ['weights.bin'], weights: this.specs }] },
      groupData: [data],
    };
  }
}

let tfReady: Promise<void> | undefined;

/** @tensorflow/tfjs on its pure-JS CPU backend, without its "install tfjs-node" banner. */
export function useTfCpu(): Promise<void> {
  tfReady ??= (async () => {
    tf.enableProdMode();
    await tf.setBackend('cpu');
    await tf.ready();
  })();
  return tfReady;
}

/** Runs a TFJS graph model on an NHWC input; returns each requested output's data and shape. */
export async function runTfjs(artifacts: TfjsModelArtifacts, input: TfTensor, outputs: string[]): Promise<{ data: Float32Array; shape: number[] }[]> {
  await useTfCpu();
  const weightData = new Uint8Array(artifacts.groupData.reduce((n, g) => n + g.length, 0));
  let at = 0;
  for (const g of artifacts.groupData) {
    weightData.set(g, at);
    at += g.length;
  }
  const model = await tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: artifacts.json.modelTopology,
      weightSpecs: artifacts.json.weightsManifest.flatMap((g) => g.weights),
      weightData: weightData.buffer,
    }),
  );
  const ys = model.execute(input, outputs) ;
  const list = Array.isArray(ys) ? ys : [ys];
  const result = list.map((y) => ({ data: Float32Array.from(y.dataSync()), shape: y.shape }));
  tf.dispose(list);
  model.dispose();
  return result;
}

type Ort = typeof import('onnxruntime-web');
let ortReady: Promise<Ort> | undefined;

/** onnxruntime-web (WASM backend, one thread: what ORT picks on 2 cores). */
export function loadOrtWeb(): Promise<Ort> {
  ortReady ??= import('onnxruntime-web').then((ort) => {
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'error';
    return ort;
  });
  return ortReady;
}

/** Runs ONNX bytes on one float32 input; returns outputs by name. */
export async function runOnnx(bytes: Uint8Array, inputName: string, data: Float32Array, shape: number[]): Promise<InferenceSession.OnnxValueMapType> {
  const ort = await loadOrtWeb();
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    return await session.run({ [inputName]: new ort.Tensor('float32', data, shape) });
  } finally {
    await session.release();
  }
}

/** Largest |a[i] - b[i]|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}
