import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Quaternion, Vector3, type QuaternionKeyframeTrack, type VectorKeyframeTrack } from 'three';
import { BVHLoader } from 'three/examples/jsm/loaders/BVHLoader.js';
import type { VRMHumanBoneName } from '@pixiv/three-vrm';
import { RECORDED_BODY_BONES } from '../../src/record/bones';
import { exportBvh } from '../../src/record/bvh-export';
import { BVH_JOINT_NAMES } from '../../src/record/bvh-names';
import { createRecorder } from '../../src/record/recorder';
import { restSkeletonFromVrm } from '../../src/record/rest-skeleton';
import { loadMotionFile } from '../../src/record/load-motion-file';
import { FRAME_MS, syntheticPerson } from './synthetic';
import { angleBetween, avatar, CMU_BVH, CRYPTO_VRM0, normalizedRotation, ROBOT_VRM1, samplePose } from './vrm-helpers';

const FRAMES = 60;
const TOL = 1e-4;

function record(frames: number, interval: (i: number) => number = () => FRAME_MS) {
  const rec = createRecorder();
  rec.start();
  let t = 0;
  for (let i = 0; i < frames; i++) {
    rec.addFrame(t, [syntheticPerson(2, i)]);
    t += interval(i);
  }
  return rec.clip(2)!;
}

describe('BVH export', () => {
  it("round trips through three's BVHLoader: same rotations per frame, same frame count", async () => {
    const vrm = await avatar(ROBOT_VRM1);
    const clip = record(FRAMES);
    const out = exportBvh(clip, restSkeletonFromVrm(vrm));
    expect(out.resampled).toBe(false);
    expect(out.frameCount).toBe(FRAMES);
    expect(out.frameTime).toBeCloseTo(FRAME_MS / 1000, 9);
    expect(out.text).toMatch(/^HIERARCHY\nROOT Hips\n\{\n\tOFFSET 0\.000000 0\.000000 0\.000000\n\tCHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation\n/);
    expect(out.text).toContain('CHANNELS 3 Zrotation Xrotation Yrotation');

    const { skeleton, clip: bvhClip } = new BVHLoader().parse(out.text);
    expect(skeleton.bones.filter((b) => b.name !== 'ENDSITE').map((b) => b.name).sort()).toEqual(
      RECORDED_BODY_BONES.map((b) => BVH_JOINT_NAMES[b]).sort(),
    );
    const stride = RECORDED_BODY_BONES.length * 4;
    let worst = 0;
    RECORDED_BODY_BONES.forEach((bone, b) => {
      const track = bvhClip.tracks.find((t) => t.name === `${BVH_JOINT_NAMES[bone]}.quaternion`) as QuaternionKeyframeTrack;
      expect(track.times.length).toBe(FRAMES);
      for (let i = 0; i < FRAMES; i++) {
        const expected = clip.rotations.subarray(i * stride + 4 * b, i * stride + 4 * b + 4);
        worst = Math.max(worst, angleBetween(track.values.subarray(4 * i, 4 * i + 4), expected));
      }
    });
    expect(worst).toBeLessThan(TOL);
    // Hips: absolute position in centimetres (root OFFSET is 0).
    const hips = bvhClip.tracks.find((t) => t.name === 'Hips.position') as VectorKeyframeTrack;
    for (let i = 0; i < FRAMES; i++) {
      for (let c = 0; c < 3; c++) expect(hips.values[3 * i + c]).toBeCloseTo(clip.hips[3 * i + c] * 100, 3);
    }
    // The avatar's own rest offsets, in centimetres.
    const arm = skeleton.bones.find((b) => b.name === 'LeftForeArm')!;
    const rest = restSkeletonFromVrm(vrm).positions;
    expect(arm.position.x).toBeCloseTo((rest.leftLowerArm![0] - rest.leftUpperArm![0]) * 100, 4);
  });

  it('resamples irregular timestamps to the median rate, keeps N frames when regular', () => {
    // Every 10th frame arrives after a dropped frame (double interval).
    const clip = record(61, (i) => (i % 10 === 9 ? 2 * FRAME_MS : FRAME_MS));
    const rest = { positions: { hips: [0, 1, 0] as [number, number, number] } };
    const out = exportBvh(clip, rest);
    expect(out.resampled).toBe(true);
    const duration = (clip.timesMs[60] - clip.timesMs[0]) / 1000;
    expect(out.frameCount).toBe(Math.round(duration / out.frameTime) + 1);
    expect(out.frameCount).toBe(67);
    expect(new BVHLoader().parse(out.text).clip.tracks[0].times.length).toBe(67);
    expect(exportBvh(clip, rest, { resample: 'never' }).frameCount).toBe(61);
  });

  it('imports back onto the avatar (loadMotionFile): same normalized rotations', async () => {
    const vrm = await avatar(ROBOT_VRM1);
    const identity: ReadonlySet<VRMHumanBoneName> = new Set(['upperChest']); // the robot has none
    const rec = createRecorder();
    rec.start();
    for (let i = 0; i < FRAMES; i++) rec.addFrame(i * FRAME_MS, [syntheticPerson(5, i, identity)]);
    const clip = rec.clip(5)!;
    const out = exportBvh(clip, restSkeletonFromVrm(vrm));
    const motion = await loadMotionFile(out.text, 'take.bvh');
    expect(motion.format).toBe('bvh');
    expect(motion.duration).toBeCloseTo((FRAMES - 1) * out.frameTime, 6);
    const times = Array.from({ length: FRAMES }, (_, i) => i * out.frameTime);
    const stride = RECORDED_BODY_BONES.length * 4;
    let worst = 0;
    let hipsErr = 0;
    samplePose(vrm, motion.clipFor(vrm), times, (i) => {
      RECORDED_BODY_BONES.forEach((bone, b) => {
        if (!vrm.humanoid.getNormalizedBoneNode(bone)) return;
        worst = Math.max(worst, angleBetween(normalizedRotation(vrm, bone), clip.rotations.subarray(i * stride + 4 * b, i * stride + 4 * b + 4)));
      });
      const h = vrm.humanoid.getNormalizedBoneNode('hips')!.position;
      hipsErr = Math.max(hipsErr, Math.hypot(h.x - clip.hips[3 * i], h.y - clip.hips[3 * i + 1], h.z - clip.hips[3 * i + 2]));
    });
    expect(worst).toBeLessThan(1e-3); // offsets go through 6-decimal text: alignment is identity to ~1e-6
    expect(hipsErr).toBeLessThan(1e-4);
  });

  it('plays the CMU clip on VRM 1.0 and VRM 0.x avatars (walk: legs swing, hips move forward)', async () => {
    const text = readFileSync(CMU_BVH, 'utf8');
    const motion = await loadMotionFile(text, 'cmu_131_01.bvh');
    expect(motion.duration).toBeCloseTo(993 / 120, 3);
    for (const path of [ROBOT_VRM1, CRYPTO_VRM0]) {
      const vrm = await avatar(path);
      const clip = motion.clipFor(vrm);
      let maxSwing = 0;
      let finite = true;
      const hipsZ: number[] = [];
      const times = Array.from({ length: 40 }, (_, i) => (i * motion.duration) / 39);
      samplePose(vrm, clip, times, () => {
        const q = vrm.humanoid.getNormalizedBoneNode('leftUpperLeg')!.quaternion;
        finite &&= [q.x, q.y, q.z, q.w].every(Number.isFinite);
        maxSwing = Math.max(maxSwing, q.angleTo(new Quaternion()));
        hipsZ.push(vrm.humanoid.getNormalizedBoneNode('hips')!.getWorldPosition(new Vector3()).z);
      });
      expect(finite).toBe(true);
      expect(maxSwing).toBeGreaterThan(0.2);
      expect(maxSwing).toBeLessThan(1.5);
      // The walk travels (CMU 131_01 walks along its z axis).
      expect(Math.abs(hipsZ[hipsZ.length - 1] - hipsZ[0])).toBeGreaterThan(0.3);
    }
  });
});
