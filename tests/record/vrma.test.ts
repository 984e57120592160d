import { describe, expect, it } from 'vitest';
import { Quaternion, Vector3 } from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import type { VRMHumanBoneName } from '@pixiv/three-vrm';
import { VRMAnimationLoaderPlugin, type VRMAnimation } from '@pixiv/three-vrm-animation';
import { RECORDED_BODY_BONES } from '../../src/record/bones';
import { clipDurationSeconds } from '../../src/record/clip';
import { createRecorder } from '../../src/record/recorder';
import { restSkeletonFromVrm } from '../../src/record/rest-skeleton';
import { exportVrma } from '../../src/record/vrma-export';
import { vrmAnimationToClip } from '../../src/record/vrm-animation-clip';
import { loadMotionFile } from '../../src/record/load-motion-file';
import { FRAME_MS, syntheticPerson } from './synthetic';
import { angleBetween, avatar, CRYPTO_VRM0, normalizedRotation, ROBOT_VRM1, samplePose } from './vrm-helpers';

const FRAMES = 60;
const TOL = 1e-4;
/** Bones neither test avatar has: recorded at rest so the whole-body comparison is meaningful. */
const MISSING: ReadonlySet<VRMHumanBoneName> = new Set(['upperChest']);

async function record(frames = FRAMES, jitter = false) {
  const rec = createRecorder();
  rec.start();
  for (let i = 0; i < frames; i++) {
    const t = 500 + i * FRAME_MS + (jitter ? 3 * Math.sin(i) : 0);
    rec.addFrame(t, [{ ...syntheticPerson(4, i, MISSING), expressions: { happy: (i % 10) / 10, blink: i / frames } }]);
  }
  rec.stop();
  return rec.clip(4)!;
}

async function parseVrma(bytes: Uint8Array): Promise<VRMAnimation> {
  const loader = new GLTFLoader();
  loader.register((p) => new VRMAnimationLoaderPlugin(p));
  const gltf = await loader.parseAsync(bytes.slice().buffer, '');
  return (gltf.userData.vrmAnimations as VRMAnimation[])[0];
}

describe('VRMA export', () => {
  it('round trips: same rotations at every frame (1e-4 rad), same duration, N frames', async () => {
    const vrm = await avatar(ROBOT_VRM1);
    const clip = await record(FRAMES, true);
    const bytes = await exportVrma(clip, restSkeletonFromVrm(vrm));
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('glTF');

    const anim = await parseVrma(bytes);
    expect(anim.duration).toBeCloseTo(clipDurationSeconds(clip), 5);
    for (const track of anim.humanoidTracks.rotation.values()) expect(track.times.length).toBe(FRAMES);
    expect(anim.humanoidTracks.translation.get('hips')!.times.length).toBe(FRAMES);
    expect(anim.expressionTracks.preset.get('happy')!.times.length).toBe(FRAMES);

    const animClip = vrmAnimationToClip(anim, vrm);
    expect(animClip.duration).toBeCloseTo(clipDurationSeconds(clip), 5);
    const times = anim.humanoidTracks.rotation.get('hips')!.times;
    const stride = RECORDED_BODY_BONES.length * 4;
    let worst = 0;
    let checked = 0;
    samplePose(vrm, animClip, times, (i) => {
      RECORDED_BODY_BONES.forEach((bone, b) => {
        if (!vrm.humanoid.getNormalizedBoneNode(bone)) return;
        const expected = clip.rotations.subarray(i * stride + b * 4, i * stride + b * 4 + 4);
        worst = Math.max(worst, angleBetween(normalizedRotation(vrm, bone), expected));
        checked++;
      });
      const hips = vrm.humanoid.getNormalizedBoneNode('hips')!.position;
      expect(hips.distanceTo(new Vector3().fromArray(clip.hips, 3 * i))).toBeLessThan(1e-5);
      expect(vrm.expressionManager!.getValue('happy')).toBeCloseTo((i % 10) / 10, 5);
    });
    expect(checked).toBe(FRAMES * (RECORDED_BODY_BONES.length - MISSING.size));
    expect(worst).toBeLessThan(TOL);
  });

  it('writes VRMC_vrm_animation 1.0 with humanBones → nodes and expressions', async () => {
    const vrm = await avatar(ROBOT_VRM1);
    const bytes = await exportVrma(await record(10), restSkeletonFromVrm(vrm));
    const jsonLen = new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true);
    const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLen)));
    expect(json.extensionsUsed).toContain('VRMC_vrm_animation');
    const ext = json.extensions.VRMC_vrm_animation;
    expect(ext.specVersion).toBe('1.0');
    expect(Object.keys(ext.humanoid.humanBones).sort()).toEqual([...RECORDED_BODY_BONES].sort());
    const hipsNode = json.nodes[ext.humanoid.humanBones.hips.node];
    expect(hipsNode.name).toBe('hips');
    expect(hipsNode.translation[1]).toBeCloseTo(0.75, 6); // the avatar's own rest hips height
    expect(Object.keys(ext.expressions.preset).sort()).toEqual(['blink', 'happy']);
    expect(json.animations).toHaveLength(1);
    // rotation per bone + hips translation + one per expression
    expect(json.animations[0].channels).toHaveLength(RECORDED_BODY_BONES.length + 1 + 2);
  });

  it('a clip recorded on a VRM 1.0 avatar plays correctly on a VRM 0.x one', async () => {
    const robot = await avatar(ROBOT_VRM1);
    const crypto = await avatar(CRYPTO_VRM0);
    expect(crypto.meta.metaVersion).toBe('0');
    const clip = await record();
    const motion = await loadMotionFile(await exportVrma(clip, restSkeletonFromVrm(robot)), 'robot.vrma');

    const bones: VRMHumanBoneName[] = RECORDED_BODY_BONES.filter((b) => !MISSING.has(b));
    const times = Array.from({ length: FRAMES }, (_, i) => (clip.timesMs[i] - clip.timesMs[0]) / 1000);
    /** World rotation of each normalized bone relative to its rest world rotation, and a limb direction check. */
    const capture = (vrm: typeof robot) => {
      const out: Quaternion[][] = [];
      const rest = new Map(bones.map((b) => [b, vrm.humanoid.getNormalizedBoneNode(b)!.getWorldQuaternion(new Quaternion())] as const));
      const limbRest = new Map<VRMHumanBoneName, Vector3>();
      const dir = (a: VRMHumanBoneName, b: VRMHumanBoneName): Vector3 =>
        vrm.humanoid.getRawBoneNode(b)!.getWorldPosition(new Vector3()).sub(vrm.humanoid.getRawBoneNode(a)!.getWorldPosition(new Vector3())).normalize();
      const LIMBS: [VRMHumanBoneName, VRMHumanBoneName][] = [
        ['leftUpperArm', 'leftLowerArm'],
        ['rightLowerArm', 'rightHand'],
        ['leftUpperLeg', 'leftLowerLeg'],
        ['rightLowerLeg', 'rightFoot'],
        ['neck', 'head'],
      ];
      vrm.scene.updateMatrixWorld(true);
      for (const [a, b] of LIMBS) limbRest.set(a, dir(a, b));
      let worstLimb = 0;
      samplePose(vrm, motion.clipFor(vrm), times, (i) => {
        out[i] = bones.map((b) => vrm.humanoid.getNormalizedBoneNode(b)!.getWorldQuaternion(new Quaternion()).multiply(rest.get(b)!.clone().invert()));
        // Raw (skinned) limbs point where the normalized rotation says: world delta × own rest direction.
        for (const [a, b] of LIMBS) {
          const q = out[i][bones.indexOf(a)];
          const expected = limbRest.get(a)!.clone().applyQuaternion(q);
          worstLimb = Math.max(worstLimb, expected.angleTo(dir(a, b)));
        }
      });
      return { out, worstLimb };
    };
    const r = capture(robot);
    const c = capture(crypto);
    expect(r.worstLimb).toBeLessThan(1e-4);
    expect(c.worstLimb).toBeLessThan(1e-4);
    let worst = 0;
    for (let i = 0; i < FRAMES; i++) {
      for (let b = 0; b < bones.length; b++) worst = Math.max(worst, r.out[i][b].angleTo(c.out[i][b]));
    }
    expect(worst).toBeLessThan(TOL);

    // The VRM 0.x normalized locals are the VRM 1.0 ones mirrored through the 180° turn: (-x, y, -z, w).
    const stride = RECORDED_BODY_BONES.length * 4;
    let worstLocal = 0;
    samplePose(crypto, motion.clipFor(crypto), times, (i) => {
      for (const bone of bones) {
        const b = (RECORDED_BODY_BONES as readonly VRMHumanBoneName[]).indexOf(bone);
        const q = clip.rotations.subarray(i * stride + 4 * b, i * stride + 4 * b + 4);
        worstLocal = Math.max(worstLocal, angleBetween(normalizedRotation(crypto, bone), [-q[0], q[1], -q[2], q[3]]));
      }
    });
    expect(worstLocal).toBeLessThan(TOL);
  });
});
