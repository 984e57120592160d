/** Runs a pose engine over a ground-truth set and scores it (shared by the eval CLI and the tests). */
import type { PoseFrame } from '../../src/pose/types';
import { evaluateKeypoints, type CocoKeypointResult, type KeypointEvalResult } from './coco-metric';
import { DatasetError, personToResult, type EvalDataset, type EvalImage } from './datasets';
import { readImage, type RgbaImage } from './image-io';

/** The one engine call the evaluation needs (PoseEngine fits). */
export interface RgbaEstimator {
  estimateRgba(rgba: Uint8Array, width: number, height: number, timestamp?: number): Promise<PoseFrame>;
}

/** Decoded images by path, so several models can share one decode. */
export type ImageCache = Map<string, RgbaImage>;

export function loadEvalImage(image: EvalImage, cache?: ImageCache): RgbaImage {
  const cached = cache?.get(image.path);
  if (cached) return cached;
  const decoded = readImage(image.path);
  if ((image.width !== undefined && image.width !== decoded.width) || (image.height !== undefined && image.height !== decoded.height)) {
    throw new DatasetError(
      `${image.path} is ${decoded.width}x${decoded.height} but the annotations say ${image.width}x${image.height}: wrong image for image id ${image.id}?`,
    );
  }
  cache?.set(image.path, decoded);
  return decoded;
}

export interface DatasetRun {
  dataset: string;
  metrics: KeypointEvalResult;
  /** Every detection, COCO results format in the dataset's keypoint order. */
  results: CocoKeypointResult[];
  /** Wall time of decoding + estimating all images. */
  seconds: number;
}

/** Estimates every image of `dataset` and scores the people found with the dataset's sigmas. */
export async function runDataset(engine: RgbaEstimator, dataset: EvalDataset, cache?: ImageCache): Promise<DatasetRun> {
  const t0 = performance.now();
  const results: CocoKeypointResult[] = [];
  for (const image of dataset.images) {
    const { data, width, height } = loadEvalImage(image, cache);
    const frame = await engine.estimateRgba(data, width, height);
    for (const person of frame.people) results.push(personToResult(person, image.id, dataset.keypoints));
  }
  const seconds = (performance.now() - t0) / 1000;
  const metrics = evaluateKeypoints({ images: dataset.images, annotations: dataset.annotations }, results, { sigmas: dataset.sigmas });
  return { dataset: dataset.name, metrics, results, seconds };
}
