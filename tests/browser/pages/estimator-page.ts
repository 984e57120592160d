/**
 * Test-only page script: runs the real worker through comlink (createPoseEstimator) on a requested
 * image and reports plain JSON. Built only into the test build (tests/browser/build.ts).
 */
import * as Comlink from 'comlink';
import {
  createPoseEstimator,
  spawnPoseWorker,
  toEstimatorFrame,
  type PoseEstimator,
  type PoseSource,
} from '../../../src/pose/create-pose-estimator';
import type { EstimatorInitOptions, LoadProgress } from '../../../src/pose/estimator-api';
import { isPoseEngineError, PoseEngineError } from '../../../src/pose/errors';
import type { ImageRequest, PoseTestHooks, RunRequest, RunResult, SerializedError } from './protocol';

/** Grey: no edges, no texture, nothing a pose network could take for a person. */
const BLANK_GREY = 128;

const serialize = (e: unknown): SerializedError => ({
  name: e instanceof Error ? e.name : typeof e,
  code: isPoseEngineError(e) ? e.code : undefined,
  message: e instanceof Error ? e.message : String(e),
  isPoseEngineError: e instanceof PoseEngineError,
});

async function fetchBitmap(url: string): Promise<ImageBitmap> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`test image ${url}: HTTP ${res.status}`);
  return createImageBitmap(await res.blob());
}

/** A fresh source per estimate: ImageBitmaps are transferred (detached) by each call. */
async function sourceFactory(req: ImageRequest): Promise<() => Promise<PoseSource>> {
  switch (req.kind) {
    case 'url': {
      const blob = await (await fetch(req.url)).blob();
      return () => createImageBitmap(blob);
    }
    case 'url-imagedata': {
      const bitmap = await fetchBitmap(req.url);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      bitmap.close();
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height);
      return async () => data;
    }
    case 'tile': {
      const tile = await fetchBitmap(req.url);
      const canvas = document.createElement('canvas');
      canvas.width = tile.width * req.cols;
      canvas.height = tile.height * req.rows;
      const ctx = canvas.getContext('2d')!;
      for (let r = 0; r < req.rows; r++) for (let c = 0; c < req.cols; c++) ctx.drawImage(tile, c * tile.width, r * tile.height);
      tile.close();
      return async () => canvas;
    }
    case 'blank': {
      const data = new ImageData(req.width, req.height);
      data.data.fill(BLANK_GREY);
      return async () => data;
    }
    case 'empty': {
      const canvas = document.createElement('canvas');
      canvas.width = 0;
      canvas.height = 0;
      return async () => canvas;
    }
  }
}

/** The same shape as PoseEstimator, straight on the worker's comlink API (no main-thread guard). */
async function bareWorker(init: EstimatorInitOptions): Promise<Omit<PoseEstimator, 'setInputHeight' | 'setHandsMaxPeople' | 'setFaceMaxPeople'>> {
  const handle = spawnPoseWorker();
  try {
    const info = await handle.api.init(init);
    return {
      info,
      async estimate(source, timestamp) {
        const frame = await toEstimatorFrame(source);
        return handle.api.estimate(frame instanceof ImageBitmap ? Comlink.transfer(frame, [frame]) : frame, timestamp);
      },
      async dispose() {
        await handle.api.dispose();
        handle.terminate();
      },
    };
  } catch (e) {
    handle.terminate();
    throw e;
  }
}

async function run(request: RunRequest): Promise<RunResult> {
  const result: RunResult = { frames: [], errors: [], timings: [], progress: [] };
  let estimator: Omit<PoseEstimator, 'setInputHeight' | 'setHandsMaxPeople' | 'setFaceMaxPeople'>;
  try {
    const onProgress = request.recordProgress ? (p: LoadProgress) => void result.progress.push(p) : undefined;
    estimator = request.via === 'worker' ? await bareWorker(request.init) : await createPoseEstimator({ ...request.init, onProgress });
    result.init = estimator.info;
  } catch (e) {
    result.initError = serialize(e);
    return result;
  }
  try {
    if (!request.image) return result;
    const next = await sourceFactory(request.image);
    for (let i = 0; i < (request.repeats ?? 1); i++) {
      const sources = await Promise.all(Array.from({ length: request.concurrent ?? 1 }, next));
      const t0 = performance.now();
      const settled = await Promise.allSettled(sources.map((s, j) => estimator.estimate(s, i * 1000 + j)));
      const roundTripMs = performance.now() - t0;
      for (const s of settled) {
        if (s.status === 'rejected') {
          result.errors.push(serialize(s.reason));
          continue;
        }
        result.frames.push(s.value);
        result.timings.push({ ...s.value.timings, roundTripMs, people: s.value.people.length });
      }
    }
    return result;
  } finally {
    await estimator.dispose();
  }
}

const hooks: PoseTestHooks = { run };
window.poseTest = hooks;
document.body.dataset.ready = 'true';
