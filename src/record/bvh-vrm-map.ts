/**
 * Maps BVH joints onto VRM humanoid bones. The skeleton family and its limb joints come from the
 * retargeting module's BVH joint map (src/retarget/bvh: CMU, Mixamo-like, three.js/Poser); this adds
 * the bones that map does not need (spine, neck, clavicles, toes), per family.
 */
import type { VRMHumanBoneName } from '@pixiv/three-vrm';
import { normalizeBvhJointName, resolveBvhJointMap, type BvhBodyPoint, type BvhClip } from '../retarget/bvh';

/** VRM bone ← body point of the shared map (the joint at that point rotates the bone). */
const FROM_BODY_POINTS = {
  leftUpperArm: 'leftShoulder',
  leftLowerArm: 'leftElbow',
  leftHand: 'leftWrist',
  rightUpperArm: 'rightShoulder',
  rightLowerArm: 'rightElbow',
  rightHand: 'rightWrist',
  leftUpperLeg: 'leftHip',
  leftLowerLeg: 'leftKnee',
  leftFoot: 'leftAnkle',
  rightUpperLeg: 'rightHip',
  rightLowerLeg: 'rightKnee',
  rightFoot: 'rightAnkle',
  head: 'head',
} as const satisfies Partial<Record<VRMHumanBoneName, BvhBodyPoint>>;

/** Candidate joint names (normalised: lower case, no prefix/separators) of the other bones, per family id. */
const EXTRA_JOINTS: Readonly<Record<string, Readonly<Partial<Record<VRMHumanBoneName, readonly string[]>>>>> = {
  cmu: {
    spine: ['lowerback'],
    chest: ['spine', 'chest'],
    upperChest: ['spine1', 'chest2'],
    neck: ['lowerneck', 'neck'],
    leftShoulder: ['leftcollar', 'lclavicle'],
    rightShoulder: ['rightcollar', 'rclavicle'],
    leftToes: ['lefttoe', 'lefttoebase'],
    rightToes: ['righttoe', 'righttoebase'],
  },
  mixamo: {
    spine: ['spine'],
    chest: ['spine1'],
    upperChest: ['spine2'],
    neck: ['neck'],
    leftShoulder: ['leftshoulder'],
    rightShoulder: ['rightshoulder'],
    leftToes: ['lefttoebase', 'lefttoe'],
    rightToes: ['righttoebase', 'righttoe'],
  },
  'threejs-poser': {
    spine: ['abdomen'],
    chest: ['chest'],
    neck: ['neck'],
    leftShoulder: ['lcollar'],
    rightShoulder: ['rcollar'],
  },
};

/** A resolved mapping of VRM bones to joint indices of a BVH clip (hips = the root). */
export interface BvhVrmMapping {
  /** Skeleton family id from the shared joint map (e.g. `cmu`, `mixamo`). */
  readonly family: string;
  readonly joints: ReadonlyMap<VRMHumanBoneName, number>;
}

/**
 * Maps `clip`'s joints to VRM bones. Throws the shared map's `UnknownBvhSkeletonError` when no known
 * skeleton family matches.
 */
export function mapBvhToVrm(clip: BvhClip): BvhVrmMapping {
  const resolved = resolveBvhJointMap(clip);
  const joints = new Map<VRMHumanBoneName, number>([['hips', 0]]);
  for (const [bone, point] of Object.entries(FROM_BODY_POINTS)) joints.set(bone as VRMHumanBoneName, resolved.index[point]);
  const byName = new Map<string, number>();
  clip.joints.forEach((j, i) => {
    const n = normalizeBvhJointName(j.name);
    if (!byName.has(n)) byName.set(n, i);
  });
  const used = new Set(joints.values());
  for (const [bone, names] of Object.entries(EXTRA_JOINTS[resolved.skeleton.id] ?? {})) {
    const hit = names?.map((n) => byName.get(n)).find((i) => i !== undefined && !used.has(i));
    if (hit !== undefined) {
      joints.set(bone as VRMHumanBoneName, hit);
      used.add(hit);
    }
  }
  return { family: resolved.skeleton.id, joints };
}
