/**
 * The face engine: face crops from the body keypoints → facemesh (MediaPipe's 468-point face mesh,
 * converted to ONNX) → per-person landmarks in source-image pixels.
 *
 * Runtime-agnostic like workers/pose-engine.ts: it is handed an onnxruntime module (onnxruntime-web in
 * the worker and Node tests, onnxruntime-node for native baselines) and the model's bytes, so the worker
 * calls it on the same frame right after the pose engine:
 *
 *   const face = await FaceMeshEngine.create(ort, bytes, { crop: { maxPeople: settings.faces } });
 *   const faces = await face.estimate(rgba, width, height, poseFrame.people);
 *   // faces.faces[i].personIndex → poseFrame.people[...]; landmarks: Float32Array(468 × 3), source px
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import { sampleCrop } from '../hands/crop-sampler';
import type { HandCrop } from '../hands/hand-crop';
import type { Person } from '../pose/types';
import { DEFAULT_FACE_CROP_OPTIONS, FACE_MESH_INPUT_SIZE, selectFaces, type FaceCrop, type FaceCropOptions } from './face-crop';

/** The part of an onnxruntime module the engine uses (onnxruntime-web and -node both fit). */
export interface FaceOrtLike {
  InferenceSession: { create(model: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => Tensor;
}

/** Number of facemesh landmarks (MediaPipe's canonical face mesh topology). */
export const NUM_FACE_LANDMARKS = 468;

/**
 * Minimum face-presence score (facemesh's sigmoid "faceflag") for a face to be reported. Default 0.5, as
 * MediaPipe's face landmark graph. On the shared photos, faces with open eyes seen from the front score
 * 0.9–1.0; blurred faces under ~60 px and backs of heads score under 0.1.
 */
export const DEFAULT_MIN_FACE_SCORE = 0.5;

export interface FaceMeshEngineOptions {
  /** onnxruntime execution providers, in order of preference. Default ['wasm']. */
  executionProviders?: InferenceSession.SessionOptions['executionProviders'];
  /** Who gets a face and how it is framed; defaults: {@link DEFAULT_FACE_CROP_OPTIONS}. */
  crop?: Partial<FaceCropOptions>;
  /** Faces scoring below are dropped. Default {@link DEFAULT_MIN_FACE_SCORE}. */
  minFaceScore?: number;
}

/** One person's face mesh. */
export interface FaceMesh {
  /** Index of the person in the pose frame's `people`. */
  personIndex: number;
  /** The crop the network saw. */
  crop: FaceCrop;
  /**
   * 468 × (x, y, z): x, y in source-image pixels; z relative depth in the same pixel scale, smaller =
   * nearer the camera (MediaPipe's convention, origin near the head's centre). Landmark indices are
   * MediaPipe's canonical face mesh (e.g. 1 nose tip, 33/133 right eye outer/inner corner).
   */
  landmarks: Float32Array;
  /** Face presence score, 0..1. */
  score: number;
}

/** Milliseconds spent in each stage of one face estimate (all faces together). */
export interface FaceTimings {
  cropMs: number;
  inferenceMs: number;
}

export interface FaceFrame {
  faces: FaceMesh[];
  timings: FaceTimings;
}

const now = (): number => performance.now();

/** The facemesh output with 1404 values (468 × 3) is the mesh; the one with 1 value the face flag. */
const MESH_VALUES = NUM_FACE_LANDMARKS * 3;

export class FaceMeshEngine {
  private cropOptions: FaceCropOptions;
  private minFaceScore: number;
  private readonly inputSize: number;
  private readonly layout: 'nchw' | 'nhwc';
  private busy = false;
  private disposed = false;
  /** Reused input tensor data (one crop). */
  private readonly input: Float32Array;

  private constructor(
    private readonly ort: FaceOrtLike,
    private readonly session: InferenceSession,
    options: FaceMeshEngineOptions,
    layout: 'nchw' | 'nhwc',
    inputSize: number,
  ) {
    this.cropOptions = { ...DEFAULT_FACE_CROP_OPTIONS, ...options.crop };
    this.minFaceScore = options.minFaceScore ?? DEFAULT_MIN_FACE_SCORE;
    this.layout = layout;
    this.inputSize = inputSize;
    this.input = new Float32Array(3 * inputSize * inputSize);
  }

  /**
   * Creates the session from the model's bytes and checks it is a face mesh: one [1,3,S,S] (or
   * [1,S,S,3]) image input, a 1404-value mesh output and a 1-value score output.
   */
  static async create(ort: FaceOrtLike, bytes: Uint8Array, options: FaceMeshEngineOptions = {}): Promise<FaceMeshEngine> {
    if (bytes.byteLength === 0) throw new Error('facemesh model file is empty');
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: options.executionProviders ?? ['wasm'],
      graphOptimizationLevel: 'all',
    });
    try {
      const meta = (session as { inputMetadata?: readonly { shape?: readonly (number | string)[] }[] }).inputMetadata;
      const shape = meta?.[0]?.shape;
      let layout: 'nchw' | 'nhwc' = 'nchw';
      let size = FACE_MESH_INPUT_SIZE;
      if (shape && shape.length === 4) {
        if (shape[3] === 3 && shape[1] !== 3) layout = 'nhwc';
        const s = layout === 'nchw' ? shape[2] : shape[1];
        if (typeof s === 'number' && s > 0) size = s;
      }
      const engine = new FaceMeshEngine(ort, session, options, layout, size);
      // One inference on grey: proves the output layout and compiles the backend.
      engine.input.fill(0.5);
      await engine.infer();
      return engine;
    } catch (e) {
      await session.release().catch(() => undefined);
      throw e;
    }
  }

  /** The network's input side in pixels. */
  get cropSize(): number {
    return this.inputSize;
  }

  /** Current crop options (who gets a face). */
  get options(): Readonly<FaceCropOptions> {
    return this.cropOptions;
  }

  /** Changes who gets a face (e.g. the "faces" setting: `{ maxPeople }`) for later frames. */
  setOptions(crop: Partial<FaceCropOptions>, minFaceScore?: number): void {
    this.cropOptions = { ...this.cropOptions, ...crop };
    if (minFaceScore !== undefined) this.minFaceScore = minFaceScore;
  }

  /** The face crops this engine would run for a frame's people. */
  cropsFor(people: readonly Person[]): FaceCrop[] {
    return selectFaces(people, this.cropOptions, this.inputSize);
  }

  /** Face meshes of the eligible people of a pose frame, from its `width`×`height` RGBA source image. */
  async estimate(rgba: ArrayLike<number>, width: number, height: number, people: readonly Person[]): Promise<FaceFrame> {
    return this.estimateCrops(rgba, width, height, this.cropsFor(people));
  }

  /**
   * Face meshes for given crops (e.g. crops tracked from the previous frame's meshes by face-crop.ts faceBoxFromMesh).
   * `sourceCrops`: when the pixels are not the source image but regions copied out of it (as the worker reads
   * only the crops' regions of the camera bitmap, workers/region-reader.ts), `crops` are in those pixels'
   * coordinates and `sourceCrops[i]` is the same crop in source pixels: landmarks are mapped through it.
   */
  async estimateCrops(
    rgba: ArrayLike<number>,
    width: number,
    height: number,
    crops: readonly FaceCrop[],
    sourceCrops: readonly FaceCrop[] = crops,
  ): Promise<FaceFrame> {
    if (this.disposed) throw new Error('the face engine was disposed');
    if (this.busy) throw new Error('a face estimate is already running; one at a time');
    if (rgba.length < width * height * 4) throw new RangeError(`RGBA data of ${rgba.length} bytes does not hold a ${width}x${height} image`);
    this.busy = true;
    const faces: FaceMesh[] = [];
    let cropMs = 0;
    let inferenceMs = 0;
    try {
      for (let i = 0; i < crops.length; i++) {
        const crop = crops[i];
        const source = sourceCrops[i] ?? crop;
        const t0 = now();
        if (crop.cropSize !== this.inputSize) throw new RangeError(`face crop of ${crop.cropSize} px, the model takes ${this.inputSize}`);
        // The hands' sampler reads only `cropSize` and `toImage` of its crop.
        sampleCrop(rgba, width, height, crop as unknown as HandCrop, this.input, 0, this.layout);
        const t1 = now();
        const { mesh, score } = await this.infer();
        inferenceMs += now() - t1;
        cropMs += t1 - t0;
        if (score < this.minFaceScore) continue;
        faces.push({ personIndex: source.personIndex, crop: source, landmarks: meshToImage(mesh, source), score });
      }
    } finally {
      this.busy = false;
    }
    return { faces, timings: { cropMs, inferenceMs } };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session.release();
  }

  /** Runs the network on `this.input`; returns the mesh in crop pixels and the face score. */
  private async infer(): Promise<{ mesh: Float32Array; score: number }> {
    const S = this.inputSize;
    const dims = this.layout === 'nchw' ? [1, 3, S, S] : [1, S, S, 3];
    const out = await this.session.run({ [this.session.inputNames[0]]: new this.ort.Tensor('float32', this.input, dims) });
    let mesh: Tensor | undefined;
    let flag: Tensor | undefined;
    for (const name of this.session.outputNames) {
      const t = out[name];
      if (t.size === MESH_VALUES) mesh = t;
      else if (t.size === 1) flag = t;
    }
    if (!mesh || !flag) {
      const found = this.session.outputNames.map((n) => `${n} [${out[n].dims.join(',')}]`).join(', ');
      throw new Error(`not a facemesh model: expected a ${MESH_VALUES}-value mesh output and a 1-value score, found ${found}`);
    }
    const meshData = (await mesh.getData()) as Float32Array;
    const score = ((await flag.getData()) as Float32Array)[0];
    for (const name of this.session.outputNames) out[name].dispose();
    return { mesh: meshData, score };
  }
}

/** Maps a mesh from crop pixels to source-image pixels (z scaled like x and y). */
export function meshToImage(mesh: ArrayLike<number>, crop: FaceCrop, out = new Float32Array(MESH_VALUES)): Float32Array {
  const { a, b, c, d, tx, ty } = crop.toImage;
  const scale = Math.sqrt(Math.abs(a * d - b * c));
  for (let i = 0; i < NUM_FACE_LANDMARKS; i++) {
    const u = mesh[3 * i];
    const v = mesh[3 * i + 1];
    out[3 * i] = a * u + b * v + tx;
    out[3 * i + 1] = c * u + d * v + ty;
    out[3 * i + 2] = mesh[3 * i + 2] * scale;
  }
  return out;
}
