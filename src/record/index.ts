/**
 * Recording and export of per-person animation clips (issue 5).
 *
 * Page flow:
 *   const rec = createRecorder(); rec.start();
 *   each processed frame: rec.addFrame(timestampMs, persons)   // timer: rec.elapsedMs, rec.frameCount
 *   rec.stop(); const clips = rec.clips();
 *   preview: new MotionPlayer(vrm, motionFromRecording(clip, restSkeletonFromVrm(recordingVrm)))
 *   export:  const ex = createExportClient(); await ex.vrma(clip, rest) / ex.bvh(clip, rest) / ex.openPose(clips)
 *   drop:    new MotionPlayer(vrm, await loadMotionFile(await file.arrayBuffer(), file.name))
 */
export * from './types';
export * from './bones';
export * from './clip';
export * from './recorder';
export * from './rest-skeleton';
export * from './vrma-export';
export * from './vrma-exporter-plugin';
export * from './bvh-export';
export * from './bvh-names';
export * from './openpose-json';
export * from './zip';
export * from './crc32';
export * from './motion-file-error';
export * from './load-motion-file';
export * from './vrm-animation-clip';
export * from './motion-player';
export * from './export-api';
export * from './export-client';
export * from './download';
