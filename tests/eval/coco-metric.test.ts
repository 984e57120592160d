import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  COCO_SIGMAS,
  computeOks,
  evaluateKeypoints,
  type CocoKeypointAnnotation,
  type CocoKeypointGroundTruth,
  type CocoKeypointResult,
  type KeypointStats,
} from '../../tools/eval/coco-metric';

/**
 * Regression fixture: each case's stats were computed by pycocotools itself
 * (COCOeval(gt, COCO.loadRes(dt), 'keypoints'), cocodataset/cocoapi cocoeval.py) by
 * tests/eval/fixtures/make-pycocotools-fixtures.py from fixed seeds; rerun it (with numpy and
 * pycocotools importable) to regenerate. CI only reads the JSON.
 */
interface FixtureCase {
  name: string;
  note: string;
  sigmas: number[] | null;
  groundTruth: CocoKeypointGroundTruth;
  results: CocoKeypointResult[];
  stats: KeypointStats;
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/pycocotools-keypoints.json', import.meta.url), 'utf8'),
) as { cases: FixtureCase[] };

/** pycocotools and this port do the same double arithmetic; allow only last-bit differences. */
const FIXTURE_DIGITS = 12;

const STAT_KEYS: (keyof KeypointStats)[] = ['AP', 'AP50', 'AP75', 'APm', 'APl', 'AR', 'AR50', 'AR75', 'ARm', 'ARl'];

/** A 17-keypoint person laid out in a box, every keypoint labelled. */
function person(id: number, imageId: number, x: number, y: number, w: number, h: number): CocoKeypointAnnotation {
  const keypoints: number[] = [];
  for (let i = 0; i < 17; i++) keypoints.push(x + ((i * 7) % 17) * (w / 17), y + i * (h / 17), 2);
  return { id, image_id: imageId, category_id: 1, keypoints, num_keypoints: 17, area: w * h * 0.6, bbox: [x, y, w, h], iscrowd: 0 };
}

const detectionOf = (gt: CocoKeypointAnnotation, score: number, shift = 0): CocoKeypointResult => ({
  image_id: gt.image_id,
  category_id: 1,
  score,
  keypoints: gt.keypoints.map((v, i) => (i % 3 === 2 ? 1 : v + shift)),
});

const people = [person(1, 1, 10, 10, 100, 200), person(2, 1, 200, 20, 80, 180), person(3, 2, 50, 40, 120, 220)];
const gt: CocoKeypointGroundTruth = { images: [{ id: 1 }, { id: 2 }], annotations: people };

describe('computeOks', () => {
  it('is 1 for an exact copy and falls with distance, faster for tight sigmas', () => {
    const p = people[0]!;
    expect(computeOks(p, detectionOf(p, 1))).toBeCloseTo(1, 12);
    const near = computeOks(p, detectionOf(p, 1, 3));
    const far = computeOks(p, detectionOf(p, 1, 12));
    expect(near).toBeLessThan(1);
    expect(far).toBeLessThan(near);
    const tight = COCO_SIGMAS.map((s) => s / 4);
    expect(computeOks(p, detectionOf(p, 1, 3), tight)).toBeLessThan(near);
  });

  it('only scores labelled keypoints', () => {
    const p = person(9, 1, 0, 0, 100, 200);
    const kp = [...p.keypoints];
    kp[2] = 0; // nose unlabelled
    const partial = { ...p, keypoints: kp, num_keypoints: 16 };
    const dt = detectionOf(p, 1);
    const moved = { ...dt, keypoints: dt.keypoints.map((v, i) => (i === 0 ? v + 500 : v)) };
    expect(computeOks(partial, moved)).toBeCloseTo(1, 12);
  });

  it('rejects mismatched keypoint counts', () => {
    expect(() => computeOks(people[0]!, { keypoints: [0, 0, 0] })).toThrow(/mismatch/);
  });
});

describe('evaluateKeypoints', () => {
  it('gives AP = AR = 1 for perfect detections', () => {
    const r = evaluateKeypoints(gt, people.map((p, i) => detectionOf(p, 0.9 - i * 0.1)));
    for (const k of ['AP', 'AP50', 'AP75', 'AR', 'AR50', 'AR75'] as const) expect(r[k]).toBeCloseTo(1, 12);
    expect(r.people).toBe(3);
    expect(r.images).toBe(2);
  });

  it('gives lower AP for shifted detections, and lower the more they are shifted', () => {
    const exact = evaluateKeypoints(gt, people.map((p) => detectionOf(p, 0.9)));
    const shifted = evaluateKeypoints(gt, people.map((p) => detectionOf(p, 0.9, 6)));
    const far = evaluateKeypoints(gt, people.map((p) => detectionOf(p, 0.9, 15)));
    expect(shifted.AP).toBeLessThan(exact.AP);
    expect(far.AP).toBeLessThan(shifted.AP);
    expect(shifted.AP50).toBeGreaterThanOrEqual(shifted.AP75);
  });

  it('lowers AR when a person is missed', () => {
    const r = evaluateKeypoints(gt, people.slice(0, 2).map((p) => detectionOf(p, 0.9)));
    expect(r.AR).toBeCloseTo(2 / 3, 12);
    expect(r.AP).toBeLessThan(1);
  });

  it('counts ranking: a false positive scored above the true ones costs more than one below', () => {
    const junk: CocoKeypointResult = { ...detectionOf(people[2]!, 0), image_id: 1 };
    const below = evaluateKeypoints(gt, [...people.map((p) => detectionOf(p, 0.9)), { ...junk, score: 0.1 }]);
    const above = evaluateKeypoints(gt, [...people.map((p) => detectionOf(p, 0.5)), { ...junk, score: 0.99 }]);
    expect(below.AP).toBeCloseTo(1, 12);
    expect(above.AP).toBeLessThan(below.AP);
    expect(above.AR).toBeCloseTo(below.AR, 12);
  });

  it('ignores crowd and unlabelled people, and keeps only 20 detections per image', () => {
    const crowd: CocoKeypointAnnotation = { ...person(7, 1, 300, 200, 100, 100), keypoints: new Array(51).fill(0), num_keypoints: 0, iscrowd: 1 };
    const withCrowd = { images: gt.images, annotations: [...people, crowd] };
    const onCrowd = { ...detectionOf(people[0]!, 0.95), keypoints: new Array(51).fill(0).map((_, i) => (i % 3 === 0 ? 350 : i % 3 === 1 ? 250 : 1)) };
    const r = evaluateKeypoints(withCrowd, [...people.map((p) => detectionOf(p, 0.9)), onCrowd]);
    expect(r.AP).toBeCloseTo(1, 12);
    expect(r.people).toBe(3);
    const flood = Array.from({ length: 25 }, (_, i) => ({ ...detectionOf(people[2]!, 0.99 - i * 0.001), keypoints: new Array(51).fill(0) }));
    const flooded = evaluateKeypoints(gt, [...people.map((p) => detectionOf(p, 0.5)), ...flood]);
    expect(flooded.detections).toBe(2 + 20);
    expect(flooded.AR).toBeCloseTo(2 / 3, 12); // image 2's true detection fell below the top 20
  });

  it('rejects detections for images outside the ground truth', () => {
    expect(() => evaluateKeypoints(gt, [{ ...detectionOf(people[0]!, 1), image_id: 99 }])).toThrow(/image 99/);
  });

  it('uses bbox area × 0.53 when a ground truth has no area', () => {
    const { area: _drop, ...noArea } = people[0]!;
    const dt = detectionOf(people[0]!, 1, 5);
    expect(computeOks(noArea, dt)).toBeCloseTo(computeOks({ ...noArea, area: 100 * 200 * 0.53 }, dt), 12);
  });
});

describe('matches pycocotools on pinned synthetic sets', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = evaluateKeypoints(c.groundTruth, c.results, c.sigmas ? { sigmas: c.sigmas } : {});
    for (const k of STAT_KEYS) expect(r[k], `${c.name} ${k}`).toBeCloseTo(c.stats[k], FIXTURE_DIGITS);
  });
});
