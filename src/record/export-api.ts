/** The export functions behind one interface: run directly, or in workers/export.worker.ts via comlink. */
import { exportBvh, type BvhExport, type BvhExportOptions } from './bvh-export';
import type { RecordedClip } from './clip';
import { exportOpenPoseZip, type OpenPoseExport, type OpenPoseExportOptions } from './openpose-json';
import type { RestSkeleton } from './rest-skeleton';
import { exportVrma, type VrmaExportOptions } from './vrma-export';

/** Everything the page can export. All inputs are plain data (structured-clone friendly). */
export interface ExportApi {
  /** .vrma bytes (glTF binary, VRMC_vrm_animation 1.0). */
  vrma(clip: RecordedClip, rest: RestSkeleton, options?: VrmaExportOptions): Promise<Uint8Array>;
  /** BVH text and frame facts. */
  bvh(clip: RecordedClip, rest: RestSkeleton, options?: BvhExportOptions): Promise<BvhExport>;
  /** OpenPose JSON frames zipped; one clip or several (all people in the same frame files). */
  openPose(clips: RecordedClip | readonly RecordedClip[], options?: OpenPoseExportOptions): Promise<OpenPoseExport>;
}

/** The exporters on the calling thread (Node, tests, or short clips). */
export const inlineExportApi: ExportApi = {
  vrma: (clip, rest, options) => exportVrma(clip, rest, options),
  bvh: async (clip, rest, options) => exportBvh(clip, rest, options),
  openPose: async (clips, options) => exportOpenPoseZip(clips, options),
};
