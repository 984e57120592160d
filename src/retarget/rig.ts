/**
 * The avatar side of retargeting: the rest pose of a VRM humanoid's normalized bones, read from the
 * avatar itself (never one avatar's hard-coded proportions). Plain data, so a solver can run in a worker.
 */
import type { VRMHumanoid } from '@pixiv/three-vrm';
import { VRMHumanBoneParentMap, type VRMHumanBoneName } from '@pixiv/three-vrm';
import { SOLVED_BONES, REQUIRED_BONES, type SolvedBoneName } from './bones';

/**
 * Rest pose of the solved bones in the "VRM 1.0 convention": model space with +Y up, +Z the avatar's
 * forward and +X the avatar's left. In normalized space every bone's rest rotation is identity, so the
 * rest pose is fully described by joint positions.
 */
export interface RetargetRig {
  /** Rest position of each solved bone (VRM 1.0 convention), `null` when the avatar lacks the bone. */
  readonly rest: { readonly [K in SolvedBoneName]: readonly [number, number, number] | null };
  /** Nearest present ancestor of each present bone among the solved bones (`null` for hips). */
  readonly parent: { readonly [K in SolvedBoneName]: SolvedBoneName | null };
  /**
   * True when the humanoid's normalized space faces -Z (VRM 0.x): solved rotations are then conjugated by
   * a half turn about Y (x, z negated), as three-vrm-animation does for VRM 0.x.
   */
  readonly facesMinusZ: boolean;
}

type Vec3 = readonly [number, number, number];

/** Thrown when a humanoid lacks a bone the solver cannot do without. */
export class RigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RigError';
  }
}

/**
 * Builds a rig from rest positions in the humanoid's own normalized model space. `facesMinusZ` is
 * detected from the hips: an avatar whose left leg lies at -X faces -Z.
 */
export function createRetargetRig(restModelSpace: Partial<Record<SolvedBoneName, Vec3 | null>>): RetargetRig {
  for (const b of REQUIRED_BONES) {
    if (!restModelSpace[b]) throw new RigError(`humanoid has no "${b}" bone; it is required for retargeting`);
  }
  const l = restModelSpace.leftUpperLeg!;
  const r = restModelSpace.rightUpperLeg!;
  const facesMinusZ = l[0] - r[0] < 0;
  const rest = {} as { [K in SolvedBoneName]: Vec3 | null };
  for (const b of SOLVED_BONES) {
    const p = restModelSpace[b];
    rest[b] = p ? (facesMinusZ ? [-p[0], p[1], -p[2]] : [p[0], p[1], p[2]]) : null;
    if (p && !(Number.isFinite(p[0]) && Number.isFinite(p[1]) && Number.isFinite(p[2]))) {
      throw new RigError(`rest position of "${b}" is not finite`);
    }
  }
  const parent = {} as { [K in SolvedBoneName]: SolvedBoneName | null };
  for (const b of SOLVED_BONES) {
    let p: VRMHumanBoneName | null = b === 'hips' ? null : (VRMHumanBoneParentMap[b as VRMHumanBoneName] ?? null);
    while (p && !(SOLVED_BONES as readonly string[]).includes(p)) p = VRMHumanBoneParentMap[p] ?? null;
    while (p && !rest[p as SolvedBoneName]) p = VRMHumanBoneParentMap[p] ?? null;
    parent[b] = (p as SolvedBoneName | null) ?? null;
  }
  return { rest, parent, facesMinusZ };
}

/**
 * Reads the rest pose from a three-vrm humanoid (`vrm.humanoid`): sums the normalized rest positions
 * along each bone's chain of present ancestors. Works for VRM 0.x and 1.0 alike, whether or not
 * `VRMUtils.rotateVRM0` was applied (that rotates the scene, not the humanoid's model space).
 */
export function createRetargetRigFromHumanoid(humanoid: VRMHumanoid): RetargetRig {
  const restPose = humanoid.normalizedRestPose;
  const cache = new Map<VRMHumanBoneName, Vec3 | null>();
  const modelPos = (name: VRMHumanBoneName): Vec3 | null => {
    if (cache.has(name)) return cache.get(name)!;
    const local = restPose[name]?.position;
    if (!humanoid.getNormalizedBoneNode(name) || !local) {
      cache.set(name, null);
      return null;
    }
    let parent: VRMHumanBoneName | null = VRMHumanBoneParentMap[name] ?? null;
    let base: Vec3 | null = null;
    while (parent && !(base = modelPos(parent))) parent = VRMHumanBoneParentMap[parent] ?? null;
    const p: Vec3 = base ? [base[0] + local[0], base[1] + local[1], base[2] + local[2]] : [local[0], local[1], local[2]];
    cache.set(name, p);
    return p;
  };
  const rest: Partial<Record<SolvedBoneName, Vec3 | null>> = {};
  for (const b of SOLVED_BONES) rest[b] = modelPos(b);
  return createRetargetRig(rest);
}
