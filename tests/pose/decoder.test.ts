import { describe, expect, it } from 'vitest';
import { decodePoses, PafDecoder, type DecodedPerson } from '../../src/pose/decoder';
import { HEATMAP_CHANNELS, KEYPOINT, LIMBS, NUM_KEYPOINTS, PAF_CHANNELS } from '../../src/pose/schema';
import { renderMaps, standingPerson, type Skeleton } from './synthetic-maps';

const W = 496;
const H = 368;

/** Largest distance between a decoded person's keypoints and a skeleton's (detected ones only). */
function maxError(p: DecodedPerson, truth: Skeleton): number {
  let worst = 0;
  for (let k = 0; k < NUM_KEYPOINTS; k++) {
    const t = truth[k];
    if (!t || p.keypoints[k * 3 + 2] === 0) continue;
    worst = Math.max(worst, Math.hypot(p.keypoints[k * 3] - t[0], p.keypoints[k * 3 + 1] - t[1]));
  }
  return worst;
}

const detected = (p: DecodedPerson): number[] =>
  [...Array(NUM_KEYPOINTS).keys()].filter((k) => p.keypoints[k * 3 + 2] > 0);

/** The decoded person whose neck is nearest the skeleton's. */
function personAt(people: DecodedPerson[], truth: Skeleton): DecodedPerson {
  const n = truth[KEYPOINT.neck]!;
  let best = people[0];
  let bestD = Infinity;
  for (const p of people) {
    const d = Math.hypot(p.keypoints[3] - n[0], p.keypoints[4] - n[1]);
    if (d < bestD) [best, bestD] = [p, d];
  }
  return best;
}

describe('PafDecoder on synthetic maps', () => {
  it('finds no people in empty maps', () => {
    const maps = renderMaps([], W, H);
    expect(decodePoses(maps)).toEqual([]);
    const zeros = { ...maps, heatmaps: new Float32Array(maps.heatmaps.length), pafs: new Float32Array(maps.pafs.length) };
    expect(decodePoses(zeros)).toEqual([]);
  });

  it('finds no people in zero-size maps', () => {
    expect(decodePoses({ heatmaps: new Float32Array(0), pafs: new Float32Array(0), width: 0, height: 0, stride: 8 })).toEqual([]);
  });

  it('rejects maps too small for their stated size', () => {
    const maps = renderMaps([], W, H);
    expect(() => decodePoses({ ...maps, pafs: maps.pafs.subarray(0, 10) })).toThrow(RangeError);
  });

  it('recovers one person with all 18 keypoints to subpixel accuracy', () => {
    const truth = standingPerson(251.3, 93.7, 240);
    const people = decodePoses(renderMaps([truth], W, H));
    expect(people).toHaveLength(1);
    expect(people[0].partCount).toBe(18);
    expect(detected(people[0])).toHaveLength(18);
    // The stride-8 grid alone would be off by up to 4 px; log-quadratic refinement of a Gaussian is near exact.
    expect(maxError(people[0], truth)).toBeLessThan(0.5);
  });

  it('subpixel refinement beats the bare grid', () => {
    const truth = standingPerson(251.3, 93.7, 240);
    const maps = renderMaps([truth], W, H);
    const none = decodePoses(maps, { subpixel: 'none' });
    const quad = decodePoses(maps, { subpixel: 'quadratic' });
    const log = decodePoses(maps, { subpixel: 'log-quadratic' });
    expect(maxError(none[0], truth)).toBeGreaterThan(2);
    expect(maxError(quad[0], truth)).toBeLessThan(maxError(none[0], truth));
    expect(maxError(log[0], truth)).toBeLessThan(maxError(quad[0], truth));
  });

  it('keeps two people apart when their same-side forearms cross', () => {
    const a = standingPerson(160, 100, 240);
    // b has its back to the camera: its left side is on the image's left.
    const b: [number, number][] = standingPerson(300, 100, 240).map(([x, y], k, all) => {
      const mirror = [0, 1, 5, 6, 7, 2, 3, 4, 11, 12, 13, 8, 9, 10, 15, 14, 17, 16][k];
      return [all[mirror][0], y];
    });
    a[KEYPOINT.leftElbow] = [215, 150];
    a[KEYPOINT.leftWrist] = [265, 230];
    b[KEYPOINT.leftElbow] = [265, 150];
    b[KEYPOINT.leftWrist] = [215, 230];
    const people = decodePoses(renderMaps([a, b], W, H));
    expect(people).toHaveLength(2);
    for (const truth of [a, b]) {
      const p = personAt(people, truth);
      expect(p.partCount).toBe(18);
      expect(maxError(p, truth)).toBeLessThan(1);
    }
  });

  it('does not merge two people standing shoulder to shoulder', () => {
    const a = standingPerson(200, 100, 240);
    const b = standingPerson(262, 100, 240);
    const people = decodePoses(renderMaps([a, b], W, H));
    expect(people).toHaveLength(2);
    expect(maxError(personAt(people, a), a)).toBeLessThan(1);
    expect(maxError(personAt(people, b), b)).toBeLessThan(1);
  });

  it('a missing forearm drops only the wrist, and the wrist makes no person of its own', () => {
    const truth = standingPerson(250, 100, 240);
    const leftForearm = LIMBS.findIndex((l) => l.a === KEYPOINT.leftElbow && l.b === KEYPOINT.leftWrist);
    const people = decodePoses(renderMaps([truth], W, H, 8, { dropLimbs: [leftForearm] }));
    expect(people).toHaveLength(1);
    expect(people[0].partCount).toBe(17);
    expect(people[0].keypoints[KEYPOINT.leftWrist * 3 + 2]).toBe(0);
  });

  it('a missing knee leaves one person and no orphan ankle', () => {
    const truth: Skeleton = standingPerson(250, 100, 240).map((p, k) => (k === KEYPOINT.rightKnee ? null : p));
    const people = decodePoses(renderMaps([truth], W, H));
    expect(people).toHaveLength(1);
    expect(people[0].partCount).toBe(16);
    expect(maxError(people[0], truth)).toBeLessThan(0.5);
  });

  it('a missing neck–shoulder link keeps the arm on its person (joined through the shoulder–ear link)', () => {
    const truth = standingPerson(250, 100, 240);
    const neckToLeftShoulder = LIMBS.findIndex((l) => l.a === KEYPOINT.neck && l.b === KEYPOINT.leftShoulder);
    const people = decodePoses(renderMaps([truth], W, H, 8, { dropLimbs: [neckToLeftShoulder] }));
    expect(people).toHaveLength(1);
    expect(people[0].partCount).toBe(18);
  });

  it('drops fragments below minParts and honours maxPeople', () => {
    const lone: Skeleton = standingPerson(250, 100, 240).map((p, k) => (k === KEYPOINT.nose || k === KEYPOINT.neck ? p : null));
    expect(decodePoses(renderMaps([lone], W, H))).toHaveLength(0);
    const crowd = [120, 250, 380].map((x) => standingPerson(x, 100, 200));
    expect(decodePoses(renderMaps(crowd, W, H))).toHaveLength(3);
    expect(decodePoses(renderMaps(crowd, W, H), { maxPeople: 2 })).toHaveLength(2);
  });

  it('decodes a crowd of 24 people', () => {
    const crowd: Skeleton[] = [];
    for (let row = 0; row < 4; row++) for (let col = 0; col < 6; col++) crowd.push(standingPerson(60 + col * 110, 40 + row * 170, 150));
    const maps = renderMaps(crowd, 680, 720);
    const people = decodePoses(maps);
    expect(people).toHaveLength(24);
    for (const truth of crowd) expect(maxError(personAt(people, truth), truth)).toBeLessThan(1);
  });

  it('reuses its buffers: the same decoder gives the same answer twice', () => {
    const decoder = new PafDecoder();
    const maps = renderMaps([standingPerson(200, 100, 240), standingPerson(330, 100, 200)], W, H);
    const first = decoder.decode(maps);
    decoder.decode(renderMaps([], W, H));
    expect(decoder.decode(maps)).toEqual(first);
  });

  it('documents the map layout it expects', () => {
    expect(HEATMAP_CHANNELS).toBe(19);
    expect(PAF_CHANNELS).toBe(38);
    expect(LIMBS).toHaveLength(19);
  });
});
