/** Bone tables shared by the recorder and the exporters. */
import { VRMHumanBoneParentMap, type VRMHumanBoneName } from '@pixiv/three-vrm';
import { SOLVED_BONES, type SolvedBoneName } from '../retarget/bones';

/**
 * Bones recorded by default: the VRM body bones the retargeter drives, toes included (fingers come
 * later and can be added through `RecorderOptions.bones`). Order is parents before children.
 */
export const RECORDED_BODY_BONES: readonly RecordedBodyBone[] = Object.freeze(
  SOLVED_BONES.flatMap((b): RecordedBodyBone[] => (b === 'leftFoot' ? [b, 'leftToes'] : b === 'rightFoot' ? [b, 'rightToes'] : [b])),
);

/**
 * The 30 VRM finger bones (thumb metacarpal/proximal/distal, four fingers proximal/intermediate/distal,
 * both sides) that hand tracking drives; add them to `RecorderOptions.bones` when hands are on.
 */
export const RECORDED_FINGER_BONES: readonly VRMHumanBoneName[] = Object.freeze(
  (['left', 'right'] as const).flatMap((side) => [
    `${side}ThumbMetacarpal`, `${side}ThumbProximal`, `${side}ThumbDistal`,
    ...(['Index', 'Middle', 'Ring', 'Little'] as const).flatMap((f) => [`${side}${f}Proximal`, `${side}${f}Intermediate`, `${side}${f}Distal`]),
  ] as VRMHumanBoneName[]),
);

/** Body and finger bones: what the app records (fingers stay at rest while hands are off). */
export const RECORDED_BODY_AND_FINGER_BONES: readonly VRMHumanBoneName[] = Object.freeze([...RECORDED_BODY_BONES, ...RECORDED_FINGER_BONES]);

/** A bone of {@link RECORDED_BODY_BONES}. */
export type RecordedBodyBone = SolvedBoneName | 'leftToes' | 'rightToes';

/** Floats per stored rotation (x, y, z, w). */
export const QUAT_STRIDE = 4;

/**
 * The nearest ancestor of `bone` that is in `present` (VRM's own parent table, skipping optional bones
 * the set lacks), or null for the root.
 */
export function nearestPresentParent(
  bone: VRMHumanBoneName,
  present: ReadonlySet<VRMHumanBoneName>,
): VRMHumanBoneName | null {
  let p = VRMHumanBoneParentMap[bone];
  while (p != null && !present.has(p)) p = VRMHumanBoneParentMap[p];
  return p ?? null;
}

/** Orders `bones` so that every bone comes after its ancestors (depth first, VRM parent table). */
export function sortParentsFirst(bones: Iterable<VRMHumanBoneName>): VRMHumanBoneName[] {
  const set = new Set(bones);
  const depth = (b: VRMHumanBoneName): number => {
    let d = 0;
    for (let p = VRMHumanBoneParentMap[b]; p != null; p = VRMHumanBoneParentMap[p]) d++;
    return d;
  };
  return [...set].sort((a, b) => depth(a) - depth(b));
}
