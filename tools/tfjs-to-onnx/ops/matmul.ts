/** MatMul / _FusedMatMul (2-D) → ONNX Gemm, bias as Gemm's C, then the fused activation. */
import type { OpMapper } from '../context';
import { attr } from '../onnx-proto';
import { finishEpilogue, mainOutput, readEpilogue } from './fused';

export const matMulOp: OpMapper = (node, ctx) => {
  const a = ctx.activation(node, 0);
  const bInput = ctx.input(node, 1);
  const b = bInput.kind === 'constant' ? ctx.broadcastConstant(bInput, undefined, node) : bInput.onnx;
  const bShape = bInput.kind === 'constant' ? bInput.tensor.shape : bInput.shape;
  if (a.shape.length !== 2 || bShape.length !== 2) throw ctx.fail(node, 'only 2-D matrix products are supported');
  const transA = ctx.bool(node, 'transpose_a');
  const transB = ctx.bool(node, 'transpose_b');
  // With a dynamic batch, rows of `a` are samples: a transposed `a` or a computed `b` would mix them.
  if (ctx.dynamicBatch && (transA || bInput.kind !== 'constant')) throw ctx.fail(node, 'transpose_a or a computed right operand: not supported with a dynamic batch');
  const m = transA ? a.shape[1] : a.shape[0];
  const n = transB ? bShape[0] : bShape[1];
  const epilogue = readEpilogue(node, ctx, 2);
  const inputs = [a.onnx, b];
  if (epilogue.bias) inputs.push(ctx.broadcastConstant(epilogue.bias, undefined, node));
  const out = mainOutput(node, ctx, epilogue);
  ctx.emit('Gemm', inputs, [out], [attr.int('transA', transA ? 1 : 0), attr.int('transB', transB ? 1 : 0)]);
  return finishEpilogue(node, ctx, epilogue, { kind: 'activation', onnx: out, shape: [m, n], nchw: false });
};
