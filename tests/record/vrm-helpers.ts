/** VRM-side helpers for the record tests: avatars, sampling a clip on an avatar, angle checks. */
import { resolve } from 'node:path';
import { AnimationMixer, LoopOnce, Quaternion, type AnimationClip } from 'three';
import type { VRM, VRMHumanBoneName } from '@pixiv/three-vrm';
import { SHARED } from '../helpers/shared';
import { loadVrmFromFile } from '../helpers/load-vrm-node';

export const ROBOT_VRM1 = resolve(SHARED, 'assets/vrm/debug_robot_vrm1.vrm');
export const CRYPTO_VRM0 = resolve(SHARED, 'assets/vrm/cryptovoxels_vrm0.vrm');
export const VRMA_DIR = resolve(SHARED, 'assets/vrma');
export const CMU_BVH = resolve(SHARED, 'assets/motion/cmu_131_01.bvh');

const cache = new Map<string, Promise<VRM>>();
/** A fresh avatar per call would be slow; tests that pose one must reset it (see {@link samplePose}). */
export function avatar(path: string): Promise<VRM> {
  let p = cache.get(path);
  if (!p) cache.set(path, (p = loadVrmFromFile(path)));
  return p;
}

/** Angle between two rotations in radians (sign-insensitive). */
export function angleBetween(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const qa = new Quaternion(a[0], a[1], a[2], a[3]).normalize();
  const qb = new Quaternion(b[0], b[1], b[2], b[3]).normalize();
  return qa.angleTo(qb);
}

/**
 * Plays `clip` on `vrm` through an AnimationMixer and calls `visit` at each time in `times` with the
 * avatar posed there (normalized bones set, raw bones updated). Resets the pose afterwards.
 */
export function samplePose(vrm: VRM, clip: AnimationClip, times: ArrayLike<number>, visit: (i: number) => void): void {
  const mixer = new AnimationMixer(vrm.scene);
  const action = mixer.clipAction(clip);
  action.setLoop(LoopOnce, 1);
  action.clampWhenFinished = true;
  action.play();
  try {
    for (let i = 0; i < times.length; i++) {
      mixer.setTime(times[i]);
      vrm.humanoid.update();
      vrm.scene.updateMatrixWorld(true);
      visit(i);
    }
  } finally {
    action.stop();
    mixer.uncacheRoot(vrm.scene);
    vrm.humanoid.resetNormalizedPose();
    vrm.humanoid.update();
    vrm.scene.updateMatrixWorld(true);
  }
}

/** The normalized local rotation of `bone` as [x, y, z, w]. */
export function normalizedRotation(vrm: VRM, bone: VRMHumanBoneName): number[] {
  return vrm.humanoid.getNormalizedBoneNode(bone)!.quaternion.toArray();
}
