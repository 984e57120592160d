import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COCO_SIGMAS } from '../../tools/eval/coco-metric';
import { DatasetError, DEFAULT_GT_ROOT, loadCocoKeypointDataset, loadSharedDatasets, personToResult } from '../../tools/eval/datasets';
import { KEYPOINT_NAMES, COCO17_NAMES } from '../../src/pose/schema';
import type { Person } from '../../src/pose/types';

describe('shared ground-truth sets', () => {
  const { datasets, skipped } = loadSharedDatasets(DEFAULT_GT_ROOT);
  const byName = new Map(datasets.map((d) => [d.name, d]));

  it('loads coco, crowdpose, ochuman and the other COCO-format sets, and says why others are skipped', () => {
    for (const name of ['coco', 'crowdpose', 'ochuman', 'aic', 'mhp', 'humanart', 'posetrack18', 'jhmdb', 'h36m']) expect(byName.has(name), name).toBe(true);
    expect(skipped.map((s) => s.name)).toEqual(expect.arrayContaining(['halpe', 'mpii']));
    for (const s of skipped) expect(s.reason.length).toBeGreaterThan(10);
  });

  it('keeps COCO-17 as is, with COCO sigmas', () => {
    const coco = byName.get('coco')!;
    expect(coco.keypoints).toEqual(COCO17_NAMES);
    expect(coco.sigmas).toEqual(COCO_SIGMAS);
    expect(coco.annotations).toHaveLength(14);
  });

  it('maps CrowdPose onto the 12 shared limb points (no neck or head) with its own sigmas, area from bbox', () => {
    const cp = byName.get('crowdpose')!;
    expect(cp.keypoints).toHaveLength(12);
    expect(cp.keypoints).not.toContain('neck');
    expect(cp.keypoints[0]).toBe('leftShoulder');
    const a = cp.annotations[0]!;
    expect(a.keypoints).toHaveLength(36);
    expect(a.area).toBeUndefined();
    // num_keypoints is recounted over the kept points
    expect(a.num_keypoints).toBe(a.keypoints.filter((v, i) => i % 3 === 2 && v > 0).length);
  });

  it('maps AIC by name (Right Shoulder → rightShoulder) with AIC sigmas', () => {
    const aic = byName.get('aic')!;
    expect(aic.keypoints[0]).toBe('rightShoulder');
    expect(aic.sigmas[0]).toBeCloseTo(0.01388152, 8);
  });

  it('reads Human3.6M feet as ankles and finds images in nested folders', () => {
    const h = byName.get('h36m')!;
    expect(h.keypoints).toContain('leftAnkle');
    expect(h.images.every((i) => i.path.endsWith(i.fileName))).toBe(true);
  });
});

describe('loadCocoKeypointDataset errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eval-ds-'));
  const write = (name: string, body: string): string => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  };

  it('names the problem', () => {
    expect(() => loadCocoKeypointDataset(join(dir, 'none.json'), dir)).toThrow(/not found/);
    expect(() => loadCocoKeypointDataset(write('bad.json', '{oops'), dir)).toThrow(/not valid JSON/);
    expect(() => loadCocoKeypointDataset(write('list.json', '[]'), dir)).toThrow(/JSON list/);
    expect(() => loadCocoKeypointDataset(write('boxes.json', JSON.stringify({ images: [], annotations: [{ id: 1, image_id: 1, bbox: [0, 0, 1, 1] }] })), dir)).toThrow(
      /no keypoint annotations/,
    );
    const missingImage = JSON.stringify({
      images: [{ id: 1, file_name: 'gone.jpg' }],
      annotations: [{ id: 1, image_id: 1, keypoints: new Array(51).fill(1), bbox: [0, 0, 1, 1] }],
      categories: [{ id: 1, keypoints: [] }],
    });
    expect(() => loadCocoKeypointDataset(write('img.json', missingImage), dir)).toThrow(DatasetError);
    expect(() => loadCocoKeypointDataset(write('img.json', missingImage), dir)).toThrow(/gone\.jpg/);
  });
});

describe('personToResult', () => {
  it('writes COCO-18 people in the dataset order, zeros for missing points, val.py score', () => {
    const person: Person = {
      keypoints: KEYPOINT_NAMES.map((name, i) => ({ name, x: i * 10, y: i, score: name === 'leftEye' ? 0 : 0.9 })),
      score: 0.9,
      partCount: 17,
      affinity: 20,
    };
    const r = personToResult(person, 5, ['nose', 'leftEye', 'rightShoulder']);
    expect(r).toEqual({ image_id: 5, category_id: 1, keypoints: [0, 0, 1, 0, 0, 0, 20, 2, 1], score: 20 * 16 });
  });
});
