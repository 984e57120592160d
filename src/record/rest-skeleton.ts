/**
 * The avatar's rest pose as plain data (structured-clone friendly, so it can go to the export worker):
 * rest world positions of the normalized humanoid bones, in VRM 1.0 orientation.
 */
import { VRMHumanBoneList, type VRM, type VRMHumanBoneName } from '@pixiv/three-vrm';
import { nearestPresentParent } from './bones';
import type { Vec3 } from './types';

/** Rest world positions (metres, relative to the humanoid root, VRM 1.0 orientation) of the avatar's bones. */
export interface RestSkeleton {
  readonly positions: Readonly<Partial<Record<VRMHumanBoneName, Vec3>>>;
}

/**
 * Reads the rest skeleton of `vrm` from `vrm.humanoid.normalizedRestPose` (the avatar's own bone
 * offsets). VRM 0.x avatars face −Z in their normalized space; x and z are negated so the result is
 * in VRM 1.0 orientation like the recorded rotations (three-vrm-animation does the same on playback).
 */
export function restSkeletonFromVrm(vrm: VRM): RestSkeleton {
  const rest = vrm.humanoid.normalizedRestPose;
  const present = new Set(VRMHumanBoneList.filter((b) => rest[b]?.position != null));
  const flip = vrm.meta.metaVersion === '0' ? -1 : 1;
  const positions: Partial<Record<VRMHumanBoneName, Vec3>> = {};
  // VRMHumanBoneList lists parents before children, so a parent's world position is always ready.
  for (const bone of VRMHumanBoneList) {
    if (!present.has(bone)) continue;
    const local = rest[bone]!.position!;
    const parent = nearestPresentParent(bone, present);
    const base = parent ? positions[parent]! : ([0, 0, 0] as Vec3);
    positions[bone] = [base[0] + flip * local[0], base[1] + local[1], base[2] + flip * local[2]];
  }
  return { positions };
}

/**
 * Rest world position of `bone`; a bone the avatar lacks sits on its nearest present ancestor
 * (a zero-length joint), so recorded rotations of such bones are still exported.
 */
export function restPosition(rest: RestSkeleton, bone: VRMHumanBoneName, present: ReadonlySet<VRMHumanBoneName>): Vec3 {
  const own = rest.positions[bone];
  if (own) return own;
  const parent = nearestPresentParent(bone, present);
  return parent ? restPosition(rest, parent, present) : [0, 0, 0];
}
