/**
 * NHWC (TF) ↔ NCHW (ONNX) bookkeeping: axis permutations, constant re-layout, and TF's SAME
 * padding rule turned into explicit ONNX pads for a known input size.
 */

/** Transpose perm taking an NHWC tensor to NCHW. */
export const NHWC_TO_NCHW = [0, 3, 1, 2];
/** Transpose perm taking an NCHW tensor back to NHWC. */
export const NCHW_TO_NHWC = [0, 2, 3, 1];

/** Shape of a 4-D NHWC shape once laid out as NCHW. */
export const nchwShape = (nhwc: number[]): number[] => NHWC_TO_NCHW.map((a) => nhwc[a]);

/** The NCHW axis holding NHWC axis `axis` (negative axes count from the end, as in TF). */
export const nchwAxis = (axis: number): number => NHWC_TO_NCHW.indexOf(axis < 0 ? axis + 4 : axis);

/** Row-major transpose of a dense array: out[perm-indexed] = in. */
export function transposeData<T extends Float32Array | Int32Array>(data: T, shape: number[], perm: number[]): T {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]);
  const inStrides = new Array<number>(rank);
  let s = 1;
  for (let d = rank - 1; d >= 0; d--) {
    inStrides[d] = s;
    s *= shape[d];
  }
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const index = new Array<number>(rank).fill(0);
  for (let o = 0; o < data.length; o++) {
    let src = 0;
    for (let d = 0; d < rank; d++) src += index[d] * inStrides[perm[d]];
    out[o] = data[src];
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d] < outShape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

/**
 * Reshapes a constant that broadcasts against an NHWC tensor (numpy rules: trailing axes align)
 * into one that broadcasts the same way against the NCHW layout of that tensor, e.g. a per-channel
 * bias [C] → [1, C, 1, 1].
 */
export function toNchwBroadcast(data: Float32Array, shape: number[]): { data: Float32Array; shape: number[] } {
  if (shape.length > 4) throw new RangeError(`cannot broadcast a rank-${shape.length} constant against NHWC`);
  const nhwc = [...new Array<number>(4 - shape.length).fill(1), ...shape];
  return { data: transposeData(data, nhwc, NHWC_TO_NCHW), shape: nchwShape(nhwc) };
}

/** Extent of a dilated kernel. */
export const effectiveKernel = (kernel: number, dilation: number): number => (kernel - 1) * dilation + 1;

/**
 * TF's SAME padding for one spatial axis: output ceil(in / stride), the total padding split with the
 * extra pixel at the end (bottom/right). Returns [begin, end].
 */
export function samePadding(inSize: number, kernel: number, stride: number, dilation: number): [number, number] {
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + effectiveKernel(kernel, dilation) - inSize, 0);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

/** Output size of a strided window over an input already padded by `padTotal`. */
export const windowOutput = (inSize: number, padTotal: number, kernel: number, stride: number, dilation: number): number =>
  Math.floor((inSize + padTotal - effectiveKernel(kernel, dilation)) / stride) + 1;
