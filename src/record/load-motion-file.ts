/**
 * Loads a dropped motion file (.vrma or .bvh) into something that plays on any VRM.
 *
 * - .vrma: GLTFLoader + VRMAnimationLoaderPlugin; `clipFor(vrm)` = createVRMAnimationClip.
 * - .bvh: the shared BVH parser (src/retarget/bvh), retargeted onto each avatar ({@link bvhToVrmAnimation}).
 * - A VRMA whose rest hips height is about zero plays without hips translation ({@link withoutDegenerateHips}).
 * - A VRMA whose animation has no length (e.g. ../shared/assets/vrma/nop.vrma: one key per bone) is
 *   loaded, not refused: `isStatic` is true and it plays as a still pose.
 * - Anything else throws {@link MotionFileError} with a message for the user.
 * The format is detected from the content (GLB magic / `HIERARCHY`), the name only words the error.
 */
import type { AnimationClip } from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import type { VRM } from '@pixiv/three-vrm';
import { VRMAnimationLoaderPlugin, type VRMAnimation } from '@pixiv/three-vrm-animation';
import { BvhParseError, parseBvh, UnknownBvhSkeletonError, type BvhClip } from '../retarget/bvh';
import { bvhToVrmAnimation } from './bvh-retarget';
import { mapBvhToVrm, type BvhVrmMapping } from './bvh-vrm-map';
import type { RecordedClip } from './clip';
import { MotionFileError } from './motion-file-error';
import { restSkeletonFromVrm, type RestSkeleton } from './rest-skeleton';
import { recordedClipToVrmAnimation, vrmAnimationToClip } from './vrm-animation-clip';

/** Where a motion came from. */
export type MotionFormat = 'vrma' | 'bvh' | 'recording';

/** A loaded motion, ready to play on any number of avatars. */
export interface LoadedMotion {
  readonly format: MotionFormat;
  /** The file name (or the recording's label). */
  readonly name: string;
  /** Seconds. */
  readonly duration: number;
  /** True when the motion has no length (a single pose); it still plays, as a still pose. */
  readonly isStatic: boolean;
  /** A clip that animates `vrm` (its normalized bones, expressions, look-at) through an AnimationMixer on `vrm.scene`. */
  clipFor(vrm: VRM): AnimationClip;
}

const GLB_MAGIC = 0x46546c67; // 'glTF' little-endian
/** Below this rest hips height (m) three-vrm-animation itself warns the clip breaks the T-pose rule. */
const MIN_REST_HIPS_HEIGHT = 1e-3;
/** How much of a text file to show in an error message. */
const SNIPPET = 40;

const ext = (name: string): string => (/\.([^./\\]+)$/.exec(name)?.[1] ?? '').toLowerCase();

function asBytes(data: ArrayBuffer | ArrayBufferView | string): Uint8Array | string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Loads `data` (file bytes or text) named `name`. Throws {@link MotionFileError}:
 * `empty-file`, `unknown-format`, `not-vrma` (glTF without VRMC_vrm_animation, or not glTF at all
 * while named .vrma), `vrma-parse`, `bvh-parse`, `bvh-unknown-skeleton`.
 */
export async function loadMotionFile(data: ArrayBuffer | ArrayBufferView | string, name: string): Promise<LoadedMotion> {
  const input = asBytes(data);
  if (input.length === 0) throw new MotionFileError('empty-file', `${name}: the file is empty`);
  const isGlb = typeof input !== 'string' && input.length >= 4 && new DataView(input.buffer, input.byteOffset, 4).getUint32(0, true) === GLB_MAGIC;
  if (isGlb) return loadVrma(input as Uint8Array, name);
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  const head = text.trimStart().slice(0, 16).toUpperCase();
  if (head.startsWith('HIERARCHY')) return loadBvh(text, name);
  const kind = ext(name);
  if (kind === 'vrma' || kind === 'glb' || kind === 'gltf') {
    throw new MotionFileError('not-vrma', `not a VRM Animation (.vrma) file: ${name} is not glTF binary (it does not start with "glTF")`);
  }
  if (kind === 'bvh') {
    const first = text.trimStart().slice(0, SNIPPET).split(/\r?\n/)[0];
    throw new MotionFileError('bvh-parse', `BVH parse error at line 1: expected "HIERARCHY", found "${first}" (${name})`);
  }
  throw new MotionFileError('unknown-format', `${name}: not a motion file this app reads (.vrma or .bvh)`);
}

async function loadVrma(bytes: Uint8Array, name: string): Promise<LoadedMotion> {
  const loader = new GLTFLoader();
  loader.register((parser) => new VRMAnimationLoaderPlugin(parser));
  const buffer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
  let animations: VRMAnimation[] | undefined;
  try {
    const gltf = await loader.parseAsync(buffer as ArrayBuffer, '');
    animations = gltf.userData.vrmAnimations as VRMAnimation[] | undefined;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new MotionFileError('vrma-parse', `not a VRM Animation (.vrma) file: ${name} could not be read as glTF (${why})`, { cause: e });
  }
  if (!animations || animations.length === 0) {
    throw new MotionFileError('not-vrma', `not a VRM Animation (.vrma) file: ${name} is glTF but has no VRMC_vrm_animation animation`);
  }
  const anim = withoutDegenerateHips(animations[0]);
  return {
    format: 'vrma',
    name,
    duration: anim.duration,
    isStatic: !(anim.duration > 0),
    clipFor: (vrm) => vrmAnimationToClip(anim, vrm, name),
  };
}

/**
 * The loader's plugin scales hips translation by (avatar hips height / animation rest hips height).
 * With a rest hips height of about zero (e.g. hips_spine_twisting.vrma, authored with the hips at the
 * origin) that ratio explodes, so such a clip keeps the avatar's own hips position instead.
 */
function withoutDegenerateHips(anim: VRMAnimation): VRMAnimation {
  if (anim.restHipsPosition.y >= MIN_REST_HIPS_HEIGHT) return anim;
  anim.humanoidTracks.translation.clear();
  return anim;
}

function loadBvh(text: string, name: string): LoadedMotion {
  let bvh: BvhClip;
  let mapping: BvhVrmMapping;
  try {
    bvh = parseBvh(text);
  } catch (e) {
    if (e instanceof BvhParseError) {
      throw new MotionFileError('bvh-parse', `BVH parse error in ${name}: ${e.message.replace(/^BVH: /, '')}`, { cause: e });
    }
    throw e;
  }
  try {
    mapping = mapBvhToVrm(bvh);
  } catch (e) {
    if (e instanceof UnknownBvhSkeletonError) {
      throw new MotionFileError('bvh-unknown-skeleton', `${name}: the BVH skeleton is not one this app can map onto an avatar. ${e.message}`, { cause: e });
    }
    throw e;
  }
  const cache = new WeakMap<VRM, VRMAnimation>();
  const duration = bvh.frameCount > 1 ? (bvh.frameCount - 1) * bvh.frameTime : 0;
  return {
    format: 'bvh',
    name,
    duration,
    isStatic: !(duration > 0),
    clipFor(vrm) {
      let anim = cache.get(vrm);
      if (!anim) {
        anim = bvhToVrmAnimation(bvh, mapping, restSkeletonFromVrm(vrm));
        cache.set(vrm, anim);
      }
      return vrmAnimationToClip(anim, vrm, name);
    },
  };
}

/** The recorded clip as a {@link LoadedMotion} (preview on the avatars without exporting). */
export function motionFromRecording(clip: RecordedClip, rest: RestSkeleton, name = `person ${clip.personId}`): LoadedMotion {
  const anim = recordedClipToVrmAnimation(clip, rest);
  return {
    format: 'recording',
    name,
    duration: anim.duration,
    isStatic: !(anim.duration > 0),
    clipFor: (vrm) => vrmAnimationToClip(anim, vrm, name),
  };
}
