/**
 * Samples rotated hand crops out of an RGBA frame into one batched float tensor (bilinear), the input
 * of the hand landmark network: RGB in [0, 1], laid out NHWC [N, S, S, 3] (the MediaPipe/TFJS graph's
 * layout, kept by the ONNX conversion) or NCHW [N, 3, S, S]. Pixels outside the image are black, as
 * MediaPipe's ImageToTensor zero border. The output buffer is reused across frames.
 */
import type { HandCrop } from './hand-crop';

export type TensorLayout = 'nhwc' | 'nchw';

/** Pixel value scale: the MediaPipe hand networks take RGB / 255. */
const INV_255 = 1 / 255;

/**
 * Writes crop `crop` of the `width`×`height` RGBA image into `out` at batch slot `slot`.
 * Crop pixel (u, v) takes the image colour at the image position of its centre (u + 0.5, v + 0.5).
 */
export function sampleCrop(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  crop: HandCrop,
  out: Float32Array,
  slot: number,
  layout: TensorLayout = 'nhwc',
): void {
  const S = crop.cropSize;
  const plane = S * S;
  const base = slot * plane * 3;
  const { a, b, c, d, tx, ty } = crop.toImage;
  const maxX = width - 1;
  const maxY = height - 1;
  for (let v = 0; v < S; v++) {
    const vc = v + 0.5;
    // Image position of crop pixel (0.5, vc), minus 0.5 to index pixel centres.
    let x = a * 0.5 + b * vc + tx - 0.5;
    let y = c * 0.5 + d * vc + ty - 0.5;
    for (let u = 0; u < S; u++, x += a, y += c) {
      let r = 0;
      let g = 0;
      let bl = 0;
      if (x > -1 && y > -1 && x < width && y < height) {
        const x0 = Math.floor(x);
        const y0 = Math.floor(y);
        const fx = x - x0;
        const fy = y - y0;
        // Taps outside the image contribute black (zero border).
        const w00 = x0 >= 0 && y0 >= 0 ? (1 - fx) * (1 - fy) : 0;
        const w10 = x0 < maxX && y0 >= 0 ? fx * (1 - fy) : 0;
        const w01 = x0 >= 0 && y0 < maxY ? (1 - fx) * fy : 0;
        const w11 = x0 < maxX && y0 < maxY ? fx * fy : 0;
        const i00 = (y0 * width + x0) * 4;
        const i10 = i00 + 4;
        const i01 = i00 + width * 4;
        const i11 = i01 + 4;
        if (w00) {
          r += w00 * rgba[i00];
          g += w00 * rgba[i00 + 1];
          bl += w00 * rgba[i00 + 2];
        }
        if (w10) {
          r += w10 * rgba[i10];
          g += w10 * rgba[i10 + 1];
          bl += w10 * rgba[i10 + 2];
        }
        if (w01) {
          r += w01 * rgba[i01];
          g += w01 * rgba[i01 + 1];
          bl += w01 * rgba[i01 + 2];
        }
        if (w11) {
          r += w11 * rgba[i11];
          g += w11 * rgba[i11 + 1];
          bl += w11 * rgba[i11 + 2];
        }
      }
      if (layout === 'nhwc') {
        const o = base + (v * S + u) * 3;
        out[o] = r * INV_255;
        out[o + 1] = g * INV_255;
        out[o + 2] = bl * INV_255;
      } else {
        const o = base + v * S + u;
        out[o] = r * INV_255;
        out[o + plane] = g * INV_255;
        out[o + 2 * plane] = bl * INV_255;
      }
    }
  }
}

/** Batches crops into one reused tensor buffer. */
export class CropSampler {
  private buffer = new Float32Array(0);

  constructor(readonly layout: TensorLayout = 'nhwc') {}

  /**
   * Samples `crops` (all of one crop size) into a [N, S, S, 3] / [N, 3, S, S] buffer. The returned array
   * is a view of the reused buffer: valid until the next call.
   */
  sample(rgba: ArrayLike<number>, width: number, height: number, crops: readonly HandCrop[]): Float32Array {
    if (crops.length === 0) return new Float32Array(0);
    const S = crops[0].cropSize;
    const per = S * S * 3;
    const need = per * crops.length;
    if (this.buffer.length < need) this.buffer = new Float32Array(need);
    for (let i = 0; i < crops.length; i++) {
      if (crops[i].cropSize !== S) throw new RangeError('all crops of a batch must have one crop size');
      sampleCrop(rgba, width, height, crops[i], this.buffer, i, this.layout);
    }
    return this.buffer.subarray(0, need);
  }
}
