/** Strides, dilations and padding of a sliding-window op (conv / pool) over an NHWC input. */
import type { Activation, ConversionContext } from '../context';
import { samePadding, windowOutput } from '../layout';
import type { TfjsNode } from '../tfjs-model';

/** Spatial window geometry in ONNX terms. */
export interface Window {
  strides: [number, number];
  dilations: [number, number];
  /** ONNX order: [top, left, bottom, right]. */
  pads: [number, number, number, number];
  /** Output height and width. */
  out: [number, number];
}

/** Identity strides/dilations for an NHWC attribute that is absent. */
const UNIT_NHWC = [1, 1, 1, 1];

/** Reads strides/dilations/padding of `node` for a kernel of `kernel` = [kh, kw] over `x`. */
export function readWindow(node: TfjsNode, ctx: ConversionContext, x: Activation, kernel: [number, number]): Window {
  const format = ctx.string(node, 'data_format', 'NHWC');
  if (format !== 'NHWC') throw ctx.fail(node, `data_format ${format} is not supported (only NHWC)`);
  if (!x.nchw) throw ctx.fail(node, `input "${x.onnx}" must be a 4-D image tensor, got shape [${x.shape.join(', ')}]`);
  const s = ctx.ints(node, 'strides', UNIT_NHWC);
  const d = ctx.ints(node, 'dilations', UNIT_NHWC);
  if (s[0] !== 1 || s[3] !== 1 || d[0] !== 1 || d[3] !== 1) throw ctx.fail(node, 'strides/dilations over batch or channels are not supported');
  const [, h, w] = x.shape;
  const padding = ctx.string(node, 'padding');
  let ph: [number, number];
  let pw: [number, number];
  if (padding === 'SAME') {
    // The input size is fixed per model, so TF's SAME rule becomes constant explicit pads.
    ph = samePadding(h, kernel[0], s[1], d[1]);
    pw = samePadding(w, kernel[1], s[2], d[2]);
  } else if (padding === 'VALID') {
    ph = [0, 0];
    pw = [0, 0];
  } else if (padding === 'EXPLICIT') {
    // explicit_paddings: [before, after] per NHWC axis, flattened.
    const e = ctx.ints(node, 'explicit_paddings');
    ph = [e[2], e[3]];
    pw = [e[4], e[5]];
  } else {
    throw ctx.fail(node, `padding ${padding} is not supported`);
  }
  const out: [number, number] = [
    windowOutput(h, ph[0] + ph[1], kernel[0], s[1], d[1]),
    windowOutput(w, pw[0] + pw[1], kernel[1], s[2], d[2]),
  ];
  return { strides: [s[1], s[2]], dilations: [d[1], d[2]], pads: [ph[0], pw[0], ph[1], pw[1]], out };
}
