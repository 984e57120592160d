/** TF op name → mapper. Anything else is reported as unsupported, naming the op and node. */
import type { OpMapper } from '../context';
import { ACTIVATIONS, activationOp, identityOp } from './activation';
import { concatOp } from './concat';
import { conv2dOp, depthwiseConv2dOp } from './conv';
import { ELEMENTWISE_OPS, elementwiseOp } from './elementwise';
import { matMulOp } from './matmul';
import { meanOp } from './mean';
import { padOp } from './pad';
import { avgPoolOp, maxPoolOp } from './pool';
import { reshapeOp } from './reshape';

export const OP_MAPPERS: Record<string, OpMapper> = {
  Conv2D: conv2dOp,
  _FusedConv2D: conv2dOp,
  DepthwiseConv2dNative: depthwiseConv2dOp,
  _FusedDepthwiseConv2dNative: depthwiseConv2dOp,
  MaxPool: maxPoolOp,
  AvgPool: avgPoolOp,
  Mean: meanOp,
  Pad: padOp,
  PadV2: padOp,
  Reshape: reshapeOp,
  ConcatV2: concatOp,
  MatMul: matMulOp,
  _FusedMatMul: matMulOp,
  Identity: identityOp,
  ...Object.fromEntries(Object.keys(ELEMENTWISE_OPS).map((op) => [op, elementwiseOp])),
  ...Object.fromEntries(ACTIVATIONS.map((op) => [op, activationOp])),
};
