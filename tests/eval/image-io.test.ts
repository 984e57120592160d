import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GT_ROOT } from '../../tools/eval/datasets';
import { decodeImage, readImage, sniffImageFormat } from '../../tools/eval/image-io';

/** A 2×1 image: one red, one blue pixel. */
const RED_BLUE = new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]);

describe('image-io', () => {
  it('decodes PNG to RGBA in R, G, B, A order', () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data.set(RED_BLUE);
    const bytes = new Uint8Array(PNG.sync.write(png));
    expect(sniffImageFormat(bytes)).toBe('png');
    const img = decodeImage(bytes, 'x.png');
    expect([img.width, img.height]).toEqual([2, 1]);
    expect([...img.data]).toEqual([...RED_BLUE]);
  });

  it('decodes JPEG to RGBA (lossy, so colours are approximate)', () => {
    const red = new Uint8Array(16 * 16 * 4);
    for (let i = 0; i < red.length; i += 4) red[i] = red[i + 3] = 255;
    const encoded = jpeg.encode({ data: red, width: 16, height: 16 }, 95);
    const img = decodeImage(new Uint8Array(encoded.data), 'x.jpg');
    expect([img.width, img.height, img.data.length]).toEqual([16, 16, 16 * 16 * 4]);
    expect(img.data[0]).toBeGreaterThan(240);
    expect(img.data[2]).toBeLessThan(20);
    expect(img.data[3]).toBe(255);
  });

  it('reads the shared photos at their annotated sizes (JPEG and PNG)', () => {
    expect(readImage(join(DEFAULT_GT_ROOT, 'coco', '000000000785.jpg'))).toMatchObject({ width: 640, height: 425 });
    expect(readImage(join(DEFAULT_GT_ROOT, 'jhmdb', 'Frisbee_catch_f_cm_np1_ri_med_0', '00001.png'))).toMatchObject({ width: 320, height: 240 });
  });

  it('says what is wrong with unsupported or missing files', () => {
    expect(() => decodeImage(new TextEncoder().encode('GIF89a....'), 'a.gif')).toThrow(/not a JPEG or PNG/);
    expect(() => decodeImage(new Uint8Array([0xff, 0xd8, 0xff, 0, 1, 2]), 'cut.jpg')).toThrow(/cannot decode cut\.jpg as JPEG/);
    expect(() => readImage('/no/such/image.jpg')).toThrow(/cannot read image .*ENOENT/);
  });
});
