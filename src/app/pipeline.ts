/**
 * Frames → pose estimator with backpressure: one frame in flight; while it is, only the newest
 * source frame is remembered (each newer one replaces it); when the result arrives, that newest
 * frame is sent. Nothing queues, so the avatar lags the camera by at most one inference.
 */
import type { PoseSource } from '../pose/create-pose-estimator';
import type { PoseFrame } from '../pose/types';

/** One source frame offered to the pipeline. */
export interface FrameRequest {
  /**
   * What to estimate. A video element is read when the frame is sent (so a remembered pending frame
   * is the newest one the video shows by then).
   */
  source: PoseSource;
  /** Timestamp for the tracker and solver (ms, increasing within one source; a seek back may go down). */
  timestampMs: number;
  /** When the frame was captured, in `performance.now()` time: start of the capture → avatar latency. */
  captureTimeMs: number;
  /** A still image (processed once): the people logic confirms its people at once. */
  still: boolean;
  /** The caller's tag (e.g. which source the frame came from), passed back untouched. Default 0. */
  tag?: number;
}

export interface PipelineDeps {
  /** The estimate call; null when no estimator is ready (the frame is dropped). */
  estimate: ((source: PoseSource, timestampMs: number) => Promise<PoseFrame>) | null;
  onResult(frame: PoseFrame, request: FrameRequest): void;
  onError(error: unknown, request: FrameRequest): void;
}

export interface Pipeline {
  /** Offers a frame: sent now when idle, else it replaces the pending frame. */
  submit(request: FrameRequest): void;
  /** Forgets the pending frame (e.g. the source changed); a frame in flight still reports. */
  clearPending(): void;
  /** Whether a frame is in flight. */
  readonly busy: boolean;
  /** Frames replaced by a newer one before they were sent (dropped by backpressure). */
  readonly dropped: number;
}

/**
 * Creates the pipeline. `deps` is read on every send, so its `estimate` can be swapped (model reload)
 * without recreating the pipeline.
 */
export function createPipeline(deps: PipelineDeps): Pipeline {
  let busy = false;
  let pending: FrameRequest | null = null;
  let dropped = 0;

  function send(request: FrameRequest): void {
    const estimate = deps.estimate;
    if (!estimate) return;
    busy = true;
    estimate(request.source, request.timestampMs)
      .then((frame) => deps.onResult(frame, request))
      // Estimator failures and failures while using the result both land here, never unhandled.
      .catch((error: unknown) => deps.onError(error, request))
      .finally(() => {
        busy = false;
        const next = pending;
        pending = null;
        if (next) send(next);
      });
  }

  return {
    submit(request) {
      if (busy) {
        if (pending) dropped++;
        pending = request;
      } else {
        send(request);
      }
    },
    clearPending() {
      pending = null;
    },
    get busy() {
      return busy;
    },
    get dropped() {
      return dropped;
    },
  };
}
