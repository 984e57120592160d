/** Applies a {@link PoseSolveResult} to a three-vrm VRM's normalized humanoid. */
import type { Object3D } from 'three';
import type { VRM, VRMHumanoid } from '@pixiv/three-vrm';
import { SOLVED_BONES } from './bones';
import type { PoseSolveResult } from './solver';

const nodeCache = new WeakMap<VRMHumanoid, (Object3D | null)[]>();

function nodesOf(humanoid: VRMHumanoid): (Object3D | null)[] {
  let nodes = nodeCache.get(humanoid);
  if (!nodes) {
    nodes = SOLVED_BONES.map((b) => humanoid.getNormalizedBoneNode(b));
    nodeCache.set(humanoid, nodes);
  }
  return nodes;
}

/** Options of {@link applyPoseToVRM}. */
export interface ApplyPoseOptions {
  /** Also set the hips position (root motion). Default true. */
  rootMotion?: boolean;
}

/**
 * Writes the solved rotations (and hips position) to the VRM's normalized bones. Call `vrm.update(dt)`
 * afterwards (or `vrm.humanoid.update()`) to transfer them to the raw skeleton, as usual with three-vrm.
 */
export function applyPoseToVRM(vrm: Pick<VRM, 'humanoid'>, result: PoseSolveResult, options: ApplyPoseOptions = {}): void {
  const nodes = nodesOf(vrm.humanoid);
  for (let i = 0; i < SOLVED_BONES.length; i++) {
    const node = nodes[i];
    if (node) node.quaternion.copy(result.rotations[SOLVED_BONES[i]]);
  }
  if (options.rootMotion !== false && nodes[0]) nodes[0].position.copy(result.hipsPosition);
}
