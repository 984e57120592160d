/**
 * The pose worker on WebGPU (SwiftShader's software adapter: real WebGPU code paths, ~200x slower
 * than WASM, so one small inference only) must find the same people as on WASM.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Person, PoseFrame } from '../../src/pose/types';
import { sharedImageUrl, startHarness, type Harness } from './harness';
import { TEST_RESULTS_DIR } from './paths';

const ONE_PERSON = sharedImageUrl('mmpose_rtmpose_human-pose.jpeg');
/** Small enough for SwiftShader (~10 s for compile + one frame), large enough to find the skier. */
const INPUT_HEIGHT = 128;
/** Backends may differ in float rounding, never by more than this in source pixels. */
const MAX_KEYPOINT_DIFF_PX = 1;

/** Largest keypoint distance between two people, or Infinity if they detect different keypoints. */
function keypointDiff(a: Person, b: Person): number {
  let worst = 0;
  for (let k = 0; k < a.keypoints.length; k++) {
    const p = a.keypoints[k];
    const q = b.keypoints[k];
    if ((p.score > 0) !== (q.score > 0)) return Infinity;
    if (p.score > 0) worst = Math.max(worst, Math.hypot(p.x - q.x, p.y - q.y));
  }
  return worst;
}

/** Pairs each person of `a` with its closest in `b`; the worst pair's difference. */
function maxPeopleDiff(a: PoseFrame, b: PoseFrame): number {
  let worst = 0;
  for (const p of a.people) worst = Math.max(worst, Math.min(...b.people.map((q) => keypointDiff(p, q))));
  return worst;
}

describe('pose worker on WebGPU', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ outDir: inject('browserBuildDir'), webgpu: true });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('finds the same person as WASM within 1 px, and its own guard rejects a second frame with busy', async () => {
    // Straight to the worker: a WebGPU inference awaits the GPU, so the second frame reaches the
    // worker mid-flight and meets the worker's guard (the estimator would reject it first).
    const gpu = await h.run({
      via: 'worker',
      init: { backend: 'webgpu', inputHeight: INPUT_HEIGHT },
      image: { kind: 'url', url: ONE_PERSON },
      concurrent: 2,
    });
    expect(gpu.initError).toBeUndefined();
    expect(gpu.init).toMatchObject({ backend: 'webgpu', crossOriginIsolated: true, inputHeight: INPUT_HEIGHT });
    expect(gpu.init!.fallbackReason).toBeUndefined();
    expect(gpu.frames).toHaveLength(1);
    expect(gpu.errors).toEqual([expect.objectContaining({ code: 'busy', isPoseEngineError: true })]);

    const cpu = await h.run({ init: { backend: 'wasm', inputHeight: INPUT_HEIGHT }, image: { kind: 'url', url: ONE_PERSON } });
    expect(cpu.errors).toEqual([]);

    const [g] = gpu.frames;
    const [c] = cpu.frames;
    expect(g.people).toHaveLength(1);
    expect(g.people.length).toBe(c.people.length);
    const diff = maxPeopleDiff(g, c);
    mkdirSync(TEST_RESULTS_DIR, { recursive: true });
    writeFileSync(
      join(TEST_RESULTS_DIR, 'webgpu-vs-wasm.json'),
      JSON.stringify({ inputHeight: INPUT_HEIGHT, people: g.people.length, maxKeypointDiffPx: diff, webgpu: { init: gpu.init, timings: g.timings }, wasm: { init: cpu.init, timings: c.timings } }, null, 2),
    );
    expect(diff).toBeLessThanOrEqual(MAX_KEYPOINT_DIFF_PX);
  });

  it("'auto' skips the software adapter and says WASM runs instead", async () => {
    const r = await h.run({ init: { backend: 'auto', modelId: 'tfpose_mobilenet_v2_small' } });
    expect(r.init?.backend).toBe('wasm');
    expect(r.init?.fallbackReason).toMatch(/^WebGPU not available: only a software adapter \(swiftshader\)/);
  });

  it('logged nothing and requested nothing off-origin', () => {
    expect(h.problems.console).toEqual([]);
    expect(h.problems.offOrigin).toEqual([]);
  });
});
