/** Mean (e.g. global average pooling) → ONNX ReduceMean, axes remapped to NCHW. */
import type { OpMapper } from '../context';
import { nchwAxis } from '../layout';
import { attr } from '../onnx-proto';

export const meanOp: OpMapper = (node, ctx) => {
  const x = ctx.activation(node, 0);
  const axesConst = ctx.constant(node, 1);
  const rank = x.shape.length;
  const axes = [...new Set(Array.from(axesConst.data, (a) => (a < 0 ? a + rank : a)))].sort((p, q) => p - q);
  if (axes.some((a) => a < 0 || a >= rank)) throw ctx.fail(node, `axes [${axes.join(', ')}] out of range for rank ${rank}`);
  if (ctx.dynamicBatch && axes.includes(0)) throw ctx.fail(node, 'averaging over the batch axis: not supported with a dynamic batch');
  const keepDims = ctx.bool(node, 'keep_dims');
  const shape = keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
  // Opset 17 ReduceMean takes axes as an attribute (it became an input in opset 18).
  const attributes = (onnxAxes: number[]) => [attr.ints('axes', onnxAxes), attr.int('keepdims', keepDims ? 1 : 0)];
  if (!x.nchw) {
    ctx.emit('ReduceMean', [x.onnx], [node.name], attributes(axes));
    return { kind: 'activation', onnx: node.name, shape, nchw: false };
  }
  const onnxAxes = axes.map(nchwAxis).sort((p, q) => p - q);
  if (keepDims) {
    ctx.emit('ReduceMean', [x.onnx], [node.name], attributes(onnxAxes));
    return { kind: 'activation', onnx: node.name, shape, nchw: true };
  }
  // Without keepdims the surviving axes come out in NCHW order; transpose if TF's order differs
  // (e.g. reducing only W keeps N, C, H instead of TF's N, H, C).
  const kept = [0, 1, 2, 3].filter((a) => !axes.includes(a));
  const onnxOrder = [...kept].sort((a, b) => nchwAxis(a) - nchwAxis(b));
  const perm = kept.map((a) => onnxOrder.indexOf(a));
  if (perm.every((p, i) => p === i)) {
    ctx.emit('ReduceMean', [x.onnx], [node.name], attributes(onnxAxes));
  } else {
    const reduced = ctx.uniqueName(`${node.name}__nchw_order`);
    ctx.emit('ReduceMean', [x.onnx], [reduced], attributes(onnxAxes));
    ctx.emit('Transpose', [reduced], [node.name], [attr.ints('perm', perm)]);
  }
  return { kind: 'activation', onnx: node.name, shape, nchw: false };
};
