/**
 * The pose worker's per-frame steps (workers/frame-steps.ts, what pose.worker.ts runs for every frame):
 * body → hands → face, with a failing hands or face step dropping only its own output for that frame.
 * The body is the real engine on the real model (onnxruntime-web WASM) and a real photo (COCO 459: one
 * man, a hand and a frontal face the real stages find); only the failing step is a stand-in, and the
 * working steps are the real HandsStage and FaceStage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PoseFrame } from '../../src/pose/types';
import { readImage, type RgbaImage } from '../../tools/eval/image-io';
import { FACE_MODEL_PATH, isFaceModelInstalled } from '../../tools/face-node-engine';
import { createNodeEngine, isModelInstalled, loadOrt, MODELS_DIR } from '../../tools/node-engine';
import { getModel } from '../../src/pose/models';
import { FaceStage } from '../../workers/face-stage';
import { fullFramePixels, runFrameSteps, type FaceStep, type FramePixels, type HandsStep, type LandmarkStepName } from '../../workers/frame-steps';
import { HandsStage } from '../../workers/hands-stage';
import type { PoseEngine } from '../../workers/pose-engine';
import { faceRegionCopy, handRegionCopy } from '../helpers/region-copy';
import { SHARED } from '../helpers/shared';

const PHOTO = join(SHARED, 'assets/images/openpose/COCO_val2014_000000000459.jpg');
const LITE = join(MODELS_DIR, 'handlandmark-lite.onnx');
const ready = existsSync(PHOTO) && existsSync(LITE) && isFaceModelInstalled() && isModelInstalled(getModel());

/** A step that fails the way a broken step would: after setting some output (hands or face) or before. */
class StepFailure extends Error {}

describe.skipIf(!ready)('pose worker frame steps: a failing hands or face step drops only its own output', () => {
  let body: PoseEngine;
  let hands: HandsStage;
  let face: FaceStage;
  let img: RgbaImage;
  let pixels: FramePixels;
  /** The frame with every step working: what the body and the real steps give. */
  let baseline: PoseFrame;
  let timestamp = 0;

  /** One frame as the worker runs it, with `hands`/`face` as given; the step errors reported, in order. */
  async function frame(h: HandsStep | null, f: FaceStep | null, px = pixels): Promise<{ frame: PoseFrame; errors: [LandmarkStepName, unknown][] }> {
    const errors: [LandmarkStepName, unknown][] = [];
    const ts = ++timestamp;
    const out = await runFrameSteps({
      body: () => body.estimateRgba(img.data, img.width, img.height, ts),
      hands: h,
      face: () => f,
      pixels: px,
      onStepError: (step, e) => void errors.push([step, e]),
    });
    expect(out.timestamp).toBe(ts);
    return { frame: out, errors };
  }

  /** The body result of `f` is the baseline's: same people, same keypoints. */
  function expectSameBody(f: PoseFrame): void {
    expect(f.people).toHaveLength(baseline.people.length);
    f.people.forEach((p, i) => expect(p.keypoints).toEqual(baseline.people[i].keypoints));
    expect(f.timings.inferenceMs).toBeGreaterThan(0);
  }

  beforeAll(async () => {
    body = await createNodeEngine();
    const ort = await loadOrt('wasm', 1);
    hands = await HandsStage.create(ort, new Uint8Array(readFileSync(LITE)), { maxPeople: 1 });
    face = await FaceStage.create(ort, new Uint8Array(readFileSync(FACE_MODEL_PATH)), { maxPeople: 1 });
    img = readImage(PHOTO);
    pixels = fullFramePixels(img.data, img.width, img.height);
    const r = await frame(hands, face);
    expect(r.errors).toEqual([]);
    baseline = r.frame;
  });
  afterAll(async () => {
    await body?.dispose();
    await hands?.dispose();
    await face?.dispose();
  });

  it('with working steps, the person gets hands and a face, and both timings', () => {
    expect(baseline.people).toHaveLength(1);
    const [p] = baseline.people;
    expect(p.hands?.left ?? p.hands?.right).toBeDefined();
    expect(p.face?.score).toBeGreaterThan(0.5);
    expect(baseline.timings.handsMs).toBeGreaterThan(0);
    expect(baseline.timings.faceMs).toBeGreaterThan(0);
  });

  it('a hands step that throws after setting hands: the body and the face arrive, no hands, no handsMs; the next frame has hands again', async () => {
    const boom = new StepFailure('hand model lost its WebGPU device');
    const failing: HandsStep = {
      async run(people, source) {
        await hands.run(people, source);
        // The real step got as far as setting hands: the frame must not keep them.
        expect(people.some((p) => p.hands)).toBe(true);
        throw boom;
      },
    };
    const bad = await frame(failing, face);
    expectSameBody(bad.frame);
    expect(bad.frame.people.every((p) => p.hands === undefined)).toBe(true);
    expect(bad.frame.timings).not.toHaveProperty('handsMs');
    expect(bad.frame.people[0].face?.score).toBeGreaterThan(0.5);
    expect(bad.frame.timings.faceMs).toBeGreaterThan(0);
    expect(bad.errors).toEqual([['hands', boom]]);

    const next = await frame(hands, face);
    expect(next.errors).toEqual([]);
    expectSameBody(next.frame);
    expect(next.frame.people[0].hands).toEqual(baseline.people[0].hands);
    expect(next.frame.timings.handsMs).toBeGreaterThan(0);
    expect(next.frame.people[0].face?.score).toBeGreaterThan(0.5);
  });

  it('a face step that rejects and a hands step that throws synchronously: the body arrives alone; the next frame has both again', async () => {
    const handsErr = new StepFailure('hands: synchronous throw');
    const faceErr = new StepFailure('face: rejected');
    const throwsNow: HandsStep = {
      run() {
        throw handsErr;
      },
    };
    const rejects: FaceStep = { run: () => Promise.reject(faceErr) };
    const bad = await frame(throwsNow, rejects);
    expectSameBody(bad.frame);
    expect(bad.frame.people.every((p) => p.hands === undefined && p.face === undefined)).toBe(true);
    expect(bad.frame.timings).not.toHaveProperty('handsMs');
    expect(bad.frame.timings).not.toHaveProperty('faceMs');
    expect(bad.errors).toEqual([
      ['hands', handsErr],
      ['face', faceErr],
    ]);

    // Face only fails (after the real face step wrote its output): hands stay, the face goes.
    const lateFace: FaceStep = {
      async run(people, source) {
        await face.run(people, source);
        throw faceErr;
      },
    };
    const faceOnly = await frame(hands, lateFace);
    expect(faceOnly.frame.people[0].hands).toEqual(baseline.people[0].hands);
    expect(faceOnly.frame.timings.handsMs).toBeGreaterThan(0);
    expect(faceOnly.frame.people.every((p) => p.face === undefined)).toBe(true);
    expect(faceOnly.frame.timings).not.toHaveProperty('faceMs');
    expect(faceOnly.errors).toEqual([['face', faceErr]]);

    const next = await frame(hands, face);
    expect(next.errors).toEqual([]);
    expectSameBody(next.frame);
    expect(next.frame.people[0].hands).toEqual(baseline.people[0].hands);
    expect(next.frame.people[0].face?.landmarks).toEqual(baseline.people[0].face?.landmarks);
    expect(next.frame.timings.handsMs).toBeGreaterThan(0);
    expect(next.frame.timings.faceMs).toBeGreaterThan(0);
  });

  it('a pixel source that fails (the bitmap region read) drops that step only; region pixels give the same hands', async () => {
    const broken: FramePixels = {
      hands: () => ({
        pixelsFor: () => {
          throw new StepFailure('OffscreenCanvas 2D context unavailable');
        },
      }),
      face: pixels.face,
    };
    const bad = await frame(hands, face, broken);
    expectSameBody(bad.frame);
    expect(bad.frame.people.every((p) => p.hands === undefined)).toBe(true);
    expect(bad.frame.timings).not.toHaveProperty('handsMs');
    expect(bad.frame.people[0].face).toBeDefined();
    expect(bad.errors.map(([step]) => step)).toEqual(['hands']);

    // The worker's bitmap path reads only the crops' regions: same steps, region-atlas pixels.
    const regions: FramePixels = { hands: () => handRegionCopy(img), face: () => faceRegionCopy(img) };
    const viaRegions = await frame(hands, face, regions);
    expect(viaRegions.errors).toEqual([]);
    const a = baseline.people[0].hands!;
    const b = viaRegions.frame.people[0].hands!;
    for (const side of ['left', 'right'] as const) {
      expect(b[side] === undefined).toBe(a[side] === undefined);
      a[side]?.keypoints.forEach((k, j) => {
        expect(b[side]!.keypoints[j].x).toBeCloseTo(k.x, 2);
        expect(b[side]!.keypoints[j].y).toBeCloseTo(k.y, 2);
      });
    }
    expect(viaRegions.frame.people[0].face).toBeDefined();
  });

  it('steps that are off run nothing and report no timing; a failing body fails the frame', async () => {
    const off = await frame(null, null);
    expectSameBody(off.frame);
    expect(off.frame.people.every((p) => p.hands === undefined && p.face === undefined)).toBe(true);
    expect(off.frame.timings).not.toHaveProperty('handsMs');
    expect(off.frame.timings).not.toHaveProperty('faceMs');

    const never: HandsStep = { run: () => Promise.reject(new Error('must not run')) };
    const bodyErr = new StepFailure('body failed');
    await expect(runFrameSteps({ body: () => Promise.reject(bodyErr), hands: never, pixels })).rejects.toBe(bodyErr);
  });
});
