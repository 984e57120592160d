/**
 * Reads the node list back out of a serialised ONNX model (ModelProto.graph.node: op_type, inputs,
 * outputs), for tests that check which ONNX ops the converter emitted. A minimal protobuf reader:
 * only the fields it needs, the rest skipped by wire type.
 */

export interface OnnxNodeInfo {
  opType: string;
  inputs: string[];
  outputs: string[];
}

/** ModelProto.graph, GraphProto.node, NodeProto.{input, output, op_type}. */
const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const NODE_INPUT = 1;
const NODE_OUTPUT = 2;
const NODE_OP_TYPE = 4;

/** Protobuf wire types. */
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

/** Each field of one message: number and (for length-delimited fields) its bytes. */
function* fields(buf: Uint8Array): Generator<{ field: number; bytes?: Uint8Array }> {
  let pos = 0;
  const varint = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      const b = buf[pos++];
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 128;
    }
  };
  while (pos < buf.length) {
    const key = varint();
    const field = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === VARINT) varint();
    else if (wire === FIXED64) pos += 8;
    else if (wire === FIXED32) pos += 4;
    else if (wire === LEN) {
      const n = varint();
      yield { field, bytes: buf.subarray(pos, pos + n) };
      pos += n;
      continue;
    } else throw new RangeError(`unsupported protobuf wire type ${wire}`);
    yield { field };
  }
}

const text = new TextDecoder();

/** The graph's nodes in order. */
export function onnxNodes(model: Uint8Array): OnnxNodeInfo[] {
  const nodes: OnnxNodeInfo[] = [];
  for (const g of fields(model)) {
    if (g.field !== MODEL_GRAPH || !g.bytes) continue;
    for (const n of fields(g.bytes)) {
      if (n.field !== GRAPH_NODE || !n.bytes) continue;
      const node: OnnxNodeInfo = { opType: '', inputs: [], outputs: [] };
      for (const f of fields(n.bytes)) {
        if (!f.bytes) continue;
        if (f.field === NODE_INPUT) node.inputs.push(text.decode(f.bytes));
        else if (f.field === NODE_OUTPUT) node.outputs.push(text.decode(f.bytes));
        else if (f.field === NODE_OP_TYPE) node.opType = text.decode(f.bytes);
      }
      nodes.push(node);
    }
  }
  return nodes;
}

/** How many nodes of each op type. */
export function onnxOpCounts(model: Uint8Array): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of onnxNodes(model)) counts[n.opType] = (counts[n.opType] ?? 0) + 1;
  return counts;
}
