/**
 * Conv2D / _FusedConv2D / DepthwiseConv2dNative / _FusedDepthwiseConv2dNative → ONNX Conv on NCHW,
 * with filters re-laid out at conversion time and the bias folded into Conv's B input.
 */
import { type Activation, type Constant, nchwOutput, type ConversionContext, type OpMapper } from '../context';
import { transposeData } from '../layout';
import { attr } from '../onnx-proto';
import type { TfjsNode } from '../tfjs-model';
import { type FusedEpilogue, finishEpilogue, mainOutput, readEpilogue } from './fused';
import { readWindow, type Window } from './window';

/** TF conv filter HWIO → ONNX OIHW. */
const HWIO_TO_OIHW = [3, 2, 0, 1];
/**
 * TF depthwise filter [H, W, C, M] → [C, M, H, W]; flattened, that is ONNX's [C·M, 1, H, W] for a
 * Conv with group = C, whose output channel c·M + m matches TF's depthwise channel order.
 */
const HWCM_TO_CMHW = [2, 3, 0, 1];

function convolution(node: TfjsNode, ctx: ConversionContext, depthwise: boolean) {
  const x = ctx.activation(node, 0);
  const filterInput = ctx.input(node, 1);
  if (filterInput.kind !== 'constant' || filterInput.tensor.dtype !== 'float32' || filterInput.tensor.shape.length !== 4) {
    throw ctx.fail(node, 'the filter must be a 4-D float32 constant');
  }
  const { tensor: filter, name: filterName } = filterInput;
  const [kh, kw, ci, co] = filter.shape;
  const channels = x.shape[3];
  if (depthwise && ci !== channels) throw ctx.fail(node, `depthwise filter has ${ci} channels, input has ${channels}`);
  if (!depthwise && channels % ci !== 0) throw ctx.fail(node, `input has ${channels} channels, not a multiple of the filter's ${ci}`);
  const outChannels = depthwise ? ci * co : co;
  const group = depthwise ? ci : channels / ci;
  const win = readWindow(node, ctx, x, [kh, kw]);
  const epilogue = readEpilogue(node, ctx, 2);
  if (epilogue.bias && epilogue.bias.tensor.shape.reduce((n, d) => n * d, 1) !== outChannels) throw ctx.fail(node, `bias size does not match ${outChannels} output channels`);
  if (!depthwise && group === 1 && coversWholeInput(x, win, [kh, kw])) {
    return denseConvolution(node, ctx, x, filterInput, epilogue);
  }
  const weights = depthwise
    ? ctx.floatInitializer(`${filterName}__oihw`, [outChannels, 1, kh, kw], transposeData(filter.data, filter.shape, HWCM_TO_CMHW))
    : ctx.floatInitializer(`${filterName}__oihw`, [co, ci, kh, kw], transposeData(filter.data, filter.shape, HWIO_TO_OIHW));
  const inputs = [x.onnx, weights];
  if (epilogue.bias) inputs.push(ctx.floatInitializer(epilogue.bias.name, [outChannels], epilogue.bias.tensor.data as Float32Array));
  const out = mainOutput(node, ctx, epilogue);
  ctx.emit('Conv', inputs, [out], [
    attr.ints('kernel_shape', [kh, kw]),
    attr.ints('strides', win.strides),
    attr.ints('dilations', win.dilations),
    attr.ints('pads', win.pads),
    attr.int('group', group),
  ]);
  return finishEpilogue(node, ctx, epilogue, nchwOutput(out, [x.shape[0], win.out[0], win.out[1], outChannels]));
}

export const conv2dOp: OpMapper = (node, ctx) => convolution(node, ctx, false);
export const depthwiseConv2dOp: OpMapper = (node, ctx) => convolution(node, ctx, true);

/** Whether a window of `kernel` sees the whole unpadded input exactly once: one output pixel, no padding. */
function coversWholeInput(x: Activation, win: Window, kernel: [number, number]): boolean {
  const [, h, w] = x.shape;
  return win.out[0] === 1 && win.out[1] === 1 && win.pads.every((p) => p === 0) && kernel[0] === h && kernel[1] === w && win.dilations.every((d) => d === 1);
}

/**
 * A convolution whose kernel covers the whole input (a dense layer written as a conv, like facemesh's
 * landmark heads: 3×3×32 → 1404) as MatMul over the NHWC-flattened input, then Add of the bias.
 *
 * The result is the same sum, but in TF's order: ONNX Conv reduces over (channel, row, column) — the
 * OIHW filter order — while TF (and TFJS's CPU kernel) reduce over (row, column, channel), the HWIO
 * order kept here. These heads produce pixel coordinates (~160) from 288 products, where float32
 * accumulation order alone moves results by ~1e-4 (measured on facemesh: Conv order 1.07e-4 / 1.22e-4
 * from TFJS, TF order 4.6e-5 / 6.1e-5). The bias is added after the full sum, as TF does, not used as
 * a Gemm's C (which MLAS adds before the later blocks of a long reduction).
 */
function denseConvolution(node: TfjsNode, ctx: ConversionContext, x: Activation, filter: Constant, epilogue: FusedEpilogue): Activation {
  const [kh, kw, ci, co] = filter.tensor.shape;
  const k = kh * kw * ci;
  const flat = ctx.uniqueName(`${node.name}__flat`);
  // -1: the batch (dynamic or not); the rest is one sample's kh·kw·ci values in NHWC order.
  ctx.emit('Reshape', [ctx.toNhwc(x).onnx, ctx.int64Initializer(`${node.name}__flat_shape`, [-1, k])], [flat]);
  // HWIO flattened is [kh·kw·ci, co] in the same (row, column, channel) order: the data as stored.
  const weights = ctx.floatInitializer(`${filter.name}__dense`, [k, co], filter.tensor.data as Float32Array);
  let y = ctx.uniqueName(`${node.name}__matmul`);
  ctx.emit('MatMul', [flat, weights], [y]);
  if (epilogue.bias) {
    const biased = ctx.uniqueName(`${node.name}__bias`);
    ctx.emit('Add', [y, ctx.floatInitializer(epilogue.bias.name, [co], epilogue.bias.tensor.data as Float32Array)], [biased]);
    y = biased;
  }
  // [N, co] is [N, 1, 1, co] NHWC, the same memory as [N, co, 1, 1] NCHW: a reshape lays it out.
  const out = mainOutput(node, ctx, epilogue);
  ctx.emit('Reshape', [y, ctx.int64Initializer(`${node.name}__nchw_shape`, [-1, co, 1, 1])], [out]);
  return finishEpilogue(node, ctx, epilogue, nchwOutput(out, [x.shape[0], 1, 1, co]));
}
