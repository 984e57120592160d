/**
 * Where each person's avatar stands: left to right as in the camera image (flipped in mirror mode),
 * nearer the camera the larger the person appears, and never closer than a minimum spacing to a
 * neighbour. Pure maths, allocation-free per frame; the scene smooths the result over time.
 *
 * Coordinates: metres, Y up, the default view looks from +Z toward the origin, so world −X is the
 * left of the screen and +Z is toward the viewer; z = 0 is the stage centre.
 */

/** Options of the layout (all distances in metres). */
export interface SceneLayoutOptions {
  /**
   * Flip left and right, for a mirrored (selfie) view of the camera: a person on the left of the raw
   * camera image then stands on the right. Default false (the image's own left stays left).
   */
  mirror: boolean;
  /**
   * Width of the stage that the image's width maps onto (imageX 0 → −width/2, 1 → +width/2).
   * Default 3.6 m: four people spread across a typical webcam frame stand ~0.9 m apart before the
   * spacing rule, and the stage still fits the default camera view.
   */
  stageWidthM: number;
  /**
   * Minimum distance between neighbouring avatars along X. Default 0.9 m: about shoulder width plus
   * relaxed arms of a 1.6 m avatar, so neighbours never intersect (T-posed arms may still touch).
   */
  minSpacingM: number;
  /**
   * The person scale (height in image / image height) that stands at z = 0. Default 0.6: a whole
   * body filling 60 % of the frame height, i.e. a full-body shot from ~3 m with a common webcam.
   */
  referenceScale: number;
  /**
   * Camera distance assumed for a person at {@link referenceScale}. Default 3 m (see there). With a
   * pinhole camera, distance = referenceDistanceM × referenceScale / scale.
   */
  referenceDistanceM: number;
  /** Scene metres per metre of estimated camera distance. Default 1 (true scale). */
  depthGain: number;
  /** Nearest z (toward the viewer). Default 1.2 m: closer avatars leave the default camera's view. */
  nearestZ: number;
  /** Farthest z. Default −3 m: a person at a fifth of the reference scale, about as far as detection reaches. */
  farthestZ: number;
}

/** The defaults documented on {@link SceneLayoutOptions}. */
export const DEFAULT_SCENE_LAYOUT_OPTIONS: Readonly<SceneLayoutOptions> = Object.freeze({
  mirror: false,
  stageWidthM: 3.6,
  minSpacingM: 0.9,
  referenceScale: 0.6,
  referenceDistanceM: 3,
  depthGain: 1,
  nearestZ: 1.2,
  farthestZ: -3,
});

/** Scales at or below this are treated as unknown (a detection cannot be this small and still posed). */
const MIN_VALID_SCALE = 1e-3;

/** Stage X (metres) of a person centred at `imageX` (0..1 across the image; clamped). */
export function stageX(imageX: number, options: Readonly<SceneLayoutOptions> = DEFAULT_SCENE_LAYOUT_OPTIONS): number {
  const u = Number.isFinite(imageX) ? Math.min(1, Math.max(0, imageX)) : 0.5;
  const x = (u - 0.5) * options.stageWidthM;
  return options.mirror ? -x : x;
}

/**
 * Stage Z (metres, + toward the viewer) of a person whose height in the image is `scale` × the image
 * height: the reference scale stands at 0, twice as large at half the distance (nearer), clamped to
 * [farthestZ, nearestZ]. Unknown scales (≤ 0, non-finite) stand at 0.
 */
export function depthFromScale(scale: number, options: Readonly<SceneLayoutOptions> = DEFAULT_SCENE_LAYOUT_OPTIONS): number {
  if (!Number.isFinite(scale) || scale <= MIN_VALID_SCALE) return 0;
  const distance = (options.referenceDistanceM * options.referenceScale) / scale;
  const z = (options.referenceDistanceM - distance) * options.depthGain;
  return Math.min(options.nearestZ, Math.max(options.farthestZ, z));
}

/** One person's layout input (`imageX`, `scale`) and output (`x`, `z`). */
export interface LayoutSlot {
  /** 0..1 across the image (non-finite: centre). */
  imageX: number;
  /** Height in image / image height (non-finite or ≤ 0: unknown, stands at z = 0). */
  scale: number;
  /** Output: stage X (metres). */
  x: number;
  /** Output: stage Z (metres). */
  z: number;
}

/**
 * Lays out people; keeps scratch buffers so that {@link solve} does not allocate once they are large
 * enough.
 */
export class SceneLayout {
  options: SceneLayoutOptions;
  private order = new Int32Array(8);
  private blockSum = new Float64Array(8);
  private blockCount = new Int32Array(8);

  constructor(options: Partial<SceneLayoutOptions> = {}) {
    this.options = { ...DEFAULT_SCENE_LAYOUT_OPTIONS, ...options };
  }

  /**
   * Writes `x` and `z` of every slot: X from `imageX` (mirrored if set), then neighbours pushed apart
   * to `minSpacingM` as little as possible (least squares, left-to-right order kept, ties by input
   * order); Z from `scale`. Only the first `count` slots are used (default all), so callers can keep
   * a reusable array longer than the number of people.
   */
  solve(slots: readonly LayoutSlot[], count: number = slots.length): void {
    const n = Math.min(count, slots.length);
    if (n === 0) return;
    this.reserve(n);
    const { order, blockSum, blockCount } = this;
    const s = this.options.minSpacingM;
    // Sort indices by target X (insertion sort: n is a handful, stable, no allocation).
    for (let i = 0; i < n; i++) {
      const slot = slots[i];
      slot.z = depthFromScale(slot.scale, this.options);
      slot.x = stageX(slot.imageX, this.options);
      let j = i - 1;
      while (j >= 0 && slots[order[j]].x > slot.x) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = i;
    }
    // x_k ≥ x_{k-1} + s  ⇔  (x_k − k·s) non-decreasing: isotonic regression of (t_k − k·s) by
    // pool-adjacent-violators gives the closest spacing-respecting positions.
    let blocks = 0;
    for (let k = 0; k < n; k++) {
      blockSum[blocks] = slots[order[k]].x - k * s;
      blockCount[blocks] = 1;
      blocks++;
      while (blocks > 1 && blockSum[blocks - 2] / blockCount[blocks - 2] > blockSum[blocks - 1] / blockCount[blocks - 1]) {
        blockSum[blocks - 2] += blockSum[blocks - 1];
        blockCount[blocks - 2] += blockCount[blocks - 1];
        blocks--;
      }
    }
    for (let b = 0, k = 0; b < blocks; b++) {
      const mean = blockSum[b] / blockCount[b];
      for (let c = 0; c < blockCount[b]; c++, k++) slots[order[k]].x = mean + k * s;
    }
  }

  private reserve(n: number): void {
    if (this.order.length >= n) return;
    const size = Math.max(n, this.order.length * 2);
    this.order = new Int32Array(size);
    this.blockSum = new Float64Array(size);
    this.blockCount = new Int32Array(size);
  }
}

/**
 * Exponential approach of `current` toward `target` over time constant `timeS` (frame-rate
 * independent: after `timeS` seconds 63 % of the gap is closed). `timeS` ≤ 0 jumps.
 */
export function approach(current: number, target: number, dt: number, timeS: number): number {
  if (timeS <= 0 || !Number.isFinite(current)) return target;
  return current + (target - current) * (1 - Math.exp(-Math.max(0, dt) / timeS));
}
