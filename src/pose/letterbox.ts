/**
 * Letterboxing: fit a source image into the network input with its aspect kept, padded to the
 * model's size multiple, and map network-input coordinates back to source pixels.
 */

/** Neutral grey: hpe0001's in-graph normalisation (x/255 − 0.502) maps it to ~0, which is what
 * Osokin's reference pads with (zero after normalising). */
export const PAD_VALUE = 128;

/** Widest input accepted, as a multiple of the input height: beyond this a panorama is scaled to fit
 * the width instead, so a 10:1 strip cannot ask the model for a gigantic tensor. */
export const MAX_ASPECT = 4;

export interface Letterbox {
  /** Source image size. */
  readonly srcWidth: number;
  readonly srcHeight: number;
  /** Network input size (multiples of the model's input multiple). */
  readonly inputWidth: number;
  readonly inputHeight: number;
  /** Size of the scaled image inside the input. */
  readonly contentWidth: number;
  readonly contentHeight: number;
  /** Offset of the scaled image inside the input (padding is split evenly, as val.py does). */
  readonly padLeft: number;
  readonly padTop: number;
  /** contentWidth / srcWidth and contentHeight / srcHeight (differ by rounding only). */
  readonly scaleX: number;
  readonly scaleY: number;
}

const roundUp = (v: number, multiple: number): number => Math.max(multiple, Math.ceil(v / multiple) * multiple);

/**
 * Computes the letterbox for a `srcWidth`×`srcHeight` image and a network input `inputHeight` pixels
 * high. Both input sides are rounded up to `multiple`. Throws a RangeError for a non-positive size.
 */
export function computeLetterbox(srcWidth: number, srcHeight: number, inputHeight: number, multiple: number): Letterbox {
  if (!(srcWidth > 0 && srcHeight > 0)) throw new RangeError(`image size must be positive, got ${srcWidth}x${srcHeight}`);
  if (!(inputHeight > 0) || !(multiple > 0)) throw new RangeError(`bad input height ${inputHeight} / multiple ${multiple}`);
  const inH = roundUp(inputHeight, multiple);
  let scale = inputHeight / srcHeight;
  const maxWidth = roundUp(inH * MAX_ASPECT, multiple);
  if (srcWidth * scale > maxWidth) scale = maxWidth / srcWidth;
  const contentWidth = Math.min(maxWidth, Math.max(1, Math.round(srcWidth * scale)));
  const contentHeight = Math.min(inH, Math.max(1, Math.round(srcHeight * scale)));
  const inW = roundUp(contentWidth, multiple);
  return {
    srcWidth,
    srcHeight,
    inputWidth: inW,
    inputHeight: inH,
    contentWidth,
    contentHeight,
    padLeft: Math.floor((inW - contentWidth) / 2),
    padTop: Math.floor((inH - contentHeight) / 2),
    scaleX: contentWidth / srcWidth,
    scaleY: contentHeight / srcHeight,
  };
}

/** Network-input x (continuous pixels) → source-image x. */
export const toSourceX = (lb: Letterbox, x: number): number => (x - lb.padLeft) / lb.scaleX;
/** Network-input y (continuous pixels) → source-image y. */
export const toSourceY = (lb: Letterbox, y: number): number => (y - lb.padTop) / lb.scaleY;

/**
 * Resamples RGBA pixels to `dstWidth`×`dstHeight` (RGBA out): an area average where shrinking, so a
 * 1080p frame does not alias into the network, and bilinear where enlarging. Separable, two passes;
 * `scratch` (3 floats per intermediate pixel) may be passed in to avoid allocating per frame.
 */
export function resizeRgba(
  src: ArrayLike<number>,
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
  dst: Uint8ClampedArray = new Uint8ClampedArray(dstWidth * dstHeight * 4),
  scratch?: Float32Array,
): Uint8ClampedArray {
  const xs = resampleWeights(srcWidth, dstWidth);
  const ys = resampleWeights(srcHeight, dstHeight);
  const need = srcHeight * dstWidth * 3;
  const tmp = scratch && scratch.length >= need ? scratch : new Float32Array(need);
  // Horizontal pass: every source row → dstWidth RGB floats.
  for (let y = 0; y < srcHeight; y++) {
    const rowIn = y * srcWidth * 4;
    const rowOut = y * dstWidth * 3;
    for (let x = 0; x < dstWidth; x++) {
      let r = 0, g = 0, b = 0;
      for (let k = xs.start[x], end = xs.start[x + 1]; k < end; k++) {
        const w = xs.weight[k];
        const i = rowIn + xs.index[k] * 4;
        r += src[i] * w;
        g += src[i + 1] * w;
        b += src[i + 2] * w;
      }
      const o = rowOut + x * 3;
      tmp[o] = r;
      tmp[o + 1] = g;
      tmp[o + 2] = b;
    }
  }
  // Vertical pass.
  for (let y = 0; y < dstHeight; y++) {
    const rowOut = y * dstWidth * 4;
    for (let x = 0; x < dstWidth; x++) {
      let r = 0, g = 0, b = 0;
      for (let k = ys.start[y], end = ys.start[y + 1]; k < end; k++) {
        const w = ys.weight[k];
        const i = (ys.index[k] * dstWidth + x) * 3;
        r += tmp[i] * w;
        g += tmp[i + 1] * w;
        b += tmp[i + 2] * w;
      }
      const o = rowOut + x * 4;
      dst[o] = r;
      dst[o + 1] = g;
      dst[o + 2] = b;
      dst[o + 3] = 255;
    }
  }
  return dst;
}

interface Weights {
  start: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

/** Weight tables of the last few size pairs: a video keeps one size, so frames after the first allocate nothing. */
const weightCache = new Map<string, Weights>();
const WEIGHT_CACHE_SIZE = 8;

function resampleWeights(srcSize: number, dstSize: number): Weights {
  const key = `${srcSize}>${dstSize}`;
  let w = weightCache.get(key);
  if (!w) {
    w = computeWeights(srcSize, dstSize);
    if (weightCache.size >= WEIGHT_CACHE_SIZE) weightCache.delete(weightCache.keys().next().value as string);
    weightCache.set(key, w);
  }
  return w;
}

/** Per output sample, the source samples and weights: box coverage when shrinking, linear when enlarging. */
function computeWeights(srcSize: number, dstSize: number): Weights {
  const ratio = srcSize / dstSize;
  const idx: number[] = [];
  const wts: number[] = [];
  const start = new Int32Array(dstSize + 1);
  for (let o = 0; o < dstSize; o++) {
    start[o] = idx.length;
    if (ratio > 1) {
      const lo = o * ratio;
      const hi = lo + ratio;
      for (let s = Math.floor(lo); s < Math.min(srcSize, Math.ceil(hi)); s++) {
        const cover = Math.min(hi, s + 1) - Math.max(lo, s);
        if (cover > 0) {
          idx.push(s);
          wts.push(cover / ratio);
        }
      }
    } else {
      const c = Math.min(srcSize - 1, Math.max(0, (o + 0.5) * ratio - 0.5));
      const s0 = Math.floor(c);
      const f = c - s0;
      idx.push(s0);
      wts.push(1 - f);
      if (f > 0 && s0 + 1 < srcSize) {
        idx.push(s0 + 1);
        wts.push(f);
      }
    }
  }
  start[dstSize] = idx.length;
  return { start, index: Int32Array.from(idx), weight: Float32Array.from(wts) };
}

/**
 * Writes the letterboxed network input, planar float32 [3, inputHeight, inputWidth] in 0..255, from
 * RGBA pixels already scaled to the content size. `out` is reused across frames when large enough.
 */
export function packTensor(
  content: ArrayLike<number>,
  lb: Letterbox,
  out: Float32Array = new Float32Array(3 * lb.inputWidth * lb.inputHeight),
): Float32Array {
  const { inputWidth: W, inputHeight: H, contentWidth: cw, contentHeight: ch, padLeft, padTop } = lb;
  const plane = W * H;
  if (cw !== W || ch !== H) out.fill(PAD_VALUE, 0, 3 * plane);
  for (let y = 0; y < ch; y++) {
    let i = y * cw * 4;
    let o = (y + padTop) * W + padLeft;
    for (let x = 0; x < cw; x++, i += 4, o++) {
      out[o] = content[i];
      out[o + plane] = content[i + 1];
      out[o + 2 * plane] = content[i + 2];
    }
  }
  return out;
}
