/**
 * Face box geometry from body keypoints: roll from the eye line, size from the eye and ear distances,
 * eligibility, the crop affine's round trip, and the mesh-derived tracking box.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FACE_CROP_OPTIONS,
  FACE_CENTRE_BELOW_EYES,
  FACE_SIZE_PER_EAR_DISTANCE,
  FACE_SIZE_PER_EYE_DISTANCE,
  faceBoxFromKeypoints,
  faceBoxFromMesh,
  faceCrop,
  selectFaces,
} from '../../src/face/face-crop';
import { applyAffine } from '../../src/hands/hand-crop';
import { KEYPOINT, KEYPOINT_NAMES, NUM_KEYPOINTS } from '../../src/pose/schema';
import type { Keypoint, Person } from '../../src/pose/types';

type Pt = [number, number];

/** A person with only the given face keypoints (score 0.9), others missing. */
function person(points: Partial<Record<'nose' | 'rightEye' | 'leftEye' | 'rightEar' | 'leftEar', Pt>>, score = 0.9): Person {
  const keypoints: Keypoint[] = Array.from({ length: NUM_KEYPOINTS }, (_, k) => ({ name: KEYPOINT_NAMES[k], x: 0, y: 0, score: 0 }));
  for (const [name, p] of Object.entries(points)) {
    const k = KEYPOINT[name as keyof typeof KEYPOINT];
    keypoints[k] = { name: KEYPOINT_NAMES[k], x: p![0], y: p![1], score };
  }
  return { keypoints, score, partCount: Object.keys(points).length, affinity: 0 };
}

/** A frontal face at (cx, cy): eyes `iod` apart, rolled by `roll` radians (clockwise on screen). */
function frontal(cx: number, cy: number, iod: number, roll = 0, withEars = true): Person {
  const rot = (dx: number, dy: number): Pt => [cx + dx * Math.cos(roll) - dy * Math.sin(roll), cy + dx * Math.sin(roll) + dy * Math.cos(roll)];
  return person({
    // The person's right eye is on the image's left.
    rightEye: rot(-iod / 2, 0),
    leftEye: rot(iod / 2, 0),
    nose: rot(0, 0.7 * iod),
    ...(withEars ? { rightEar: rot(-1.1 * iod, 0.3 * iod), leftEar: rot(1.1 * iod, 0.3 * iod) } : {}),
  });
}

describe('face box from keypoints', () => {
  it('takes its roll from the eye line, so the crop is upright', () => {
    for (const deg of [0, 25, -40, 90]) {
      const roll = (deg * Math.PI) / 180;
      const p = frontal(300, 200, 40, roll, false);
      const box = faceBoxFromKeypoints(p.keypoints)!;
      expect(box.roll).toBeCloseTo(roll, 6);
      // In the crop, both eyes lie on one horizontal line, right eye left of the left eye.
      const crop = faceCrop(box, 0, 192);
      const r = applyAffine(crop.toCrop, p.keypoints[KEYPOINT.rightEye].x, p.keypoints[KEYPOINT.rightEye].y);
      const l = applyAffine(crop.toCrop, p.keypoints[KEYPOINT.leftEye].x, p.keypoints[KEYPOINT.leftEye].y);
      expect(r.y).toBeCloseTo(l.y, 6);
      expect(l.x - r.x).toBeGreaterThan(0);
      // The eyes sit above the crop centre (the box centre is below them, toward the mouth).
      expect(r.y).toBeLessThan(96);
      expect((r.x + l.x) / 2).toBeCloseTo(96, 6);
    }
  });

  it('sizes the face from the eye distance, or the ear distance when that is larger', () => {
    const eyesOnly = faceBoxFromKeypoints(frontal(300, 200, 40, 0, false).keypoints)!;
    expect(eyesOnly.faceSize).toBeCloseTo(FACE_SIZE_PER_EYE_DISTANCE * 40, 6);
    expect(eyesOnly.side).toBeCloseTo(eyesOnly.faceSize * DEFAULT_FACE_CROP_OPTIONS.margin, 6);
    expect(eyesOnly.cy - 200).toBeCloseTo(FACE_CENTRE_BELOW_EYES * eyesOnly.faceSize, 6);
    // A head turned to the side: the eyes close up (foreshortened), the ears stay apart.
    const turned = person({ rightEye: [290, 200], leftEye: [310, 200], nose: [318, 225], rightEar: [250, 205], leftEar: [335, 205] });
    const box = faceBoxFromKeypoints(turned.keypoints)!;
    expect(box.faceSize).toBeCloseTo(FACE_SIZE_PER_EAR_DISTANCE * 85, 6);
    // Profile: one eye and the nose, no ear pair: the nose drop keeps a sensible size.
    const profile = person({ rightEye: [300, 200], nose: [290, 226], rightEar: [340, 205] });
    const pbox = faceBoxFromKeypoints(profile.keypoints)!;
    expect(pbox.faceSize).toBeGreaterThan(60);
    expect(pbox.faceSize).toBeLessThan(130);
  });

  it('needs both eyes, or the nose and an eye', () => {
    expect(faceBoxFromKeypoints(person({ nose: [10, 10] }).keypoints)).toBeNull();
    expect(faceBoxFromKeypoints(person({ rightEar: [0, 0], leftEar: [50, 0] }).keypoints)).toBeNull();
    expect(faceBoxFromKeypoints(person({ rightEye: [0, 0], leftEye: [40, 0] }, 0.1).keypoints)).toBeNull(); // below minKeypointScore
    expect(faceBoxFromKeypoints(person({ rightEye: [0, 0], leftEye: [40, 0] }).keypoints)).not.toBeNull();
  });
});

describe('choosing faces', () => {
  const small = frontal(100, 100, 10); // face size 26 px < 48
  const medium = frontal(300, 100, 30);
  const large = frontal(500, 100, 60);
  it('keeps faces large enough, the largest first up to maxPeople, in person order', () => {
    expect(selectFaces([small, medium, large]).map((c) => c.personIndex)).toEqual([2]);
    expect(selectFaces([small, medium, large], { maxPeople: 2 }).map((c) => c.personIndex)).toEqual([1, 2]);
    expect(selectFaces([small, medium, large], { maxPeople: 5, minFaceSizePx: 20 }).map((c) => c.personIndex)).toEqual([0, 1, 2]);
    expect(selectFaces([small, medium, large], { maxPeople: 0 })).toEqual([]);
    expect(selectFaces([medium, large], { maxPeople: Infinity }).length).toBe(2);
  });
});

describe('crop affine', () => {
  it('round-trips image → crop → image, and maps the crop square onto the rolled box', () => {
    const box = faceBoxFromKeypoints(frontal(321.5, 187.25, 37, 0.6).keypoints)!;
    const crop = faceCrop(box, 4, 192);
    expect(crop.personIndex).toBe(4);
    for (const [x, y] of [[0, 0], [321.5, 187.25], [400, 90], [-50, 1000]] as Pt[]) {
      const c = applyAffine(crop.toCrop, x, y);
      const back = applyAffine(crop.toImage, c.x, c.y);
      expect(back.x).toBeCloseTo(x, 6);
      expect(back.y).toBeCloseTo(y, 6);
    }
    const centre = applyAffine(crop.toImage, 96, 96);
    expect(centre.x).toBeCloseTo(box.cx, 6);
    expect(centre.y).toBeCloseTo(box.cy, 6);
    const a = applyAffine(crop.toImage, 0, 0);
    const b = applyAffine(crop.toImage, 192, 0);
    expect(Math.hypot(b.x - a.x, b.y - a.y)).toBeCloseTo(box.side, 6);
    expect(Math.atan2(b.y - a.y, b.x - a.x)).toBeCloseTo(box.roll, 6);
  });
});

describe('face box from a mesh (tracking)', () => {
  const mesh: number[] = JSON.parse(readFileSync(new URL('./fixtures/canonical-face-mesh.json', import.meta.url), 'utf8')).landmarks;
  it('frames the mesh like the keypoint box does (size ≈ the landmark box, upright)', () => {
    const box = faceBoxFromMesh(mesh);
    expect(Math.abs(box.roll)).toBeLessThan(0.03); // the eye line alone, within 2° of the eyes+mouth frame
    // The canonical mesh has its eye corners 100 px apart, i.e. a pupil distance of ~65 px.
    expect(box.faceSize).toBeGreaterThan(170);
    expect(box.faceSize).toBeLessThan(230);
    // The keypoint box of the same face (pupils ≈ the eye-corner midpoints' midpoints) lands nearby.
    const pupil = (o: number, i: number): Pt => [(mesh[3 * o] + mesh[3 * i]) / 2, (mesh[3 * o + 1] + mesh[3 * i + 1]) / 2];
    const kp = faceBoxFromKeypoints(person({ rightEye: pupil(33, 133), leftEye: pupil(263, 362), nose: [mesh[3], mesh[4]] }).keypoints)!;
    expect(Math.abs(kp.faceSize / box.faceSize - 1)).toBeLessThan(0.2);
    expect(Math.hypot(kp.cx - box.cx, kp.cy - box.cy) / box.faceSize).toBeLessThan(0.12);
  });
});
