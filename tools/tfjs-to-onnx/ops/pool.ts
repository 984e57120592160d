/** MaxPool / AvgPool → ONNX MaxPool / AveragePool on NCHW. */
import { nchwOutput, type ConversionContext } from '../context';
import { attr } from '../onnx-proto';
import type { TfjsNode } from '../tfjs-model';
import type { OpMapper } from '../context';
import { readWindow } from './window';

function pool(node: TfjsNode, ctx: ConversionContext, onnxOp: 'MaxPool' | 'AveragePool') {
  const x = ctx.activation(node, 0);
  const k = ctx.ints(node, 'ksize');
  if (k[0] !== 1 || k[3] !== 1) throw ctx.fail(node, 'pooling over batch or channels is not supported');
  const win = readWindow(node, ctx, x, [k[1], k[2]]);
  if (win.dilations[0] !== 1 || win.dilations[1] !== 1) throw ctx.fail(node, 'dilated pooling is not supported');
  const attributes = [attr.ints('kernel_shape', [k[1], k[2]]), attr.ints('strides', win.strides), attr.ints('pads', win.pads)];
  // TF's SAME average pooling divides by the number of real (unpadded) pixels, like count_include_pad=0.
  if (onnxOp === 'AveragePool') attributes.push(attr.int('count_include_pad', 0));
  ctx.emit(onnxOp, [x.onnx], [node.name], attributes);
  return nchwOutput(node.name, [x.shape[0], win.out[0], win.out[1], x.shape[3]]);
}

export const maxPoolOp: OpMapper = (node, ctx) => pool(node, ctx, 'MaxPool');
export const avgPoolOp: OpMapper = (node, ctx) => pool(node, ctx, 'AveragePool');
