/**
 * Builds small, valid ONNX models at test time (no binary fixtures in git): a hand-rolled protobuf
 * writer covering the few ModelProto fields a one-node graph needs.
 */

class Writer {
  private readonly bytes: number[] = [];
  private varint(v: number): void {
    while (v > 0x7f) {
      this.bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.bytes.push(v);
  }
  private key(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }
  int(field: number, v: number): this {
    this.key(field, 0);
    this.varint(v);
    return this;
  }
  bytesField(field: number, data: Uint8Array): this {
    this.key(field, 2);
    this.varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }
  str(field: number, s: string): this {
    return this.bytesField(field, new TextEncoder().encode(s));
  }
  msg(field: number, w: Writer): this {
    return this.bytesField(field, w.done());
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** A dimension: a number is fixed, a string is symbolic. */
export type Dim = number | string;

export interface TinyModelSpec {
  /** Single input, float32. */
  input: { name: string; shape: Dim[] };
  /** One output per entry; each is produced from the input by `op` (Identity/Relu keep the shape). */
  outputs: { name: string; shape: Dim[]; op?: 'Identity' | 'Relu' | 'Sigmoid' }[];
}

function valueInfo(name: string, shape: Dim[]): Writer {
  const dims = new Writer();
  for (const d of shape) dims.msg(1, typeof d === 'number' ? new Writer().int(1, d) : new Writer().str(2, d));
  const tensorType = new Writer().int(1, 1 /* FLOAT */).msg(2, dims);
  return new Writer().str(1, name).msg(2, new Writer().msg(1, tensorType));
}

/** Serialises a one-layer model: every output is an element-wise op of the input. */
export function buildTinyOnnx(spec: TinyModelSpec): Uint8Array {
  const graph = new Writer();
  spec.outputs.forEach((o, i) => {
    graph.msg(1, new Writer().str(1, spec.input.name).str(2, o.name).str(3, `node${i}`).str(4, o.op ?? 'Relu'));
  });
  graph.str(2, 'tiny');
  graph.msg(11, valueInfo(spec.input.name, spec.input.shape));
  for (const o of spec.outputs) graph.msg(12, valueInfo(o.name, o.shape));
  return new Writer()
    .int(1, 8) // ir_version
    .str(2, 'mocap-tests') // producer_name
    .msg(7, graph)
    .msg(8, new Writer().str(1, '').int(2, 17)) // opset_import: default domain, opset 17
    .done();
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
