/** Element-wise activations, standalone (Relu, Relu6, Prelu, …) or fused into a conv / matmul. */
import type { Activation, Constant, ConversionContext, OpMapper } from '../context';
import { attr } from '../onnx-proto';
import type { TfjsNode } from '../tfjs-model';
import { broadcastShapes } from './elementwise';

/** Activation names as TF spells them in fused_ops and as op names. */
export const ACTIVATIONS = ['Relu', 'Relu6', 'Prelu', 'Sigmoid', 'Tanh', 'Elu', 'LeakyRelu'] as const;
export type ActivationKind = (typeof ACTIVATIONS)[number];

export const isActivation = (op: string): op is ActivationKind => (ACTIVATIONS as readonly string[]).includes(op);

/** Relu6's clip bounds. */
const RELU6_MIN = 0;
const RELU6_MAX = 6;
/** TF's LeakyRelu default slope (tf.nn.leaky_relu alpha=0.2). */
const LEAKY_RELU_DEFAULT_ALPHA = 0.2;

/**
 * Emits `kind` applied to `x`, writing `output`. `alpha` is Prelu's slope constant; `leakyAlpha`
 * LeakyRelu's attribute.
 */
export function emitActivation(
  ctx: ConversionContext,
  node: TfjsNode,
  kind: ActivationKind,
  x: Activation,
  output: string,
  alpha?: Constant,
): Activation {
  switch (kind) {
    case 'Relu':
    case 'Sigmoid':
    case 'Tanh':
    case 'Elu':
      ctx.emit(kind, [x.onnx], [output]);
      break;
    case 'Relu6': {
      const lo = ctx.floatInitializer('relu6_min', [], Float32Array.of(RELU6_MIN));
      const hi = ctx.floatInitializer('relu6_max', [], Float32Array.of(RELU6_MAX));
      ctx.emit('Clip', [x.onnx, lo, hi], [output]);
      break;
    }
    case 'LeakyRelu': {
      const a = node.attr?.leakyrelu_alpha ? ctx.float(node, 'leakyrelu_alpha') : ctx.float(node, 'alpha', LEAKY_RELU_DEFAULT_ALPHA);
      ctx.emit('LeakyRelu', [x.onnx], [output], [attr.float('alpha', a)]);
      break;
    }
    case 'Prelu': {
      if (!alpha) throw ctx.fail(node, 'Prelu needs a constant alpha');
      emitPrelu(ctx, node, x, alpha, output);
      break;
    }
  }
  return { kind: 'activation', onnx: output, shape: x.shape, nchw: x.nchw };
}

/**
 * Prelu, TF's (and TFJS's) `x < 0 ? alpha·x : x`. For WASM (the default target) one ONNX PRelu.
 * onnxruntime-web's WebGPU provider has no PRelu kernel (each ran on the CPU provider, with copies to
 * and from the GPU around it: 28 in facemesh), so the 'webgpu' target writes it as
 * `Where(Less(x, 0), Mul(x, alpha), x)`, which the WebGPU provider runs and which gives the same
 * results bit for bit (measured on facemesh under WASM: max |diff| 0). Not the default: on WASM the
 * three passes made facemesh ~15% slower than PRelu's one.
 */
function emitPrelu(ctx: ConversionContext, node: TfjsNode, x: Activation, alpha: Constant, output: string): void {
  try {
    // alpha broadcasts onto x, never x onto alpha: the result keeps x's shape.
    if (broadcastShapes([x.shape, alpha.tensor.shape]).join() !== x.shape.join()) throw new RangeError(`alpha [${alpha.tensor.shape.join(', ')}] does not broadcast onto x [${x.shape.join(', ')}]`);
  } catch (e) {
    throw ctx.fail(node, (e as Error).message);
  }
  // A per-channel [C] becomes [1, C, 1, 1] against an NCHW x.
  const slope = ctx.broadcastConstant(alpha, x, node);
  if (ctx.target !== 'webgpu') {
    ctx.emit('PRelu', [x.onnx, slope], [output]);
    return;
  }
  const negative = ctx.uniqueName(`${output}__negative`);
  const scaled = ctx.uniqueName(`${output}__scaled`);
  ctx.emit('Less', [x.onnx, ctx.floatInitializer('prelu_zero', [], Float32Array.of(0))], [negative]);
  ctx.emit('Mul', [x.onnx, slope], [scaled]);
  ctx.emit('Where', [negative, scaled, x.onnx], [output]);
}

/** A standalone activation op: input 0 is x; Prelu's input 1 is alpha. */
export const activationOp: OpMapper = (node, ctx) => {
  if (!isActivation(node.op)) throw ctx.fail(node, 'not an activation');
  let alpha: Constant | undefined;
  if (node.op === 'Prelu') {
    const a = ctx.input(node, 1);
    if (a.kind !== 'constant') throw ctx.fail(node, 'Prelu alpha must be a constant');
    alpha = a;
  }
  return emitActivation(ctx, node, node.op, ctx.activation(node, 0), node.name, alpha);
};

/** Identity: an ONNX Identity so the TF name (often a graph output) exists as a tensor. */
export const identityOp: OpMapper = (node, ctx) => {
  const x = ctx.activation(node, 0);
  ctx.emit('Identity', [x.onnx], [node.name]);
  return { ...x, onnx: node.name };
};
