/**
 * Face features on synthetic meshes: a neutral face mesh (fixtures/canonical-face-mesh.json, facemesh's
 * output on a real frontal face, turned to face the camera) edited in known ways — eyelids closed, mouth
 * opened or widened, the head turned — must give the expected VRM expressions and rotation.
 */
import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { CANONICAL_FACE_MESH, rotateFaceMesh } from '../helpers/face-mesh';
import {
  blendHeadRotation,
  EyeCalibrator,
  FACE_EXPRESSION_NAMES,
  faceFeatures,
  FaceFeatureSmoother,
  headRotationFromMesh,
  LEFT_EYE,
  MOUTH,
  RIGHT_EYE,
  visemes,
  type EyeIndices,
} from '../../src/face/face-features';

const mesh = (): number[] => CANONICAL_FACE_MESH.slice();
const deg = (r: number): number => (r * 180) / Math.PI;

/** Moves an eye's lids toward their midline, leaving `keep` of the gap (0 = shut). */
function closeEye(m: number[], eye: EyeIndices, keep: number): void {
  for (const [u, l] of eye.lids) {
    for (let c = 0; c < 3; c++) {
      const mid = (m[3 * u + c] + m[3 * l + c]) / 2;
      m[3 * u + c] = mid + keep * (m[3 * u + c] - mid);
      m[3 * l + c] = mid + keep * (m[3 * l + c] - mid);
    }
  }
}

/** Drops every landmark below the mouth corners by `px` pixels, scaled by depth below them (a jaw opening). */
function openJaw(m: number[], px: number): void {
  const lipY = (m[3 * MOUTH.upperInner + 1] + m[3 * MOUTH.lowerInner + 1]) / 2;
  const chinY = m[3 * 152 + 1];
  for (let i = 0; i < 468; i++) {
    const y = m[3 * i + 1];
    if (i === MOUTH.upperInner) continue;
    if (y > lipY || i === MOUTH.lowerInner) m[3 * i + 1] += px * Math.min(1, Math.max(0.3, (y - lipY) / (chinY - lipY) + 0.3));
  }
}

/** Moves the mouth corners apart (+) or together (−) by `px` each. */
function widenMouth(m: number[], px: number): void {
  m[3 * MOUTH.left] += px;
  m[3 * MOUTH.right] -= px;
}

describe('eyes', () => {
  it('an open-eyed face does not blink; shut eyelids blink fully; one shut eye is blinkLeft/Right', () => {
    const open = faceFeatures(mesh());
    expect(open.eyeRatio.right).toBeGreaterThan(0.28);
    expect(open.expressions.blink).toBeLessThan(0.1);
    expect(open.expressions.blinkLeft + open.expressions.blink).toBeLessThan(0.2);
    expect(open.expressions.blinkRight + open.expressions.blink).toBeLessThan(0.2);

    const shut = mesh();
    closeEye(shut, RIGHT_EYE, 0.1);
    closeEye(shut, LEFT_EYE, 0.1);
    const closed = faceFeatures(shut);
    expect(closed.expressions.blink).toBeGreaterThan(0.99);
    expect(closed.expressions.blinkLeft).toBeCloseTo(0, 6);
    expect(closed.expressions.blinkRight).toBeCloseTo(0, 6);

    // A wink of the person's left eye: VRM blinkLeft, nothing shared.
    const wink = mesh();
    closeEye(wink, LEFT_EYE, 0.1);
    const w = faceFeatures(wink);
    expect(w.expressions.blinkLeft).toBeGreaterThan(0.8);
    expect(w.expressions.blinkRight).toBeLessThan(0.05);
    expect(w.expressions.blink).toBeLessThan(0.15);
  });

  it('blink grows monotonically as the lids close', () => {
    let last = -1;
    for (const keep of [1, 0.9, 0.8, 0.7, 0.5, 0.2]) {
      const m = mesh();
      closeEye(m, RIGHT_EYE, keep);
      closeEye(m, LEFT_EYE, keep);
      const b = faceFeatures(m).expressions.blink;
      expect(b).toBeGreaterThanOrEqual(last);
      last = b;
    }
    expect(last).toBe(1);
  });

  it('the per-person baseline follows open eyes, not blinks', () => {
    const cal = new EyeCalibrator();
    for (let i = 0; i < 30; i++) cal.update({ right: 0.36, left: 0.36 });
    expect(cal.open.right).toBeGreaterThan(0.355);
    for (let i = 0; i < 5; i++) cal.update({ right: 0.1, left: 0.1 }); // a blink
    expect(cal.open.right).toBeGreaterThan(0.34);
    // With this person's wide eyes, a half-closed 0.27 is a blink the population threshold would miss.
    const m = mesh();
    closeEye(m, RIGHT_EYE, 0.85);
    closeEye(m, LEFT_EYE, 0.85);
    const plain = faceFeatures(m);
    const calibrated = faceFeatures(m, {}, undefined, cal.open);
    expect(calibrated.expressions.blink).toBeGreaterThan(plain.expressions.blink + 0.3);
  });
});

describe('mouth', () => {
  it('a closed mouth shows no viseme; an opened jaw shows aa', () => {
    const rest = faceFeatures(mesh());
    for (const v of ['aa', 'ih', 'ou', 'ee', 'oh'] as const) expect(rest.expressions[v]).toBe(0);
    const m = mesh();
    openJaw(m, 35);
    const f = faceFeatures(m);
    expect(f.mouthOpen).toBeGreaterThan(0.5);
    expect(f.expressions.aa).toBeGreaterThan(0.3);
    const sum = f.expressions.aa + f.expressions.ih + f.expressions.ou + f.expressions.ee + f.expressions.oh;
    expect(sum).toBeLessThanOrEqual(1 + 1e-9);
    expect(sum).toBeCloseTo(f.mouthOpen, 9);
  });

  it('wide lips give ih/ee, rounded lips ou/oh', () => {
    const wide = mesh();
    openJaw(wide, 8);
    widenMouth(wide, 8);
    const w = faceFeatures(wide).expressions;
    expect(w.ih + w.ee).toBeGreaterThan(w.aa);
    expect(w.ou + w.oh).toBe(0);
    const round = mesh();
    openJaw(round, 8);
    widenMouth(round, -8);
    const r = faceFeatures(round).expressions;
    expect(r.ou + r.oh).toBeGreaterThan(r.aa);
    expect(r.ih + r.ee).toBe(0);
  });

  it('viseme weights always sum to the opening', () => {
    const out = { aa: 0, ih: 0, ou: 0, ee: 0, oh: 0 };
    for (const o of [0, 0.3, 1]) {
      for (const s of [-1, -0.4, 0, 0.6, 1]) {
        visemes(o, s, out);
        expect(out.aa + out.ih + out.ou + out.ee + out.oh).toBeCloseTo(o, 9);
        for (const v of Object.values(out)) expect(v).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('head rotation and look-at', () => {
  it('the canonical face faces the camera', () => {
    const q = headRotationFromMesh(mesh(), new Quaternion());
    expect(deg(q.angleTo(new Quaternion()))).toBeLessThan(0.5);
  });

  it('recovers yaw, pitch and roll of a turned mesh (view space, retarget/head.ts convention)', () => {
    const cases: [Vector3, number][] = [
      [new Vector3(0, 1, 0), 30], // turning to the person's left = toward the image right
      [new Vector3(0, 1, 0), -45],
      [new Vector3(1, 0, 0), 20], // chin up
      [new Vector3(0, 0, 1), 25], // roll
      [new Vector3(1, 1, 0.3).normalize(), 35],
    ];
    for (const [axis, angle] of cases) {
      const q = new Quaternion().setFromAxisAngle(axis, (angle * Math.PI) / 180);
      const f = faceFeatures(rotateFaceMesh(mesh(), q));
      expect(deg(f.headRotation.angleTo(q))).toBeLessThan(1);
    }
    const left = faceFeatures(rotateFaceMesh(mesh(), new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), (30 * Math.PI) / 180)));
    expect(deg(left.lookAt.yaw)).toBeCloseTo(30, 0);
    expect(deg(left.lookAt.pitch)).toBeCloseTo(0, 0);
    const up = faceFeatures(rotateFaceMesh(mesh(), new Quaternion().setFromAxisAngle(new Vector3(1, 0, 0), (-20 * Math.PI) / 180)));
    expect(deg(up.lookAt.pitch)).toBeCloseTo(20, 0);
  });

  it('a face off the optical axis that looks at the camera is turned toward it', () => {
    // The canonical face at (320, 240) seen by a camera whose centre is 400 px to the right: facing the
    // camera means facing toward +X by atan(400 / f).
    const f = 600;
    const q = headRotationFromMesh(mesh(), new Quaternion(), { focalPx: f, cx: 720, cy: 240 });
    const fwd = new Vector3(0, 0, 1).applyQuaternion(q);
    expect(deg(Math.atan2(fwd.x, fwd.z))).toBeCloseTo(deg(Math.atan2(400, f)), 1);
  });

  it('refines the body estimate by weight × score', () => {
    const body = new Quaternion();
    const face = new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), 0.5);
    const out = new Quaternion();
    expect(blendHeadRotation(body, face, 1, out, 1).angleTo(face)).toBeLessThan(1e-6);
    expect(blendHeadRotation(body, face, 0, out).angleTo(body)).toBeLessThan(1e-6);
    expect(blendHeadRotation(body, face, 1, out, 0.5).angleTo(body)).toBeCloseTo(0.25, 5);
  });
});

describe('smoothing', () => {
  it('passes a 130 ms blink and steadies jitter', () => {
    const s = new FaceFeatureSmoother();
    const open = mesh();
    const shut = mesh();
    closeEye(shut, RIGHT_EYE, 0.1);
    closeEye(shut, LEFT_EYE, 0.1);
    let t = 0;
    for (let i = 0; i < 30; i++, t += 33) s.update(open, t);
    let peak = 0;
    for (let i = 0; i < 4; i++, t += 33) peak = Math.max(peak, s.update(shut, t).expressions.blink);
    expect(peak).toBeGreaterThan(0.7);
    let after = 1;
    for (let i = 0; i < 10; i++, t += 33) after = s.update(open, t).expressions.blink;
    expect(after).toBeLessThan(0.1);
    for (const name of FACE_EXPRESSION_NAMES) expect(Number.isFinite(s.update(open, t).expressions[name])).toBe(true);
    s.reset();
  });
});
