/** Pad / PadV2 (constant mode) → ONNX Pad, paddings remapped to NCHW. */
import type { OpMapper } from '../context';
import { NHWC_TO_NCHW } from '../layout';

export const padOp: OpMapper = (node, ctx) => {
  const x = ctx.activation(node, 0);
  const paddings = ctx.constant(node, 1);
  const rank = x.shape.length;
  if (paddings.data.length !== rank * 2) throw ctx.fail(node, `paddings must be [${rank}, 2]`);
  const before = (a: number) => Number(paddings.data[a * 2]);
  const after = (a: number) => Number(paddings.data[a * 2 + 1]);
  if (ctx.dynamicBatch && (before(0) !== 0 || after(0) !== 0)) throw ctx.fail(node, 'padding the batch axis: not supported with a dynamic batch');
  const order = x.nchw ? NHWC_TO_NCHW : [...Array(rank).keys()];
  // ONNX pads: all begins (in ONNX axis order), then all ends.
  const pads = [...order.map(before), ...order.map(after)];
  const inputs = [x.onnx, ctx.int64Initializer(`${node.name}__pads`, pads)];
  if (node.op === 'PadV2') {
    const value = ctx.constant(node, 2);
    if (value.dtype !== 'float32') throw ctx.fail(node, 'constant_values must be float32');
    inputs.push(ctx.floatInitializer(`${node.name}__value`, [], Float32Array.of(value.data[0])));
  }
  ctx.emit('Pad', inputs, [node.name]);
  const shape = x.shape.map((d, a) => d + before(a) + after(a));
  return { kind: 'activation', onnx: node.name, shape, nchw: x.nchw };
};
