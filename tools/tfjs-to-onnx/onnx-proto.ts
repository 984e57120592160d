/**
 * Plain-data ONNX model description and its protobuf encoding (the subset of onnx.proto that a
 * static float32 inference graph needs: ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto with raw_data, ValueInfoProto with tensor shapes).
 * Field numbers: https://github.com/onnx/onnx/blob/main/onnx/onnx.proto
 */
import { ProtoWriter } from './protobuf-writer';

/** IR version 8 is the one that goes with opset 17 (ONNX 1.12). */
export const ONNX_IR_VERSION = 8;
/** Opset 17: supported by every onnxruntime(-web) this project uses; ReduceMean still takes attribute axes. */
export const ONNX_OPSET = 17;

/** TensorProto.DataType values used here. */
const DATA_TYPE = { float32: 1, int64: 7 } as const;
/** AttributeProto.AttributeType values used here. */
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, floats: 6, ints: 7 } as const;

/** A dimension: a number is fixed, a string is symbolic (dim_param). */
export type OnnxDim = number | string;

/** An initializer: float32 or int64 data, stored little-endian in raw_data. */
export type OnnxTensor =
  | { name: string; dims: number[]; dataType: 'float32'; data: Float32Array }
  | { name: string; dims: number[]; dataType: 'int64'; data: BigInt64Array };

export type OnnxAttribute =
  | { name: string; type: 'int'; value: number }
  | { name: string; type: 'ints'; value: number[] }
  | { name: string; type: 'float'; value: number }
  | { name: string; type: 'floats'; value: number[] }
  | { name: string; type: 'string'; value: string };

export interface OnnxNode {
  opType: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes?: OnnxAttribute[];
}

/** A float32 graph input or output. */
export interface OnnxValueInfo {
  name: string;
  shape: OnnxDim[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  docString?: string;
}

export interface OnnxModel {
  graph: OnnxGraph;
  producerName: string;
  producerVersion?: string;
  docString?: string;
  /** Free-form key/value metadata (metadata_props). */
  metadata?: Record<string, string>;
  /** Default: {@link ONNX_IR_VERSION}. */
  irVersion?: number;
  /** Default: {@link ONNX_OPSET}. */
  opset?: number;
}

/** Convenience constructors for node attributes. */
export const attr = {
  int: (name: string, value: number): OnnxAttribute => ({ name, type: 'int', value }),
  ints: (name: string, value: number[]): OnnxAttribute => ({ name, type: 'ints', value }),
  float: (name: string, value: number): OnnxAttribute => ({ name, type: 'float', value }),
  floats: (name: string, value: number[]): OnnxAttribute => ({ name, type: 'floats', value }),
  string: (name: string, value: string): OnnxAttribute => ({ name, type: 'string', value }),
};

function encodeTensor(t: OnnxTensor): ProtoWriter {
  const w = new ProtoWriter();
  for (const d of t.dims) w.int(1, d);
  w.int(2, DATA_TYPE[t.dataType]);
  w.string(8, t.name);
  // raw_data is little-endian; typed arrays use the platform order, which is little-endian on
  // every platform Node and browsers run on.
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  return w;
}

function encodeAttribute(a: OnnxAttribute): ProtoWriter {
  const w = new ProtoWriter().string(1, a.name);
  switch (a.type) {
    case 'int':
      w.int(3, a.value);
      break;
    case 'ints':
      for (const v of a.value) w.int(8, v);
      break;
    case 'float':
      w.float(2, a.value);
      break;
    case 'floats':
      for (const v of a.value) w.float(7, v);
      break;
    case 'string':
      w.string(4, a.value);
      break;
  }
  return w.int(20, ATTRIBUTE_TYPE[a.type]);
}

function encodeNode(n: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.opType);
  for (const a of n.attributes ?? []) w.message(5, encodeAttribute(a));
  return w;
}

function encodeValueInfo(v: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    shape.message(1, typeof d === 'number' ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d));
  }
  const tensorType = new ProtoWriter().int(1, DATA_TYPE.float32).message(2, shape);
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}

function encodeGraph(g: OnnxGraph): ProtoWriter {
  const w = new ProtoWriter();
  for (const n of g.nodes) w.message(1, encodeNode(n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, encodeTensor(t));
  if (g.docString) w.string(10, g.docString);
  for (const i of g.inputs) w.message(11, encodeValueInfo(i));
  for (const o of g.outputs) w.message(12, encodeValueInfo(o));
  return w;
}

/** Serialises a model to the bytes of an .onnx file. */
export function encodeOnnxModel(m: OnnxModel): Uint8Array {
  const w = new ProtoWriter().int(1, m.irVersion ?? ONNX_IR_VERSION).string(2, m.producerName);
  if (m.producerVersion) w.string(3, m.producerVersion);
  if (m.docString) w.string(6, m.docString);
  w.message(7, encodeGraph(m.graph));
  w.message(8, new ProtoWriter().string(1, '').int(2, m.opset ?? ONNX_OPSET));
  for (const [key, value] of Object.entries(m.metadata ?? {})) {
    w.message(14, new ProtoWriter().string(1, key).string(2, value));
  }
  return w.finish();
}
