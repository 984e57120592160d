/** Main-thread handle on the export worker. */
import * as Comlink from 'comlink';
import type { ExportApi } from './export-api';

/** {@link ExportApi} served by a worker, plus its shutdown. */
export interface ExportClient extends ExportApi {
  /** Terminates the worker (pending exports reject). */
  dispose(): void;
}

/**
 * Starts workers/export.worker.ts. Clips are copied to the worker (structured clone, ~1.2 MB per minute
 * per person at 30 fps, ~5 MB with hands and face keypoints; a few ms); results come back transferred.
 */
export function createExportClient(): ExportClient {
  const worker = new Worker(new URL('../../workers/export.worker.ts', import.meta.url), { type: 'module', name: 'export' });
  const remote = Comlink.wrap<ExportApi>(worker);
  return {
    vrma: (clip, rest, options) => remote.vrma(clip, rest, options),
    bvh: (clip, rest, options) => remote.bvh(clip, rest, options),
    openPose: (clips, options) => remote.openPose(clips, options),
    dispose() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
