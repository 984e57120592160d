/**
 * The hand landmark engine: body pose → hand crops (OpenPose's boxes, turned upright) → one batched
 * run of the MediaPipe hand landmark network (ONNX) → 21 landmarks per hand in source-image pixels.
 * Runtime-agnostic like workers/pose-engine.ts: it is handed an onnxruntime module (onnxruntime-web in
 * the worker and in Node tests, onnxruntime-node for native baselines) and the model's bytes.
 *
 * Left and right always come from the body (the left wrist's crop is the left hand); the network's
 * own handedness output is ignored, as it is unreliable on crops it did not choose.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import type { Person } from '../pose/types';
import {
  applyAffine,
  DEFAULT_HAND_CROP_OPTIONS,
  handCropsForFrame,
  type HandCrop,
  type HandCropOptions,
  type HandSide,
} from './hand-crop';
import { CropSampler, type TensorLayout } from './crop-sampler';

/** The part of an onnxruntime module the engine uses (onnxruntime-web and -node both fit). */
export interface HandOrtLike {
  InferenceSession: { create(model: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => Tensor;
}

/** Number of hand landmarks (MediaPipe / OpenPose hand order: wrist, then thumb, index, middle, ring, little, 4 each, base → tip). */
export const NUM_HAND_LANDMARKS = 21;

/** Hand landmark names in model order. */
export const HAND_LANDMARK_NAMES = [
  'wrist',
  'thumbCmc', 'thumbMcp', 'thumbIp', 'thumbTip',
  'indexMcp', 'indexPip', 'indexDip', 'indexTip',
  'middleMcp', 'middlePip', 'middleDip', 'middleTip',
  'ringMcp', 'ringPip', 'ringDip', 'ringTip',
  'littleMcp', 'littlePip', 'littleDip', 'littleTip',
] as const;

/** One hand landmark. */
export interface HandKeypoint {
  /** Source-image pixels. */
  x: number;
  y: number;
  /** Depth relative to the wrist in source-image pixels (the network's z, scaled like x); smaller = nearer the camera. */
  z: number;
  /** The hand's presence score (the network gives one score per hand, not per landmark). */
  score: number;
}

/** The landmarks of one hand. */
export interface HandLandmarks {
  /** The person's own side, from the body pose. */
  side: HandSide;
  /** 21 landmarks in {@link HAND_LANDMARK_NAMES} order, source-image pixels. */
  keypoints: HandKeypoint[];
  /**
   * 21 metric landmarks (metres, origin near the hand's centre) in image axes: x right, y down,
   * z away from the camera. Better than `keypoints` for joint angles (no perspective, true depth).
   */
  world: { x: number; y: number; z: number }[];
  /** Hand presence probability, 0..1. */
  score: number;
  /** The crop the landmarks came from. */
  crop: HandCrop;
}

/** The hands of one person (absent: not eligible, not among `maxPeople`, or below `minPresence`). */
export interface PersonHands {
  left?: HandLandmarks;
  right?: HandLandmarks;
}

export interface HandFrame {
  /** Index-aligned with the `people` passed in. */
  hands: PersonHands[];
  /** Crops run this frame. */
  crops: number;
  /** Milliseconds: crop sampling, inference, mapping back. */
  timings: { cropMs: number; inferenceMs: number; mapMs: number };
}

export interface HandLandmarkEngineOptions {
  /** Crop selection (eligibility thresholds, maxPeople). Defaults: {@link DEFAULT_HAND_CROP_OPTIONS}. */
  crop?: Partial<HandCropOptions>;
  /**
   * Hands whose presence score is below this are dropped. Default 0.5: MediaPipe's own hand-presence
   * threshold for keeping a tracked hand (min_tracking_confidence).
   */
  minPresence?: number;
  /** Input layout. Default: read from the model's input shape (last dim 3 → NHWC), else NHWC. */
  layout?: TensorLayout;
  /**
   * 'batch': all crops of a frame in one run (needs a dynamic batch dim); 'loop': one run per crop.
   * Default 'auto': batch unless the model's input batch dim is fixed at 1.
   */
  batching?: 'auto' | 'batch' | 'loop';
  /** Output names. Defaults: the TF graph's Identity (landmarks), Identity_1 (presence), Identity_3 (world). */
  outputs?: { landmarks?: string; presence?: string; world?: string };
  /** onnxruntime execution providers. Default ['wasm']. */
  executionProviders?: InferenceSession.SessionOptions['executionProviders'];
}

const DEFAULT_OUTPUTS = { landmarks: 'Identity', presence: 'Identity_1', world: 'Identity_3' } as const;

/** Default {@link HandLandmarkEngineOptions.minPresence}. */
export const DEFAULT_MIN_PRESENCE = 0.5;

const now = (): number => performance.now();

/** ORT ≥ 1.21 exposes input shapes; older builds do not (then the defaults apply). */
type InputMeta = { name: string; isTensor?: boolean; shape?: readonly (number | string)[] };

export class HandLandmarkEngine {
  private readonly sampler: CropSampler;
  private readonly names: { landmarks: string; presence: string; world: string };
  private busy = false;
  private disposed = false;

  private constructor(
    private readonly ort: HandOrtLike,
    private readonly session: InferenceSession,
    readonly layout: TensorLayout,
    /** Whether all crops of a frame go through one run (else one run per crop). */
    readonly batched: boolean,
    readonly inputSize: number,
    readonly options: HandLandmarkEngineOptions,
  ) {
    this.sampler = new CropSampler(layout);
    const outs = session.outputNames;
    const pick = (want: string): string => outs.find((n) => n === want) ?? outs.find((n) => n.replace(/:0$/, '') === want) ?? want;
    const o = { ...DEFAULT_OUTPUTS, ...options.outputs };
    this.names = { landmarks: pick(o.landmarks), presence: pick(o.presence), world: pick(o.world) };
  }

  /** Creates the session and reads the input layout and batch capability from the model. */
  static async create(ort: HandOrtLike, bytes: Uint8Array, options: HandLandmarkEngineOptions = {}): Promise<HandLandmarkEngine> {
    if (bytes.byteLength === 0) throw new Error('hand landmark model file is empty');
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: options.executionProviders ?? ['wasm'],
      graphOptimizationLevel: 'all',
    });
    const meta = (session as unknown as { inputMetadata?: readonly InputMeta[] }).inputMetadata?.[0];
    const shape = meta?.shape;
    const layout: TensorLayout = options.layout ?? (shape && shape.length === 4 && shape[1] === 3 ? 'nchw' : 'nhwc');
    const sizeDim = shape && shape.length === 4 ? (layout === 'nhwc' ? shape[1] : shape[2]) : undefined;
    const inputSize = typeof sizeDim === 'number' && sizeDim > 0 ? sizeDim : DEFAULT_HAND_CROP_OPTIONS.cropSize;
    const fixedOne = shape !== undefined && shape[0] === 1;
    const batching = options.batching ?? 'auto';
    const batched = batching === 'batch' || (batching === 'auto' && !fixedOne);
    return new HandLandmarkEngine(ort, session, layout, batched, inputSize, options);
  }

  /** The crops this engine would run for a frame's people. */
  cropsFor(people: readonly Person[]): HandCrop[] {
    return handCropsForFrame(people, { ...this.options.crop, cropSize: this.inputSize });
  }

  /**
   * Hands of the people of one frame: crops from the body keypoints, one batched inference, landmarks
   * mapped back to the `width`×`height` RGBA image the people were found in.
   */
  async estimate(rgba: ArrayLike<number>, width: number, height: number, people: readonly Person[]): Promise<HandFrame> {
    const crops = this.cropsFor(people);
    const hands: PersonHands[] = people.map(() => ({}));
    const minPresence = this.options.minPresence ?? DEFAULT_MIN_PRESENCE;
    const { landmarks, timings } = await this.estimateCrops(rgba, width, height, crops);
    for (const h of landmarks) {
      if (h.score >= minPresence) hands[h.crop.person][h.side] = h;
    }
    return { hands, crops: crops.length, timings };
  }

  /** Runs the network on given crops (e.g. ground-truth boxes) and maps the landmarks back; no presence filter. */
  async estimateCrops(
    rgba: ArrayLike<number>,
    width: number,
    height: number,
    crops: readonly HandCrop[],
  ): Promise<{ landmarks: HandLandmarks[]; timings: HandFrame['timings'] }> {
    if (this.disposed) throw new Error('the hand landmark engine was disposed');
    if (this.busy) throw new Error('a frame is already being processed; one frame in flight at a time');
    const timings = { cropMs: 0, inferenceMs: 0, mapMs: 0 };
    if (crops.length === 0) return { landmarks: [], timings };
    if (rgba.length < width * height * 4) throw new RangeError(`RGBA data of ${rgba.length} bytes does not hold a ${width}x${height} image`);
    for (const c of crops) {
      if (c.cropSize !== this.inputSize) throw new RangeError(`crop size ${c.cropSize} ≠ model input ${this.inputSize}`);
    }
    this.busy = true;
    try {
      const t0 = now();
      const input = this.sampler.sample(rgba, width, height, crops);
      const t1 = now();
      const S = this.inputSize;
      const per = S * S * 3;
      const dims = (n: number) => (this.layout === 'nhwc' ? [n, S, S, 3] : [n, 3, S, S]);
      const lm = new Float32Array(crops.length * 63);
      const world = new Float32Array(crops.length * 63);
      const presence = new Float32Array(crops.length);
      const runs = this.batched ? [[0, crops.length]] : crops.map((_, i) => [i, 1]);
      for (const [start, n] of runs) {
        // A copy: ORT may hold the input while running, and the sampler's buffer is reused.
        const data = input.slice(start * per, (start + n) * per);
        const feeds = { [this.session.inputNames[0]]: new this.ort.Tensor('float32', data, dims(n)) };
        const out = await this.session.run(feeds);
        lm.set((await out[this.names.landmarks].getData()) as Float32Array, start * 63);
        world.set((await out[this.names.world].getData()) as Float32Array, start * 63);
        presence.set((await out[this.names.presence].getData()) as Float32Array, start);
        for (const k of Object.keys(out)) out[k].dispose();
      }
      const t2 = now();
      const landmarks = crops.map((c, i) => toHandLandmarks(c, lm.subarray(i * 63, i * 63 + 63), world.subarray(i * 63, i * 63 + 63), presence[i]));
      timings.cropMs = t1 - t0;
      timings.inferenceMs = t2 - t1;
      timings.mapMs = now() - t2;
      return { landmarks, timings };
    } finally {
      this.busy = false;
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session.release();
  }
}

/**
 * Maps one crop's raw outputs (landmarks in crop pixels, world in metres in crop axes) back to the image.
 * Crop z is scaled like x and y (MediaPipe: "z uses roughly the same scale as x").
 */
export function toHandLandmarks(crop: HandCrop, lm: ArrayLike<number>, world: ArrayLike<number>, presence: number): HandLandmarks {
  const { a, c } = crop.toImage;
  const scale = Math.hypot(a, c);
  const cos = a / scale;
  const sin = c / scale;
  const keypoints: HandKeypoint[] = [];
  const w: { x: number; y: number; z: number }[] = [];
  for (let k = 0; k < NUM_HAND_LANDMARKS; k++) {
    const p = applyAffine(crop.toImage, lm[k * 3], lm[k * 3 + 1]);
    keypoints.push({ x: p.x, y: p.y, z: lm[k * 3 + 2] * scale, score: presence });
    const wx = world[k * 3];
    const wy = world[k * 3 + 1];
    // Rotate the crop axes back into image axes (no scaling: metres stay metres).
    w.push({ x: cos * wx - sin * wy, y: sin * wx + cos * wy, z: world[k * 3 + 2] });
  }
  return { side: crop.side, keypoints, world: w, score: presence, crop };
}
