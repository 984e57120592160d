/**
 * Builds small, valid ONNX models at test time (no binary fixtures in git), with the project's
 * ONNX writer (tools/tfjs-to-onnx/onnx-proto.ts).
 */
import { encodeOnnxModel, type OnnxDim } from '../../tools/tfjs-to-onnx/onnx-proto';

/** A dimension: a number is fixed, a string is symbolic. */
export type Dim = OnnxDim;

export interface TinyModelSpec {
  /** Single input, float32. */
  input: { name: string; shape: Dim[] };
  /** One output per entry; each is produced from the input by `op` (Identity/Relu keep the shape). */
  outputs: { name: string; shape: Dim[]; op?: 'Identity' | 'Relu' | 'Sigmoid' }[];
}

/** Serialises a one-layer model: every output is an element-wise op of the input. */
export function buildTinyOnnx(spec: TinyModelSpec): Uint8Array {
  return encodeOnnxModel({
    producerName: 'mocap-tests',
    graph: {
      name: 'tiny',
      nodes: spec.outputs.map((o, i) => ({ opType: o.op ?? 'Relu', name: `node${i}`, inputs: [spec.input.name], outputs: [o.name] })),
      initializers: [],
      inputs: [spec.input],
      outputs: spec.outputs.map((o) => ({ name: o.name, shape: o.shape })),
    },
  });
}

/** An image-in, image-out model whose outputs are called heatmaps and pafs but have 3 channels. */
export const wrongShapeOpenPose = (): Uint8Array =>
  buildTinyOnnx({
    input: { name: 'data', shape: [1, 3, 'height', 'width'] },
    outputs: [
      { name: 'heatmaps', shape: [1, 3, 'height', 'width'] },
      { name: 'pafs', shape: [1, 3, 'height', 'width'], op: 'Sigmoid' },
    ],
  });

/** A valid model with one output named "logits": clearly not a pose network. */
export const classifierLike = (): Uint8Array =>
  buildTinyOnnx({
    input: { name: 'input', shape: [1, 3, 'height', 'width'] },
    outputs: [{ name: 'logits', shape: [1, 3, 'height', 'width'] }],
  });
