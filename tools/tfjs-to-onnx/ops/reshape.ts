/** Reshape → ONNX Reshape in TF's (NHWC) element order, with an explicit target shape. */
import type { OpMapper } from '../context';

export const reshapeOp: OpMapper = (node, ctx) => {
  // Reshape is defined on row-major NHWC order, so an NCHW tensor is transposed back first.
  const x = ctx.toNhwc(ctx.activation(node, 0));
  const target = Array.from(ctx.constant(node, 1).data, Number);
  const size = x.shape.reduce((n, d) => n * d, 1);
  const known = target.filter((d) => d !== -1).reduce((n, d) => n * d, 1);
  const shape = target.map((d) => (d === -1 ? size / known : d));
  if (target.filter((d) => d === -1).length > 1 || shape.reduce((n, d) => n * d, 1) !== size) {
    throw ctx.fail(node, `cannot reshape [${x.shape.join(', ')}] to [${target.join(', ')}]`);
  }
  // Resolved dims: ONNX would read a 0 as "copy the input's dim", TF does not.
  const shapeName = ctx.int64Initializer(`${node.name}__shape`, shape);
  if (shape.length !== 4) {
    ctx.emit('Reshape', [x.onnx, shapeName], [node.name]);
    return { kind: 'activation', onnx: node.name, shape, nchw: false };
  }
  const nhwc = ctx.uniqueName(`${node.name}__nhwc`);
  ctx.emit('Reshape', [x.onnx, shapeName], [nhwc]);
  return ctx.fromNhwc(nhwc, shape, node.name);
};
