/**
 * The face step of the pose worker, runtime-agnostic like {@link HandsStage}: after the body decode, the
 * face crops of at most `maxPeople` people (src/face: boxes from nose, eyes and ears, largest face first)
 * go through facemesh one crop at a time, and each of those people gains `face` ({@link PersonFace}: 468
 * landmarks in source pixels, unsmoothed VRM expression weights, look-at and head rotation).
 *
 * Iris (optional): after facemesh, both eyes of every face go through MediaPipe's iris model in one batched run
 * (src/face/iris.ts); each face then carries `iris`, its blinks come from the iris eyelids, its look-at adds
 * the gaze and its OpenPose pupils are the iris centres. Without models/iris.onnx, or if it fails to load or
 * run, faces are facemesh-only as before and {@link FaceStage.irisStatus} says why.
 *
 * Pixels: as for hands, crops are sampled from source-resolution pixels — the whole RGBA image when the
 * caller has it, or only the crops' regions read from the camera bitmap (workers/region-reader.ts).
 */
import type { InferenceSession } from 'onnxruntime-web';
import type { FaceCrop } from '../src/face/face-crop';
import { faceFeatures } from '../src/face/face-features';
import { FaceMeshEngine, type FaceOrtLike } from '../src/face/face-mesh-engine';
import { composeAffine, IrisEngine, type FaceIris, type IrisFaceInput } from '../src/face/iris';
import { toPersonFace } from '../src/face/person-face';
import { invertAffine } from '../src/hands/hand-crop';
import { getLandmarkModel } from '../src/pose/models';
import type { Person } from '../src/pose/types';
import { affineInRegion, type RegionMap } from './hands-stage';

/** Pixels holding the crops, and each crop in these pixels' coordinates (same order as asked). */
export interface FacePixels {
  rgba: ArrayLike<number>;
  width: number;
  height: number;
  crops: FaceCrop[];
}

/** Gives the pixels the face crops are sampled from. */
export interface FacePixelSource {
  pixelsFor(crops: FaceCrop[]): FacePixels | Promise<FacePixels>;
}

/** The whole source image as the pixel source (nothing to copy). */
export function fullImageFacePixels(rgba: ArrayLike<number>, width: number, height: number): FacePixelSource {
  return { pixelsFor: (crops) => ({ rgba, width, height, crops }) };
}

/** `crop` moved into region pixels: region = scale · (image − (sx, sy)) + (ox, oy). */
export function faceCropInRegion(crop: FaceCrop, m: RegionMap): FaceCrop {
  return {
    ...crop,
    ...affineInRegion(crop.toImage, m),
    cx: m.scale * (crop.cx - m.sx) + m.ox,
    cy: m.scale * (crop.cy - m.sy) + m.oy,
    faceSize: crop.faceSize * m.scale,
    side: crop.side * m.scale,
  };
}

export interface FaceStageOptions {
  /** People given a face per frame. Default 1 (the webcam's main user). */
  maxPeople?: number;
  /** onnxruntime execution providers. Default ['wasm']. */
  executionProviders?: InferenceSession.SessionOptions['executionProviders'];
  /**
   * The iris model: its bytes, a URL to fetch it from, a loader giving the bytes for a session's backend (the
   * worker's: the WebGPU variant for 'webgpu', the normal file for 'wasm', also when a WebGPU session fails),
   * or null for none (facemesh-only faces). Default: in a page or worker (where `location` exists),
   * {@link IRIS_MODEL_ID}'s file under /models/ of that origin; elsewhere (Node) none.
   */
  iris?: Uint8Array | string | IrisModelLoader | null;
}

/** The iris model's bytes for a session on `backend` ('wasm' also for the WASM fallback of a failed WebGPU session). */
export type IrisModelLoader = (backend: 'webgpu' | 'wasm') => Promise<Uint8Array>;

/** The iris model's id in models/manifest.json `landmarkModels`. */
export const IRIS_MODEL_ID = 'iris';

/** Whether the iris stage runs, and why not when it does not. */
export interface IrisStatus {
  /** True when the iris model is loaded and its last run (if any) succeeded. */
  enabled: boolean;
  /** Why the iris is unavailable or failed on the last frame; absent when it works or was not asked for. */
  reason?: string;
}

const now = (): number => performance.now();

/** The default iris model URL: the manifest's file under /models/ of the page's or worker's origin. */
function defaultIrisSource(): string | null {
  const here = (globalThis as { location?: { href: string } }).location;
  if (!here) return null;
  try {
    return new URL(`/models/${getLandmarkModel(IRIS_MODEL_ID).file}`, here.href).href;
  } catch {
    return null;
  }
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** One iris file for every backend: its bytes, or a URL fetched once. */
function singleSource(source: Uint8Array | string): IrisModelLoader {
  let bytes: Promise<Uint8Array> | null = null;
  return () => (bytes ??= typeof source === 'string' ? fetchBytes(source) : Promise.resolve(source));
}

/** The name of the first execution provider asked for ('wasm' when none). */
function firstEpName(eps: FaceStageOptions['executionProviders']): string {
  const ep = eps?.[0];
  return ep === undefined ? 'wasm' : typeof ep === 'string' ? ep : ep.name;
}

export class FaceStage {
  private irisState: IrisStatus;
  /** Milliseconds of the iris step in the last run (crops + inference, all faces); null when it did not run. */
  lastIrisMs: number | null = null;

  private constructor(
    readonly engine: FaceMeshEngine,
    /** The iris engine; null: faces are facemesh-only. */
    readonly iris: IrisEngine | null,
    irisStatus: IrisStatus,
  ) {
    this.irisState = irisStatus;
  }

  /**
   * Loads facemesh (failures reject, as before) and, when available, the iris model (failures never reject:
   * they leave the iris off, with the reason in {@link irisStatus}).
   */
  static async create(ort: FaceOrtLike, bytes: Uint8Array, options: FaceStageOptions = {}): Promise<FaceStage> {
    const engine = await FaceMeshEngine.create(ort, bytes, {
      executionProviders: options.executionProviders,
      crop: { maxPeople: options.maxPeople ?? 1 },
    });
    const source = options.iris === undefined ? defaultIrisSource() : options.iris;
    if (source === null) return new FaceStage(engine, null, { enabled: false });
    try {
      const load: IrisModelLoader = typeof source === 'function' ? source : singleSource(source);
      const eps = options.executionProviders;
      const create = async (executionProviders: FaceStageOptions['executionProviders'], backend: 'webgpu' | 'wasm') =>
        IrisEngine.create(ort, await load(backend), { executionProviders });
      // Like the worker's face model: WASM (with the WASM file) when another backend cannot run it.
      const iris = await create(eps, firstEpName(eps) === 'webgpu' ? 'webgpu' : 'wasm').catch((e: unknown) =>
        eps && !(eps.length === 1 && eps[0] === 'wasm') ? create(['wasm'], 'wasm') : Promise.reject(e),
      );
      return new FaceStage(engine, iris, { enabled: true });
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      return new FaceStage(engine, null, {
        enabled: false,
        reason: `Iris tracking is unavailable (${detail}). The iris model is generated by \`npm install\` into models/; faces use facemesh alone (no gaze, weaker blinks).`,
      });
    }
  }

  /** Whether the iris runs (blinks from its eyelids, gaze, OpenPose pupils), and why not. */
  get irisStatus(): IrisStatus {
    return this.irisState;
  }

  /** People given a face per frame; 0 turns the stage off. */
  get maxPeople(): number {
    return this.engine.options.maxPeople;
  }

  set maxPeople(n: number) {
    this.engine.setOptions({ maxPeople: n });
  }

  /** The crops this frame's people would get (empty when off or nobody is eligible). */
  cropsFor(people: readonly Person[]): FaceCrop[] {
    if (!(this.maxPeople > 0)) return [];
    return this.engine.cropsFor(people);
  }

  /**
   * Finds the faces of `people` (source pixels) and sets each one's `face` (people given no crop, or whose
   * face scored under the engine's threshold, are left without). Returns the milliseconds spent, or null
   * when no crop ran.
   */
  async run(people: Person[], source: FacePixelSource, crops = this.cropsFor(people)): Promise<number | null> {
    if (crops.length === 0) return null;
    const t0 = now();
    const pixels = await source.pixelsFor(crops);
    const { faces } = await this.engine.estimateCrops(pixels.rgba, pixels.width, pixels.height, pixels.crops, crops);
    const irises = await this.runIris(faces, crops, pixels);
    faces.forEach((mesh, i) => {
      const iris = irises?.[i] ?? null;
      people[mesh.personIndex].face = toPersonFace(mesh, faceFeatures(mesh.landmarks, {}, undefined, undefined, iris), iris);
    });
    return now() - t0;
  }

  /**
   * Both eyes of every face in one iris run, or null (no iris engine, no face, or the run failed: the faces
   * then stay facemesh-only for this frame, and {@link irisStatus} carries the error).
   */
  private async runIris(faces: readonly { crop: FaceCrop; landmarks: Float32Array }[], crops: readonly FaceCrop[], pixels: FacePixels): Promise<FaceIris[] | null> {
    this.lastIrisMs = null;
    if (!this.iris || faces.length === 0) return null;
    const t0 = now();
    try {
      const inputs: IrisFaceInput[] = faces.map((f) => {
        const k = crops.indexOf(f.crop);
        const region = k >= 0 ? pixels.crops[k] : undefined;
        // Source → pixels: through the face crop (source → crop → region pixels); identity for the whole image.
        const toPixels = region && region !== f.crop ? composeAffine(region.toImage, invertAffine(f.crop.toImage)) : undefined;
        return { landmarks: f.landmarks, toPixels };
      });
      const { eyes } = await this.iris.estimate(pixels.rgba, pixels.width, pixels.height, inputs);
      this.irisState = { enabled: true };
      this.lastIrisMs = now() - t0;
      return eyes;
    } catch (e) {
      this.irisState = { enabled: false, reason: `The iris model failed on a frame (${e instanceof Error ? e.message : String(e)}); faces use facemesh alone.` };
      return null;
    }
  }

  async dispose(): Promise<void> {
    await this.engine.dispose();
    await this.iris?.dispose();
  }
}
