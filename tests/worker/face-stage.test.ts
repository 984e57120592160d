/**
 * The worker's face step (workers/face-stage.ts) behind the body engine, as the pose worker runs it:
 * body decode → face crop of the person given a face → facemesh → `person.face` in source pixels.
 * A real shared photo with a large frontal face (COCO 459, a man in a suit), onnxruntime-web WASM.
 * Also: the region copy the worker makes from a camera bitmap (region-reader.ts) maps back to the
 * full-image result.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACE_EXPRESSION_NAMES, NUM_FACE_LANDMARKS } from '../../src/face';
import type { Person, PoseFrame } from '../../src/pose/types';
import { decodeImage, type RgbaImage } from '../../tools/eval/image-io';
import { FACE_MODEL_PATH, isFaceModelInstalled } from '../../tools/face-node-engine';
import { createNodeEngine, loadOrt, MODELS_DIR } from '../../tools/node-engine';
import { FaceStage, fullImageFacePixels } from '../../workers/face-stage';
import type { PoseEngine } from '../../workers/pose-engine';
import { faceRegionCopy } from '../helpers/region-copy';
import { SHARED } from '../helpers/shared';
import { recordFigure } from '../helpers/figures';

const PHOTO = join(SHARED, 'assets/images/openpose/COCO_val2014_000000000459.jpg');
/** The iris model (models/iris.onnx, converted at npm install). */
const IRIS_MODEL_PATH = join(MODELS_DIR, 'iris.onnx');

/** The frame's people without their faces. */
const withoutFaces = (people: Person[]): Person[] =>
  people.map((p) => {
    const q: Person = { ...p, keypoints: p.keypoints.map((k) => ({ ...k })) };
    delete q.face;
    return q;
  });

describe.skipIf(!isFaceModelInstalled())('pose worker face step (engine + face, real photo)', () => {
  let body: PoseEngine;
  let stage: FaceStage;
  let img: RgbaImage;
  let frame: PoseFrame;
  let ms: number | null = null;

  beforeAll(async () => {
    body = await createNodeEngine();
    stage = await FaceStage.create(await loadOrt('wasm', 1), new Uint8Array(readFileSync(FACE_MODEL_PATH)), { maxPeople: 1 });
    img = decodeImage(new Uint8Array(readFileSync(PHOTO)), PHOTO);
    frame = await body.estimateRgba(img.data, img.width, img.height);
    ms = await stage.run(frame.people, fullImageFacePixels(img.data, img.width, img.height));
  });
  afterAll(async () => {
    await body?.dispose();
    await stage?.dispose();
  });

  it('gives the person a face: 468 landmarks inside the face box, expressions in 0..1', () => {
    const withFace = frame.people.filter((p) => p.face);
    expect(withFace).toHaveLength(1);
    expect(ms).toBeGreaterThan(0);
    const face = withFace[0].face!;
    recordFigure('face step', `1 face, ${ms!.toFixed(1)} ms (1 WASM thread), score ${face.score.toFixed(2)}`);
    expect(face.landmarks).toHaveLength(NUM_FACE_LANDMARKS * 3);
    expect(face.score).toBeGreaterThan(0.5);
    // Inside the crop (its axis-aligned bound): the mesh lies within the face box with its 1.5 margin.
    const half = (face.box.side / 2) * (Math.abs(Math.cos(face.box.roll)) + Math.abs(Math.sin(face.box.roll)));
    for (let i = 0; i < NUM_FACE_LANDMARKS; i++) {
      expect(Math.abs(face.landmarks[3 * i] - face.box.cx)).toBeLessThanOrEqual(half);
      expect(Math.abs(face.landmarks[3 * i + 1] - face.box.cy)).toBeLessThanOrEqual(half);
    }
    for (const name of FACE_EXPRESSION_NAMES) {
      expect(face.expressions[name]).toBeGreaterThanOrEqual(0);
      expect(face.expressions[name]).toBeLessThanOrEqual(1);
    }
    expect(Number.isFinite(face.lookAt.yaw) && Number.isFinite(face.lookAt.pitch)).toBe(true);
    expect(Math.hypot(...face.headRotation)).toBeCloseTo(1, 5);
  });

  it('region-copy pixels give the full-image landmarks within 1 px; off gives no face', async () => {
    const people = withoutFaces(frame.people);
    expect(await stage.run(people, faceRegionCopy(img))).not.toBeNull();
    const i = frame.people.findIndex((p) => p.face);
    const a = frame.people[i].face!.landmarks;
    const b = people[i].face!.landmarks;
    let worst = 0;
    for (let k = 0; k < NUM_FACE_LANDMARKS; k++) worst = Math.max(worst, Math.hypot(a[3 * k] - b[3 * k], a[3 * k + 1] - b[3 * k + 1]));
    expect(worst).toBeLessThanOrEqual(1);

    const off = withoutFaces(frame.people);
    stage.maxPeople = 0;
    try {
      expect(await stage.run(off, fullImageFacePixels(img.data, img.width, img.height))).toBeNull();
      expect(off.every((p) => p.face === undefined)).toBe(true);
    } finally {
      stage.maxPeople = 1;
    }
  });
});

describe.skipIf(!isFaceModelInstalled() || !existsSync(IRIS_MODEL_PATH))('pose worker face step with the iris model (real photo)', () => {
  it('runs both eyes through the iris model: pupils = iris centres, region copy agrees, a broken iris model leaves facemesh faces', async () => {
    const ort = await loadOrt('wasm', 1);
    const body = await createNodeEngine();
    const faceBytes = new Uint8Array(readFileSync(FACE_MODEL_PATH));
    const stage = await FaceStage.create(ort, faceBytes, { maxPeople: 1, iris: new Uint8Array(readFileSync(IRIS_MODEL_PATH)) });
    const broken = await FaceStage.create(ort, faceBytes, { maxPeople: 1, iris: new Uint8Array(64) });
    try {
      expect(stage.irisStatus).toEqual({ enabled: true });
      const img = decodeImage(new Uint8Array(readFileSync(PHOTO)), PHOTO);
      const frame = await body.estimateRgba(img.data, img.width, img.height);
      const people = withoutFaces(frame.people);
      const ms = await stage.run(people, fullImageFacePixels(img.data, img.width, img.height));
      const face = people.find((p) => p.face)!.face!;
      expect(face.iris).toBeDefined();
      expect(stage.lastIrisMs).toBeGreaterThan(0);
      recordFigure('face step with iris', `1 face, ${ms!.toFixed(1)} ms total, iris ${stage.lastIrisMs!.toFixed(1)} ms (2 eyes, 1 WASM thread)`);
      // OpenPose pupils 68 (right) / 69 (left) are the iris centres.
      expect(face.openPose[3 * 68]).toBe(face.iris!.right.iris[0]);
      expect(face.openPose[3 * 69 + 1]).toBe(face.iris!.left.iris[1]);
      // The person's right eye is on the image left (a frontal face): its iris centre lies left of the left eye's.
      expect(face.iris!.right.iris[0]).toBeLessThan(face.iris!.left.iris[0]);
      expect(Number.isFinite(face.lookAt.yaw) && Number.isFinite(face.lookAt.pitch)).toBe(true);
      // Region-copy pixels (the camera path) give the same iris within 1 px.
      const regionPeople = withoutFaces(frame.people);
      await stage.run(regionPeople, faceRegionCopy(img));
      const other = regionPeople.find((p) => p.face)!.face!.iris!;
      let worst = 0;
      for (const side of ['right', 'left'] as const) {
        for (let k = 0; k < other[side].iris.length; k += 3) {
          worst = Math.max(worst, Math.hypot(other[side].iris[k] - face.iris![side].iris[k], other[side].iris[k + 1] - face.iris![side].iris[k + 1]));
        }
      }
      expect(worst).toBeLessThanOrEqual(1);
      // A broken iris file: the stage still loads, says why, and gives facemesh-only faces.
      expect(broken.irisStatus.enabled).toBe(false);
      expect(broken.irisStatus.reason).toMatch(/Iris tracking is unavailable/);
      const plain = withoutFaces(frame.people);
      expect(await broken.run(plain, fullImageFacePixels(img.data, img.width, img.height))).not.toBeNull();
      const f = plain.find((p) => p.face)!.face!;
      expect(f.iris).toBeUndefined();
      expect(broken.lastIrisMs).toBeNull();
    } finally {
      await stage.dispose();
      await broken.dispose();
      await body.dispose();
    }
  });
});
