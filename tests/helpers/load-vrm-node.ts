/**
 * Loads a .vrm in Node (tests, tools): GLTFLoader + VRMLoaderPlugin with textures stubbed out, since
 * Node has no image decoding (no DOM, no createImageBitmap). Geometry, skeleton, humanoid, expressions
 * and spring bones load as in the browser.
 */
import { readFileSync } from 'node:fs';
import { Texture } from 'three';
import { GLTFLoader, type GLTFLoaderPlugin } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { VRMLoaderPlugin, VRMUtils, type VRM } from '@pixiv/three-vrm';

/** A GLTFLoader plugin that answers every texture request with an empty Texture. */
const noTextures = (): GLTFLoaderPlugin =>
  ({ name: 'node-no-textures', loadTexture: () => Promise.resolve(new Texture()) }) as unknown as GLTFLoaderPlugin;

/** three-vrm's load-time notices that say nothing about the file's usability in tests. */
const KNOWN_NOTICES = [/^Curves of LookAtDegreeMap defined in VRM 0\.0 are not supported/];

/** Runs `fn` with the {@link KNOWN_NOTICES} filtered out of console.warn. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && KNOWN_NOTICES.some((r) => r.test(args[0] as string))) return;
    warn(...args);
  };
  try {
    return await fn();
  } finally {
    console.warn = warn;
  }
}

/** Options of {@link loadVrmFromFile}. */
export interface LoadVrmOptions {
  /** Rotate VRM 0.x avatars to face +Z like VRM 1.0 (`VRMUtils.rotateVRM0`). Default true. */
  readonly rotateVrm0?: boolean;
}

/** Loads the VRM at `path`. VRM 0.x avatars are rotated to face +Z unless told otherwise. */
export async function loadVrmFromFile(path: string, options: LoadVrmOptions = {}): Promise<VRM> {
  const buf = readFileSync(path);
  const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  const loader = new GLTFLoader();
  loader.register(noTextures);
  loader.register((parser) => new VRMLoaderPlugin(parser));
  const gltf = await quietly(() => loader.parseAsync(data, ''));
  const vrm = gltf.userData.vrm as VRM | undefined;
  if (!vrm) throw new Error(`${path}: not a VRM (no VRM extension found)`);
  if (options.rotateVrm0 !== false) VRMUtils.rotateVRM0(vrm);
  return vrm;
}
