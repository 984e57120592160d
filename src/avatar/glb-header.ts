/**
 * A quick structural check of a GLB (binary glTF) before the full parse: magic, version, declared
 * length and the JSON chunk, and which VRM extension the JSON declares. A random file is rejected after
 * reading 4 bytes, and a plain glTF without a VRM extension without building any geometry.
 */
import { AvatarLoadError } from './avatar-load-error';

/** "glTF" read as a little-endian uint32: the first four bytes of every GLB. */
const GLB_MAGIC = 0x46546c67;
/** "JSON" chunk type; the GLB spec requires the JSON chunk to come first. */
const CHUNK_JSON = 0x4e4f534a;
/** 12-byte file header (magic, version, length) + 8-byte chunk header. */
const GLB_HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;
/** The only binary glTF container version (glTF 2.0); VRM 0.x and 1.0 both use it. */
const GLB_VERSION = 2;

/** What {@link inspectGlb} found. */
export interface GlbSummary {
  /** `'0'` for a VRM 0.x file (`VRM` extension), `'1'` for VRM 1.0 (`VRMC_vrm`). */
  readonly vrmVersion: '0' | '1';
  /** Whether the VRM extension names a hips bone (a humanoid at all; three-vrm checks the rest). */
  readonly hasHumanoid: boolean;
}

interface GltfJsonLike {
  extensions?: {
    VRM?: { humanoid?: { humanBones?: { bone?: string }[] } };
    VRMC_vrm?: { humanoid?: { humanBones?: Record<string, unknown> } };
  };
}

/**
 * Checks that `bytes` is a complete GLB whose JSON declares a VRM extension.
 * @throws {AvatarLoadError} `not-glb`, `corrupt` or `not-vrm`, with messages naming `fileName`.
 */
export function inspectGlb(bytes: ArrayBuffer, fileName: string): GlbSummary {
  const view = new DataView(bytes);
  if (bytes.byteLength < 4 || view.getUint32(0, true) !== GLB_MAGIC) {
    const what = bytes.byteLength === 0 ? 'it is empty' : 'it is not a binary glTF (GLB) file';
    throw new AvatarLoadError('not-glb', fileName, `${fileName} is not a VRM avatar: ${what}`);
  }
  const corrupt = (detail: string, cause?: unknown): AvatarLoadError =>
    new AvatarLoadError('corrupt', fileName, `${fileName} is damaged and cannot be read: ${detail}`, { cause });
  if (bytes.byteLength < GLB_HEADER_BYTES + CHUNK_HEADER_BYTES) throw corrupt('the file ends inside its header (truncated)');
  const version = view.getUint32(4, true);
  if (version !== GLB_VERSION) throw corrupt(`unsupported GLB version ${version} (expected ${GLB_VERSION})`);
  const declared = view.getUint32(8, true);
  if (declared > bytes.byteLength) {
    throw corrupt(`it is truncated (${bytes.byteLength} of ${declared} bytes)`);
  }
  const jsonLength = view.getUint32(GLB_HEADER_BYTES, true);
  const jsonType = view.getUint32(GLB_HEADER_BYTES + 4, true);
  const jsonStart = GLB_HEADER_BYTES + CHUNK_HEADER_BYTES;
  if (jsonType !== CHUNK_JSON) throw corrupt('its first chunk is not the JSON chunk');
  if (jsonStart + jsonLength > declared) throw corrupt('its JSON chunk runs past the end of the file');
  let json: GltfJsonLike;
  try {
    json = JSON.parse(new TextDecoder().decode(new Uint8Array(bytes, jsonStart, jsonLength))) as GltfJsonLike;
  } catch (e) {
    throw corrupt('its JSON chunk is not valid JSON', e);
  }
  if (json === null || typeof json !== 'object') throw corrupt('its JSON chunk is not a glTF object');
  const ext = json.extensions ?? {};
  if (ext.VRMC_vrm) {
    const bones = ext.VRMC_vrm.humanoid?.humanBones;
    return { vrmVersion: '1', hasHumanoid: !!bones && typeof bones === 'object' && 'hips' in bones };
  }
  if (ext.VRM) {
    const bones = ext.VRM.humanoid?.humanBones;
    return { vrmVersion: '0', hasHumanoid: Array.isArray(bones) && bones.some((b) => b?.bone === 'hips') };
  }
  throw new AvatarLoadError('not-vrm', fileName, `${fileName} is not a VRM avatar: it has no VRM or VRMC_vrm extension`);
}
