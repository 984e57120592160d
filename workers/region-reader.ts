/**
 * Source-resolution pixels for landmark crops (hands, faces), read from the camera bitmap region by region:
 * each crop's bounding square is drawn side by side into one reused canvas (an atlas) and read back once.
 * For one or two people that is a few regions of ≤ 448² pixels instead of a full 720p/1080p readback
 * (3.7–8.3 MB per frame), and only on frames where some crop is eligible.
 */
import { DEFAULT_CROP_SIZE, type HandCrop } from '../src/hands/hand-crop';
import { FACE_MESH_INPUT_SIZE, type FaceCrop } from '../src/face/face-crop';
import { cropInRegion, type HandPixelSource, type HandPixels, type RegionMap } from './hands-stage';
import { faceCropInRegion, type FacePixelSource, type FacePixels } from './face-stage';

/** A rotated square crop of the source (centre, side, roll in radians) and the most pixels across to copy it at. */
export interface RegionSquare {
  cx: number;
  cy: number;
  size: number;
  angle: number;
  /**
   * The most destination pixels per crop side: 2 × the network's input, so the crop sampler's bilinear filter
   * then shrinks by ≤ 2×, where it still averages every source pixel (the reasoning of workers/frame-scaler.ts).
   * Larger crops are shrunk while copying (mipmapped).
   */
  maxSide: number;
}

/** The copied regions and, per square, how they map back to the source. */
export interface RegionPixels {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  maps: RegionMap[];
}

/** Pixels around each region: the sampler's bilinear taps at the crop's edge stay inside its own region. */
const MARGIN_PX = 2;

export class RegionReader {
  private canvas: OffscreenCanvas | null = null;
  private ctx: OffscreenCanvasRenderingContext2D | null = null;

  /** A hand pixel source over `bitmap` (not closed here). */
  handSource(bitmap: ImageBitmap): HandPixelSource {
    return { pixelsFor: (crops) => this.readHands(bitmap, crops) };
  }

  /** A face pixel source over `bitmap` (not closed here). */
  faceSource(bitmap: ImageBitmap): FacePixelSource {
    return { pixelsFor: (crops) => this.readFaces(bitmap, crops) };
  }

  readHands(bitmap: ImageBitmap, crops: readonly HandCrop[]): HandPixels {
    const r = this.read(bitmap, crops.map((c) => ({ cx: c.cx, cy: c.cy, size: c.size, angle: c.angle, maxSide: 2 * DEFAULT_CROP_SIZE })));
    return { rgba: r.rgba, width: r.width, height: r.height, crops: crops.map((c, i) => cropInRegion(c, r.maps[i])), toSource: r.maps };
  }

  readFaces(bitmap: ImageBitmap, crops: readonly FaceCrop[]): FacePixels {
    const r = this.read(bitmap, crops.map((c) => ({ cx: c.cx, cy: c.cy, size: c.side, angle: c.roll, maxSide: 2 * FACE_MESH_INPUT_SIZE })));
    return { rgba: r.rgba, width: r.width, height: r.height, crops: crops.map((c, i) => faceCropInRegion(c, r.maps[i])) };
  }

  /** Copies each square's region of `bitmap` into the atlas and returns its pixels and the region maps. */
  read(bitmap: ImageBitmap, squares: readonly RegionSquare[]): RegionPixels {
    const maps: RegionMap[] = [];
    let width = 0;
    let height = 0;
    const boxes = squares.map((c) => {
      // Axis-aligned square around the turned crop, plus a margin for the bilinear taps.
      const half = (c.size / 2) * (Math.abs(Math.cos(c.angle)) + Math.abs(Math.sin(c.angle))) + MARGIN_PX;
      const sx = Math.floor(c.cx - half);
      const sy = Math.floor(c.cy - half);
      const side = Math.ceil(c.cx + half) - sx;
      const dest = Math.min(side, Math.ceil((c.maxSide * side) / c.size));
      const m: RegionMap = { scale: dest / side, sx, sy, ox: width, oy: 0 };
      maps.push(m);
      width += dest + MARGIN_PX;
      height = Math.max(height, dest);
      return { sx, sy, side, dest };
    });
    const ctx = this.context(width, height);
    // Black outside the image, like the sampler's zero border (the canvas is opaque: clearing gives black).
    ctx.clearRect(0, 0, width, height);
    boxes.forEach((b, i) => {
      const quality: ImageSmoothingQuality = b.dest < b.side ? 'medium' : 'low';
      if (ctx.imageSmoothingQuality !== quality) ctx.imageSmoothingQuality = quality;
      // A source rectangle reaching past the bitmap is clipped, its destination with it (canvas spec).
      ctx.drawImage(bitmap, b.sx, b.sy, b.side, b.side, maps[i].ox, 0, b.dest, b.dest);
    });
    const rgba = ctx.getImageData(0, 0, width, height).data;
    return { rgba, width, height, maps };
  }

  private context(width: number, height: number): OffscreenCanvasRenderingContext2D {
    if (!this.canvas || !this.ctx) {
      this.canvas = new OffscreenCanvas(width, height);
      // CPU-backed: read back every frame.
      const ctx = this.canvas.getContext('2d', { willReadFrequently: true, alpha: false });
      if (!ctx) throw new Error('OffscreenCanvas 2D context unavailable');
      this.ctx = ctx;
    } else if (this.canvas.width < width || this.canvas.height < height) {
      // Grows only: crop sizes change every frame, a canvas resize each time would churn.
      this.canvas.width = Math.max(this.canvas.width, width);
      this.canvas.height = Math.max(this.canvas.height, height);
    }
    this.ctx.imageSmoothingEnabled = true;
    return this.ctx;
  }
}
