/**
 * OpenPose's 70 face keypoints from the real facemesh, against annotated faces: every 68-point face in the
 * shared ground truth whose photo is there (the four COCO photos of pose_gt/mmpose/coco, annotated by
 * COCO-WholeBody, and by Halpe-FullBody for the same photos). facemesh (onnxruntime-web WASM) runs on the crop
 * the app makes: the face box from the person's nose, eyes and ears (here the annotated body keypoints).
 *
 * Error: NME, the mean point distance ÷ the inter-ocular distance (outer eye corners 36–45, 300-W's
 * normalisation), over the annotated points; per face and per region (jaw, brows, nose, eyes, mouth).
 * Figures go to the test report as annotations.
 *
 * These faces are tiny (inter-ocular 14–17 px, faces 21–37 px; the app's own minimum is 48 px), so one pixel is
 * 0.06–0.07 NME and the annotations themselves disagree: COCO-WholeBody and Halpe, on the one face both annotate
 * fully, differ by 0.089 NME, more than facemesh differs from either. Expect the jaw to be the worst region: its
 * annotated points are the visible outline, evenly spaced, while facemesh's are fixed anatomical vertices, and
 * on a turned head the two part (profile face 40083/198196: jaw 0.31).
 *
 * Left and right: a mirrored photo (with its body keypoints mirrored and their sides swapped, as the pose
 * network would see it) must give the mirrored points, i.e. the points of the original with the person's
 * right and left exchanged (iBUG's flip pairs), and the same error against the mirrored annotation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faceBoxFromKeypoints, faceCrop } from '../../src/face/face-crop';
import type { FaceMeshEngine } from '../../src/face/face-mesh-engine';
import { OPENPOSE_FACE_REGIONS, openPoseFaceFromMesh } from '../../src/face/openpose-face';
import { KEYPOINT_NAMES, type KeypointName } from '../../src/pose/schema';
import type { Keypoint } from '../../src/pose/types';
import { createNodeFaceEngine, isFaceModelInstalled } from '../../tools/face-node-engine';
import { decodeImage, type RgbaImage } from '../../tools/eval/image-io';
import { SHARED } from '../helpers/shared';
import { OPENPOSE_FACE_MIRROR } from './openpose-face-layout';

const GT_DIR = join(SHARED, 'assets/pose_gt/mmpose');
/** Halpe-FullBody's 136 keypoints: COCO's 17 body points first, the 68 face points from index 26. */
const HALPE_BODY = 17;
const HALPE_FACE_FIRST = 26;
/** A Halpe face counts when at least this many of its 68 points are annotated (its partial faces lack a side). */
const MIN_ANNOTATED_POINTS = 20;
/** COCO-17 index of each COCO-18 keypoint (-1: the neck, which COCO lacks; not used by the face box). */
const COCO18_FROM_COCO17 = [0, -1, 6, 8, 10, 5, 7, 9, 12, 14, 16, 11, 13, 15, 2, 1, 4, 3];
/** iBUG outer eye corners: the inter-ocular distance. */
const RIGHT_EYE_OUTER = 36;
const LEFT_EYE_OUTER = 45;
/**
 * facemesh's face score under which the app drops the face (DEFAULT_MIN_FACE_SCORE): such faces give no
 * keypoints in the app, so they are not scored here (two Halpe faces behind goggles and a hand, 0.001–0.17).
 */
const MIN_FACE_SCORE = 0.5;
/** Face box keypoint threshold: the annotations' visible points count (their "score" is 1). */
const GT_KEYPOINT_SCORE = 1;

interface GtFace {
  /** `<dataset> <image id>/<annotation id>`. */
  readonly label: string;
  readonly file: string;
  /** COCO-17 body keypoints, x, y, v. */
  readonly body: readonly number[];
  /** 68 × (x, y, v) face points. */
  readonly face: readonly number[];
}

function loadGtFaces(): GtFace[] {
  const out: GtFace[] = [];
  const file = (id: number) => join(GT_DIR, 'coco', `${String(id).padStart(12, '0')}.jpg`);
  const wb = JSON.parse(readFileSync(join(GT_DIR, 'coco/test_coco_wholebody.json'), 'utf8'));
  for (const a of wb.annotations) {
    if (a.face_valid) out.push({ label: `wholebody ${a.image_id}/${a.id}`, file: file(a.image_id), body: a.keypoints, face: a.face_kpts });
  }
  const halpe = JSON.parse(readFileSync(join(GT_DIR, 'halpe/test_halpe.json'), 'utf8'));
  for (const a of halpe.annotations) {
    const face: number[] = a.keypoints.slice(3 * HALPE_FACE_FIRST, 3 * (HALPE_FACE_FIRST + 68));
    let n = 0;
    for (let k = 0; k < 68; k++) if (face[3 * k + 2] > 0) n++;
    if (n >= MIN_ANNOTATED_POINTS) out.push({ label: `halpe ${a.image_id}/${a.id}`, file: file(a.image_id), body: a.keypoints.slice(0, 3 * HALPE_BODY), face });
  }
  return out;
}

function bodyKeypoints(coco17: readonly number[]): Keypoint[] {
  return KEYPOINT_NAMES.map((name, i) => {
    const j = COCO18_FROM_COCO17[i];
    const seen = j >= 0 && coco17[3 * j + 2] > 0;
    return { name, x: seen ? coco17[3 * j] : 0, y: seen ? coco17[3 * j + 1] : 0, score: seen ? GT_KEYPOINT_SCORE : 0 };
  });
}

/** The photo flipped left ↔ right. */
function mirrorImage(img: RgbaImage): RgbaImage {
  const data = new Uint8Array(img.data.length);
  const W = img.width;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < W; x++) data.set(img.data.subarray(4 * (y * W + W - 1 - x), 4 * (y * W + W - x)), 4 * (y * W + x));
  }
  return { data, width: W, height: img.height };
}

/** Body keypoints of the mirrored photo: x → W − x (continuous pixels), and the person's sides exchanged. */
function mirrorBody(kp: readonly Keypoint[], W: number): Keypoint[] {
  const other = (n: KeypointName): KeypointName =>
    (n.startsWith('right') ? `left${n.slice(5)}` : n.startsWith('left') ? `right${n.slice(4)}` : n) as KeypointName;
  return KEYPOINT_NAMES.map((name) => {
    const k = kp[KEYPOINT_NAMES.indexOf(other(name))];
    return { name, x: k.score > 0 ? W - k.x : 0, y: k.y, score: k.score };
  });
}

/** 70 × (x, y, score) points of a mirrored photo, taken back to the original: x → W − x, right ↔ left. */
function unmirrorPoints(p: Float32Array, W: number): Float32Array {
  const out = new Float32Array(p.length);
  for (let k = 0; k < 70; k++) {
    const m = OPENPOSE_FACE_MIRROR[k];
    out[3 * k] = W - p[3 * m];
    out[3 * k + 1] = p[3 * m + 1];
    out[3 * k + 2] = p[3 * m + 2];
  }
  return out;
}

type Region = keyof typeof OPENPOSE_FACE_REGIONS;
const REGIONS = Object.keys(OPENPOSE_FACE_REGIONS) as Region[];

interface Nme {
  all: number;
  region: Record<Region, number>;
}

/** NME of `pred` (70 × 3) against the annotation's 68 points, over the annotated ones. */
function nme(pred: Float32Array, gt: readonly number[]): Nme {
  const io = Math.hypot(gt[3 * LEFT_EYE_OUTER] - gt[3 * RIGHT_EYE_OUTER], gt[3 * LEFT_EYE_OUTER + 1] - gt[3 * RIGHT_EYE_OUTER + 1]);
  const err = (k: number) => Math.hypot(pred[3 * k] - gt[3 * k], pred[3 * k + 1] - gt[3 * k + 1]) / io;
  const mean = (from: number, to: number) => {
    let s = 0;
    let n = 0;
    for (let k = from; k < to; k++) if (gt[3 * k + 2] > 0) (s += err(k)), n++;
    return n ? s / n : NaN;
  };
  const region = {} as Record<Region, number>;
  for (const r of REGIONS) {
    const [from, to] = OPENPOSE_FACE_REGIONS[r];
    region[r] = mean(from, to);
  }
  return { all: mean(0, 68), region };
}

/** The annotation mirrored the same way (x → W − x, right ↔ left), 68 × (x, y, v). */
function mirrorGt(gt: readonly number[], W: number): number[] {
  const out = new Array<number>(gt.length);
  for (let k = 0; k < 68; k++) {
    const m = OPENPOSE_FACE_MIRROR[k];
    out[3 * k] = W - gt[3 * m];
    out[3 * k + 1] = gt[3 * m + 1];
    out[3 * k + 2] = gt[3 * m + 2];
  }
  return out;
}

/** Mean point distance between two 70-point sets (all 70), ÷ the annotation's inter-ocular distance. */
function pointGap(a: Float32Array, b: Float32Array, gt: readonly number[]): number {
  const io = Math.hypot(gt[3 * LEFT_EYE_OUTER] - gt[3 * RIGHT_EYE_OUTER], gt[3 * LEFT_EYE_OUTER + 1] - gt[3 * RIGHT_EYE_OUTER + 1]);
  let s = 0;
  for (let k = 0; k < 70; k++) s += Math.hypot(a[3 * k] - b[3 * k], a[3 * k + 1] - b[3 * k + 1]);
  return s / 70 / io;
}

const fmt = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(3));
const fmtNme = (e: Nme) => `NME ${fmt(e.all)} (${REGIONS.map((r) => `${r} ${fmt(e.region[r])}`).join(', ')})`;

/**
 * Per-face NME measured when this was written (onnxruntime-web WASM, 2025-11), and the ceiling asserted: the
 * measured figure + 0.02 (a third of a pixel here; WASM float differences move points by far less).
 *   wholebody 785/442619     0.102  girl in sunglasses and a beanie
 *   wholebody 40083/198196   0.154  profile: jaw 0.31 (annotated outline vs mesh vertices)
 *   wholebody 40083/230195   0.050  frontal, the cleanest face
 *   wholebody 197388/437295  0.480  head bowed behind goggles: annotated as near-profile (eye corners 5.9 px
 *                                   apart, against 15.0 px in Halpe's annotation of the same face)
 *   halpe 40083/230195       0.056
 *   halpe 197388/437295      0.102
 *   halpe 197388/533949      0.086  (jaw 9–16 not annotated)
 */
const MEASURED: Record<string, number> = {
  'wholebody 785/442619': 0.102,
  'wholebody 40083/198196': 0.154,
  'wholebody 40083/230195': 0.05,
  'wholebody 197388/437295': 0.48,
  'halpe 40083/230195': 0.056,
  'halpe 197388/437295': 0.102,
  'halpe 197388/533949': 0.086,
};
const MARGIN = 0.02;

let engine: FaceMeshEngine;
const photos = new Map<string, { img: RgbaImage; mirrored: RgbaImage }>();
function photo(file: string) {
  let p = photos.get(file);
  if (!p) {
    const img = decodeImage(new Uint8Array(readFileSync(file)), file);
    p = { img, mirrored: mirrorImage(img) };
    photos.set(file, p);
  }
  return p;
}

/** facemesh on the app's face crop from these body keypoints → OpenPose's 70 points, or null (no face). */
async function openPosePoints(img: RgbaImage, body: readonly Keypoint[]): Promise<Float32Array | null> {
  const box = faceBoxFromKeypoints(body, { minKeypointScore: GT_KEYPOINT_SCORE });
  if (!box) return null;
  const { faces } = await engine.estimateCrops(img.data, img.width, img.height, [faceCrop(box, 0)]);
  return faces.length ? openPoseFaceFromMesh(faces[0].landmarks, faces[0].score) : null;
}

interface Scored {
  gt: GtFace;
  points: Float32Array;
  /** The mirrored photo's points taken back to the original (null: facemesh dropped the mirrored face). */
  mirroredBack: Float32Array | null;
  width: number;
}

describe.skipIf(!isFaceModelInstalled())('OpenPose face keypoints from facemesh against annotated faces (WASM)', () => {
  const scored: Scored[] = [];
  let skipped: string[] = [];

  beforeAll(async () => {
    engine = await createNodeFaceEngine({ backend: 'wasm' });
    engine.setOptions({}, MIN_FACE_SCORE);
    skipped = [];
    for (const gt of loadGtFaces()) {
      const f = gt.face;
      if (!(f[3 * RIGHT_EYE_OUTER + 2] > 0 && f[3 * LEFT_EYE_OUTER + 2] > 0)) {
        skipped.push(`${gt.label} (no eye corners)`);
        continue;
      }
      const { img, mirrored } = photo(gt.file);
      const body = bodyKeypoints(gt.body);
      const points = await openPosePoints(img, body);
      const mirroredPoints = await openPosePoints(mirrored, mirrorBody(body, img.width));
      if (!points) {
        skipped.push(`${gt.label} (no face found)`);
        continue;
      }
      scored.push({ gt, points, mirroredBack: mirroredPoints && unmirrorPoints(mirroredPoints, img.width), width: img.width });
    }
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it('scores every annotated face the app would find, within the measured NME', async ({ annotate }) => {
    expect(scored.map((s) => s.gt.label).sort()).toEqual(Object.keys(MEASURED).sort());
    for (const s of scored) {
      const e = nme(s.points, s.gt.face);
      await annotate(`${s.gt.label}: ${fmtNme(e)}`);
      expect(e.all, s.gt.label).toBeLessThan(MEASURED[s.gt.label] + MARGIN);
    }
    if (skipped.length) await annotate(`not scored: ${skipped.join('; ')}`);
  });

  it('per region over the faces, the jaw worst; the frontal face within the annotators\' own disagreement', async ({ annotate }) => {
    // Region means over the faces whose annotation is consistent (all but wholebody 197388/437295, see MEASURED:
    // its inter-ocular distance, the normaliser, is a third of Halpe's for the same face).
    const usable = scored.filter((s) => s.gt.label !== 'wholebody 197388/437295');
    const sums = Object.fromEntries(REGIONS.map((r) => [r, [] as number[]])) as Record<Region, number[]>;
    const all: number[] = [];
    for (const s of usable) {
      const e = nme(s.points, s.gt.face);
      all.push(e.all);
      for (const r of REGIONS) if (!Number.isNaN(e.region[r])) sums[r].push(e.region[r]);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const region = Object.fromEntries(REGIONS.map((r) => [r, mean(sums[r])])) as Record<Region, number>;
    await annotate(`mean over ${usable.length} faces: ${fmtNme({ all: mean(all), region })}`);
    // Measured: all 0.092; jaw 0.135, brows 0.096, nose 0.068, eyes 0.081, mouth 0.073.
    expect(mean(all)).toBeLessThan(0.092 + MARGIN);
    expect(region.jaw).toBeLessThan(0.135 + MARGIN);
    expect(region.brows).toBeLessThan(0.096 + MARGIN);
    expect(region.nose).toBeLessThan(0.068 + MARGIN);
    expect(region.eyes).toBeLessThan(0.081 + MARGIN);
    expect(region.mouth).toBeLessThan(0.073 + MARGIN);
    expect(region.jaw).toBe(Math.max(...Object.values(region)));

    // The face both datasets annotate fully: facemesh is nearer each annotation than they are to each other.
    const pair = scored.filter((s) => s.gt.label.endsWith('40083/230195'));
    expect(pair).toHaveLength(2);
    const [a, b] = pair.map((s) => s.gt.face);
    const asPoints = (gt: readonly number[]) => {
      const p = new Float32Array(210);
      for (let k = 0; k < 68; k++) p.set([gt[3 * k], gt[3 * k + 1], 1], 3 * k);
      return p;
    };
    const annotators = nme(asPoints(b), a);
    await annotate(`40083/230195, COCO-WholeBody vs Halpe annotation: ${fmtNme(annotators)}`);
    // Measured 0.089.
    for (const s of pair) expect(nme(s.points, s.gt.face).all).toBeLessThan(annotators.all);
  });

  it('a mirrored photo gives the mirrored points (the person\'s right and left exchanged)', async ({ annotate }) => {
    const lines: string[] = [];
    const both = scored.filter((s): s is Scored & { mirroredBack: Float32Array } => s.mirroredBack !== null);
    // Measured: all but halpe 197388/533949 (its mirrored face scores 0.41, under the app's 0.5).
    expect(both.length).toBeGreaterThanOrEqual(scored.length - 1);
    for (const s of both) {
      // Same points, back from the mirror: facemesh is not exactly mirror-equivariant, so a small gap remains.
      const gap = pointGap(s.mirroredBack, s.points, s.gt.face);
      // Without exchanging right and left, the points land on the other side of the face.
      const swapped = new Float32Array(s.mirroredBack.length);
      for (let k = 0; k < 70; k++) swapped.set(s.mirroredBack.subarray(3 * OPENPOSE_FACE_MIRROR[k], 3 * OPENPOSE_FACE_MIRROR[k] + 3), 3 * k);
      const wrong = pointGap(swapped, s.points, s.gt.face);
      // And against the mirrored annotation, the mirrored photo scores as the original does.
      const own = nme(s.points, s.gt.face).all;
      const mirroredPoints = unmirrorPoints(s.mirroredBack, s.width); // the mirrored photo's own points
      const mirrored = nme(mirroredPoints, mirrorGt(s.gt.face, s.width)).all;
      lines.push(`${s.gt.label}: gap ${fmt(gap)} (unswapped ${fmt(wrong)}), NME ${fmt(own)} → mirrored ${fmt(mirrored)}`);
      // Measured: gaps 0.025–0.086 (the bowed head most), unswapped 0.58–1.49; NME moves by ≤ 0.044.
      expect(gap, s.gt.label).toBeLessThan(0.1);
      expect(wrong, s.gt.label).toBeGreaterThan(5 * gap);
      expect(Math.abs(mirrored - own), s.gt.label).toBeLessThan(0.06);
    }
    await annotate(`mirror: ${lines.join('; ')}`);
  });
});
