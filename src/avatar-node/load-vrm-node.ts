/**
 * Node-only VRM loading (tests and command-line tools; never imported by browser code).
 * three's GLTFLoader needs a DOM to decode textures; a tiny loader plugin answers every texture request
 * with "no texture", which keeps the scene graph, skeleton and humanoid intact. three-vrm's console
 * warnings during parsing (e.g. unsupported VRM 0.x look-at curves) are collected instead of printed.
 */
import { readFile } from 'node:fs/promises';
import { GLTFLoader, type GLTFLoaderPlugin, type GLTFParser } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { VRMLoaderPlugin, VRMUtils, type VRM } from '@pixiv/three-vrm';

/** A loaded avatar plus what three-vrm warned about while parsing it. */
export interface NodeVrm {
  vrm: VRM;
  warnings: string[];
}

/** Resolves every texture to null (GLTFLoader then simply leaves the material map unset). */
const noTexturesPlugin = (): GLTFLoaderPlugin =>
  ({ name: 'NODE_NO_TEXTURES', loadTexture: () => Promise.resolve(null) }) as unknown as GLTFLoaderPlugin;

/**
 * Parses a .vrm (GLB) buffer in Node. `rotateVRM0` (default true) turns VRM 0.x avatars to face +Z like
 * VRM 1.0 ones.
 */
export async function parseVrmNode(data: ArrayBuffer | Uint8Array, options: { rotateVRM0?: boolean } = {}): Promise<NodeVrm> {
  const ab = data instanceof Uint8Array ? data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) : data;
  const loader = new GLTFLoader();
  loader.register(noTexturesPlugin);
  loader.register((parser: GLTFParser) => new VRMLoaderPlugin(parser));
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  try {
    const gltf = await loader.parseAsync(ab as ArrayBuffer, '');
    const vrm = gltf.userData.vrm as VRM | undefined;
    if (!vrm) throw new Error('not a VRM file (no VRM extension found)');
    if (options.rotateVRM0 !== false) VRMUtils.rotateVRM0(vrm);
    vrm.scene.updateMatrixWorld(true);
    return { vrm, warnings };
  } finally {
    console.warn = warn;
  }
}

/** Reads and parses a .vrm file in Node. */
export async function loadVrmNode(path: string, options: { rotateVRM0?: boolean } = {}): Promise<NodeVrm> {
  const buf = await readFile(path);
  return parseVrmNode(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), options);
}
