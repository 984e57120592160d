/**
 * Fingers on real photos (onehand10k, shared ground truth): the converted landmark networks under
 * onnxruntime-web WASM, a GT-box crop refined once from its own landmarks (as MediaPipe tracks), then the
 * finger solver. Two photos whose fingers disagree:
 *  - 1402.jpg, an "OK" sign (a right hand, palm to the camera): index and thumb curled into a ring,
 *    middle, ring and little finger straight → the index is the most curled finger;
 *  - 33.jpg, a "shh" gesture (a left hand): a fist with the index finger up → the index is the least curled.
 * The side is the photo's (the app takes it from the body; the hand network's handedness is never read).
 * Curl is measured on the VRM finger bones the solver outputs: the summed rotation angles of a finger's
 * proximal, intermediate and distal bones.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quaternion } from 'three';
import { FINGERS, solveHandPose, type FingerName, type HandPose } from '../../src/hands/finger-pose';
import { cropFromLandmarks, LANDMARK_ROI_SCALE, makeCrop, type HandSide } from '../../src/hands/hand-crop';
import { HandLandmarkEngine } from '../../src/hands/hand-landmark-engine';
import { loadOrt, MODELS_DIR } from '../../tools/node-engine';
import { readImage } from '../../tools/eval/image-io';
import { loadHandSet } from './hand-gt';

const MODELS = ['lite', 'full'] as const;
const modelFile = (m: string) => join(MODELS_DIR, `handlandmark-${m}.onnx`);
const haveModels = MODELS.every((m) => existsSync(modelFile(m)));
const DEG = 180 / Math.PI;
/**
 * Least difference (degrees of summed bone rotation) between the curled and the straight fingers.
 * Measured (lite / full): OK sign index 123° / 114° against ≤ 85° / 70° for the others; "shh" index
 * 80° / 61° against ≥ 120° / 161°. A straight finger of a relaxed hand still bends 40–85° in all.
 */
const MIN_CURL_GAP_DEG = 30;

const CAP: Record<FingerName, string> = { index: 'Index', middle: 'Middle', ring: 'Ring', little: 'Little' };
const qAngle = (q: Quaternion): number => 2 * Math.acos(Math.min(1, Math.abs(q.w))) * DEG;

/** Summed rotation (degrees) of a finger's three VRM bones. */
function boneCurl(p: HandPose, side: HandSide, f: FingerName): number {
  let sum = 0;
  for (const seg of ['Proximal', 'Intermediate', 'Distal']) sum += qAngle(p.fingers.get(`${side}${CAP[f]}${seg}` as never)!);
  return sum;
}

const engines = new Map<string, HandLandmarkEngine>();

async function poseOf(model: string, file: string, side: HandSide): Promise<HandPose> {
  const h = loadHandSet('onehand10k').find((x) => x.file.endsWith(`/${file}`));
  if (!h) throw new Error(`onehand10k has no ${file}`);
  const img = readImage(h.file);
  const engine = engines.get(model)!;
  const [x, y, w, hh] = h.box;
  const first = (await engine.estimateCrops(img.data, img.width, img.height, [makeCrop(x + w / 2, y + hh / 2, Math.max(w, hh) * LANDMARK_ROI_SCALE, 0, 224, 0, side)])).landmarks[0];
  const [lm] = (await engine.estimateCrops(img.data, img.width, img.height, [cropFromLandmarks(first.keypoints, 0, side)])).landmarks;
  expect(lm.score).toBeGreaterThan(0.5); // a hand was found
  return solveHandPose(lm.world, side);
}

describe.skipIf(!haveModels)('finger bones from real hand photos', () => {
  beforeAll(async () => {
    const ort = await loadOrt('wasm', 1);
    for (const m of MODELS) engines.set(m, await HandLandmarkEngine.create(ort, new Uint8Array(readFileSync(modelFile(m)))));
  });
  afterAll(async () => {
    for (const e of engines.values()) await e.dispose();
  });

  for (const m of MODELS) {
    it(`${m}: an "OK" sign curls the index finger, not the others`, async ({ annotate }) => {
      const p = await poseOf(m, '1402.jpg', 'right');
      const curl = Object.fromEntries(FINGERS.map((f) => [f, boneCurl(p, 'right', f)])) as Record<FingerName, number>;
      await annotate(`OK sign (${m}): ${FINGERS.map((f) => `${f} ${curl[f].toFixed(0)}°`).join(', ')}`);
      for (const f of ['middle', 'ring', 'little'] as const) expect(curl.index - curl[f], f).toBeGreaterThanOrEqual(MIN_CURL_GAP_DEG);
    });

    it(`${m}: a fist with the index up curls every finger but the index`, async ({ annotate }) => {
      const p = await poseOf(m, '33.jpg', 'left');
      const curl = Object.fromEntries(FINGERS.map((f) => [f, boneCurl(p, 'left', f)])) as Record<FingerName, number>;
      await annotate(`fist, index up (${m}): ${FINGERS.map((f) => `${f} ${curl[f].toFixed(0)}°`).join(', ')}`);
      for (const f of ['middle', 'ring', 'little'] as const) expect(curl[f] - curl.index, f).toBeGreaterThanOrEqual(MIN_CURL_GAP_DEG);
    });
  }
});
