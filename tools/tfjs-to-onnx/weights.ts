/**
 * Decodes the weights of a TFJS weights manifest into float32 / int32 arrays, undoing the
 * converter's quantisation (affine uint8/uint16, or float16).
 */
import { TfjsToOnnxError } from './errors';
import type { TfjsModelArtifacts, TfjsWeightSpec } from './tfjs-model';

/** A decoded constant, in TF's layout (NHWC activations, HWIO filters). */
export type ConstTensor =
  | { dtype: 'float32'; shape: number[]; data: Float32Array }
  | { dtype: 'int32'; shape: number[]; data: Int32Array };

/** Bytes per element of each storage dtype a manifest can name. */
const STORED_BYTES: Record<string, number> = { float32: 4, int32: 4, uint8: 1, uint16: 2, float16: 2, bool: 1 };

const elementCount = (shape: number[]): number => shape.reduce((n, d) => n * d, 1);

/** IEEE 754 half → float (subnormals, infinities and NaN included). */
export function float16ToFloat32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function decodeOne(spec: TfjsWeightSpec, bytes: Uint8Array, model: string): ConstTensor {
  const n = elementCount(spec.shape);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const q = spec.quantization;
  let values: Float32Array;
  if (!q) {
    if (spec.dtype === 'int32') {
      const data = new Int32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getInt32(i * 4, true);
      return { dtype: 'int32', shape: spec.shape, data };
    }
    if (spec.dtype !== 'float32') {
      throw new TfjsToOnnxError(`${model}: weight "${spec.name}" has unsupported dtype ${spec.dtype}`);
    }
    values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = view.getFloat32(i * 4, true);
  } else if (q.dtype === 'float16') {
    values = new Float32Array(n);
    for (let i = 0; i < n; i++) values[i] = float16ToFloat32(view.getUint16(i * 2, true));
  } else if (q.dtype === 'uint8' || q.dtype === 'uint16') {
    if (q.scale === undefined || q.min === undefined) {
      throw new TfjsToOnnxError(`${model}: weight "${spec.name}" is ${q.dtype}-quantised without scale/min`);
    }
    values = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const stored = q.dtype === 'uint8' ? view.getUint8(i) : view.getUint16(i * 2, true);
      values[i] = stored * q.scale + q.min;
    }
  } else {
    throw new TfjsToOnnxError(`${model}: weight "${spec.name}" has unsupported quantization ${String(q.dtype)}`);
  }
  if (spec.dtype === 'int32') return { dtype: 'int32', shape: spec.shape, data: Int32Array.from(values, Math.round) };
  if (spec.dtype !== 'float32') {
    throw new TfjsToOnnxError(`${model}: weight "${spec.name}" has unsupported dtype ${spec.dtype}`);
  }
  return { dtype: 'float32', shape: spec.shape, data: values };
}

/** All weights of a model by name. Throws if a group's shards are shorter than its manifest says. */
export function decodeWeights(artifacts: TfjsModelArtifacts, model = 'model'): Map<string, ConstTensor> {
  const out = new Map<string, ConstTensor>();
  artifacts.json.weightsManifest.forEach((group, g) => {
    const data = artifacts.groupData[g];
    if (!data) throw new TfjsToOnnxError(`${model}: no data for weight group ${g} (${group.paths.join(', ')})`);
    let at = 0;
    for (const spec of group.weights) {
      const storage = spec.quantization?.dtype ?? spec.dtype;
      const perElement = STORED_BYTES[storage];
      if (perElement === undefined) {
        throw new TfjsToOnnxError(`${model}: weight "${spec.name}" is stored as unsupported ${storage}`);
      }
      const size = elementCount(spec.shape) * perElement;
      if (at + size > data.length) {
        throw new TfjsToOnnxError(
          `${model}: weight shards ${group.paths.join(', ')} hold ${data.length} bytes, but weight "${spec.name}" ends at byte ${at + size}`,
        );
      }
      out.set(spec.name, decodeOne(spec, data.subarray(at, at + size), model));
      at += size;
    }
  });
  return out;
}
