/**
 * The state of one conversion, shared by the op mappers: resolved inputs (activations or
 * constants), emitted ONNX nodes and initializers, and typed access to node attributes.
 */
import { TfjsToOnnxError } from './errors';
import { NCHW_TO_NHWC, NHWC_TO_NCHW, toNchwBroadcast } from './layout';
import type { OnnxAttribute, OnnxNode, OnnxTensor } from './onnx-proto';
import type { TfjsAttrValue, TfjsNode } from './tfjs-model';
import type { ConstTensor } from './weights';

/**
 * A computed tensor. `shape` is always the TF (NHWC) shape; when `nchw` is set (every 4-D
 * activation), the ONNX tensor holds the same data transposed to NCHW.
 */
export interface Activation {
  kind: 'activation';
  onnx: string;
  shape: number[];
  nchw: boolean;
}

/** A Const node's value, folded into initializers by whichever op consumes it. */
export interface Constant {
  kind: 'constant';
  name: string;
  tensor: ConstTensor;
}

export type Resolved = Activation | Constant;

/** The dim_param naming a dynamic batch axis in the ONNX inputs and outputs. */
export const BATCH_DIM = 'batch';

/** Maps one TF node to ONNX nodes; returns the activation holding the node's output. */
export type OpMapper = (node: TfjsNode, ctx: ConversionContext) => Activation;

export class ConversionContext {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  /** Initializer name by key (a key is a constant's name plus the layout it was converted to). */
  private readonly initializerNames = new Map<string, string>();
  private readonly usedNames = new Set<string>();
  private readonly nhwcViews = new Map<string, Activation>();

  constructor(
    /** Names the model in error messages. */
    readonly model: string,
    /** Resolves a TF node's output by node name (converting it first if needed). */
    private readonly resolveName: (name: string) => Resolved,
    /**
     * Whether the graph's batch is symbolic ({@link BATCH_DIM}). Activations then always lead with the
     * batch axis (held as 1 in `shape`), and an op that would mix it with other axes is refused.
     */
    readonly dynamicBatch = false,
    /** The onnxruntime-web backend the model is for (see ConvertOptions.target). */
    readonly target: 'wasm' | 'webgpu' = 'wasm',
  ) {}

  /**
   * With a dynamic batch, refuses a result whose leading axis is not the batch (`shape[0]` must stay
   * the inputs' 1 and the rank must keep the batch axis). No-op with a fixed batch.
   */
  requireBatchAxis(node: TfjsNode, shape: readonly number[], why: string): void {
    if (this.dynamicBatch && (shape.length === 0 || shape[0] !== 1)) {
      throw this.fail(node, `${why}: not supported with a dynamic batch (convert with a fixed \`batch\`)`);
    }
  }

  /** An error that names the model and node. */
  fail(node: TfjsNode, message: string): TfjsToOnnxError {
    return new TfjsToOnnxError(`${this.model}: node "${node.name}" (${node.op}): ${message}`);
  }

  /** The data inputs of a node (control dependencies "^name" dropped). */
  dataInputs(node: TfjsNode): string[] {
    return (node.input ?? []).filter((i) => !i.startsWith('^'));
  }

  /** The i-th data input, resolved. */
  input(node: TfjsNode, i: number): Resolved {
    const name = this.dataInputs(node)[i];
    if (name === undefined) throw this.fail(node, `expected an input #${i}`);
    return this.resolveName(name);
  }

  /** The i-th data input, which must be computed (not a constant). */
  activation(node: TfjsNode, i: number): Activation {
    const r = this.input(node, i);
    if (r.kind !== 'activation') throw this.fail(node, `input #${i} ("${r.name}") is a constant; only computed inputs are supported there`);
    return r;
  }

  /** The i-th data input, which must be a constant. */
  constant(node: TfjsNode, i: number): ConstTensor {
    const r = this.input(node, i);
    if (r.kind !== 'constant') throw this.fail(node, `input #${i} ("${r.onnx}") must be a constant`);
    return r.tensor;
  }

  /** A fresh tensor/node name derived from `base`. */
  uniqueName(base: string): string {
    let name = base;
    for (let k = 1; this.usedNames.has(name); k++) name = `${base}_${k}`;
    this.usedNames.add(name);
    return name;
  }

  /** Reserves a name that must stay as is (a TF node's output, a graph input). */
  reserve(name: string): string {
    this.usedNames.add(name);
    return name;
  }

  /** Adds a float32 initializer once per key; returns its name. */
  floatInitializer(key: string, dims: number[], data: Float32Array): string {
    let name = this.initializerNames.get(key);
    if (name === undefined) {
      name = this.uniqueName(key);
      this.initializerNames.set(key, name);
      this.initializers.push({ name, dims, dataType: 'float32', data });
    }
    return name;
  }

  /** Adds an int64 initializer once per key; returns its name. */
  int64Initializer(key: string, values: number[]): string {
    let name = this.initializerNames.get(key);
    if (name === undefined) {
      name = this.uniqueName(key);
      this.initializerNames.set(key, name);
      this.initializers.push({ name, dims: [values.length], dataType: 'int64', data: BigInt64Array.from(values, (v) => BigInt(v)) });
    }
    return name;
  }

  /** A float constant as an initializer laid out to broadcast against `partner` (NCHW if it is). */
  broadcastConstant(c: Constant, partner: { nchw: boolean } | undefined, node: TfjsNode): string {
    if (c.tensor.dtype !== 'float32') throw this.fail(node, `constant "${c.name}" must be float32`);
    if (!partner?.nchw) return this.floatInitializer(c.name, c.tensor.shape, c.tensor.data);
    if (c.tensor.shape.length > 4) throw this.fail(node, `constant "${c.name}" has rank > 4`);
    const key = `${c.name}__nchw`;
    const t = toNchwBroadcast(c.tensor.data, c.tensor.shape);
    return this.floatInitializer(key, t.shape, t.data);
  }

  /** Emits one ONNX node. */
  emit(opType: string, inputs: string[], outputs: string[], attributes?: OnnxAttribute[], name?: string): void {
    this.nodes.push({ opType, name: this.uniqueName(name ?? `${outputs[0]}__${opType}`), inputs, outputs, attributes });
  }

  /** An NCHW activation viewed as NHWC (one Transpose per source tensor, shared). */
  toNhwc(a: Activation): Activation {
    if (!a.nchw) return a;
    const cached = this.nhwcViews.get(a.onnx);
    if (cached) return cached;
    const out = this.uniqueName(`${a.onnx}__nhwc`);
    this.emit('Transpose', [a.onnx], [out], [{ name: 'perm', type: 'ints', value: NCHW_TO_NHWC }]);
    const view: Activation = { kind: 'activation', onnx: out, shape: a.shape, nchw: false };
    this.nhwcViews.set(a.onnx, view);
    return view;
  }

  /** Transposes an NHWC-laid-out 4-D tensor to NCHW, writing `output`. */
  fromNhwc(onnx: string, shape: number[], output: string): Activation {
    this.emit('Transpose', [onnx], [output], [{ name: 'perm', type: 'ints', value: NHWC_TO_NCHW }]);
    return { kind: 'activation', onnx: output, shape, nchw: true };
  }

  // --- attributes -------------------------------------------------------------------------------

  private attr(node: TfjsNode, key: string): TfjsAttrValue | undefined {
    return node.attr?.[key];
  }

  /** An int-list attribute (strides, ksize, dilations, …), or `fallback` when absent. */
  ints(node: TfjsNode, key: string, fallback?: number[]): number[] {
    const v = this.attr(node, key)?.list?.i;
    if (v) return v.map(Number);
    if (fallback) return fallback;
    throw this.fail(node, `missing attribute ${key}`);
  }

  /** A string attribute (padding, data_format), or `fallback` when absent. */
  string(node: TfjsNode, key: string, fallback?: string): string {
    const v = this.attr(node, key)?.s;
    if (v !== undefined) return Buffer.from(v, 'base64').toString('utf8');
    if (fallback !== undefined) return fallback;
    throw this.fail(node, `missing attribute ${key}`);
  }

  /** A string-list attribute (fused_ops). */
  strings(node: TfjsNode, key: string): string[] {
    return (this.attr(node, key)?.list?.s ?? []).map((s) => Buffer.from(s, 'base64').toString('utf8'));
  }

  bool(node: TfjsNode, key: string, fallback = false): boolean {
    return this.attr(node, key)?.b ?? fallback;
  }

  float(node: TfjsNode, key: string, fallback = 0): number {
    return this.attr(node, key)?.f ?? fallback;
  }
}

/** A 4-D activation output in NCHW layout named after its TF node. */
export const nchwOutput = (onnx: string, shape: number[]): Activation => ({ kind: 'activation', onnx, shape, nchw: true });
