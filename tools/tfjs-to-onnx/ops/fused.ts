/** The `fused_ops` epilogue of _FusedConv2D / _FusedDepthwiseConv2dNative / _FusedMatMul. */
import type { Activation, Constant, ConversionContext } from '../context';
import type { TfjsNode } from '../tfjs-model';
import { type ActivationKind, emitActivation, isActivation } from './activation';

export interface FusedEpilogue {
  /** Bias constant name (input #2), if BiasAdd is fused. */
  bias?: Constant;
  activation?: ActivationKind;
  /** Prelu's alpha (input #3). */
  alpha?: Constant;
}

/** Reads fused_ops; only [], [BiasAdd] and [BiasAdd, <activation>] are supported. */
export function readEpilogue(node: TfjsNode, ctx: ConversionContext, argsStart: number): FusedEpilogue {
  const ops = ctx.strings(node, 'fused_ops');
  if (ops.length === 0) return {};
  if (ops[0] !== 'BiasAdd' || ops.length > 2 || (ops[1] !== undefined && !isActivation(ops[1]))) {
    throw ctx.fail(node, `unsupported fused_ops [${ops.join(', ')}] (supported: BiasAdd, then optionally one of Relu, Relu6, Prelu, Sigmoid, Tanh, Elu, LeakyRelu)`);
  }
  const arg = (i: number): Constant => {
    const r = ctx.input(node, argsStart + i);
    if (r.kind !== 'constant') throw ctx.fail(node, `fused argument #${i} must be a constant`);
    if (r.tensor.dtype !== 'float32') throw ctx.fail(node, `fused argument "${r.name}" must be float32`);
    return r;
  };
  const activation = ops[1] as ActivationKind | undefined;
  return { bias: arg(0), activation, alpha: activation === 'Prelu' ? arg(1) : undefined };
}

/** Name the main op should write: the node's own name, or a temporary if an activation follows. */
export const mainOutput = (node: TfjsNode, ctx: ConversionContext, e: FusedEpilogue): string =>
  e.activation ? ctx.uniqueName(`${node.name}__pre_activation`) : node.name;

/** Applies the fused activation (if any) to the main op's result, writing the node's name. */
export function finishEpilogue(node: TfjsNode, ctx: ConversionContext, e: FusedEpilogue, y: Activation): Activation {
  return e.activation ? emitActivation(ctx, node, e.activation, y, node.name, e.alpha) : y;
}
