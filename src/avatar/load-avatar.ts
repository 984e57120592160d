/**
 * Loading and disposing VRM avatars (VRM 0.x and 1.0) with three.js' GLTFLoader and three-vrm.
 *
 * ```ts
 * const vrm = await loadAvatar(droppedFile);            // File/Blob, ArrayBuffer, Uint8Array or URL
 * scene.setAvatarForPerson(id, vrm);
 * // …
 * disposeAvatar(vrm);                                   // when you own it and are done with it
 * ```
 */
import { SkinnedMesh, type Object3D } from 'three';
import { GLTFLoader, type GLTFLoaderPlugin, type GLTFParser } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { VRMLoaderPlugin, VRMUtils, type VRM } from '@pixiv/three-vrm';
import { AvatarLoadError } from './avatar-load-error';
import { inspectGlb } from './glb-header';

/** Something {@link loadAvatar} can read: bytes, a dropped `File`/`Blob`, or a URL to fetch. */
export type AvatarSource = ArrayBuffer | Uint8Array | Blob | string;

/** A GLTFLoader plugin constructor, as `GLTFLoader.register` takes it. */
export type GltfPluginFactory = (parser: GLTFParser) => GLTFLoaderPlugin;

/** Options of {@link loadAvatar}. */
export interface LoadAvatarOptions {
  /**
   * The file's name for error messages. Default: a `File`'s name, a URL's last path segment, or
   * `"The file"` for plain bytes.
   */
  readonly name?: string;
  /**
   * Extra GLTFLoader plugins, registered before three-vrm's (e.g. a plugin that skips textures in
   * Node, which cannot decode images). Default none.
   */
  readonly plugins?: readonly GltfPluginFactory[];
  /**
   * Apply three-vrm's recommended clean-ups (`VRMUtils.removeUnnecessaryVertices`,
   * `combineSkeletons`, `combineMorphs`): fewer vertices and bone textures, faster skinning.
   * Default true.
   */
  readonly optimize?: boolean;
  /** Aborts the download of a URL source. Default none. */
  readonly signal?: AbortSignal;
  /**
   * Receives three-vrm's non-fatal parse notices (e.g. "Curves of LookAtDegreeMap defined in VRM 0.0
   * are not supported"), which three-vrm prints with `console.warn`. When given, `console.warn` is
   * routed here while this file is parsed (other code warning during that moment is routed too).
   * Default: notices go to the console as usual.
   */
  readonly onWarning?: (message: string) => void;
}

/** The name a source is called in messages. */
function sourceName(source: AvatarSource, options: LoadAvatarOptions): string {
  if (options.name) return options.name;
  if (typeof source === 'string') {
    const path = source.split(/[?#]/)[0];
    const last = path.slice(path.lastIndexOf('/') + 1);
    try {
      return decodeURIComponent(last) || source;
    } catch {
      return last || source;
    }
  }
  if (typeof File !== 'undefined' && source instanceof File && source.name) return source.name;
  return 'The file';
}

/** The bytes of a source as an ArrayBuffer of its own (GLTFLoader parses ArrayBuffers only). */
async function readSource(source: AvatarSource, name: string, options: LoadAvatarOptions): Promise<ArrayBuffer> {
  if (source instanceof ArrayBuffer) return source;
  if (source instanceof Uint8Array) {
    const whole = source.byteOffset === 0 && source.byteLength === source.buffer.byteLength;
    return whole && source.buffer instanceof ArrayBuffer ? source.buffer : source.slice().buffer;
  }
  if (typeof source !== 'string') {
    try {
      return await source.arrayBuffer();
    } catch (e) {
      throw new AvatarLoadError('fetch-failed', name, `${name} could not be read: ${(e as Error).message ?? e}`, { cause: e });
    }
  }
  let response: Response;
  try {
    response = await fetch(source, { signal: options.signal });
  } catch (e) {
    throw new AvatarLoadError('fetch-failed', name, `${name} could not be downloaded: ${(e as Error).message ?? e}`, { cause: e });
  }
  if (!response.ok) {
    throw new AvatarLoadError('fetch-failed', name, `${name} could not be downloaded: HTTP ${response.status} ${response.statusText}`.trim());
  }
  try {
    return await response.arrayBuffer();
  } catch (e) {
    throw new AvatarLoadError('fetch-failed', name, `${name} could not be downloaded: ${(e as Error).message ?? e}`, { cause: e });
  }
}

/** Runs `fn` with console.warn routed to `sink` (when given). */
async function routingWarnings<T>(sink: ((message: string) => void) | undefined, fn: () => Promise<T>): Promise<T> {
  if (!sink) return fn();
  const warn = console.warn;
  console.warn = (...args: unknown[]) => sink(args.map(String).join(' '));
  try {
    return await fn();
  } finally {
    console.warn = warn;
  }
}

/** three-vrm's message when a humanoid lacks required bones. */
const MISSING_BONES = /humanoid bones are required/i;

/**
 * Loads a VRM 0.x or 1.0 avatar, ready to add to a scene: optimized (see
 * {@link LoadAvatarOptions.optimize}), VRM 0.x turned to face +Z like VRM 1.0 (`VRMUtils.rotateVRM0`,
 * so every avatar faces the same way), and skinned meshes never frustum-culled (their bind-pose bounds
 * do not follow the animated pose).
 *
 * @param source the .vrm bytes, a dropped `File`/`Blob`, or a URL to fetch.
 * @throws {AvatarLoadError} with `code` `not-glb` (checked from the first bytes, before any parsing),
 *   `not-vrm`, `no-humanoid`, `corrupt` or `fetch-failed`, and a message that names the file.
 */
export async function loadAvatar(source: AvatarSource, options: LoadAvatarOptions = {}): Promise<VRM> {
  const name = sourceName(source, options);
  const bytes = await readSource(source, name, options);
  const summary = inspectGlb(bytes, name);
  if (!summary.hasHumanoid) {
    throw new AvatarLoadError('no-humanoid', name, `${name} cannot be used as an avatar: its VRM data has no humanoid skeleton`);
  }

  const loader = new GLTFLoader();
  for (const plugin of options.plugins ?? []) loader.register(plugin);
  loader.register((parser) => new VRMLoaderPlugin(parser));
  let gltf: Awaited<ReturnType<GLTFLoader['parseAsync']>>;
  try {
    gltf = await routingWarnings(options.onWarning, () => loader.parseAsync(bytes, ''));
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    if (MISSING_BONES.test(detail)) {
      throw new AvatarLoadError('no-humanoid', name, `${name} cannot be used as an avatar: its humanoid skeleton is incomplete (${detail.replace(/^[\w]+: /, '')})`, { cause: e });
    }
    throw new AvatarLoadError('corrupt', name, `${name} is damaged and cannot be read: ${detail}`, { cause: e });
  }
  const vrm = gltf.userData.vrm as VRM | undefined;
  if (!vrm) {
    throw new AvatarLoadError('corrupt', name, `${name} is damaged and cannot be read: its VRM ${summary.vrmVersion === '0' ? '0.x' : '1.0'} data (meta or humanoid) is invalid`);
  }

  if (options.optimize !== false) {
    VRMUtils.removeUnnecessaryVertices(gltf.scene);
    VRMUtils.combineSkeletons(gltf.scene);
    VRMUtils.combineMorphs(vrm);
  }
  VRMUtils.rotateVRM0(vrm);
  vrm.scene.traverse((o: Object3D) => {
    if (o instanceof SkinnedMesh) o.frustumCulled = false;
  });
  return vrm;
}

/**
 * Frees an avatar's GPU and CPU resources (geometries, materials, textures, skeletons:
 * `VRMUtils.deepDispose`) and detaches it from its parent. The VRM must not be used afterwards.
 */
export function disposeAvatar(vrm: VRM): void {
  vrm.scene.removeFromParent();
  VRMUtils.deepDispose(vrm.scene);
}
