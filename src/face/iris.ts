/**
 * The iris stage: per face, two eye crops from facemesh's eye corners → MediaPipe's iris landmark model
 * (converted to ONNX, models/iris.onnx) → per eye 71 eye-contour/brow points and 5 iris points, in
 * source-image pixels. Every eye of a frame (2 per face) goes through one batched run.
 *
 * Crops follow MediaPipe's iris graphs (iris_landmark_left_and_right_from_face_landmarks, iris_landmark_cpu):
 * the ROI is centred between the eye's two corners, rotated with the corner line, square, 2.3× the corner
 * distance (MediaPipe: the corners' box, square_long, scaled 2.3). The model is trained on one eye only —
 * MediaPipe's "left eye", facemesh 33/133, which is the person's RIGHT eye (image left when they face the
 * camera) — and MediaPipe mirrors the other eye's crop (its "right eye", 362/263, the person's left) so the
 * model sees the same shape. Here both crops run their x axis from the outer corner to the inner one: that is
 * MediaPipe's crop for the person's right eye, and its mirrored crop for the person's left eye (the left
 * eye's affine has a negative determinant, so mapping back un-mirrors it).
 *
 * Output layout (models/manifest.json, and MediaPipe's iris_landmark_cpu: "71 eye contour landmarks", then
 * "5 iris landmarks"): 76 × (x, y, z) in crop pixels (0..64). Contour indices in the model's eye: 0 the outer
 * corner, 1–7 the lower lid outer → inner, 8 the inner corner, 9–15 the upper lid outer → inner (MediaPipe
 * maps them onto facemesh's eyeLower0 33 7 163 144 145 153 154 155 133 and eyeUpper0 246 161 160 159 158
 * 157 173); 16–70 further contours and the brow. Iris: 0 the centre, 1–4 on its edge.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import { sampleCrop } from '../hands/crop-sampler';
import type { CropAffine, HandCrop } from '../hands/hand-crop';
import type { FaceOrtLike } from './face-mesh-engine';

/** The iris model's input side in pixels. */
export const IRIS_INPUT_SIZE = 64;
/** Eye contour + brow points per eye. */
export const EYE_CONTOUR_POINTS = 71;
/** Iris points per eye: centre, then four on the edge. */
export const IRIS_POINTS = 5;
/** Values per eye in the model's output: (71 + 5) × (x, y, z). */
export const IRIS_OUTPUT_VALUES = (EYE_CONTOUR_POINTS + IRIS_POINTS) * 3;
/** Crop side ÷ eye-corner distance: MediaPipe's iris ROI scale (RectTransformationCalculator scale 2.3). */
export const EYE_CROP_SCALE = 2.3;

/** Indices in the 71-point eye contour (the model's eye: outer corner first). */
export const EYE_CONTOUR = Object.freeze({
  outer: 0,
  inner: 8,
  /** [upper, lower] lid pairs, outer to inner: the EAR points (facemesh 160/144, 159/145, 158/153). */
  lids: [[11, 3], [12, 4], [13, 5]] as const,
  /** The 16 lid points (lower 0–8 and upper 9–15): the eye's outline. */
  outline: [0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 14, 13, 12, 11, 10, 9] as const,
});

/** facemesh corners of each of the person's eyes. */
export const IRIS_EYE_CORNERS = Object.freeze({
  right: { outer: 33, inner: 133 },
  left: { outer: 263, inner: 362 },
});

/** One eye's iris-model points, source pixels (what the face features and the OpenPose pupils read). */
export interface EyePoints {
  /** 71 × (x, y, z): contour and brow points ({@link EYE_CONTOUR}; z relative depth in the same pixel scale). */
  contour: Float32Array;
  /** 5 × (x, y, z): iris centre, then four on its edge. */
  iris: Float32Array;
}

/** Both eyes' points: the person's own right and left. */
export interface IrisPoints {
  right: EyePoints;
  left: EyePoints;
}

/** One eye from the iris model, source pixels, with its crop. */
export interface IrisEye extends EyePoints {
  /** crop pixels → source pixels (mirrored for the person's left eye). */
  toImage: CropAffine;
}

/** Both eyes of a face: the person's own right and left. */
export interface FaceIris extends IrisPoints {
  right: IrisEye;
  left: IrisEye;
}

/**
 * The eye crop of one eye (crop pixels → image pixels) from two corners (`m`: x, y, z triples, image pixels):
 * centre between the corners, side {@link EYE_CROP_SCALE} × their distance, crop x from the outer corner to
 * the inner one, crop y down the face (a proper rotation for the person's right eye, a mirror for the left).
 */
export function eyeCropAffine(m: ArrayLike<number>, side: 'right' | 'left', size = IRIS_INPUT_SIZE): CropAffine {
  const { outer, inner } = IRIS_EYE_CORNERS[side];
  const ox = m[3 * outer];
  const oy = m[3 * outer + 1];
  const dx = m[3 * inner] - ox;
  const dy = m[3 * inner + 1] - oy;
  const dist = Math.hypot(dx, dy);
  if (!(dist > 1e-6)) throw new RangeError('degenerate eye: its corners coincide');
  const ux = dx / dist;
  const uy = dy / dist;
  // Crop y: for the right eye (outer → inner runs image-right), u rotated +90° (y down); the left eye's
  // outer → inner runs image-left, so its y is u rotated −90°: the mirror that keeps the eye upright.
  const vx = side === 'right' ? -uy : uy;
  const vy = side === 'right' ? ux : -ux;
  const k = (EYE_CROP_SCALE * dist) / size;
  const cx = ox + dx / 2;
  const cy = oy + dy / 2;
  const a = k * ux;
  const b = k * vx;
  const c = k * uy;
  const d = k * vy;
  const h = size / 2;
  return { a, b, c, d, tx: cx - h * (a + b), ty: cy - h * (c + d) };
}

/** `outer ∘ inner` of two affines (first `inner`, then `outer`). */
export function composeAffine(outer: CropAffine, inner: CropAffine): CropAffine {
  return {
    a: outer.a * inner.a + outer.b * inner.c,
    b: outer.a * inner.b + outer.b * inner.d,
    c: outer.c * inner.a + outer.d * inner.c,
    d: outer.c * inner.b + outer.d * inner.d,
    tx: outer.a * inner.tx + outer.b * inner.ty + outer.tx,
    ty: outer.c * inner.tx + outer.d * inner.ty + outer.ty,
  };
}

/** Maps `count` (x, y, z) crop points from `src` (at `offset`) to image pixels (z scaled like x, y). */
export function eyePointsToImage(src: ArrayLike<number>, offset: number, count: number, m: CropAffine, out = new Float32Array(3 * count)): Float32Array {
  const scale = Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
  for (let i = 0; i < count; i++) {
    const u = src[offset + 3 * i];
    const v = src[offset + 3 * i + 1];
    out[3 * i] = m.a * u + m.b * v + m.tx;
    out[3 * i + 1] = m.c * u + m.d * v + m.ty;
    out[3 * i + 2] = src[offset + 3 * i + 2] * scale;
  }
  return out;
}

/** A face to find irises on: its mesh in source pixels and, when the pixels are a region copy, source → pixels. */
export interface IrisFaceInput {
  /** facemesh's 468 × (x, y, z), source pixels. */
  landmarks: ArrayLike<number>;
  /** Source pixels → the sampled pixels' coordinates. Default: identity (the pixels are the source image). */
  toPixels?: CropAffine;
}

export interface IrisEngineOptions {
  /** onnxruntime execution providers, in order of preference. Default ['wasm']. */
  executionProviders?: InferenceSession.SessionOptions['executionProviders'];
}

export interface IrisFrame {
  /** One per input face, same order. */
  eyes: FaceIris[];
  timings: { cropMs: number; inferenceMs: number };
}

const IDENTITY: CropAffine = Object.freeze({ a: 1, b: 0, c: 0, d: 1, tx: 0, ty: 0 });
const now = (): number => performance.now();

export class IrisEngine {
  private busy = false;
  private disposed = false;
  /** Reused input data, grown to the largest batch seen (2 eyes per face). */
  private input = new Float32Array(0);

  private constructor(
    private readonly ort: FaceOrtLike,
    private readonly session: InferenceSession,
  ) {}

  /** Creates the session and proves it on a grey batch of 2: one [N,3,64,64] input, 228 values per eye out. */
  static async create(ort: FaceOrtLike, bytes: Uint8Array, options: IrisEngineOptions = {}): Promise<IrisEngine> {
    if (bytes.byteLength === 0) throw new Error('iris model file is empty');
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: options.executionProviders ?? ['wasm'],
      graphOptimizationLevel: 'all',
    });
    try {
      const engine = new IrisEngine(ort, session);
      engine.ensure(2).fill(0.5);
      await engine.infer(2);
      return engine;
    } catch (e) {
      await session.release().catch(() => undefined);
      throw e;
    }
  }

  /** Both eyes of every face, in one batched run (2 × faces crops), from `width`×`height` RGBA pixels. */
  async estimate(rgba: ArrayLike<number>, width: number, height: number, faces: readonly IrisFaceInput[]): Promise<IrisFrame> {
    if (this.disposed) throw new Error('the iris engine was disposed');
    if (this.busy) throw new Error('an iris estimate is already running; one at a time');
    if (faces.length === 0) return { eyes: [], timings: { cropMs: 0, inferenceMs: 0 } };
    this.busy = true;
    try {
      const t0 = now();
      const n = 2 * faces.length;
      const input = this.ensure(n);
      const affines: CropAffine[] = [];
      faces.forEach((f, i) => {
        (['right', 'left'] as const).forEach((side, s) => {
          const toImage = eyeCropAffine(f.landmarks, side);
          affines.push(toImage);
          const sampler = { cropSize: IRIS_INPUT_SIZE, toImage: composeAffine(f.toPixels ?? IDENTITY, toImage) };
          // The hands' sampler reads only `cropSize` and `toImage` of its crop.
          sampleCrop(rgba, width, height, sampler as unknown as HandCrop, input, 2 * i + s, 'nchw');
        });
      });
      const t1 = now();
      const out = await this.infer(n);
      const t2 = now();
      const eyes: FaceIris[] = faces.map((_, i) => {
        const eye = (slot: number): IrisEye => {
          const base = slot * IRIS_OUTPUT_VALUES;
          const toImage = affines[slot];
          return {
            contour: eyePointsToImage(out, base, EYE_CONTOUR_POINTS, toImage),
            iris: eyePointsToImage(out, base + EYE_CONTOUR_POINTS * 3, IRIS_POINTS, toImage),
            toImage,
          };
        };
        return { right: eye(2 * i), left: eye(2 * i + 1) };
      });
      return { eyes, timings: { cropMs: t1 - t0, inferenceMs: t2 - t1 } };
    } finally {
      this.busy = false;
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session.release();
  }

  private ensure(n: number): Float32Array {
    const need = n * 3 * IRIS_INPUT_SIZE * IRIS_INPUT_SIZE;
    if (this.input.length < need) this.input = new Float32Array(need);
    return this.input;
  }

  /** Runs the first `n` crops of `this.input`; returns n × 228 values (crop pixels). */
  private async infer(n: number): Promise<Float32Array> {
    const S = IRIS_INPUT_SIZE;
    const data = this.input.subarray(0, n * 3 * S * S);
    const out = await this.session.run({ [this.session.inputNames[0]]: new this.ort.Tensor('float32', data, [n, 3, S, S]) });
    let t: Tensor | undefined;
    for (const name of this.session.outputNames) if (out[name].size === n * IRIS_OUTPUT_VALUES) t = out[name];
    if (!t) {
      const found = this.session.outputNames.map((name) => `${name} [${out[name].dims.join(',')}]`).join(', ');
      for (const name of this.session.outputNames) out[name].dispose();
      throw new Error(`not an iris model: expected ${IRIS_OUTPUT_VALUES} values per eye, found ${found}`);
    }
    const values = Float32Array.from((await t.getData()) as Float32Array);
    for (const name of this.session.outputNames) out[name].dispose();
    return values;
  }
}
