/**
 * Hand keypoint accuracy on the shared ground truth, PCK@0.2 normalised by the GT hand box's longer side
 * (mmpose's hand PCK). The converted MediaPipe landmark networks run under onnxruntime-web WASM.
 *  - GT box: a square crop of LANDMARK_ROI_SCALE × the GT box's longer side, upright (a GT box has no
 *    orientation); "+refine" re-crops once from the first pass's landmarks (cropFromLandmarks: turned
 *    upright by wrist → MCPs), as MediaPipe tracks.
 *  - body (COCO-WholeBody only): the hand crops the product makes, from the body pose engine's wrists
 *    and elbows; a GT hand whose side got no crop from a nearby wrist counts as all keypoints missed.
 * Floors are the figures measured when this was written, less a margin for WASM/CPU float differences.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropFromLandmarks, handCropsForFrame, LANDMARK_ROI_SCALE, makeCrop, type HandCrop } from '../../src/hands/hand-crop';
import { HandLandmarkEngine } from '../../src/hands/hand-landmark-engine';
import { createNodeEngine, loadOrt, MODELS_DIR } from '../../tools/node-engine';
import { readImage, type RgbaImage } from '../../tools/eval/image-io';
import { loadHandSet, loadWholeBodyHands, pckCounts, type GtHand } from './hand-gt';

const MODELS = ['lite', 'full'] as const;
const modelFile = (m: string) => join(MODELS_DIR, `handlandmark-${m}.onnx`);
const haveModels = MODELS.every((m) => existsSync(modelFile(m)));

/**
 * Measured PCK@0.2 (onnxruntime-web 1.30 WASM, 2025-11; the test annotates the current figures into the report) less ~0.05:
 * the sets are tiny (4–10 hands), so one hand moves a figure by several points.
 *   set             model  GT box  +refine  body crops
 *   onehand10k      lite   0.810   0.778
 *   onehand10k      full   0.968   0.825
 *   panoptic        lite   0.560   0.786
 *   panoptic        full   0.583   0.810
 *   coco_wholebody  lite   0.262   0.276    0.290 (9/10 hands cropped)
 *   coco_wholebody  full   0.267   0.343    0.310
 * COCO-WholeBody hands are 11–30 px boxes: at PCK@0.2 a keypoint must land within 2–6 px.
 */
const FLOORS: Record<string, number> = {
  'onehand10k/lite/gt': 0.76, 'onehand10k/lite/refine': 0.72,
  'onehand10k/full/gt': 0.91, 'onehand10k/full/refine': 0.77,
  'panoptic/lite/gt': 0.5, 'panoptic/lite/refine': 0.73,
  'panoptic/full/gt': 0.53, 'panoptic/full/refine': 0.76,
  'coco_wholebody/lite/gt': 0.21, 'coco_wholebody/lite/refine': 0.22,
  'coco_wholebody/full/gt': 0.21, 'coco_wholebody/full/refine': 0.29,
  'coco_wholebody/lite/body': 0.24, 'coco_wholebody/full/body': 0.26,
};

/** The floor of `key`; a key without one (e.g. misspelled) fails loudly rather than asserting ≥ 0. */
function floorOf(key: string): number {
  const f = FLOORS[key];
  if (f === undefined) throw new Error(`no PCK floor for "${key}": add it to FLOORS (known: ${Object.keys(FLOORS).join(', ')})`);
  return f;
}

const images = new Map<string, RgbaImage>();
const image = (f: string) => images.get(f) ?? images.set(f, readImage(f)).get(f)!;
const engines = new Map<string, HandLandmarkEngine>();

function gtCrop(h: GtHand): HandCrop {
  const [x, y, w, hh] = h.box;
  return makeCrop(x + w / 2, y + hh / 2, Math.max(w, hh) * LANDMARK_ROI_SCALE, 0, 224, 0, h.side ?? 'left');
}

async function pckOnGtBoxes(engine: HandLandmarkEngine, hands: GtHand[]) {
  const tot = { first: { hit: 0, n: 0 }, refined: { hit: 0, n: 0 } };
  for (const h of hands) {
    const img = image(h.file);
    const [first] = (await engine.estimateCrops(img.data, img.width, img.height, [gtCrop(h)])).landmarks;
    const a = pckCounts(h, first.keypoints);
    const [second] = (await engine.estimateCrops(img.data, img.width, img.height, [cropFromLandmarks(first.keypoints, 0, first.side)])).landmarks;
    const b = pckCounts(h, second.keypoints);
    tot.first.hit += a.hit; tot.first.n += a.n;
    tot.refined.hit += b.hit; tot.refined.n += b.n;
  }
  return { first: tot.first.hit / tot.first.n, refined: tot.refined.hit / tot.refined.n, n: tot.first.n, hands: hands.length };
}

describe.skipIf(!haveModels)('hand landmark accuracy (PCK@0.2, GT-box normaliser)', () => {
  beforeAll(async () => {
    const ort = await loadOrt('wasm', 1);
    for (const m of MODELS) engines.set(m, await HandLandmarkEngine.create(ort, new Uint8Array(readFileSync(modelFile(m)))));
  });
  afterAll(async () => {
    for (const e of engines.values()) await e.dispose();
  });

  for (const set of ['onehand10k', 'panoptic', 'coco_wholebody'] as const) {
    it(`${set}: GT-box crops`, async ({ annotate }) => {
      const hands = set === 'coco_wholebody' ? loadWholeBodyHands() : loadHandSet(set);
      expect(hands.length).toBeGreaterThan(0);
      for (const m of MODELS) {
        const r = await pckOnGtBoxes(engines.get(m)!, hands);
        await annotate(`PCK@0.2 ${set} ${m} GT box: ${r.first.toFixed(3)}  +refine: ${r.refined.toFixed(3)}  (${r.hands} hands, ${r.n} keypoints)`);
        expect(r.first).toBeGreaterThanOrEqual(floorOf(`${set}/${m}/gt`));
        expect(r.refined).toBeGreaterThanOrEqual(floorOf(`${set}/${m}/refine`));
      }
    });
  }

  it('coco_wholebody: crops from the body pose engine', async ({ annotate }) => {
    const hands = loadWholeBodyHands();
    const body = await createNodeEngine();
    try {
      const files = [...new Set(hands.map((h) => h.file))];
      const crops = new Map<string, HandCrop[]>();
      for (const f of files) {
        const img = image(f);
        const frame = await body.estimateRgba(img.data, img.width, img.height);
        // Every person and every wrist, however small: the eval asks how good the body-derived crop is.
        crops.set(f, handCropsForFrame(frame.people, { maxPeople: Infinity, minBoxPx: 0 }));
      }
      for (const m of MODELS) {
        const engine = engines.get(m)!;
        let hit = 0, n = 0, found = 0;
        for (const h of hands) {
          const img = image(h.file);
          const cx = h.box[0] + h.box[2] / 2;
          const cy = h.box[1] + h.box[3] / 2;
          // The crop of this side whose centre is nearest the GT hand, if within one box side.
          const best = crops.get(h.file)!
            .filter((c) => c.side === h.side)
            .map((c) => ({ c, d: Math.hypot(c.cx - cx, c.cy - cy) }))
            .filter((x) => x.d <= x.c.size)
            .sort((a, b) => a.d - b.d)[0];
          let pred = null;
          if (best) {
            found++;
            pred = (await engine.estimateCrops(img.data, img.width, img.height, [best.c])).landmarks[0].keypoints;
          }
          const r = pckCounts(h, pred);
          hit += r.hit; n += r.n;
        }
        await annotate(`PCK@0.2 coco_wholebody ${m} body crops: ${(hit / n).toFixed(3)}  (${found}/${hands.length} GT hands got a crop; missing ones count as misses)`);
        expect(hit / n).toBeGreaterThanOrEqual(floorOf(`coco_wholebody/${m}/body`));
      }
    } finally {
      await body.dispose();
    }
  });
});
