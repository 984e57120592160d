/**
 * Main-thread factory for the pose worker, in the style of MediaPipe Tasks:
 * `const est = await createPoseEstimator({ backend: 'auto' }); const frame = await est.estimate(video, t);`
 * Errors reject as PoseEngineError with their `code` (see workers/error-transfer.ts).
 */
import * as Comlink from 'comlink';
import '../../workers/error-transfer';
import { PoseEngineError } from './errors';
import type { EstimatorFrame, EstimatorInitOptions, EstimatorInitResult, FaceStatus, HandsStatus, LoadProgress, PoseEstimatorApi } from './estimator-api';
import type { PoseFrame } from './types';

export type PoseSource = ImageBitmap | ImageData | HTMLVideoElement | HTMLCanvasElement | HTMLImageElement;

export interface CreatePoseEstimatorOptions extends EstimatorInitOptions {
  /** Model download and compile progress. Default: none. */
  onProgress?: (p: LoadProgress) => void;
}

export interface PoseEstimator {
  /** What init chose and how long it took. */
  readonly info: EstimatorInitResult;
  /**
   * Estimates the people in `source` at `timestamp` (e.g. video time in ms). An ImageBitmap passed
   * in is transferred to the worker and closed there; other sources are copied into one. A source
   * with no pixels yet (a video before its first frame) gives a frame with no people.
   * Rejects with 'busy' while the previous frame is still in flight.
   */
  estimate(source: PoseSource, timestamp: number): Promise<PoseFrame>;
  setInputHeight(height: number): Promise<void>;
  /** How many people get hands (0: off); see {@link PoseEstimatorApi.setHandsMaxPeople}. */
  setHandsMaxPeople(n: number): Promise<HandsStatus>;
  /** How many people get a face (0: off); see {@link PoseEstimatorApi.setFaceMaxPeople}. */
  setFaceMaxPeople(n: number): Promise<FaceStatus>;
  /** Releases the model and terminates the worker. */
  dispose(): Promise<void>;
}

export interface PoseWorkerHandle {
  /** The worker's API, uninitialised. */
  readonly api: Comlink.Remote<PoseEstimatorApi>;
  /** Releases the comlink proxy and terminates the worker. */
  terminate(): void;
}

/** Spawns a bare pose worker (createPoseEstimator's building block; tests use it to reach the worker's own guards). */
export function spawnPoseWorker(): PoseWorkerHandle {
  const worker = new Worker(new URL('../../workers/pose.worker.ts', import.meta.url), { type: 'module', name: 'pose-estimator' });
  const api = Comlink.wrap<PoseEstimatorApi>(worker);
  return {
    api,
    terminate() {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/** Spawns a pose worker and initialises it; on failure the worker is terminated and the error rethrown. */
export async function createPoseEstimator(options: CreatePoseEstimatorOptions = {}): Promise<PoseEstimator> {
  const { onProgress, ...init } = options;
  const handle = spawnPoseWorker();
  const { api } = handle;
  let info: EstimatorInitResult;
  try {
    info = await api.init(init, onProgress ? Comlink.proxy(onProgress) : undefined);
  } catch (e) {
    handle.terminate();
    throw e;
  }

  let disposed = false;
  /**
   * Backpressure lives here: a WASM inference blocks the worker's event loop, so a second frame
   * posted meanwhile would just queue there (and be processed late) rather than meet its 'busy' guard.
   */
  let inFlight = false;
  return {
    info,
    async estimate(source, timestamp) {
      if (inFlight) throw new PoseEngineError('busy', 'a frame is already being processed; one frame in flight at a time');
      inFlight = true;
      try {
        const frame = await toEstimatorFrame(source);
        return await (frame instanceof ImageBitmap ? api.estimate(Comlink.transfer(frame, [frame]), timestamp) : api.estimate(frame, timestamp));
      } finally {
        inFlight = false;
      }
    },
    setInputHeight: (height) => api.setInputHeight(height),
    setHandsMaxPeople: (n) => api.setHandsMaxPeople(n),
    setFaceMaxPeople: (n) => api.setFaceMaxPeople(n),
    async dispose() {
      if (disposed) return;
      disposed = true;
      try {
        await api.dispose();
      } finally {
        handle.terminate();
      }
    },
  };
}

/** An ImageBitmap/ImageData for the worker; `{ width: 0, height: 0 }` for a source with no pixels yet. */
export async function toEstimatorFrame(source: PoseSource): Promise<EstimatorFrame> {
  if (source instanceof ImageBitmap || source instanceof ImageData) {
    return source.width && source.height ? source : { width: 0, height: 0 };
  }
  const [w, h] =
    source instanceof HTMLVideoElement
      ? [source.videoWidth, source.videoHeight]
      : source instanceof HTMLImageElement
        ? [source.naturalWidth, source.naturalHeight]
        : [source.width, source.height];
  if (!w || !h) return { width: 0, height: 0 };
  return createImageBitmap(source);
}
