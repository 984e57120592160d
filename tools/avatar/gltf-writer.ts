/**
 * A tiny deterministic glTF 2.0 binary (GLB) writer: one buffer, tightly packed 4-byte-aligned buffer
 * views, accessors with min/max where the spec asks for them. Object key order is insertion order, so
 * the same inputs always give the same bytes.
 */
type TypedArray = Float32Array | Uint16Array | Uint8Array;
export type AccessorType = 'SCALAR' | 'VEC3' | 'VEC4' | 'MAT4';

const componentType = (data: TypedArray): number => (data instanceof Float32Array ? 5126 : data instanceof Uint16Array ? 5123 : 5121);
const COMPONENTS: Record<AccessorType, number> = { SCALAR: 1, VEC3: 3, VEC4: 4, MAT4: 16 };
export const BUFFER_TARGET = { vertices: 34962, indices: 34963 } as const;

const GLB_MAGIC = 0x46546c67; // "glTF"
const CHUNK_JSON = 0x4e4f534a; // "JSON"
const CHUNK_BIN = 0x004e4942; // "BIN\0"

export interface GltfJson {
  asset: { version: '2.0'; generator: string };
  extensionsUsed?: string[];
  scene?: number;
  scenes?: unknown[];
  nodes?: unknown[];
  meshes?: unknown[];
  skins?: unknown[];
  materials?: unknown[];
  accessors: unknown[];
  bufferViews: unknown[];
  buffers: { byteLength: number }[];
  extensions?: Record<string, unknown>;
}

export class GlbWriter {
  readonly json: GltfJson;
  private readonly chunks: Uint8Array[] = [];
  private byteLength = 0;

  constructor(generator: string) {
    this.json = { asset: { version: '2.0', generator }, accessors: [], bufferViews: [], buffers: [] };
  }

  /** Appends `data` as an accessor (with its own buffer view) and returns the accessor index. */
  accessor(data: TypedArray, type: AccessorType, opts: { target?: number; minMax?: boolean } = {}): number {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const view = this.json.bufferViews.length;
    this.json.bufferViews.push({ buffer: 0, byteOffset: this.byteLength, byteLength: bytes.byteLength, ...(opts.target ? { target: opts.target } : {}) });
    this.append(bytes);
    const n = COMPONENTS[type];
    const accessor: Record<string, unknown> = {
      bufferView: view,
      componentType: componentType(data),
      count: data.length / n,
      type,
    };
    if (opts.minMax) {
      const min = new Array<number>(n).fill(Infinity);
      const max = new Array<number>(n).fill(-Infinity);
      for (let i = 0; i < data.length; i++) {
        min[i % n] = Math.min(min[i % n], data[i]);
        max[i % n] = Math.max(max[i % n], data[i]);
      }
      accessor.min = min;
      accessor.max = max;
    }
    this.json.accessors.push(accessor);
    return this.json.accessors.length - 1;
  }

  private append(bytes: Uint8Array): void {
    const copy = new Uint8Array(align4(bytes.byteLength));
    copy.set(bytes);
    this.chunks.push(copy);
    this.byteLength += copy.byteLength;
  }

  toGlb(): Uint8Array {
    this.json.buffers = [{ byteLength: this.byteLength }];
    const jsonBytes = new TextEncoder().encode(JSON.stringify(this.json));
    const jsonLen = align4(jsonBytes.byteLength);
    const total = 12 + 8 + jsonLen + 8 + this.byteLength;
    const out = new Uint8Array(total);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, GLB_MAGIC, true);
    dv.setUint32(4, 2, true);
    dv.setUint32(8, total, true);
    dv.setUint32(12, jsonLen, true);
    dv.setUint32(16, CHUNK_JSON, true);
    out.set(jsonBytes, 20);
    out.fill(0x20, 20 + jsonBytes.byteLength, 20 + jsonLen); // JSON chunk pads with spaces
    let o = 20 + jsonLen;
    dv.setUint32(o, this.byteLength, true);
    dv.setUint32(o + 4, CHUNK_BIN, true);
    o += 8;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.byteLength;
    }
    return out;
  }
}

const align4 = (n: number): number => (n + 3) & ~3;
