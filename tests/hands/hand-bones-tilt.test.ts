/** applyHandsToBones with a tilted camera: the hand's rotation turns by the tilt (into the body solver's level space), the fingers do not. */
import { Quaternion, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import type { VRMHumanBoneName } from '@pixiv/three-vrm';
import { applyHandsToBones } from '../../src/app/hand-bones';
import { personWithLeftHand as person, synthHand } from './synth-hand';

type Bones = Partial<Record<VRMHumanBoneName, [number, number, number, number]>>;

describe('hand bones and the camera tilt', () => {
  it('a camera tilted 20° down turns the hand bone by 20° about the camera x axis and leaves the fingers alone', () => {
    const world = synthHand('left', { curl: 0.5 });
    const level: Bones = {}, tilted: Bones = {};
    applyHandsToBones(person(world), level, false);
    applyHandsToBones(person(world), tilted, false, undefined, 0, (20 * Math.PI) / 180);
    const q0 = new Quaternion(...level.leftHand!), q1 = new Quaternion(...tilted.leftHand!);
    // With no body chain in the record the hand's local rotation is its world rotation: q1 = R · q0.
    const r = q1.clone().multiply(q0.clone().invert());
    expect((r.angleTo(new Quaternion()) * 180) / Math.PI).toBeCloseTo(20, 6);
    const axis = new Vector3(r.x, r.y, r.z).normalize();
    expect(Math.abs(axis.x)).toBeCloseTo(1, 6);
    expect(tilted.leftIndexProximal).toEqual(level.leftIndexProximal);
  });
});
