/**
 * Turns motion data into a playable THREE.AnimationClip for a given VRM through three-vrm-animation's
 * `createVRMAnimationClip`, which handles VRM 0.x avatars (axis flip) and hips-height scaling.
 */
import { AnimationClip, NumberKeyframeTrack, QuaternionKeyframeTrack, Vector3, VectorKeyframeTrack } from 'three';
import { VRMExpressionPresetName, type VRM, type VRMHumanBoneName } from '@pixiv/three-vrm';
import { createVRMAnimationClip, VRMAnimation, VRMLookAtQuaternionProxy } from '@pixiv/three-vrm-animation';
import type { RecordedClip } from './clip';
import { boneRotationValues, clipTimesSeconds } from './clip-tracks';
import type { RestSkeleton } from './rest-skeleton';

const PRESET_EXPRESSIONS: ReadonlySet<string> = new Set(Object.values(VRMExpressionPresetName));

/** Name given to the look-at proxy three-vrm-animation drives. */
const LOOK_AT_PROXY_NAME = 'VRMLookAtQuaternionProxy';

/** Adds the look-at proxy createVRMAnimationClip expects (it would otherwise add one and warn). */
export function ensureLookAtProxy(vrm: VRM): void {
  if (!vrm.lookAt) return;
  if (vrm.scene.children.some((o) => o instanceof VRMLookAtQuaternionProxy)) return;
  const proxy = new VRMLookAtQuaternionProxy(vrm.lookAt);
  proxy.name = LOOK_AT_PROXY_NAME;
  vrm.scene.add(proxy);
}

/** createVRMAnimationClip with the look-at proxy in place. */
export function vrmAnimationToClip(animation: VRMAnimation, vrm: VRM, name?: string): AnimationClip {
  ensureLookAtProxy(vrm);
  const clip = createVRMAnimationClip(animation, vrm);
  if (name) clip.name = name;
  return clip;
}

/** An in-memory VRMAnimation of a recorded clip (what its .vrma would load as). */
export function recordedClipToVrmAnimation(clip: RecordedClip, rest: RestSkeleton): VRMAnimation {
  const anim = new VRMAnimation();
  const times = clipTimesSeconds(clip);
  anim.duration = clip.frameCount > 0 ? times[clip.frameCount - 1] : 0;
  anim.restHipsPosition = new Vector3(...(rest.positions.hips ?? [0, 1, 0]));
  clip.boneNames.forEach((bone, b) => {
    anim.humanoidTracks.rotation.set(bone as VRMHumanBoneName, new QuaternionKeyframeTrack(`${bone}.quaternion`, times, boneRotationValues(clip, b)));
  });
  anim.humanoidTracks.translation.set('hips', new VectorKeyframeTrack('hips.position', times, clip.hips));
  for (const [name, weights] of clip.expressions) {
    const track = new NumberKeyframeTrack(`${name}.weight`, times, weights);
    if (PRESET_EXPRESSIONS.has(name)) anim.expressionTracks.preset.set(name as VRMExpressionPresetName, track);
    else anim.expressionTracks.custom.set(name, track);
  }
  return anim;
}
