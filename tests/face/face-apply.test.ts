/**
 * The app's per-person face state (src/app/face-apply.ts): a tracked person's face mesh → smoothed VRM
 * expression weights on the avatar (expressionManager.setValue for the 8 face expressions), the head bone
 * refined toward the face's rotation, look-at from the face's direction beyond that head, mirror swapping
 * the eyes, neutral once the face is lost, and a tilted camera's face turned into the body's level space.
 */
import type { VRM } from '@pixiv/three-vrm';
import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { CANONICAL_FACE_MESH, rotateFaceMesh } from '../helpers/face-mesh';
import { FaceState } from '../../src/app/face-apply';
import { chainRotation } from '../../src/app/hand-bones';
import { FACE_EXPRESSION_NAMES, FACE_HEAD_WEIGHT, faceFeatures, RIGHT_EYE } from '../../src/face/face-features';
import type { Person } from '../../src/pose/types';


/** The neutral mesh with the person's right eye shut. */
function rightEyeShut(): Float32Array {
  const m = Float32Array.from(CANONICAL_FACE_MESH);
  for (const [u, l] of RIGHT_EYE.lids) {
    for (let c = 0; c < 3; c++) {
      const mid = (m[3 * u + c] + m[3 * l + c]) / 2;
      m[3 * u + c] = mid;
      m[3 * l + c] = mid;
    }
  }
  return m;
}

const personWith = (landmarks: Float32Array): Person => ({ face: { landmarks, score: 1 } }) as unknown as Person;

/** The neutral mesh turned by `q` (view space) about the point between the eyes' outer corners. */
const turned = (q: Quaternion): Float32Array => rotateFaceMesh(Float32Array.from(CANONICAL_FACE_MESH), q);

type Bones = Parameters<FaceState['update']>[2];
/** What the body solver gives every frame: chest, neck and head at rest (a head facing the camera). */
const solvedAtRest = (): Bones => ({ upperChest: [0, 0, 0, 1], neck: [0, 0, 0, 1], head: [0, 0, 0, 1] });
const DEG = 180 / Math.PI;
const yawDeg = (q: Quaternion): number => {
  const f = new Vector3(0, 0, 1).applyQuaternion(q);
  return Math.atan2(f.x, f.z) * DEG;
};
const headOf = (bones: Bones): Quaternion => chainRotation(bones, 'head', new Quaternion());
const quat = (b: [number, number, number, number] | undefined): Quaternion => new Quaternion(...b!);

function fakeVrm(): { vrm: VRM; values: Map<string, number>; calls: () => number } {
  const values = new Map<string, number>();
  let calls = 0;
  const vrm = {
    expressionManager: { setValue: (name: string, w: number) => (calls++, values.set(name, w)) },
    lookAt: { yaw: 0, pitch: 0 },
  } as unknown as VRM;
  return { vrm, values, calls: () => calls };
}

describe('FaceState (app)', () => {
  it('sets the 8 face expressions and a near-zero look-at for a frontal face, neutral once the face is lost', () => {
    const state = new FaceState();
    const { vrm, values, calls } = fakeVrm();
    for (let i = 0; i < 10; i++) state.update(personWith(rightEyeShut()), i * 33, {}, false);
    state.apply(vrm);
    expect([...values.keys()].sort()).toEqual([...FACE_EXPRESSION_NAMES].sort());
    for (const w of values.values()) expect(w >= 0 && w <= 1).toBe(true);
    // The person's right eye shut: blinkRight (the avatar's right eye, no mirror) dominates.
    expect(values.get('blinkRight')!).toBeGreaterThan(values.get('blinkLeft')! + 0.3);
    expect(Math.abs(vrm.lookAt!.yaw)).toBeLessThan(5);
    expect(Math.abs(vrm.lookAt!.pitch)).toBeLessThan(10);

    state.update(undefined, 400, {}, false);
    state.apply(vrm);
    for (const w of values.values()) expect(w).toBe(0);
    const n = calls();
    state.apply(vrm);
    expect(calls()).toBe(n);
  });

  it("mirror gives the person's right eye to the avatar's left", () => {
    const state = new FaceState();
    for (let i = 0; i < 10; i++) state.update(personWith(rightEyeShut()), i * 33, {}, true);
    expect(state.expressions!.blinkLeft).toBeGreaterThan(state.expressions!.blinkRight + 0.3);
  });

  describe('head from the face mesh', () => {
    /** A face turned 20° toward the image right while the body-solved head faces the camera. */
    const FACE_TURN = new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), (20 * Math.PI) / 180);
    const face = turned(FACE_TURN);
    const faceRotation = faceFeatures(face).headRotation;
    const faceYaw = yawDeg(faceRotation);

    /** Runs a few frames as people.ts does (the solver rewrites the bones each frame); returns the last. */
    function run(state: FaceState, person: Person | undefined, mirror = false, facesMinusZ = false): Bones {
      let bones = solvedAtRest();
      for (let i = 0; i < 5; i++) {
        bones = solvedAtRest();
        state.update(person, i * 33, bones, mirror, facesMinusZ);
      }
      return bones;
    }

    it('moves the head bone toward the face by the blend weight; the eyes take only the rest', () => {
      expect(faceYaw).toBeGreaterThan(15);
      const state = new FaceState();
      const bones = run(state, personWith(face));
      const head = headOf(bones);
      // The body's head (identity) slerped toward the face's rotation by FACE_HEAD_WEIGHT × score 1.
      const expected = new Quaternion().slerp(faceRotation, FACE_HEAD_WEIGHT);
      expect(head.angleTo(expected) * DEG).toBeLessThan(0.5);
      expect(yawDeg(head)).toBeCloseTo(FACE_HEAD_WEIGHT * faceYaw, 0);
      // The neck takes half of it, as the body solver splits a head turn.
      expect(quat(bones.neck).angleTo(new Quaternion()) * 2 * DEG).toBeCloseTo(head.angleTo(new Quaternion()) * DEG, 1);
      // Look-at: the head and eyes together look where the face looks (the turn is not counted twice).
      expect(yawDeg(head) + state.eyes.yaw).toBeCloseTo(faceYaw, 0);
      expect(Math.abs(state.eyes.yaw)).toBeLessThan(0.3 * faceYaw);
    });

    it('leaves the solved head alone when no face is tracked, or with weight 0 (the eyes then turn)', () => {
      const none = run(new FaceState(), undefined);
      expect(none).toEqual(solvedAtRest());
      const lost = new FaceState();
      run(lost, personWith(face));
      expect(run(lost, undefined)).toEqual(solvedAtRest());

      const bodyOnly = new FaceState({ headWeight: 0 });
      const bones = run(bodyOnly, personWith(face));
      expect(headOf(bones).angleTo(new Quaternion())).toBeLessThan(1e-6);
      expect(bodyOnly.eyes.yaw).toBeCloseTo(faceYaw, 0);
    });

    it('mirror turns the head the other way; a rig facing −Z gets the same pose in its frame', () => {
      const mirrored = headOf(run(new FaceState(), personWith(face), true));
      expect(yawDeg(mirrored)).toBeCloseTo(-FACE_HEAD_WEIGHT * faceYaw, 0);

      const plus = run(new FaceState(), personWith(face));
      const minus = run(new FaceState(), personWith(face), false, true);
      for (const name of ['neck', 'head'] as const) {
        const [x, y, z, w] = plus[name]!;
        // The solver's locals for a −Z rig are its +Z locals turned 180° about Y: (−x, y, −z, w).
        expect(quat(minus[name]).angleTo(new Quaternion(-x, y, -z, w))).toBeLessThan(1e-6);
      }
    });

    it('a camera tilted 20° down: a face looking into it looks up by 20° in the level space the body is solved in', () => {
      const frontal = turned(new Quaternion());
      const pitchOf = (q: Quaternion): number => {
        const f = new Vector3(0, 0, 1).applyQuaternion(q);
        return Math.atan2(f.y, Math.hypot(f.x, f.z)) * DEG;
      };
      const level = new FaceState();
      let bones = solvedAtRest();
      for (let i = 0; i < 5; i++) level.update(personWith(frontal), i * 33, (bones = solvedAtRest()), false);
      const levelPitch = pitchOf(headOf(bones)) + level.eyes.pitch;

      const tilted = new FaceState();
      for (let i = 0; i < 5; i++) tilted.update(personWith(frontal), i * 33, (bones = solvedAtRest()), false, false, (20 * Math.PI) / 180);
      // Head and eyes together look 20° higher; the head takes the blend weight's share of it.
      expect(pitchOf(headOf(bones)) + tilted.eyes.pitch - levelPitch).toBeCloseTo(20, 0);
      expect(pitchOf(headOf(bones))).toBeGreaterThan(0.7 * FACE_HEAD_WEIGHT * 20);
    });
  });
});
