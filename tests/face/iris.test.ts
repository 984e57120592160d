/**
 * The iris stage's geometry and what its points drive, on synthetic inputs: eye crops (MediaPipe's framing,
 * the person's left eye mirrored), mapping back to the image, blink from the iris eyelids, gaze from the
 * iris within the eye, OpenPose pupils, and the smoother's separate iris baseline.
 */
import { readFileSync } from 'node:fs';
import { Quaternion } from 'three';
import { describe, expect, it } from 'vitest';
import { faceFeatures, FaceFeatureSmoother, gazeFromIris, lookAtFrom } from '../../src/face/face-features';
import {
  composeAffine,
  EYE_CONTOUR_POINTS,
  EYE_CROP_SCALE,
  eyeCropAffine,
  eyePointsToImage,
  IRIS_INPUT_SIZE,
  IRIS_POINTS,
  type EyePoints,
  type IrisPoints,
} from '../../src/face/iris';
import { FACEMESH_LEFT_EYE_CONTOUR, FACEMESH_RIGHT_EYE_CONTOUR, OPENPOSE_LEFT_PUPIL, OPENPOSE_RIGHT_PUPIL, openPoseFaceFromMesh } from '../../src/face/openpose-face';

const CANONICAL: readonly number[] = JSON.parse(readFileSync(new URL('./fixtures/canonical-face-mesh.json', import.meta.url), 'utf8')).landmarks;
const mesh = (): Float32Array => Float32Array.from(CANONICAL);

/** facemesh vertices of the iris contour's first 16 points (outer, lower lid, inner, upper lid), per eye. */
const CONTOUR_FROM_MESH = {
  right: [33, 7, 163, 144, 145, 153, 154, 155, 133, 246, 161, 160, 159, 158, 157, 173],
  left: [263, 249, 390, 373, 374, 380, 381, 382, 362, 466, 388, 387, 386, 385, 384, 398],
} as const;

/** Iris-model points built from the mesh: its lid contour, the iris at the outline's centre moved by `shift` eye widths along x. */
function irisFromMesh(m: ArrayLike<number>, shift = 0, lidKeep = 1): IrisPoints {
  const eye = (side: 'right' | 'left'): EyePoints => {
    const contour = new Float32Array(EYE_CONTOUR_POINTS * 3);
    CONTOUR_FROM_MESH[side].forEach((v, i) => contour.set([m[3 * v], m[3 * v + 1], m[3 * v + 2]], 3 * i));
    const ring = side === 'right' ? FACEMESH_RIGHT_EYE_CONTOUR : FACEMESH_LEFT_EYE_CONTOUR;
    let x = 0;
    let y = 0;
    for (const v of ring) {
      x += m[3 * v] / ring.length;
      y += m[3 * v + 1] / ring.length;
    }
    // Lids toward the corner line's midpoint height (lidKeep 0: shut).
    for (let i = 1; i < 16; i++) {
      if (i === 8) continue;
      contour[3 * i + 1] = y + lidKeep * (contour[3 * i + 1] - y);
    }
    const w = Math.hypot(contour[0] - contour[24], contour[1] - contour[25]);
    const iris = new Float32Array(IRIS_POINTS * 3);
    iris.set([x + shift * w, y, 0]);
    return { contour, iris };
  };
  return { right: eye('right'), left: eye('left') };
}

const apply = (m: { a: number; b: number; c: number; d: number; tx: number; ty: number }, u: number, v: number): [number, number] => [m.a * u + m.b * v + m.tx, m.c * u + m.d * v + m.ty];

describe('eye crops', () => {
  it('frame each eye as MediaPipe does: centred between the corners, 2.3× their distance, outer corner on the crop left', () => {
    const m = mesh();
    const S = IRIS_INPUT_SIZE;
    const half = S / (2 * EYE_CROP_SCALE); // corners sit this far either side of the crop centre
    for (const [side, outer, inner] of [['right', 33, 133], ['left', 263, 362]] as const) {
      const t = eyeCropAffine(m, side);
      const [ox, oy] = apply(t, S / 2 - half, S / 2);
      const [ix, iy] = apply(t, S / 2 + half, S / 2);
      expect(ox).toBeCloseTo(m[3 * outer], 3);
      expect(oy).toBeCloseTo(m[3 * outer + 1], 3);
      expect(ix).toBeCloseTo(m[3 * inner], 3);
      expect(iy).toBeCloseTo(m[3 * inner + 1], 3);
      // Crop y runs down the face for both eyes: the left eye's crop is the mirror (negative determinant).
      expect(apply(t, S / 2, S)[1]).toBeGreaterThan(apply(t, S / 2, 0)[1]);
      expect(Math.sign(t.a * t.d - t.b * t.c)).toBe(side === 'right' ? 1 : -1);
    }
  });

  it('compose with a region map and map points back (z scaled like x, y)', () => {
    const t = eyeCropAffine(mesh(), 'left');
    const region = { a: 0.5, b: 0, c: 0, d: 0.5, tx: -10, ty: 4 };
    const both = composeAffine(region, t);
    const [x, y] = apply(t, 10, 20);
    const [rx, ry] = apply(both, 10, 20);
    expect(rx).toBeCloseTo(0.5 * x - 10, 4);
    expect(ry).toBeCloseTo(0.5 * y + 4, 4);
    const out = eyePointsToImage(Float32Array.of(0, 0, 0, 10, 20, 2), 3, 1, t);
    expect(out[0]).toBeCloseTo(x, 4);
    expect(out[1]).toBeCloseTo(y, 4);
    expect(out[2]).toBeCloseTo(2 * Math.sqrt(Math.abs(t.a * t.d - t.b * t.c)), 4);
  });
});

describe('features from the iris points', () => {
  it('blink from the iris eyelids: open 0, shut 1; without iris the mesh decides (eyeSource)', () => {
    const m = mesh();
    const open = faceFeatures(m, {}, undefined, undefined, irisFromMesh(m, 0, 1.4));
    expect(open.eyeSource).toBe('iris');
    expect(open.expressions.blink).toBe(0);
    const shut = faceFeatures(m, {}, undefined, undefined, irisFromMesh(m, 0, 0));
    expect(shut.expressions.blink).toBe(1);
    const plain = faceFeatures(m);
    expect(plain.eyeSource).toBe('mesh');
    expect(plain.gaze).toBeNull();
  });

  it('gaze follows the iris: centred ≈ straight, shifted toward the image right → yaw + (person\'s left), sized like an eyeball turn', () => {
    const m = mesh();
    const g0 = gazeFromIris(m, irisFromMesh(m, 0));
    const g1 = gazeFromIris(m, irisFromMesh(m, 0.1));
    const g2 = gazeFromIris(m, irisFromMesh(m, -0.1));
    expect(Math.abs(g0.yaw)).toBeLessThan(0.05);
    // 0.1 eye widths ≈ asin(0.27) ≈ 15.7°.
    expect(g1.yaw - g0.yaw).toBeCloseTo(Math.asin(0.27), 1);
    expect(g2.yaw - g0.yaw).toBeCloseTo(-Math.asin(0.27), 1);
    // Look-at: the head's direction turned by the gaze (identity head: the gaze itself).
    const look = lookAtFrom(new Quaternion(), g1, { yaw: 0, pitch: 0 });
    expect(look.yaw).toBeCloseTo(g1.yaw, 5);
    expect(faceFeatures(m, {}, undefined, undefined, irisFromMesh(m, 0.1)).lookAt.yaw).toBeGreaterThan(faceFeatures(m).lookAt.yaw + 0.2);
  });

  it('OpenPose pupils: iris centres with the iris, eye-outline centres without', () => {
    const m = mesh();
    const iris = irisFromMesh(m, 0.1);
    const withIris = openPoseFaceFromMesh(m, 1, undefined, iris);
    const without = openPoseFaceFromMesh(m, 1);
    expect(withIris[3 * OPENPOSE_RIGHT_PUPIL]).toBe(iris.right.iris[0]);
    expect(withIris[3 * OPENPOSE_LEFT_PUPIL + 1]).toBe(iris.left.iris[1]);
    expect(withIris[3 * OPENPOSE_RIGHT_PUPIL] - without[3 * OPENPOSE_RIGHT_PUPIL]).toBeGreaterThan(0);
    // Everything but the pupils is the same.
    expect(withIris.slice(0, 3 * OPENPOSE_RIGHT_PUPIL)).toEqual(without.slice(0, 3 * OPENPOSE_RIGHT_PUPIL));
  });

  it('the smoother keeps a separate open-eye baseline for iris frames and smooths the gaze into the look-at', () => {
    const m = mesh();
    const s = new FaceFeatureSmoother();
    const open = irisFromMesh(m, 0.1, 1.2);
    let f = s.update(m, 0, undefined, open);
    for (let i = 1; i < 40; i++) f = s.update(m, i * 33, undefined, open);
    expect(f.gaze!.yaw).toBeGreaterThan(0.2);
    expect(f.lookAt.yaw).toBeGreaterThan(0.2);
    expect(s.irisEyes.open.right).toBeGreaterThan(0.3);
    // The mesh baseline did not move on iris frames (it starts at the population default on its first frame).
    expect(s.eyes.open.right).toBe(0);
    const shut = s.update(m, 40 * 33, undefined, irisFromMesh(m, 0.1, 0));
    expect(shut.eyeSource).toBe('iris');
    // Without the iris the look-at is the head's again.
    const plain = s.update(m, 41 * 33);
    expect(plain.gaze).toBeNull();
    expect(Math.abs(plain.lookAt.yaw)).toBeLessThan(0.15);
  });
});
