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
  // Fingers: Mixamo's <Side>Hand<Finger>1..3, base to tip (VRM's thumb metacarpal is Mixamo's Thumb1).
  leftThumbMetacarpal: 'LeftHandThumb1',
  leftThumbProximal: 'LeftHandThumb2',
  leftThumbDistal: 'LeftHandThumb3',
  leftIndexProximal: 'LeftHandIndex1',
  leftIndexIntermediate: 'LeftHandIndex2',
  leftIndexDistal: 'LeftHandIndex3',
  leftMiddleProximal: 'LeftHandMiddle1',
  leftMiddleIntermediate: 'LeftHandMiddle2',
  leftMiddleDistal: 'LeftHandMiddle3',
  leftRingProximal: 'LeftHandRing1',
  leftRingIntermediate: 'LeftHandRing2',
  leftRingDistal: 'LeftHandRing3',
  leftLittleProximal: 'LeftHandPinky1',
  leftLittleIntermediate: 'LeftHandPinky2',
  leftLittleDistal: 'LeftHandPinky3',
  rightThumbMetacarpal: 'RightHandThumb1',
  rightThumbProximal: 'RightHandThumb2',
  rightThumbDistal: 'RightHandThumb3',
  rightIndexProximal: 'RightHandIndex1',
  rightIndexIntermediate: 'RightHandIndex2',
  rightIndexDistal: 'RightHandIndex3',
  rightMiddleProximal: 'RightHandMiddle1',
  rightMiddleIntermediate: 'RightHandMiddle2',
  rightMiddleDistal: 'RightHandMiddle3',
  rightRingProximal: 'RightHandRing1',
  rightRingIntermediate: 'RightHandRing2',
  rightRingDistal: 'RightHandRing3',
  rightLittleProximal: 'RightHandPinky1',
  rightLittleIntermediate: 'RightHandPinky2',
  rightLittleDistal: 'RightHandPinky3',
} as const satisfies Partial<Record<VRMHumanBoneName, string>>;

/** BVH name of `bone` (VRM name with an upper-case first letter when the table has none, e.g. fingers). */
export function bvhJointName(bone: VRMHumanBoneName): string {
  return (BVH_JOINT_NAMES as Partial<Record<VRMHumanBoneName, string>>)[bone] ?? bone[0].toUpperCase() + bone.slice(1);
}
