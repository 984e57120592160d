/**
 * ConcatV2 → ONNX Concat. The axis (the last input, a constant; negative counts from the end) is remapped
 * to NCHW when the inputs are 4-D image tensors. Constant inputs are laid out like their computed partners
 * (fixed batch only: with a dynamic batch a constant cannot match the symbolic batch); joining along the
 * batch axis is refused with a dynamic batch.
 */
import type { Activation, OpMapper } from '../context';
import { NHWC_TO_NCHW, nchwAxis, nchwShape, transposeData } from '../layout';
import { attr } from '../onnx-proto';

export const concatOp: OpMapper = (node, ctx) => {
  const data = ctx.dataInputs(node);
  // ConcatV2: N values then the axis. (TF's older Concat takes the axis first; not seen in these graphs.)
  if (data.length < 2) throw ctx.fail(node, 'expected at least one value and the axis');
  const axisTensor = ctx.constant(node, data.length - 1);
  if (axisTensor.data.length !== 1) throw ctx.fail(node, 'axis must be a scalar');
  const values = data.slice(0, -1).map((_, i) => ctx.input(node, i));
  const activations = values.filter((r): r is Activation => r.kind === 'activation');
  if (activations.length === 0) throw ctx.fail(node, 'all inputs are constants (nothing to compute)');
  const rank = activations[0].shape.length;
  const rawAxis = Number(axisTensor.data[0]);
  const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
  if (!(axis >= 0 && axis < rank)) throw ctx.fail(node, `axis ${rawAxis} out of range for rank ${rank}`);
  if (ctx.dynamicBatch && axis === 0) throw ctx.fail(node, 'concatenating along the batch axis: not supported with a dynamic batch');

  const shapes = values.map((r) => (r.kind === 'constant' ? r.tensor.shape : r.shape));
  for (const s of shapes) {
    if (s.length !== rank || s.some((d, a) => a !== axis && d !== shapes[0][a])) {
      throw ctx.fail(node, `inputs [${shapes.map((x) => x.join(',')).join('] [')}] differ off axis ${axis}`);
    }
  }
  // Mixed layouts (an NCHW tensor with a 4-D NHWC view) are joined in TF's layout, then laid out as NCHW.
  const anyNchw = activations.some((a) => a.nchw);
  const mixed = anyNchw && activations.some((a) => !a.nchw);
  const nchw = anyNchw && !mixed;
  const names = values.map((r) => {
    if (r.kind === 'activation') return mixed ? ctx.toNhwc(r).onnx : r.onnx;
    if (ctx.dynamicBatch) throw ctx.fail(node, `constant input "${r.name}" cannot match a dynamic batch`);
    if (r.tensor.dtype !== 'float32') throw ctx.fail(node, `constant "${r.name}" must be float32`);
    if (!nchw) return ctx.floatInitializer(r.name, r.tensor.shape, r.tensor.data as Float32Array);
    return ctx.floatInitializer(`${r.name}__nchw`, nchwShape(r.tensor.shape), transposeData(r.tensor.data as Float32Array, r.tensor.shape, NHWC_TO_NCHW));
  });
  const shape = shapes[0].map((d, a) => (a === axis ? shapes.reduce((n, s) => n + s[a], 0) : d));
  ctx.requireBatchAxis(node, shape, `concatenating to [${shape.join(', ')}]`);
  const axisAttr = (onnxAxis: number) => [attr.int('axis', onnxAxis)];
  if (mixed) {
    const joined = ctx.uniqueName(`${node.name}__nhwc`);
    ctx.emit('Concat', names, [joined], axisAttr(axis));
    return ctx.fromNhwc(joined, shape, node.name);
  }
  ctx.emit('Concat', names, [node.name], axisAttr(nchw ? nchwAxis(axis) : axis));
  return { kind: 'activation', onnx: node.name, shape, nchw };
};
