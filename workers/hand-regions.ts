/**
 * Source-resolution pixels for the hand crops, read from the camera bitmap region by region: each
 * crop's bounding square is drawn side by side into one reused canvas (an atlas) and read back once.
 * For one or two people that is ~2–4 regions of ≤ 448² pixels instead of a full 720p/1080p readback
 * (3.7–8.3 MB per frame), and only on frames where some hand is eligible.
 */
import { DEFAULT_CROP_SIZE, type HandCrop } from '../src/hands/hand-crop';
import { cropInRegion, type HandPixelSource, type HandPixels, type RegionMap } from './hands-stage';

/**
 * Regions are copied at most this many pixels across per crop side, i.e. 2 × the network's 224: the
 * crop sampler's bilinear filter then shrinks by ≤ 2×, where it still averages every source pixel (the
 * same reasoning as workers/frame-scaler.ts). Larger hands are shrunk while copying (mipmapped).
 */
const MAX_REGION_SCALE = 2 * DEFAULT_CROP_SIZE;
/** Pixels around each region: the sampler's bilinear taps at the crop's edge stay inside its own region. */
const MARGIN_PX = 2;

export class HandRegionReader {
  private canvas: OffscreenCanvas | null = null;
  private ctx: OffscreenCanvasRenderingContext2D | null = null;

  /** A pixel source over `bitmap` (not closed here). */
  source(bitmap: ImageBitmap): HandPixelSource {
    return { pixelsFor: (crops) => this.read(bitmap, crops) };
  }

  /** Copies each crop's region of `bitmap` into the atlas and returns its pixels and the moved crops. */
  read(bitmap: ImageBitmap, crops: readonly HandCrop[]): HandPixels {
    const maps: RegionMap[] = [];
    let width = 0;
    let height = 0;
    const boxes = crops.map((c) => {
      // Axis-aligned square around the turned crop, plus a margin for the bilinear taps.
      const half = (c.size / 2) * (Math.abs(Math.cos(c.angle)) + Math.abs(Math.sin(c.angle))) + MARGIN_PX;
      const sx = Math.floor(c.cx - half);
      const sy = Math.floor(c.cy - half);
      const side = Math.ceil(c.cx + half) - sx;
      const dest = Math.min(side, Math.ceil((MAX_REGION_SCALE * side) / c.size));
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
    return { rgba, width, height, crops: crops.map((c, i) => cropInRegion(c, maps[i])), toSource: maps };
  }

  private context(width: number, height: number): OffscreenCanvasRenderingContext2D {
    if (!this.canvas || !this.ctx) {
      this.canvas = new OffscreenCanvas(width, height);
      // CPU-backed: read back every frame.
      const ctx = this.canvas.getContext('2d', { willReadFrequently: true, alpha: false });
      if (!ctx) throw new Error('OffscreenCanvas 2D context unavailable');
      this.ctx = ctx;
    } else if (this.canvas.width < width || this.canvas.height < height) {
      // Grows only: hand sizes change every frame, a canvas resize each time would churn.
      this.canvas.width = Math.max(this.canvas.width, width);
      this.canvas.height = Math.max(this.canvas.height, height);
    }
    this.ctx.imageSmoothingEnabled = true;
    return this.ctx;
  }
}
