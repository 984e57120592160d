/**
 * TFJS graph model → ONNX: walks the graph back from its outputs, maps each TF node with
 * {@link OP_MAPPERS}, and lays every 4-D activation out as NCHW (filters and per-channel constants
 * are transposed at conversion time, so the ONNX graph has no layout Transposes inside).
 *
 * The ONNX input keeps the Placeholder's name; it is NCHW [N, C, H, W] by default (or the TF NHWC
 * layout with `inputLayout: 'NHWC'`, through one Transpose). Outputs keep the TF node names and
 * shapes (a 4-D output is transposed back to NHWC). The batch axis is dynamic by default (dim_param
 * `batch` on the input and every output, Reshapes keep it as -1), so one run can take several crops,
 * even when the TF graph fixed it at 1; `batch: n` fixes it instead. Spatial sizes must be fixed,
 * because SAME padding is turned into explicit pads.
 */
import { type Activation, BATCH_DIM, ConversionContext, type Resolved } from './context';
import { TfjsToOnnxError } from './errors';
import { NCHW_TO_NHWC, nchwShape } from './layout';
import { attr, encodeOnnxModel, type OnnxDim, type OnnxValueInfo } from './onnx-proto';
import { OP_MAPPERS } from './ops';
import type { TfjsModelArtifacts, TfjsNode } from './tfjs-model';
import { decodeWeights } from './weights';

export interface ConvertOptions {
  /** Names the model in errors and in the ONNX graph. Default 'model'. */
  name?: string;
  /** Layout of the ONNX input. Default 'NCHW'. */
  inputLayout?: 'NCHW' | 'NHWC';
  /**
   * 'dynamic' (default): the ONNX batch axis is symbolic ({@link BATCH_DIM}) whatever the TF
   * Placeholder says (its batch must be unknown or 1). A number: the batch of a Placeholder whose
   * batch is unknown (-1); a batch the TF graph fixes is kept.
   */
  batch?: number | 'dynamic';
  /** TF node names to expose as outputs. Default: the signature's outputs, sorted by name. */
  outputs?: string[];
  /** Extra ONNX metadata_props. */
  metadata?: Record<string, string>;
  /**
   * The onnxruntime-web backend the model is for, where the ops fastest on one have no kernel on the
   * other: 'wasm' (default) emits Prelu as ONNX PRelu; 'webgpu' as Less/Mul/Where (the WebGPU provider
   * has no PRelu; the results are the same, bit for bit).
   */
  target?: 'wasm' | 'webgpu';
}

export interface ConvertResult {
  /** The .onnx file's bytes. */
  bytes: Uint8Array;
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** How many nodes of each TF op were converted (unused nodes are skipped). */
  opCounts: Record<string, number>;
}

/** Producer name written into every converted model. */
export const PRODUCER_NAME = 'webcam-mocap tfjs-to-onnx';

/** "node", "node:0" → "node"; other output indices are not supported (no multi-output ops here). */
function tensorNode(ref: string): { node: string; index: number } {
  const m = /^(.*?)(?::(\d+))?$/.exec(ref);
  return { node: m?.[1] ?? ref, index: Number(m?.[2] ?? 0) };
}

/** The graph outputs of a model: its signature's, or every node nothing else consumes. */
export function defaultOutputs(artifacts: TfjsModelArtifacts): string[] {
  const sig = artifacts.json.signature?.outputs;
  if (sig && Object.keys(sig).length > 0) return Object.values(sig).map((o) => tensorNode(o.name).node).sort();
  const nodes = artifacts.json.modelTopology.node;
  const consumed = new Set(nodes.flatMap((n) => (n.input ?? []).map((i) => tensorNode(i.replace(/^\^/, '')).node)));
  return nodes.filter((n) => !consumed.has(n.name) && n.op !== 'Const').map((n) => n.name).sort();
}

/** Converts a TFJS graph model (JSON + weight bytes) to an ONNX model. */
export function convertTfjsToOnnx(artifacts: TfjsModelArtifacts, options: ConvertOptions = {}): ConvertResult {
  const name = options.name ?? 'model';
  const weights = decodeWeights(artifacts, name);
  const byName = new Map(artifacts.json.modelTopology.node.map((n) => [n.name, n]));
  const resolved = new Map<string, Resolved>();
  const inProgress = new Set<string>();
  const inputs: OnnxValueInfo[] = [];
  const opCounts: Record<string, number> = {};

  const resolve = (ref: string): Resolved => {
    const { node: nodeName, index } = tensorNode(ref);
    const node = byName.get(nodeName);
    if (!node) throw new TfjsToOnnxError(`${name}: input "${ref}" refers to no node`);
    if (index !== 0) throw ctx.fail(node, `output #${index} is used; only single-output ops are supported`);
    const done = resolved.get(nodeName);
    if (done) return done;
    if (inProgress.has(nodeName)) throw ctx.fail(node, 'the graph has a cycle');
    inProgress.add(nodeName);
    const result = convertNode(node);
    inProgress.delete(nodeName);
    resolved.set(nodeName, result);
    opCounts[node.op] = (opCounts[node.op] ?? 0) + 1;
    return result;
  };

  const dynamicBatch = (options.batch ?? 'dynamic') === 'dynamic';
  const ctx = new ConversionContext(name, resolve, dynamicBatch, options.target);
  /** The ONNX shape of a graph input/output: the batch axis (held as 1) named when dynamic. */
  const ioShape = (shape: number[]): OnnxDim[] => (dynamicBatch ? [BATCH_DIM, ...shape.slice(1)] : shape);
  // TF names of computed tensors are kept in ONNX; derived names must not take them.
  for (const n of artifacts.json.modelTopology.node) if (n.op !== 'Const') ctx.reserve(n.name);

  const convertNode = (node: TfjsNode): Resolved => {
    if (node.op === 'Const') {
      const tensor = weights.get(node.name);
      if (!tensor) throw ctx.fail(node, `constant "${node.name}" is missing from the weights manifest`);
      return { kind: 'constant', name: node.name, tensor };
    }
    if (node.op === 'Identity') {
      const x = ctx.input(node, 0);
      if (x.kind === 'constant') return x;
    }
    if (node.op === 'Placeholder') return placeholder(node);
    const mapper = OP_MAPPERS[node.op];
    if (!mapper) {
      throw ctx.fail(node, `unsupported TFJS op "${node.op}" (supported: Const, Placeholder, ${Object.keys(OP_MAPPERS).join(', ')})`);
    }
    const out = mapper(node, ctx);
    if (out.onnx !== node.name) throw ctx.fail(node, `internal: mapper wrote "${out.onnx}"`);
    return out;
  };

  const placeholder = (node: TfjsNode): Activation => {
    const dims = node.attr?.shape?.shape?.dim?.map((d) => Number(d.size));
    if (!dims) throw ctx.fail(node, 'the input has no static shape');
    if (dynamicBatch && (dims.length === 0 || (dims[0] !== 1 && dims[0] !== -1))) {
      throw ctx.fail(node, `a dynamic batch needs the input's first dimension unknown or 1, got [${dims.join(', ')}] (convert with a fixed \`batch\`)`);
    }
    const shape = dims.map((d, i) => {
      // With a dynamic batch, shapes hold the batch as 1 (ops are checked to keep it on axis 0).
      if (i === 0 && dynamicBatch) return 1;
      if (d >= 0) return d;
      if (i === 0) return typeof options.batch === 'number' ? options.batch : 1;
      throw ctx.fail(node, `dimension ${i} is unknown; the converter needs fixed spatial sizes (SAME padding is precomputed)`);
    });
    if (shape.length !== 4) {
      inputs.push({ name: node.name, shape: ioShape(shape) });
      return { kind: 'activation', onnx: node.name, shape, nchw: false };
    }
    if ((options.inputLayout ?? 'NCHW') === 'NCHW') {
      inputs.push({ name: node.name, shape: ioShape(nchwShape(shape)) });
      return { kind: 'activation', onnx: node.name, shape, nchw: true };
    }
    inputs.push({ name: node.name, shape: ioShape(shape) });
    return ctx.fromNhwc(node.name, shape, ctx.uniqueName(`${node.name}__nchw`));
  };

  const outputNames = options.outputs ?? defaultOutputs(artifacts);
  // Convert everything first: renaming an output for its NHWC transpose must not affect consumers converted later.
  const results = outputNames.map(resolve);
  const outputs: OnnxValueInfo[] = outputNames.map((out, i) => {
    const r = results[i];
    if (r.kind === 'constant') throw new TfjsToOnnxError(`${name}: output "${out}" is a constant`);
    if (r.nchw) nhwcOutput(ctx, out);
    return { name: out, shape: ioShape(r.shape) };
  });

  const bytes = encodeOnnxModel({
    producerName: PRODUCER_NAME,
    docString: `Converted from the TFJS graph model "${name}" by tools/tfjs-to-onnx.`,
    metadata: options.metadata,
    graph: { name, nodes: ctx.nodes, initializers: ctx.initializers, inputs, outputs },
  });
  return { bytes, inputs, outputs, opCounts };
}

/** Makes graph output `name` NHWC like TF's: the NCHW tensor is renamed and transposed into `name`. */
function nhwcOutput(ctx: ConversionContext, name: string): void {
  const internal = ctx.uniqueName(`${name}__nchw`);
  for (const n of ctx.nodes) {
    n.inputs = n.inputs.map((i) => (i === name ? internal : i));
    n.outputs = n.outputs.map((o) => (o === name ? internal : o));
  }
  ctx.emit('Transpose', [internal], [name], [attr.ints('perm', NCHW_TO_NHWC)]);
}
