import { FINGERS, PROPORTIONS as P, THUMB } from './proportions.ts';
import { add, normalize, scale, type Vec3 } from './vec.ts';

export type Side = 'left' | 'right';
export const SIDES = ['left', 'right'] as const satisfies readonly Side[];
/** +1 for the avatar's left (+X in VRM 1.0, which faces +Z), -1 for its right. */
export const sideSign = (side: Side): 1 | -1 => (side === 'left' ? 1 : -1);

export const FINGER_NAMES = ['Index', 'Middle', 'Ring', 'Little'] as const;
export const PHALANGES = ['Proximal', 'Intermediate', 'Distal'] as const;
export const THUMB_BONES = ['ThumbMetacarpal', 'ThumbProximal', 'ThumbDistal'] as const;

/**
 * Every VRM 1.0 humanoid bone with its parent, parents before children (glTF node order and the
 * skin's joint order follow this table).
 */
export const BONE_PARENTS = [
  ['hips', null],
  ['spine', 'hips'],
  ['chest', 'spine'],
  ['upperChest', 'chest'],
  ['neck', 'upperChest'],
  ['head', 'neck'],
  ['leftEye', 'head'],
  ['rightEye', 'head'],
  ['jaw', 'head'],
  ['leftUpperLeg', 'hips'],
  ['leftLowerLeg', 'leftUpperLeg'],
  ['leftFoot', 'leftLowerLeg'],
  ['leftToes', 'leftFoot'],
  ['rightUpperLeg', 'hips'],
  ['rightLowerLeg', 'rightUpperLeg'],
  ['rightFoot', 'rightLowerLeg'],
  ['rightToes', 'rightFoot'],
  ['leftShoulder', 'upperChest'],
  ['leftUpperArm', 'leftShoulder'],
  ['leftLowerArm', 'leftUpperArm'],
  ['leftHand', 'leftLowerArm'],
  ['rightShoulder', 'upperChest'],
  ['rightUpperArm', 'rightShoulder'],
  ['rightLowerArm', 'rightUpperArm'],
  ['rightHand', 'rightLowerArm'],
  ['leftThumbMetacarpal', 'leftHand'],
  ['leftThumbProximal', 'leftThumbMetacarpal'],
  ['leftThumbDistal', 'leftThumbProximal'],
  ['leftIndexProximal', 'leftHand'],
  ['leftIndexIntermediate', 'leftIndexProximal'],
  ['leftIndexDistal', 'leftIndexIntermediate'],
  ['leftMiddleProximal', 'leftHand'],
  ['leftMiddleIntermediate', 'leftMiddleProximal'],
  ['leftMiddleDistal', 'leftMiddleIntermediate'],
  ['leftRingProximal', 'leftHand'],
  ['leftRingIntermediate', 'leftRingProximal'],
  ['leftRingDistal', 'leftRingIntermediate'],
  ['leftLittleProximal', 'leftHand'],
  ['leftLittleIntermediate', 'leftLittleProximal'],
  ['leftLittleDistal', 'leftLittleIntermediate'],
  ['rightThumbMetacarpal', 'rightHand'],
  ['rightThumbProximal', 'rightThumbMetacarpal'],
  ['rightThumbDistal', 'rightThumbProximal'],
  ['rightIndexProximal', 'rightHand'],
  ['rightIndexIntermediate', 'rightIndexProximal'],
  ['rightIndexDistal', 'rightIndexIntermediate'],
  ['rightMiddleProximal', 'rightHand'],
  ['rightMiddleIntermediate', 'rightMiddleProximal'],
  ['rightMiddleDistal', 'rightMiddleIntermediate'],
  ['rightRingProximal', 'rightHand'],
  ['rightRingIntermediate', 'rightRingProximal'],
  ['rightRingDistal', 'rightRingIntermediate'],
  ['rightLittleProximal', 'rightHand'],
  ['rightLittleIntermediate', 'rightLittleProximal'],
  ['rightLittleDistal', 'rightLittleIntermediate'],
] as const;

export type BoneName = (typeof BONE_PARENTS)[number][0];
export const BONE_NAMES: readonly BoneName[] = BONE_PARENTS.map(([name]) => name);
export const boneIndex = (name: BoneName): number => BONE_NAMES.indexOf(name);

/** A finger or thumb segment chain: joint positions from the root bone to the tip (one more than bones). */
export interface DigitChain {
  readonly bones: readonly [BoneName, BoneName, BoneName];
  readonly joints: readonly [Vec3, Vec3, Vec3, Vec3];
  readonly radius: number;
}

export function handPosition(side: Side): Vec3 {
  return [sideSign(side) * P.handX, P.shoulder.y, 0];
}

export function fingerChain(side: Side, finger: (typeof FINGER_NAMES)[number]): DigitChain {
  const s = sideSign(side);
  const spec = FINGERS[finger];
  const root = add(handPosition(side), [s * spec.base[0], spec.base[1], spec.base[2]]);
  const along = (d: number): Vec3 => add(root, [s * d, 0, 0]);
  const [l0, l1, l2] = spec.lengths;
  return {
    bones: PHALANGES.map((p) => `${side}${finger}${p}` as BoneName) as unknown as DigitChain['bones'],
    joints: [root, along(l0), along(l0 + l1), along(l0 + l1 + l2)],
    radius: spec.radius,
  };
}

export function thumbChain(side: Side): DigitChain {
  const s = sideSign(side);
  const root = add(handPosition(side), [s * THUMB.base[0], THUMB.base[1], THUMB.base[2]]);
  const dir = normalize([s * THUMB.direction[0], THUMB.direction[1], THUMB.direction[2]]);
  const [l0, l1, l2] = THUMB.lengths;
  const along = (d: number): Vec3 => add(root, scale(dir, d));
  return {
    bones: THUMB_BONES.map((b) => `${side}${b}` as BoneName) as unknown as DigitChain['bones'],
    joints: [root, along(l0), along(l0 + l1), along(l0 + l1 + l2)],
    radius: THUMB.radius,
  };
}

/** Rest-pose world position of every bone. All local rotations are identity (VRM 1.0 recommendation). */
export function restPositions(): ReadonlyMap<BoneName, Vec3> {
  const pos = new Map<BoneName, Vec3>([
    ['hips', [0, P.hipsY, 0]],
    ['spine', [0, P.spineY, 0]],
    ['chest', [0, P.chestY, 0]],
    ['upperChest', [0, P.upperChestY, 0]],
    ['neck', [0, P.neckY, 0]],
    ['head', [0, P.headY, 0]],
    ['jaw', [0, P.jaw.y, P.jaw.z]],
  ]);
  for (const side of SIDES) {
    const s = sideSign(side);
    pos.set(`${side}Eye`, [s * P.eye.x, P.eye.y, P.eye.z]);
    pos.set(`${side}UpperLeg`, [s * P.upperLeg.x, P.upperLeg.y, 0]);
    pos.set(`${side}LowerLeg`, [s * P.upperLeg.x, P.lowerLegY, 0]);
    pos.set(`${side}Foot`, [s * P.upperLeg.x, P.footY, 0]);
    pos.set(`${side}Toes`, [s * P.upperLeg.x, P.toes.y, P.toes.z]);
    pos.set(`${side}Shoulder`, [s * P.shoulder.x, P.shoulder.y, 0]);
    pos.set(`${side}UpperArm`, [s * P.upperArmX, P.shoulder.y, 0]);
    pos.set(`${side}LowerArm`, [s * P.lowerArmX, P.shoulder.y, 0]);
    pos.set(`${side}Hand`, handPosition(side));
    for (const chain of [thumbChain(side), ...FINGER_NAMES.map((f) => fingerChain(side, f))]) {
      chain.bones.forEach((bone, i) => pos.set(bone, chain.joints[i]));
    }
  }
  for (const name of BONE_NAMES) if (!pos.has(name)) throw new Error(`no rest position for ${name}`);
  return pos;
}
