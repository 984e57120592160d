/** Reshape → ONNX Reshape in TF's (NHWC) element order, with an explicit target shape. */
import type { OpMapper } from '../context';

/** ONNX Reshape's "infer this dimension" value; with a dynamic batch it stands for the batch. */
const INFER_DIM = -1;

export const reshapeOp: OpMapper = (node, ctx) => {
  // Reshape is defined on row-major NHWC order, so an NCHW tensor is transposed back first.
  const x = ctx.toNhwc(ctx.activation(node, 0));
  const target = Array.from(ctx.constant(node, 1).data, Number);
  const size = x.shape.reduce((n, d) => n * d, 1);
  const known = target.filter((d) => d !== INFER_DIM).reduce((n, d) => n * d, 1);
  const shape = target.map((d) => (d === INFER_DIM ? size / known : d));
  if (target.filter((d) => d === INFER_DIM).length > 1 || shape.reduce((n, d) => n * d, 1) !== size) {
    throw ctx.fail(node, `cannot reshape [${x.shape.join(', ')}] to [${target.join(', ')}]`);
  }
  // A dynamic batch (held as 1 in the shapes) must stay the leading axis: the TF target leads with
  // its batch (1, or -1 resolved to 1 here) and the rest holds one sample.
  ctx.requireBatchAxis(node, shape, `reshaping [${x.shape.join(', ')}] to [${target.join(', ')}] moves the batch axis`);
  // Resolved dims: ONNX would read a 0 as "copy the input's dim", TF does not. A dynamic batch is -1.
  const onnxShape = ctx.dynamicBatch ? [INFER_DIM, ...shape.slice(1)] : shape;
  const shapeName = ctx.int64Initializer(`${node.name}__shape`, onnxShape);
  if (shape.length !== 4) {
    ctx.emit('Reshape', [x.onnx, shapeName], [node.name]);
    return { kind: 'activation', onnx: node.name, shape, nchw: false };
  }
  const nhwc = ctx.uniqueName(`${node.name}__nhwc`);
  ctx.emit('Reshape', [x.onnx, shapeName], [nhwc]);
  return ctx.fromNhwc(nhwc, shape, node.name);
};
