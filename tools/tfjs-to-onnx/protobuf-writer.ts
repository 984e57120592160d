/**
 * A minimal protocol-buffers encoder: just the wire types ONNX needs (varint, fixed32,
 * length-delimited). Nested messages are encoded child-first and embedded as bytes, so a writer
 * never needs to know a length before it has written the content.
 */

/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/#structure). */
const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

/** Small scalar writes are gathered here and flushed as one chunk, instead of one array per byte. */
const SCRATCH_BYTES = 4096;

const textEncoder = new TextEncoder();

/** Appends fields to a growing list of byte chunks; {@link finish} concatenates them once. */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private scratch = new Uint8Array(SCRATCH_BYTES);
  private used = 0;
  private total = 0;

  private byte(b: number): void {
    if (this.used === this.scratch.length) this.flush();
    this.scratch[this.used++] = b;
    this.total++;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.chunks.push(this.scratch.subarray(0, this.used));
    this.scratch = new Uint8Array(SCRATCH_BYTES);
    this.used = 0;
  }

  private varint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`protobuf varint: ${value} is not a safe integer`);
    if (value < 0) {
      // int64 negatives are encoded as their 64-bit two's complement: always ten bytes.
      let v = BigInt.asUintN(64, BigInt(value));
      while (v > 0x7fn) {
        this.byte(Number(v & 0x7fn) | 0x80);
        v >>= 7n;
      }
      this.byte(Number(v));
      return;
    }
    let v = value;
    while (v > 0x7f) {
      this.byte((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    this.byte(v);
  }

  private key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** An int32/int64/enum/bool field (negative values as int64). */
  int(field: number, value: number): this {
    this.key(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** A float field (fixed32, little-endian). */
  float(field: number, value: number): this {
    this.key(field, WIRE_FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    for (const x of b) this.byte(x);
    return this;
  }

  /** A bytes field; large payloads are referenced, not copied, until {@link finish}. */
  bytes(field: number, data: Uint8Array): this {
    this.key(field, WIRE_LENGTH_DELIMITED);
    this.varint(data.length);
    this.flush();
    this.chunks.push(data);
    this.total += data.length;
    return this;
  }

  /** A string field (UTF-8). */
  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  /** An embedded message field. */
  message(field: number, child: ProtoWriter): this {
    return this.bytes(field, child.finish());
  }

  /** The encoded message. */
  finish(): Uint8Array {
    this.flush();
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Uint8Array(this.total);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
