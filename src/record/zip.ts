/**
 * A small zip writer (STORE, no compression: OpenPose JSON is written once and zipped only to make one
 * download) and a reader for STORE archives (tests, and re-importing our own bundles).
 * Limits: < 65535 entries and < 4 GiB in total (no ZIP64); names are UTF-8 (flag bit 11).
 */
import { crc32 } from './crc32';

/** One file to put in an archive. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated. */
  readonly name: string;
  readonly data: Uint8Array;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const LOCAL_SIZE = 30;
const CENTRAL_SIZE = 46;
const END_SIZE = 22;
/** Version 2.0: the minimum that readers need for plain stored files. */
const VERSION = 20;
/** General purpose flag bit 11: file names are UTF-8. */
const UTF8_FLAG = 0x0800;
const MAX_ENTRIES = 0xffff;
/** DOS date 1980-01-01 00:00 (a fixed date keeps archives byte-identical across runs). */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** Incrementally builds a STORE zip; add entries one by one (e.g. one JSON per frame), then {@link finish}. */
export class ZipWriter {
  private readonly parts: Uint8Array[] = [];
  private readonly central: Uint8Array[] = [];
  private offset = 0;
  private count = 0;
  private readonly enc = new TextEncoder();

  /** Adds one file. */
  add(name: string, data: Uint8Array): void {
    if (this.count >= MAX_ENTRIES) throw new RangeError(`zip: more than ${MAX_ENTRIES} entries needs ZIP64, which is not supported`);
    const nameBytes = this.enc.encode(name);
    const crc = crc32(data);
    const local = new Uint8Array(LOCAL_SIZE + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, LOCAL_HEADER, true);
    lv.setUint16(4, VERSION, true);
    lv.setUint16(6, UTF8_FLAG, true);
    lv.setUint16(8, 0, true); // STORE
    lv.setUint16(10, 0, true); // time
    lv.setUint16(12, DOS_DATE, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    lv.setUint16(28, 0, true);
    local.set(nameBytes, LOCAL_SIZE);

    const cen = new Uint8Array(CENTRAL_SIZE + nameBytes.length);
    const cv = new DataView(cen.buffer);
    cv.setUint32(0, CENTRAL_HEADER, true);
    cv.setUint16(4, VERSION, true);
    cv.setUint16(6, VERSION, true);
    cv.setUint16(8, UTF8_FLAG, true);
    cv.setUint16(10, 0, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, DOS_DATE, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    // extra, comment, disk, internal attrs = 0; external attrs = 0
    cv.setUint32(42, this.offset, true);
    cen.set(nameBytes, CENTRAL_SIZE);

    this.parts.push(local, data);
    this.central.push(cen);
    this.offset += local.length + data.length;
    if (this.offset > 0xffffffff) throw new RangeError('zip: archive over 4 GiB needs ZIP64, which is not supported');
    this.count++;
  }

  /** Number of entries added. */
  get size(): number {
    return this.count;
  }

  /** Returns the archive bytes. */
  finish(): Uint8Array {
    let centralSize = 0;
    for (const c of this.central) centralSize += c.length;
    const end = new Uint8Array(END_SIZE);
    const ev = new DataView(end.buffer);
    ev.setUint32(0, END_OF_CENTRAL, true);
    ev.setUint16(8, this.count, true);
    ev.setUint16(10, this.count, true);
    ev.setUint32(12, centralSize, true);
    ev.setUint32(16, this.offset, true);
    const out = new Uint8Array(this.offset + centralSize + END_SIZE);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    for (const c of this.central) {
      out.set(c, o);
      o += c.length;
    }
    out.set(end, o);
    return out;
  }
}

/** Zips `entries` (STORE). */
export function zipStore(entries: Iterable<ZipEntry>): Uint8Array {
  const w = new ZipWriter();
  for (const e of entries) w.add(e.name, e.data);
  return w.finish();
}

/** Reads a STORE zip (central directory first, as zip readers do); verifies every CRC. */
export function unzipStore(zip: Uint8Array): ZipEntry[] {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = -1;
  for (let i = zip.length - END_SIZE; i >= Math.max(0, zip.length - END_SIZE - 0xffff); i--) {
    if (v.getUint32(i, true) === END_OF_CENTRAL) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('zip: end of central directory not found');
  const count = v.getUint16(end + 10, true);
  let p = v.getUint32(end + 16, true);
  const dec = new TextDecoder();
  const out: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (v.getUint32(p, true) !== CENTRAL_HEADER) throw new Error(`zip: bad central directory entry ${k}`);
    const method = v.getUint16(p + 10, true);
    const crc = v.getUint32(p + 16, true);
    const size = v.getUint32(p + 20, true);
    const nameLen = v.getUint16(p + 28, true);
    const extraLen = v.getUint16(p + 30, true);
    const commentLen = v.getUint16(p + 32, true);
    const local = v.getUint32(p + 42, true);
    const name = dec.decode(zip.subarray(p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLen));
    if (method !== 0) throw new Error(`zip: ${name} is compressed (method ${method}); only STORE is read`);
    if (v.getUint32(local, true) !== LOCAL_HEADER) throw new Error(`zip: bad local header for ${name}`);
    const start = local + LOCAL_SIZE + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    const data = zip.subarray(start, start + size);
    if (crc32(data) !== crc) throw new Error(`zip: CRC mismatch for ${name}`);
    out.push({ name, data });
    p += CENTRAL_SIZE + nameLen + extraLen + commentLen;
  }
  return out;
}
