/**
 * Conv2D / _FusedConv2D / DepthwiseConv2dNative / _FusedDepthwiseConv2dNative → ONNX Conv on NCHW,
 * with filters re-laid out at conversion time and the bias folded into Conv's B input.
 */
import { nchwOutput, type ConversionContext, type OpMapper } from '../context';
import { transposeData } from '../layout';
import { attr } from '../onnx-proto';
import type { TfjsNode } from '../tfjs-model';
import { finishEpilogue, mainOutput, readEpilogue } from './fused';
import { readWindow } from './window';

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
  let weights: string;
  let group: number;
  let outChannels: number;
  if (depthwise) {
    if (ci !== channels) throw ctx.fail(node, `depthwise filter has ${ci} channels, input has ${channels}`);
    outChannels = ci * co;
    group = ci;
    weights = ctx.floatInitializer(`${filterName}__oihw`, [outChannels, 1, kh, kw], transposeData(filter.data, filter.shape, HWCM_TO_CMHW));
  } else {
    if (channels % ci !== 0) throw ctx.fail(node, `input has ${channels} channels, not a multiple of the filter's ${ci}`);
    outChannels = co;
    group = channels / ci;
    weights = ctx.floatInitializer(`${filterName}__oihw`, [co, ci, kh, kw], transposeData(filter.data, filter.shape, HWIO_TO_OIHW));
  }
  const win = readWindow(node, ctx, x, [kh, kw]);
  const epilogue = readEpilogue(node, ctx, 2);
  const inputs = [x.onnx, weights];
  if (epilogue.bias) {
    if (epilogue.bias.tensor.shape.reduce((n, d) => n * d, 1) !== outChannels) throw ctx.fail(node, `bias size does not match ${outChannels} output channels`);
    inputs.push(ctx.floatInitializer(epilogue.bias.name, [outChannels], epilogue.bias.tensor.data as Float32Array));
  }
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
