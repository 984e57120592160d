/** Broadcasting element-wise ops (AddV2, AddN, Sub, Mul, …), in either layout. */
import type { Activation, ConversionContext, OpMapper, Resolved } from '../context';
import type { TfjsNode } from '../tfjs-model';

/** numpy-style broadcast of TF shapes. */
export function broadcastShapes(shapes: number[][]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i;
      if (s[i] !== 1 && out[o] !== 1 && out[o] !== s[i]) throw new RangeError(`shapes [${shapes.map((x) => x.join(',')).join('] [')}] do not broadcast`);
      if (s[i] !== 1) out[o] = s[i];
    }
  }
  return out;
}

const shapeOf = (r: Resolved): number[] => (r.kind === 'constant' ? r.tensor.shape : r.shape);

/** Emits `onnxOp` over all data inputs; constants are laid out to match NCHW partners. */
function elementwise(node: TfjsNode, ctx: ConversionContext, onnxOp: string): Activation {
  const inputs = ctx.dataInputs(node).map((_, i) => ctx.input(node, i));
  const activations = inputs.filter((r): r is Activation => r.kind === 'activation');
  const nchw = activations.some((a) => a.nchw);
  if (nchw && activations.some((a) => !a.nchw)) {
    throw ctx.fail(node, 'mixing a 4-D image tensor with a lower-rank computed tensor is not supported');
  }
  let shape: number[];
  try {
    shape = broadcastShapes(inputs.map(shapeOf));
  } catch (e) {
    throw ctx.fail(node, (e as Error).message);
  }
  // A constant may broadcast over the batch, never add to it or lead the result's axes.
  if (ctx.dynamicBatch && activations.some((a) => a.shape.length !== shape.length)) {
    throw ctx.fail(node, 'a constant of higher rank than the computed input: not supported with a dynamic batch');
  }
  ctx.requireBatchAxis(node, shape, `broadcasting to [${shape.join(', ')}] changes the batch axis`);
  const names = inputs.map((r) => (r.kind === 'constant' ? ctx.broadcastConstant(r, { nchw }, node) : r.onnx));
  if (names.length > 2 && onnxOp === 'Add') {
    // AddN: a chain of binary Adds in TF's order, ((a + b) + c) + …, not ONNX Sum, which onnxruntime-web's
    // WebGPU provider has no kernel for (it ran on the CPU provider, with copies to and from the GPU).
    let acc = names[0];
    for (let i = 1; i < names.length - 1; i++) {
      const partial = ctx.uniqueName(`${node.name}__partial${i}`);
      ctx.emit('Add', [acc, names[i]], [partial]);
      acc = partial;
    }
    ctx.emit('Add', [acc, names[names.length - 1]], [node.name]);
  } else if (names.length === 1) {
    ctx.emit('Identity', names, [node.name]);
  } else {
    ctx.emit(onnxOp, names, [node.name]);
  }
  return { kind: 'activation', onnx: node.name, shape, nchw: nchw && shape.length === 4 };
}

/** TF element-wise op → ONNX op with the same broadcasting semantics. */
export const ELEMENTWISE_OPS: Record<string, string> = {
  Add: 'Add',
  AddV2: 'Add',
  AddN: 'Add',
  Sub: 'Sub',
  Mul: 'Mul',
  RealDiv: 'Div',
  Maximum: 'Max',
  Minimum: 'Min',
};

export const elementwiseOp: OpMapper = (node, ctx) => {
  const onnxOp = ELEMENTWISE_OPS[node.op];
  if (!onnxOp) throw ctx.fail(node, 'not an element-wise op');
  return elementwise(node, ctx, onnxOp);
};
