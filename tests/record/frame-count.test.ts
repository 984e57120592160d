import { describe, expect, it } from 'vitest';
import { exportBvh } from '../../src/record/bvh-export';
import { exportOpenPoseZip } from '../../src/record/openpose-json';
import { createRecorder } from '../../src/record/recorder';
import type { RestSkeleton } from '../../src/record/rest-skeleton';
import { exportVrma } from '../../src/record/vrma-export';
import { unzipStore } from '../../src/record/zip';
import { FRAME_MS, syntheticPerson } from './synthetic';

const REST: RestSkeleton = { positions: { hips: [0, 0.9, 0], spine: [0, 1, 0], head: [0, 1.5, 0], leftUpperLeg: [0.1, 0.85, 0], leftFoot: [0.1, 0.1, 0] } };

/** glTF JSON of a .glb. */
function glbJson(bytes: Uint8Array): { accessors: { count: number }[]; animations: { samplers: { input: number }[] }[] } {
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true);
  return JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + len)));
}

/** Frames in every sampler of the first animation (all equal). */
function vrmaFrames(bytes: Uint8Array): number {
  const json = glbJson(bytes);
  const counts = new Set(json.animations[0].samplers.map((s) => json.accessors[s.input].count));
  expect(counts.size).toBe(1);
  return [...counts][0];
}

describe('nothing lost: N frames recorded → N frames exported', () => {
  it('in all three formats', async () => {
    const rec = createRecorder();
    rec.start();
    const N = 97;
    for (let i = 0; i < N; i++) rec.addFrame(i * FRAME_MS, [syntheticPerson(1, i)]);
    const clip = rec.clip(1)!;
    expect(clip.frameCount).toBe(N);
    expect(vrmaFrames(await exportVrma(clip, REST))).toBe(N);
    expect(exportBvh(clip, REST).frameCount).toBe(N);
    const { zip, frameCount } = exportOpenPoseZip(clip);
    expect(frameCount).toBe(N);
    expect(unzipStore(zip)).toHaveLength(N);
  });

  it('a 10-minute recording of 2 people (18000 frames) exports every frame in all formats', async () => {
    const FRAMES = 18000;
    const rec = createRecorder();
    rec.start();
    const inputs = Array.from({ length: 30 }, (_, v) => [syntheticPerson(1, v), syntheticPerson(2, v)]);
    for (let i = 0; i < FRAMES; i++) rec.addFrame(i * FRAME_MS, inputs[i % inputs.length]);
    rec.stop();
    expect(rec.frameCount).toBe(FRAMES);
    for (const clip of rec.clips()) {
      expect(clip.frameCount).toBe(FRAMES);
      expect(vrmaFrames(await exportVrma(clip, REST))).toBe(FRAMES);
      expect(exportBvh(clip, REST).frameCount).toBe(FRAMES);
    }
    const op = exportOpenPoseZip(rec.clips());
    expect(op.frameCount).toBe(FRAMES);
    expect(unzipStore(op.zip)).toHaveLength(FRAMES);
  }, 120_000);
});
