/** Synthetic recordings for the record/export tests and the bench. */
import { Euler, Quaternion } from 'three';
import type { VRMHumanBoneName } from '@pixiv/three-vrm';
import { RECORDED_BODY_BONES } from '../../src/record/bones';
import type { PersonFrameInput } from '../../src/record/types';

/** Frame interval of the synthetic recordings (30 fps, like a webcam). */
export const FRAME_MS = 1000 / 30;

/** A smooth, bone- and person-specific rotation at frame `i` (up to ~0.6 rad per axis). */
export function syntheticRotation(bone: number, person: number, i: number, out = new Quaternion()): Quaternion {
  const t = i / 30;
  const e = new Euler(
    0.6 * Math.sin(1.3 * t + bone + person),
    0.5 * Math.sin(0.7 * t + 2 * bone - person),
    0.4 * Math.cos(1.1 * t + 0.5 * bone + 3 * person),
    'XYZ',
  );
  return out.setFromEuler(e);
}

/** One person's input at frame `i`; bones in `identityBones` stay at rest. */
export function syntheticPerson(
  id: number,
  i: number,
  identityBones: ReadonlySet<VRMHumanBoneName> = new Set(),
): PersonFrameInput {
  const rotations: Partial<Record<VRMHumanBoneName, [number, number, number, number]>> = {};
  const q = new Quaternion();
  RECORDED_BODY_BONES.forEach((bone, b) => {
    rotations[bone] = identityBones.has(bone) ? [0, 0, 0, 1] : (syntheticRotation(b, id, i, q).toArray() as [number, number, number, number]);
  });
  const keypoints = new Float32Array(54);
  for (let k = 0; k < 18; k++) {
    keypoints[3 * k] = 100 + 10 * k + i + 0.25;
    keypoints[3 * k + 1] = 200 + 5 * k - i + 0.5;
    keypoints[3 * k + 2] = k === 3 ? 0 : 0.5 + k / 40; // keypoint 3 missing
  }
  return {
    id,
    rotations,
    hipsPosition: [0.1 * Math.sin(i / 20) + id, 0.75 + 0.05 * Math.sin(i / 10), 0.02 * i],
    keypoints,
  };
}
