/**
 * The face step of the pose worker, runtime-agnostic like {@link HandsStage}: after the body decode, the
 * face crops of at most `maxPeople` people (src/face: boxes from nose, eyes and ears, largest face first)
 * go through facemesh one crop at a time, and each of those people gains `face` ({@link PersonFace}: 468
 * landmarks in source pixels, unsmoothed VRM expression weights, look-at and head rotation).
 *
 * Pixels: as for hands, crops are sampled from source-resolution pixels — the whole RGBA image when the
 * caller has it, or only the crops' regions read from the camera bitmap (workers/region-reader.ts).
 */
import type { InferenceSession } from 'onnxruntime-web';
import type { FaceCrop } from '../src/face/face-crop';
import { faceFeatures } from '../src/face/face-features';
import { FaceMeshEngine, type FaceOrtLike } from '../src/face/face-mesh-engine';
import { toPersonFace } from '../src/face/person-face';
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
}

const now = (): number => performance.now();

export class FaceStage {
  private constructor(readonly engine: FaceMeshEngine) {}

  static async create(ort: FaceOrtLike, bytes: Uint8Array, options: FaceStageOptions = {}): Promise<FaceStage> {
    const engine = await FaceMeshEngine.create(ort, bytes, {
      executionProviders: options.executionProviders,
      crop: { maxPeople: options.maxPeople ?? 1 },
    });
    return new FaceStage(engine);
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
    for (const mesh of faces) people[mesh.personIndex].face = toPersonFace(mesh, faceFeatures(mesh.landmarks));
    return now() - t0;
  }

  async dispose(): Promise<void> {
    await this.engine.dispose();
  }
}
