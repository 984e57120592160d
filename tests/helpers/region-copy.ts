/**
 * The region copy the pose worker makes from a camera bitmap (workers/region-reader.ts), in plain
 * TypeScript for Node tests: each crop's axis-aligned bounding square (plus a 2 px margin) copied at
 * scale 1 side by side into one atlas, black outside the image, with the maps back to source pixels.
 */
import type { FaceCrop } from '../../src/face/face-crop';
import type { HandCrop } from '../../src/hands/hand-crop';
import { faceCropInRegion, type FacePixelSource } from '../../workers/face-stage';
import { cropInRegion, type HandPixelSource, type RegionMap } from '../../workers/hands-stage';

/** RGBA pixels, row-major (tools/eval/image-io's RgbaImage fits). */
export interface RgbaPixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** A rotated square in source pixels: centre, side and roll (radians). */
export interface Square {
  cx: number;
  cy: number;
  side: number;
  angle: number;
}

/** Margin around each region, as RegionReader's. */
const MARGIN_PX = 2;

/** Copies each square's bounding region of `img` into an atlas; `maps[i]` maps square i back to source pixels. */
export function copyRegions(img: RgbaPixels, squares: readonly Square[]): { rgba: Uint8ClampedArray; width: number; height: number; maps: RegionMap[] } {
  const maps: RegionMap[] = [];
  let width = 0;
  let height = 0;
  const boxes = squares.map((c) => {
    const half = (c.side / 2) * (Math.abs(Math.cos(c.angle)) + Math.abs(Math.sin(c.angle))) + MARGIN_PX;
    const sx = Math.floor(c.cx - half);
    const sy = Math.floor(c.cy - half);
    const side = Math.ceil(c.cx + half) - sx;
    maps.push({ scale: 1, sx, sy, ox: width, oy: 0 });
    width += side + MARGIN_PX;
    height = Math.max(height, side);
    return { sx, sy, side };
  });
  const rgba = new Uint8ClampedArray(width * height * 4);
  boxes.forEach((b, i) => {
    for (let y = 0; y < b.side; y++) {
      for (let x = 0; x < b.side; x++) {
        const X = b.sx + x;
        const Y = b.sy + y;
        if (X < 0 || Y < 0 || X >= img.width || Y >= img.height) continue;
        const at = (Y * img.width + X) * 4;
        rgba.set(img.data.subarray(at, at + 4), (y * width + maps[i].ox + x) * 4);
      }
    }
  });
  return { rgba, width, height, maps };
}

/** Hand crops read from a region atlas of `img`, as RegionReader.readHands gives them. */
export function handRegionCopy(img: RgbaPixels): HandPixelSource {
  return {
    pixelsFor(crops: HandCrop[]) {
      const r = copyRegions(img, crops.map((c) => ({ cx: c.cx, cy: c.cy, side: c.size, angle: c.angle })));
      return { rgba: r.rgba, width: r.width, height: r.height, crops: crops.map((c, i) => cropInRegion(c, r.maps[i])), toSource: r.maps };
    },
  };
}

/** Face crops read from a region atlas of `img`, as RegionReader.readFaces gives them. */
export function faceRegionCopy(img: RgbaPixels): FacePixelSource {
  return {
    pixelsFor(crops: FaceCrop[]) {
      const r = copyRegions(img, crops.map((c) => ({ cx: c.cx, cy: c.cy, side: c.side, angle: c.roll })));
      return { rgba: r.rgba, width: r.width, height: r.height, crops: crops.map((c, i) => faceCropInRegion(c, r.maps[i])) };
    },
  };
}
