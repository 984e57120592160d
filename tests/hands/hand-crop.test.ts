import { describe, expect, it } from 'vitest';
import { applyAffine, BOX_SCALE, handBoxFromArm, handCropsForFrame, makeCrop, WRIST_ELBOW_RATIO } from '../../src/hands/hand-crop';
import { CropSampler } from '../../src/hands/crop-sampler';
import { KEYPOINT_NAMES, KEYPOINT } from '../../src/pose/schema';
import type { Person } from '../../src/pose/types';

const kp = (x: number, y: number, score = 0.9) => ({ x, y, score });

/** A person with only the arms set (other keypoints undetected). */
function armsPerson(arms: { ls: [number, number]; le: [number, number]; lw: [number, number]; rs: [number, number]; re: [number, number]; rw: [number, number] }, score = 0.9): Person {
  const keypoints = KEYPOINT_NAMES.map((name) => ({ name, x: 0, y: 0, score: 0 }));
  const set = (n: (typeof KEYPOINT_NAMES)[number], [x, y]: [number, number]) => Object.assign(keypoints[KEYPOINT[n]], { x, y, score });
  set('leftShoulder', arms.ls); set('leftElbow', arms.le); set('leftWrist', arms.lw);
  set('rightShoulder', arms.rs); set('rightElbow', arms.re); set('rightWrist', arms.rw);
  return { keypoints, score, partCount: 6, affinity: 6 };
}

describe('hand crop (OpenPose box, turned upright)', () => {
  it('centres the box beyond the wrist and sizes it from the arm (OpenPose constants)', () => {
    // Forearm 100 px pointing right, upper arm 150 px: size = 1.5 · max(100, 0.9·150) = 202.5.
    const c = handBoxFromArm(kp(100, 300), kp(250, 300), kp(350, 300))!;
    expect(c.cx).toBeCloseTo(350 + WRIST_ELBOW_RATIO * 100);
    expect(c.cy).toBeCloseTo(300);
    expect(c.size).toBeCloseTo(BOX_SCALE * 135);
    // Short upper arm: the forearm sets the scale.
    expect(handBoxFromArm(kp(200, 300), kp(250, 300), kp(350, 300))!.size).toBeCloseTo(150);
    // No shoulder: forearm only.
    expect(handBoxFromArm(undefined, kp(250, 300), kp(350, 300))!.size).toBeCloseTo(150);
  });

  it('rotates so the forearm direction points up in the crop', () => {
    for (const deg of [0, 30, 90, 135, 180, -60]) {
      const t = (deg * Math.PI) / 180;
      const dir = { x: Math.cos(t), y: Math.sin(t) };
      const e = { x: 400, y: 300 };
      const w = { x: e.x + 120 * dir.x, y: e.y + 120 * dir.y };
      const c = handBoxFromArm(undefined, kp(e.x, e.y), kp(w.x, w.y))!;
      const ce = applyAffine(c.toCrop, e.x, e.y);
      const cw = applyAffine(c.toCrop, w.x, w.y);
      // Elbow straight below the wrist in crop coordinates, both on the crop's vertical centre line.
      expect(ce.x).toBeCloseTo(c.cropSize / 2, 6);
      expect(cw.x).toBeCloseTo(c.cropSize / 2, 6);
      expect(ce.y).toBeGreaterThan(cw.y);
      // The box centre maps to the crop centre; the box side to the crop side.
      const cc = applyAffine(c.toCrop, c.cx, c.cy);
      expect(cc.x).toBeCloseTo(112, 6);
      expect(cc.y).toBeCloseTo(112, 6);
      expect(Math.hypot(ce.x - cw.x, ce.y - cw.y)).toBeCloseTo((120 / c.size) * c.cropSize, 6);
    }
  });

  it('maps crop ↔ image both ways', () => {
    const c = makeCrop(123.4, 56.7, 88, 0.7);
    for (const [u, v] of [[0, 0], [224, 0], [17.5, 200.25], [112, 112]]) {
      const p = applyAffine(c.toImage, u, v);
      const q = applyAffine(c.toCrop, p.x, p.y);
      expect(q.x).toBeCloseTo(u, 9);
      expect(q.y).toBeCloseTo(v, 9);
    }
  });

  it('samples the rotated crop (bilinear, black outside the image)', () => {
    // 64×64 image: left half red, right half blue. A crop turned 90° clockwise puts image-right at crop-top.
    const W = 64;
    const rgba = new Uint8Array(W * W * 4);
    for (let y = 0; y < W; y++) for (let x = 0; x < W; x++) rgba.set(x < 32 ? [255, 0, 0, 255] : [0, 0, 255, 255], (y * W + x) * 4);
    const crop = makeCrop(32, 32, 32, Math.PI / 2, 16);
    const t = new CropSampler('nhwc').sample(rgba, W, W, [crop]);
    const px = (u: number, v: number) => Array.from(t.subarray((v * 16 + u) * 3, (v * 16 + u) * 3 + 3));
    expect(px(8, 2)).toEqual([0, 0, 1]); // crop top = image right = blue
    expect(px(8, 13)).toEqual([1, 0, 0]); // crop bottom = image left = red
    const outside = new CropSampler('nchw').sample(rgba, W, W, [makeCrop(-100, -100, 32, 0, 16)]);
    expect(outside.every((v) => v === 0)).toBe(true);
  });

  it('eligibility: scores, size and maxPeople (largest hands first)', () => {
    const near = armsPerson({ ls: [300, 200], le: [300, 300], lw: [300, 400], rs: [200, 200], re: [200, 300], rw: [200, 400] });
    const far = armsPerson({ ls: [600, 200], le: [600, 240], lw: [600, 280], rs: [560, 200], re: [560, 240], rw: [560, 280] });
    const tiny = armsPerson({ ls: [10, 10], le: [10, 20], lw: [10, 30], rs: [0, 10], re: [0, 20], rw: [0, 30] });
    const crops = handCropsForFrame([far, near, tiny], { maxPeople: 2 });
    expect(crops.map((c) => `${c.person}${c.side}`)).toEqual(['0left', '0right', '1left', '1right']);
    expect(handCropsForFrame([far, near, tiny], { maxPeople: 1 }).map((c) => c.person)).toEqual([1, 1]);
    expect(handCropsForFrame([far, near], { maxPeople: 0 })).toEqual([]);
    const lowWrist = armsPerson({ ls: [300, 200], le: [300, 300], lw: [300, 400], rs: [200, 200], re: [200, 300], rw: [200, 400] });
    lowWrist.keypoints[KEYPOINT.leftWrist].score = 0.05;
    expect(handCropsForFrame([lowWrist]).map((c) => c.side)).toEqual(['right']);
    // Left/right come from the body: the left wrist's crop is the left hand, wherever it is in the image.
    const crossed = armsPerson({ ls: [300, 200], le: [250, 300], lw: [150, 350], rs: [200, 200], re: [250, 300], rw: [350, 350] });
    const [l, r] = handCropsForFrame([crossed]);
    expect(l.side).toBe('left');
    expect(l.cx).toBeLessThan(r.cx);
  });
});
