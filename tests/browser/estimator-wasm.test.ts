/**
 * The pose worker on WASM, through comlink and the real createPoseEstimator, in a crossOriginIsolated
 * production build: real photos, and frames that must not break it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_MODEL_ID, getModel } from '../../src/pose/models';
import type { PoseFrame } from '../../src/pose/types';
import { sharedImageUrl, startHarness, type Harness } from './harness';
import { recordFigure } from '../helpers/figures';

/** Four people: batter, umpire, catcher, and a player cut by the left edge. */
const COCO_4_PEOPLE = sharedImageUrl('openpose/COCO_val2014_000000000192.jpg');
const ONE_PERSON = sharedImageUrl('mmpose_rtmpose_human-pose.jpeg');
/** One person, left hand raised and clearly visible (hand presence ~0.95 with the lite model). */
const HAND_VISIBLE = sharedImageUrl('openpose/COCO_val2014_000000000459.jpg');

/** Every detected keypoint lies inside the image (with the letterbox's sub-pixel slack). */
function keypointsInside(frame: PoseFrame): boolean {
  return frame.people.every((p) =>
    p.keypoints.every((k) => k.score === 0 || (k.x >= -1 && k.y >= -1 && k.x <= frame.imageWidth + 1 && k.y <= frame.imageHeight + 1)),
  );
}

describe('pose worker on WASM', () => {
  let h: Harness;
  beforeAll(async () => {
    // No WebGPU adapter: 'auto' must fall back to WASM, as on most Linux browsers.
    h = await startHarness({ outDir: inject('browserBuildDir'), webgpu: false });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('runs through comlink with 2 threads and finds the 4 people in a COCO photo', async () => {
    const r = await h.run({
      init: { backend: 'wasm', numThreads: 2 },
      image: { kind: 'url', url: COCO_4_PEOPLE },
      repeats: 2,
      recordProgress: true,
    });
    expect(r.initError).toBeUndefined();
    expect(r.errors).toEqual([]);
    const model = getModel(DEFAULT_MODEL_ID);
    expect(r.init).toMatchObject({
      backend: 'wasm',
      crossOriginIsolated: true,
      numThreads: 2,
      simd: true,
      modelId: model.id,
      modelFile: model.file,
      modelBytes: model.bytes,
      inputHeight: model.defaultInputHeight,
    });
    expect(r.init!.fallbackReason).toBeUndefined();
    expect(r.init!.loadMs).toBeGreaterThan(0);
    expect(r.init!.compileMs).toBeGreaterThan(0);
    // Streamed download progress up to the full size, then the compile phase.
    const downloads = r.progress.filter((p) => p.phase === 'download');
    expect(downloads.length).toBeGreaterThan(1);
    expect(downloads.every((p, i) => p.total === model.bytes && (i === 0 || p.loaded > downloads[i - 1].loaded))).toBe(true);
    expect(downloads[downloads.length - 1].loaded).toBe(model.bytes);
    expect(r.progress[r.progress.length - 1]).toEqual({ phase: 'compile', loaded: model.bytes, total: model.bytes });
    for (const frame of r.frames) {
      expect(frame).toMatchObject({ imageWidth: 640, imageHeight: 480, inputHeight: 256 });
      expect(frame.people).toHaveLength(4);
      expect(keypointsInside(frame)).toBe(true);
      expect(frame.timings.inferenceMs).toBeGreaterThan(0);
      expect(frame.timings.preprocessMs).toBeGreaterThan(0);
    }
    // Same frame twice: the reused buffers must not leak state between frames.
    expect(r.frames[1].people).toEqual(r.frames[0].people);
  });

  it("'auto' without a WebGPU adapter falls back to WASM on every core and says why", async () => {
    const r = await h.run({ init: { backend: 'auto', modelId: 'tfpose_mobilenet_v2_small' } });
    expect(r.initError).toBeUndefined();
    expect(r.init!.backend).toBe('wasm');
    expect(r.init!.fallbackReason).toMatch(/^WebGPU not available: /);
    expect(r.init!.numThreads).toBe(await h.page.evaluate(() => navigator.hardwareConcurrency));
  });

  it('gives an empty frame for a zero-size source and no people for a blank image', async () => {
    const empty = await h.run({ init: { backend: 'wasm' }, image: { kind: 'empty' } });
    expect(empty.errors).toEqual([]);
    expect(empty.frames[0]).toMatchObject({ imageWidth: 0, imageHeight: 0, inputWidth: 0, people: [] });

    const blank = await h.run({ init: { backend: 'wasm' }, image: { kind: 'blank', width: 640, height: 480 } });
    expect(blank.errors).toEqual([]);
    expect(blank.frames[0]).toMatchObject({ imageWidth: 640, imageHeight: 480, people: [] });
  });

  it('finds 20+ people in a crowd of 24 tiled copies of one person', async () => {
    // 6×4 tiles at input height 448: each person ~110 px high in the network input, as in a group shot.
    const r = await h.run({
      init: { backend: 'wasm', inputHeight: 448 },
      image: { kind: 'tile', url: ONE_PERSON, cols: 6, rows: 4 },
    });
    expect(r.errors).toEqual([]);
    const frame = r.frames[0];
    expect(frame.people.length).toBeGreaterThanOrEqual(20);
    expect(frame.people.length).toBeLessThanOrEqual(24);
    expect(keypointsInside(frame)).toBe(true);
  });

  it("rejects a second frame while one is in flight with 'busy', and keeps working", async () => {
    const r = await h.run({ init: { backend: 'wasm' }, image: { kind: 'url', url: ONE_PERSON }, concurrent: 2, repeats: 2 });
    expect(r.frames).toHaveLength(2);
    expect(r.errors).toHaveLength(2);
    for (const e of r.errors) expect(e).toMatchObject({ name: 'PoseEngineError', code: 'busy', isPoseEngineError: true });
    for (const f of r.frames) expect(f.people).toHaveLength(1);
  });

  it('runs hands for 1 person with hands.maxPeople 1, none with 0; bitmap regions match full-resolution pixels', async () => {
    const on = await h.run({ init: { backend: 'wasm', numThreads: 2, hands: { maxPeople: 1 } }, image: { kind: 'url', url: HAND_VISIBLE } });
    expect(on.initError).toBeUndefined();
    expect(on.errors).toEqual([]);
    expect(on.init!.hands).toEqual({ enabled: true, model: 'handlandmark-lite', maxPeople: 1 });
    const frame = on.frames[0];
    const withHands = frame.people.filter((p) => p.hands?.left || p.hands?.right);
    expect(withHands).toHaveLength(1);
    const hand = withHands[0].hands!.left ?? withHands[0].hands!.right!;
    expect(hand.keypoints).toHaveLength(21);
    expect(hand.world).toHaveLength(21);
    expect(hand.score).toBeGreaterThanOrEqual(0.5);
    // The hand lies around the person's wrist of that side.
    const wrist = withHands[0].keypoints[withHands[0].hands!.left ? 7 : 4];
    const dist = Math.hypot(hand.keypoints[0].x - wrist.x, hand.keypoints[0].y - wrist.y);
    expect(dist).toBeLessThan(60);
    expect(frame.timings.handsMs).toBeGreaterThan(0);
    recordFigure('estimator-wasm', `worker hands step (lite, 2 WASM threads, 1 person, bitmap regions): ${frame.timings.handsMs!.toFixed(1)} ms; body inference ${frame.timings.inferenceMs.toFixed(1)} ms`);
    // The same photo as ImageData (full-resolution pixels in the worker): the same hand within 2 px.
    const full = await h.run({ init: { backend: 'wasm', numThreads: 2, hands: { maxPeople: 1 } }, image: { kind: 'url-imagedata', url: HAND_VISIBLE } });
    const ref = full.frames[0].people.find((p) => p.hands)!.hands!;
    const refHand = withHands[0].hands!.left ? ref.left! : ref.right!;
    const worst = Math.max(...hand.keypoints.map((k, i) => Math.hypot(k.x - refHand.keypoints[i].x, k.y - refHand.keypoints[i].y)));
    expect(worst).toBeLessThan(2);

    const off = await h.run({ init: { backend: 'wasm', numThreads: 2 }, image: { kind: 'url', url: HAND_VISIBLE } });
    expect(off.init!.hands).toEqual({ enabled: false, model: 'handlandmark-lite', maxPeople: 0 });
    expect(off.frames[0].people.length).toBeGreaterThan(0);
    expect(off.frames[0].people.every((p) => p.hands === undefined)).toBe(true);
    expect(off.frames[0].timings.handsMs).toBeUndefined();
  });

  it('runs the face for 1 person with face.maxPeople 1 (bitmap regions), none when off', async () => {
    const on = await h.run({ init: { backend: 'wasm', numThreads: 2, face: { maxPeople: 1 } }, image: { kind: 'url', url: HAND_VISIBLE } });
    expect(on.initError).toBeUndefined();
    expect(on.errors).toEqual([]);
    // The iris model (models/iris.onnx, made by npm install) is loaded with the face model.
    expect(on.init!.face).toEqual({ enabled: true, maxPeople: 1, iris: { enabled: true } });
    const frame = on.frames[0];
    const withFace = frame.people.filter((p) => p.face);
    expect(withFace).toHaveLength(1);
    const face = withFace[0].face!;
    // A Float32Array (or its serialized form): 468 × (x, y, z).
    expect(Object.values(face.landmarks as ArrayLike<number>)).toHaveLength(468 * 3);
    expect(face.score).toBeGreaterThan(0.5);
    // The mesh's nose tip (landmark 1) lies near the body's nose keypoint.
    const nose = withFace[0].keypoints[0];
    const lm = Object.values(face.landmarks as ArrayLike<number>);
    expect(Math.hypot(lm[3] - nose.x, lm[4] - nose.y)).toBeLessThan(0.25 * face.box.side);
    for (const w of Object.values(face.expressions)) expect(w).toBeGreaterThanOrEqual(0);
    // The iris ran in the worker too, and OpenPose's 70 face points (pupils = iris centres) came along.
    expect(face.iris).toBeDefined();
    const op = Object.values(face.openPose as ArrayLike<number>);
    expect(op).toHaveLength(70 * 3);
    expect(Math.hypot(op[68 * 3] - op[69 * 3], op[68 * 3 + 1] - op[69 * 3 + 1])).toBeGreaterThan(0);
    expect(frame.timings.faceMs).toBeGreaterThan(0);
    recordFigure('worker face step (2 WASM threads, 1 face, bitmap regions)', `${frame.timings.faceMs!.toFixed(1)} ms`);

    const off = await h.run({ init: { backend: 'wasm', numThreads: 2 }, image: { kind: 'url', url: HAND_VISIBLE } });
    expect(off.init!.face).toEqual({ enabled: false, maxPeople: 0 });
    expect(off.frames[0].people.every((p) => p.face === undefined)).toBe(true);
    expect(off.frames[0].timings.faceMs).toBeUndefined();
  });

  it('logged nothing and requested nothing off-origin', () => {
    expect(h.problems.console).toEqual([]);
    expect(h.problems.offOrigin).toEqual([]);
  });
});
