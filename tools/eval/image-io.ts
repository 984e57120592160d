/**
 * Image decoding for Node tools and tests: JPEG (jpeg-js) and PNG (pngjs) files → RGBA bytes,
 * the layout PoseEngine.estimateRgba takes. Pure JavaScript, so it runs wherever Node does.
 *
 * Pixels come back in stored order: EXIF orientation is not applied, which is the frame COCO-style
 * keypoint annotations are drawn in for the shared ground-truth photos (none carries a rotation tag).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export interface RgbaImage {
  /** width × height × 4 bytes, row-major, R G B A. */
  data: Uint8Array;
  width: number;
  height: number;
}

/** jpeg-js refuses larger images unless told; 1.5 GiB covers ~100 MP photos. */
const JPEG_MAX_MEMORY_MB = 1536;
const JPEG_MAX_MEGAPIXELS = 200;

const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean =>
  bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

export type ImageFormat = 'jpeg' | 'png';

/** The format from the file's first bytes (extensions lie), or null. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, JPEG_MAGIC)) return 'jpeg';
  if (startsWith(bytes, PNG_MAGIC)) return 'png';
  return null;
}

/** Decodes JPEG or PNG bytes to RGBA. `name` only labels errors. */
export function decodeImage(bytes: Uint8Array, name = 'image'): RgbaImage {
  const format = sniffImageFormat(bytes);
  try {
    if (format === 'jpeg') {
      const img = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB,
        maxResolutionInMP: JPEG_MAX_MEGAPIXELS,
      });
      return { data: img.data, width: img.width, height: img.height };
    }
    if (format === 'png') {
      // pngjs expands palette, grey and 16-bit images to 8-bit RGBA.
      const img = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { data: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength), width: img.width, height: img.height };
    }
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`cannot decode ${name} as ${format?.toUpperCase()}: ${why}`, { cause });
  }
  const ext = extname(name).toLowerCase();
  throw new Error(`${name}: not a JPEG or PNG file${ext ? ` (extension ${ext})` : ''}; only JPEG and PNG images are supported`);
}

/** Reads and decodes a JPEG or PNG file. */
export function readImage(path: string): RgbaImage {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (cause) {
    throw new Error(`cannot read image ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
  }
  return decodeImage(bytes, path);
}
