/** Benchmark inputs: a real 16:9 camera-like frame made from a shared photo. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { resizeRgba } from '../../src/pose/letterbox';

export const SHARED_DIR = process.env.MOCAP_SHARED_DIR ?? join(import.meta.dirname, '..', '..', '..', 'shared');

/** The sizes the issue asks about: a 16:9 frame at input height 256 and 368. */
export const BENCH_INPUT_HEIGHTS = [256, 368] as const;

/** A 1280×720 frame (a webcam's usual size) stretched from a multi-person photo. */
export function cameraFrame(width = 1280, height = 720): { data: Uint8ClampedArray; width: number; height: number } {
  const photo = jpeg.decode(readFileSync(join(SHARED_DIR, 'assets/images/openpose/COCO_val2014_000000000192.jpg')), { useTArray: true });
  return { data: resizeRgba(photo.data, photo.width, photo.height, width, height), width, height };
}
