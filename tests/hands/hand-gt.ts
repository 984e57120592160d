/**
 * The shared hand ground truth (../shared/assets/pose_gt/mmpose): OneHand10K and CMU Panoptic hand
 * crops (one hand per annotation) and COCO-WholeBody hands (left/right per person), 21 keypoints in
 * the MediaPipe/OpenPose hand order, and PCK@0.2 normalised by the GT hand box's longer side (as
 * mmpose's PCK for hand sets, normalize by bbox).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HandSide } from '../../src/hands/hand-crop';
import { SHARED } from '../helpers/shared';

export const MMPOSE_GT = join(SHARED, 'assets/pose_gt/mmpose');

export interface GtHand {
  set: string;
  file: string;
  /** Image id and annotation index, for matching. */
  imageId: number;
  /** Box [x, y, w, h] in image pixels. */
  box: [number, number, number, number];
  /** 21 × (x, y, visible). */
  keypoints: { x: number; y: number; v: boolean }[];
  side?: HandSide;
  /** COCO-WholeBody: the person's body keypoints (COCO-17, flat x, y, v). */
  body?: number[];
}

const kps = (flat: number[]) => Array.from({ length: 21 }, (_, k) => ({ x: flat[k * 3], y: flat[k * 3 + 1], v: flat[k * 3 + 2] > 0 }));

interface CocoJson {
  images: { id: number; file_name: string }[];
  annotations: Record<string, unknown>[];
}

function load(set: string, dir: string, json: string): { data: CocoJson; dir: string } | null {
  const path = join(MMPOSE_GT, dir, json);
  if (!existsSync(path)) return null;
  return { data: JSON.parse(readFileSync(path, 'utf8')) as CocoJson, dir: join(MMPOSE_GT, dir) };
}

/** OneHand10K or Panoptic: one hand per annotation. */
export function loadHandSet(set: 'onehand10k' | 'panoptic'): GtHand[] {
  const l = load(set, set, `test_${set}.json`);
  if (!l) return [];
  return l.data.annotations.map((a) => {
    const img = l.data.images.find((i) => i.id === a.image_id)!;
    return { set, file: join(l.dir, img.file_name), imageId: img.id, box: a.bbox as GtHand['box'], keypoints: kps(a.keypoints as number[]) };
  });
}

/** COCO-WholeBody: every valid left/right hand with at least one visible keypoint. */
export function loadWholeBodyHands(): GtHand[] {
  const l = load('coco_wholebody', 'coco', 'test_coco_wholebody.json');
  if (!l) return [];
  const out: GtHand[] = [];
  for (const a of l.data.annotations) {
    const img = l.data.images.find((i) => i.id === a.image_id)!;
    for (const side of ['left', 'right'] as const) {
      if (!a[`${side}hand_valid`]) continue;
      const keypoints = kps(a[`${side}hand_kpts`] as number[]);
      if (!keypoints.some((k) => k.v)) continue;
      out.push({
        set: 'coco_wholebody', file: join(l.dir, img.file_name), imageId: img.id, side,
        box: a[`${side}hand_box`] as GtHand['box'], keypoints, body: a.keypoints as number[],
      });
    }
  }
  return out;
}

/** Correct / visible keypoints at PCK@`thr`, normalised by the GT box's longer side. */
export function pckCounts(gt: GtHand, pred: readonly { x: number; y: number }[] | null, thr = 0.2): { hit: number; n: number } {
  const norm = Math.max(gt.box[2], gt.box[3]);
  let hit = 0;
  let n = 0;
  gt.keypoints.forEach((k, i) => {
    if (!k.v) return;
    n++;
    if (pred && Math.hypot(pred[i].x - k.x, pred[i].y - k.y) <= thr * norm) hit++;
  });
  return { hit, n };
}
