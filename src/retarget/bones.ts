/** The VRM humanoid bones the retargeting solver drives (normalized bones, VRM 1.0 names). */
export const SOLVED_BONES = [
  'hips',
  'spine',
  'chest',
  'upperChest',
  'neck',
  'head',
  'leftShoulder',
  'leftUpperArm',
  'leftLowerArm',
  'leftHand',
  'rightShoulder',
  'rightUpperArm',
  'rightLowerArm',
  'rightHand',
  'leftUpperLeg',
  'leftLowerLeg',
  'leftFoot',
  'rightUpperLeg',
  'rightLowerLeg',
  'rightFoot',
] as const;

export type SolvedBoneName = (typeof SOLVED_BONES)[number];

/** Index of each solved bone in {@link SOLVED_BONES}. */
export const BONE = Object.freeze(
  Object.fromEntries(SOLVED_BONES.map((n, i) => [n, i])) as { readonly [K in SolvedBoneName]: number },
);

/** Bones every VRM has (VRM 1.0 required set, restricted to the solved bones). */
export const REQUIRED_BONES = [
  'hips',
  'spine',
  'head',
  'leftUpperArm',
  'leftLowerArm',
  'leftHand',
  'rightUpperArm',
  'rightLowerArm',
  'rightHand',
  'leftUpperLeg',
  'leftLowerLeg',
  'leftFoot',
  'rightUpperLeg',
  'rightLowerLeg',
  'rightFoot',
] as const satisfies readonly SolvedBoneName[];
