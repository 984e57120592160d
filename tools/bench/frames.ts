/** Benchmark inputs: a real 16:9 camera-sized photo from ../shared. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';

export const SHARED_DIR = process.env.MOCAP_SHARED_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared');

/** The sizes the issue asks about: a 16:9 frame at input height 256 and 368. */
export const BENCH_INPUT_HEIGHTS = [256, 368] as const;

/** A 1280×720 street photo with several people: a webcam's usual frame size and aspect. */
export const BENCH_IMAGE = 'alphapose/3.jpg';

export function cameraFrame(): { data: Uint8Array; width: number; height: number } {
  return jpeg.decode(readFileSync(join(SHARED_DIR, 'assets/images', BENCH_IMAGE)), { useTArray: true });
}
