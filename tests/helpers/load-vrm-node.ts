/** Test-side shorthand for the Node VRM loader in src/avatar-node (textures stubbed, VRM 0.x turned to face +Z). */
import type { VRM } from '@pixiv/three-vrm';
import { loadVrmNode } from '../../src/avatar-node/load-vrm-node';

/** Options of {@link loadVrmFromFile}. */
export interface LoadVrmOptions {
  /** Rotate VRM 0.x avatars to face +Z like VRM 1.0 (`VRMUtils.rotateVRM0`). Default true. */
  readonly rotateVrm0?: boolean;
}

/** Loads the VRM at `path`. */
export async function loadVrmFromFile(path: string, options: LoadVrmOptions = {}): Promise<VRM> {
  return (await loadVrmNode(path, { rotateVRM0: options.rotateVrm0 })).vrm;
}
