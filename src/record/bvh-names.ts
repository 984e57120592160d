/**
 * BVH joint names written for VRM bones: the Mixamo-style humanoid naming (without the `mixamorig:`
 * prefix) that Blender, MotionBuilder and most retargeters recognise.
 */
import type { VRMHumanBoneName } from '@pixiv/three-vrm';

/** VRM humanoid bone → BVH joint name. */
export const BVH_JOINT_NAMES = {
  hips: 'Hips',
  spine: 'Spine',
  chest: 'Spine1',
  upperChest: 'Spine2',
  neck: 'Neck',
  head: 'Head',
  leftShoulder: 'LeftShoulder',
  leftUpperArm: 'LeftArm',
  leftLowerArm: 'LeftForeArm',
  leftHand: 'LeftHand',
  rightShoulder: 'RightShoulder',
  rightUpperArm: 'RightArm',
  rightLowerArm: 'RightForeArm',
  rightHand: 'RightHand',
  leftUpperLeg: 'LeftUpLeg',
  leftLowerLeg: 'LeftLeg',
  leftFoot: 'LeftFoot',
  leftToes: 'LeftToeBase',
  rightUpperLeg: 'RightUpLeg',
  rightLowerLeg: 'RightLeg',
  rightFoot: 'RightFoot',
  rightToes: 'RightToeBase',
} as const satisfies Partial<Record<VRMHumanBoneName, string>>;

/** BVH name of `bone` (VRM name with an upper-case first letter when the table has none, e.g. fingers). */
export function bvhJointName(bone: VRMHumanBoneName): string {
  return (BVH_JOINT_NAMES as Partial<Record<VRMHumanBoneName, string>>)[bone] ?? bone[0].toUpperCase() + bone.slice(1);
}
