/**
 * What the node-side tests ask the estimator test page (estimator.html) to do, and what comes back.
 * Plain JSON both ways: Playwright carries it through page.evaluate.
 */
import type { PoseErrorCode } from '../../../src/pose/errors';
import type { EstimatorInitOptions, EstimatorInitResult, LoadProgress } from '../../../src/pose/estimator-api';
import type { PoseFrame } from '../../../src/pose/types';

/** The picture to estimate on. */
export type ImageRequest =
  /** A same-origin image URL, decoded into an ImageBitmap (transferred to the worker). */
  | { kind: 'url'; url: string }
  /** A same-origin image URL decoded into ImageData (structured-cloned: the worker gets full-resolution pixels). */
  | { kind: 'url-imagedata'; url: string }
  /** The image at `url` tiled `cols`×`rows` on a canvas (passed as an HTMLCanvasElement). */
  | { kind: 'tile'; url: string; cols: number; rows: number }
  /** A uniform grey ImageData of `width`×`height` (structured-cloned, not transferred). */
  | { kind: 'blank'; width: number; height: number }
  /** A zero-size canvas: what a video looks like before its first frame. */
  | { kind: 'empty' };

export interface RunRequest {
  init: EstimatorInitOptions;
  /** Omit to only initialise. */
  image?: ImageRequest;
  /** Estimates in sequence. Default 1. */
  repeats?: number;
  /** Estimates fired at once without awaiting (to provoke 'busy'). Default 1. */
  concurrent?: number;
  /**
   * 'estimator': createPoseEstimator, as the app uses it (default). 'worker': the bare comlink API
   * of spawnPoseWorker, to reach the worker's own guards past the estimator's.
   */
  via?: 'estimator' | 'worker';
  /** Record init's LoadProgress events in the result (estimator only). Default false. */
  recordProgress?: boolean;
}

export interface SerializedError {
  name: string;
  code?: PoseErrorCode;
  message: string;
  /** Whether the error arrived as a real PoseEngineError instance on the main thread. */
  isPoseEngineError: boolean;
}

export interface RunTiming {
  preprocessMs: number;
  inferenceMs: number;
  decodeMs: number;
  /** estimate() call to result on the main thread, including the ImageBitmap copy and messaging. */
  roundTripMs: number;
  people: number;
}

export interface RunResult {
  init?: EstimatorInitResult;
  initError?: SerializedError;
  /** Successful frames in completion order. */
  frames: PoseFrame[];
  /** Failed estimates. */
  errors: SerializedError[];
  timings: RunTiming[];
  /** init's progress events, when `recordProgress` was set. */
  progress: LoadProgress[];
}

/** Installed on the test page's window. */
export interface PoseTestHooks {
  run(request: RunRequest): Promise<RunResult>;
}

declare global {
  interface Window {
    poseTest?: PoseTestHooks;
  }
}
