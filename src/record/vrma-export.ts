/**
 * Writes a {@link RecordedClip} as a VRM Animation (.vrma): glTF binary with VRMC_vrm_animation 1.0,
 * produced by three's GLTFExporter and {@link vrmaExporterPlugin}.
 *
 * The node hierarchy is the avatar's rest pose: one node per exported humanoid bone, identity
 * rotations, translations = the avatar's rest offsets (normalized space, VRM 1.0 orientation). With
 * identity rest rotations the loader's rest-pose correction is the identity, so the rotation tracks
 * are exactly the recorded normalized rotations. Hips also get a translation track (normalized hips
 * position, metres). Absent frames hold the last pose (see {@link RecordedClip}).
 */
import { AnimationClip, Object3D, QuaternionKeyframeTrack, Scene, VectorKeyframeTrack, type KeyframeTrack } from 'three';
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js';
import { VRMExpressionPresetName, type VRMHumanBoneName } from '@pixiv/three-vrm';
import { nearestPresentParent, sortParentsFirst } from './bones';
import type { RecordedClip } from './clip';
import { boneRotationValues, clipTimesSeconds } from './clip-tracks';
import { withFileReader } from './file-reader-fallback';
import { restPosition, type RestSkeleton } from './rest-skeleton';
import { vrmaExporterPlugin } from './vrma-exporter-plugin';

/** Options of {@link exportVrma}. */
export interface VrmaExportOptions {
  /** glTF animation name. Default `person-<id>`. */
  readonly name?: string;
}

const PRESET_EXPRESSIONS: ReadonlySet<string> = new Set(Object.values(VRMExpressionPresetName));

/** Exports `clip` on the rest skeleton `rest` (from {@link restSkeletonFromVrm}) as .vrma bytes. */
export async function exportVrma(clip: RecordedClip, rest: RestSkeleton, options: VrmaExportOptions = {}): Promise<Uint8Array> {
  if (clip.frameCount < 1) throw new RangeError('VRMA export: the clip has no frames');
  const scene = new Scene();
  const avatarBones = new Set(Object.keys(rest.positions) as VRMHumanBoneName[]);
  const exported = sortParentsFirst(['hips', ...clip.boneNames]);
  const exportedSet = new Set(exported);
  const nodes = new Map<VRMHumanBoneName, Object3D>();
  for (const bone of exported) {
    const o = new Object3D();
    o.name = bone; // VRM bone names are valid PropertyBinding node names
    const parent = nearestPresentParent(bone, exportedSet);
    const p = restPosition(rest, bone, avatarBones);
    const q = parent ? restPosition(rest, parent, avatarBones) : [0, 0, 0];
    o.position.set(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
    (parent ? nodes.get(parent)! : scene).add(o);
    nodes.set(bone, o);
  }

  const times = clipTimesSeconds(clip);
  const tracks: KeyframeTrack[] = [];
  clip.boneNames.forEach((bone, b) => {
    tracks.push(new QuaternionKeyframeTrack(`${bone}.quaternion`, times, boneRotationValues(clip, b)));
  });
  tracks.push(new VectorKeyframeTrack('hips.position', times, clip.hips));

  const presetExpressions = new Map<string, Object3D>();
  const customExpressions = new Map<string, Object3D>();
  let e = 0;
  for (const [name, weights] of clip.expressions) {
    const o = new Object3D();
    o.name = `expression_${e++}`; // expression names may hold characters PropertyBinding rejects
    scene.add(o);
    (PRESET_EXPRESSIONS.has(name) ? presetExpressions : customExpressions).set(name, o);
    // VRMA stores an expression weight as the x translation of its node.
    const v = new Float32Array(clip.frameCount * 3);
    for (let i = 0; i < clip.frameCount; i++) v[3 * i] = weights[i];
    tracks.push(new VectorKeyframeTrack(`${o.name}.position`, times, v));
  }
  const duration = times[clip.frameCount - 1];
  const animation = new AnimationClip(options.name ?? `person-${clip.personId}`, duration, tracks);
  const exporter = new GLTFExporter();
  exporter.register(vrmaExporterPlugin({ humanBones: nodes, presetExpressions, customExpressions }));
  const out = await withFileReader(() => exporter.parseAsync(scene, { binary: true, animations: [animation] }));
  if (!(out instanceof ArrayBuffer)) throw new Error('VRMA export: GLTFExporter did not return binary data');
  return new Uint8Array(out);
}
