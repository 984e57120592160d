/**
 * Finger tracks (ISSUE 6): a recording with the 30 finger bones and hand keypoints exports fingers to
 * VRMA (round trip within 1e-4 rad, fingers included), BVH (Mixamo finger joints, same rotations) and
 * OpenPose JSON (63-number hand arrays; zeros for a hand not found, [] when hands were off).
 */
import { describe, expect, it } from 'vitest';
import { Quaternion, type QuaternionKeyframeTrack } from 'three';
import { BVHLoader } from 'three/examples/jsm/loaders/BVHLoader.js';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import type { VRMHumanBoneName } from '@pixiv/three-vrm';
import { VRMAnimationLoaderPlugin, type VRMAnimation } from '@pixiv/three-vrm-animation';
import { RECORDED_BODY_AND_FINGER_BONES, RECORDED_FINGER_BONES } from '../../src/record/bones';
import { exportBvh } from '../../src/record/bvh-export';
import { bvhJointName } from '../../src/record/bvh-names';
import { openPoseFrame } from '../../src/record/openpose-json';
import { createRecorder } from '../../src/record/recorder';
import { restSkeletonFromVrm } from '../../src/record/rest-skeleton';
import { HAND_FLOATS } from '../../src/record/types';
import { vrmAnimationToClip } from '../../src/record/vrm-animation-clip';
import { exportVrma } from '../../src/record/vrma-export';
import { FRAME_MS, syntheticPerson, syntheticRotation } from './synthetic';
import { angleBetween, avatar, normalizedRotation, ROBOT_VRM1, samplePose } from './vrm-helpers';

const FRAMES = 30;
const TOL = 1e-4;
/** The robot lacks upperChest: recorded at rest so the whole-body comparison holds. */
const MISSING: ReadonlySet<VRMHumanBoneName> = new Set(['upperChest']);

/** Frames where the right hand is not found (its keypoints' scores are 0). */
const noRightHand = (i: number): boolean => i % 3 === 0;

function record(withHands: boolean) {
  const rec = createRecorder({ bones: RECORDED_BODY_AND_FINGER_BONES });
  rec.start();
  const q = new Quaternion();
  for (let i = 0; i < FRAMES; i++) {
    const p = syntheticPerson(1, i, MISSING);
    const rotations = { ...p.rotations } as Record<VRMHumanBoneName, [number, number, number, number]>;
    if (withHands) RECORDED_FINGER_BONES.forEach((bone, b) => (rotations[bone] = syntheticRotation(40 + b, 1, i, q).toArray() as [number, number, number, number]));
    const hands = new Float32Array(HAND_FLOATS);
    for (let k = 0; k < HAND_FLOATS / 3; k++) {
      const right = k >= 21;
      if (right && noRightHand(i)) continue;
      hands.set([300 + k + i, 100 + 2 * k, 0.9], 3 * k);
    }
    rec.addFrame(i * FRAME_MS, [{ ...p, rotations, ...(withHands ? { handKeypoints: hands } : {}) }]);
  }
  rec.stop();
  return rec.clip(1)!;
}

describe('finger tracks in recording and export', () => {
  it('VRMA round trip keeps every bone, fingers included, within 1e-4 rad', async () => {
    const vrm = await avatar(ROBOT_VRM1);
    const clip = record(true);
    const loader = new GLTFLoader();
    loader.register((p) => new VRMAnimationLoaderPlugin(p));
    const gltf = await loader.parseAsync((await exportVrma(clip, restSkeletonFromVrm(vrm))).slice().buffer, '');
    const anim = (gltf.userData.vrmAnimations as VRMAnimation[])[0];
    for (const bone of RECORDED_FINGER_BONES) expect(anim.humanoidTracks.rotation.has(bone)).toBe(true);
    const animClip = vrmAnimationToClip(anim, vrm);
    const stride = RECORDED_BODY_AND_FINGER_BONES.length * 4;
    let worst = 0;
    let fingers = 0;
    samplePose(vrm, animClip, anim.humanoidTracks.rotation.get('hips')!.times, (i) => {
      RECORDED_BODY_AND_FINGER_BONES.forEach((bone, b) => {
        if (!vrm.humanoid.getNormalizedBoneNode(bone)) return;
        worst = Math.max(worst, angleBetween(normalizedRotation(vrm, bone), clip.rotations.subarray(i * stride + 4 * b, i * stride + 4 * b + 4)));
        if (RECORDED_FINGER_BONES.includes(bone)) fingers++;
      });
    });
    expect(fingers).toBe(FRAMES * 30);
    expect(worst).toBeLessThan(TOL);
  });

  it('BVH has the 30 Mixamo finger joints with the recorded rotations', async () => {
    const vrm = await avatar(ROBOT_VRM1);
    const clip = record(true);
    const { text } = exportBvh(clip, restSkeletonFromVrm(vrm));
    const { skeleton, clip: bvhClip } = new BVHLoader().parse(text);
    const names = new Set(skeleton.bones.map((b) => b.name));
    for (const bone of RECORDED_FINGER_BONES) expect(names.has(bvhJointName(bone))).toBe(true);
    expect(bvhJointName('leftIndexProximal')).toBe('LeftHandIndex1');
    const stride = RECORDED_BODY_AND_FINGER_BONES.length * 4;
    let worst = 0;
    for (const bone of RECORDED_FINGER_BONES) {
      const b = RECORDED_BODY_AND_FINGER_BONES.indexOf(bone);
      const track = bvhClip.tracks.find((t) => t.name === `${bvhJointName(bone)}.quaternion`) as QuaternionKeyframeTrack;
      for (let i = 0; i < FRAMES; i++) {
        worst = Math.max(worst, angleBetween(track.values.subarray(4 * i, 4 * i + 4), clip.rotations.subarray(i * stride + 4 * b, i * stride + 4 * b + 4)));
      }
    }
    expect(worst).toBeLessThan(TOL);
  });

  it('OpenPose JSON: 63-number hand arrays (zeros for a hand not found), [] with hands off', () => {
    const clip = record(true);
    expect(clip.handKeypoints).toHaveLength(FRAMES * HAND_FLOATS);
    const f1 = openPoseFrame([clip], 1).people[0];
    expect(f1.hand_left_keypoints_2d).toHaveLength(63);
    expect(f1.hand_right_keypoints_2d).toHaveLength(63);
    expect(f1.hand_left_keypoints_2d.slice(0, 3)).toEqual([301, 100, expect.closeTo(0.9, 5)]);
    const f3 = openPoseFrame([clip], 3).people[0];
    expect(f3.hand_right_keypoints_2d).toEqual(new Array(63).fill(0));
    expect(f3.face_keypoints_2d).toEqual([]);
    const off = record(false);
    expect(off.handKeypoints).toBeUndefined();
    const p = openPoseFrame([off], 1).people[0];
    expect(p.hand_left_keypoints_2d).toEqual([]);
    expect(p.hand_right_keypoints_2d).toEqual([]);
  });
});
