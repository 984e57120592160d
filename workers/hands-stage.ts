/**
 * The hands step of the pose worker (ISSUE 6), runtime-agnostic like {@link PoseEngine}: after the body
 * decode, the hand crops of at most `maxPeople` people (src/hands: OpenPose's boxes from wrist and
 * elbow, largest first) go through one batched run of the MediaPipe hand landmark network, and each
 * person of the frame gains `hands` (21 keypoints per side in source pixels, plus metric world points).
 *
 * Pixels: the body network sees a letterboxed frame shrunk to ~256 rows, where a hand is a few dozen
 * pixels — too few for the 224 px hand network. So crops are sampled from source-resolution pixels,
 * given by a {@link HandPixelSource}: the whole RGBA image when the caller already has it (Node, an
 * ImageData frame), or only the crops' regions read from the camera bitmap (workers/region-reader.ts),
 * which costs a fraction of a full-frame readback.
 */
import type { InferenceSession } from 'onnxruntime-web';
import { DEFAULT_MIN_PRESENCE, HandLandmarkEngine, type HandLandmarks, type HandOrtLike } from '../src/hands/hand-landmark-engine';
import { handCropsForFrame, invertAffine, type HandCrop } from '../src/hands/hand-crop';
import type { HandKeypoints, Person } from '../src/pose/types';

/** Pixels holding the crops, and where each crop lies in them. */
export interface HandPixels {
  rgba: ArrayLike<number>;
  width: number;
  height: number;
  /** The crops in these pixels' coordinates (same order as asked). */
  crops: HandCrop[];
  /**
   * Per crop, how these pixels map back to source pixels: source = (p − (ox, oy)) / scale + (sx, sy).
   * Absent: the pixels are the source image itself.
   */
  toSource?: readonly RegionMap[];
}

/** A region of the source copied into other pixels at (ox, oy), scaled by `scale`. */
export interface RegionMap {
  scale: number;
  sx: number;
  sy: number;
  ox: number;
  oy: number;
}

/** Gives the pixels the crops are sampled from. */
export interface HandPixelSource {
  pixelsFor(crops: HandCrop[]): HandPixels | Promise<HandPixels>;
}

/** The whole source image as the pixel source (nothing to copy). */
export function fullImagePixels(rgba: ArrayLike<number>, width: number, height: number): HandPixelSource {
  return { pixelsFor: (crops) => ({ rgba, width, height, crops }) };
}

/** Affine `t` (crop → image) moved into region pixels: region = scale · (image − (sx, sy)) + (ox, oy). */
export function affineInRegion(t: HandCrop['toImage'], m: RegionMap): Pick<HandCrop, 'toImage' | 'toCrop'> {
  const toImage = {
    a: m.scale * t.a,
    b: m.scale * t.b,
    c: m.scale * t.c,
    d: m.scale * t.d,
    tx: m.scale * (t.tx - m.sx) + m.ox,
    ty: m.scale * (t.ty - m.sy) + m.oy,
  };
  return { toImage, toCrop: invertAffine(toImage) };
}

/** `crop` moved into region pixels (see {@link affineInRegion}). */
export function cropInRegion(crop: HandCrop, m: RegionMap): HandCrop {
  return { ...crop, ...affineInRegion(crop.toImage, m), cx: m.scale * (crop.cx - m.sx) + m.ox, cy: m.scale * (crop.cy - m.sy) + m.oy, size: crop.size * m.scale };
}

export interface HandsStageOptions {
  /** People given hands per frame. Default 1 (the app's default: hands cost ~55 ms per person on WASM). */
  maxPeople?: number;
  /** Hands below this presence are dropped. Default: the engine's (0.5, MediaPipe's tracking threshold). */
  minPresence?: number;
  /** onnxruntime execution providers. Default ['wasm']. */
  executionProviders?: InferenceSession.SessionOptions['executionProviders'];
}

const DEFAULT_MAX_PEOPLE = 1;

const now = (): number => performance.now();

export class HandsStage {
  /** People given hands per frame; 0 turns the stage off. */
  maxPeople: number;

  private constructor(
    readonly engine: HandLandmarkEngine,
    options: HandsStageOptions,
  ) {
    this.maxPeople = options.maxPeople ?? DEFAULT_MAX_PEOPLE;
  }

  static async create(ort: HandOrtLike, bytes: Uint8Array, options: HandsStageOptions = {}): Promise<HandsStage> {
    const engine = await HandLandmarkEngine.create(ort, bytes, {
      executionProviders: options.executionProviders,
      minPresence: options.minPresence,
    });
    return new HandsStage(engine, options);
  }

  /** The crops this frame's people would get (empty when off or nobody is eligible). */
  cropsFor(people: readonly Person[]): HandCrop[] {
    if (!(this.maxPeople > 0)) return [];
    return handCropsForFrame(people, { maxPeople: this.maxPeople, cropSize: this.engine.inputSize });
  }

  /**
   * Finds the hands of `people` (source pixels) and sets each one's `hands` (people given no crop are
   * left without). Returns the milliseconds spent, or null when no crop ran (nobody eligible, or off).
   */
  async run(people: Person[], source: HandPixelSource, crops = this.cropsFor(people)): Promise<number | null> {
    if (crops.length === 0) return null;
    const t0 = now();
    const pixels = await source.pixelsFor(crops);
    const { landmarks } = await this.engine.estimateCrops(pixels.rgba, pixels.width, pixels.height, pixels.crops);
    const minPresence = this.engine.options.minPresence ?? DEFAULT_MIN_PRESENCE;
    landmarks.forEach((h, i) => {
      if (!(h.score >= minPresence)) return;
      const person = people[crops[i].person];
      (person.hands ??= {})[h.side] = toHandKeypoints(h, pixels.toSource?.[i]);
    });
    return now() - t0;
  }

  async dispose(): Promise<void> {
    await this.engine.dispose();
  }
}

/** Plain, structured-clone friendly keypoints in source pixels (the region copy undone). */
export function toHandKeypoints(h: HandLandmarks, m?: RegionMap): HandKeypoints {
  const keypoints = m
    ? h.keypoints.map((k) => ({ x: (k.x - m.ox) / m.scale + m.sx, y: (k.y - m.oy) / m.scale + m.sy, z: k.z / m.scale, score: k.score }))
    : h.keypoints;
  return { keypoints, world: h.world, score: h.score };
}
