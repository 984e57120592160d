import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Vector3 } from 'three';
import {
  BvhParseError,
  computeBvhPose,
  createBvhPose,
  parseBvh,
  resolveBvhJointMap,
  UnknownBvhSkeletonError,
} from '../../src/retarget/bvh';
import { MOTION_DIR } from './helpers';

/** A tiny Mixamo-named skeleton (prefix included) with one 90° elbow frame. */
function mixamoLike(prefix = 'mixamorig:'): string {
  const j = (name: string, off: string, body: string) =>
    `JOINT ${prefix}${name}\n{\nOFFSET ${off}\nCHANNELS 3 Zrotation Xrotation Yrotation\n${body}\n}`;
  const end = 'End Site\n{\nOFFSET 0 10 0\n}';
  const arm = (s: 'Left' | 'Right', x: number) =>
    j(`${s}Shoulder`, `${x / 4} 10 0`, j(`${s}Arm`, `${x / 2} 0 0`, j(`${s}ForeArm`, `${x} 0 0`, j(`${s}Hand`, `${x} 0 0`, end))));
  const leg = (s: 'Left' | 'Right', x: number) =>
    j(`${s}UpLeg`, `${x} 0 0`, j(`${s}Leg`, '0 -40 0', j(`${s}Foot`, '0 -40 0', end)));
  const chans = 6 + 3 * (3 + 4 * 2 + 3 * 2); // spine, neck, head; 4 per arm; 3 per leg
  return [
    'HIERARCHY',
    `ROOT ${prefix}Hips`,
    '{',
    'OFFSET 0 0 0',
    'CHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation',
    j('Spine', '0 10 0', j('Neck', '0 40 0', j('Head', '0 10 0', end)) + '\n' + arm('Left', 20) + '\n' + arm('Right', -20)),
    leg('Left', 10),
    leg('Right', -10),
    '}',
    'MOTION',
    'Frames: 1',
    'Frame Time: 0.0333333',
    Array.from({ length: chans }, () => '0').join(' '),
  ].join('\n');
}

describe('BVH parser and forward kinematics', () => {
  const cmu = parseBvh(readFileSync(path.join(MOTION_DIR, 'cmu_131_01.bvh'), 'utf8'));

  it('parses the CMU walk: 31 joints, 994 frames at 120 Hz', () => {
    expect(cmu.joints).toHaveLength(31);
    expect(cmu.frameCount).toBe(994);
    expect(cmu.frameTime).toBeCloseTo(1 / 120, 5);
    expect(cmu.data).toHaveLength(994 * cmu.channelCount);
    expect(cmu.joints[0].name).toBe('Hips');
  });

  it('rest pose FK sums offsets; frame 0 root takes the position channels', () => {
    const pose = createBvhPose(cmu);
    computeBvhPose(cmu, -1, pose);
    const knee = cmu.joints.findIndex((j) => j.name === 'LeftKnee');
    expect(pose.positions[3 * knee]).toBeCloseTo(1.24777 + 2.49329, 4);
    expect(pose.positions[3 * knee + 1]).toBeCloseTo(-1.64261 - 6.85026, 4);
    computeBvhPose(cmu, 0, pose);
    expect(pose.positions[0]).toBeCloseTo(5.23, 2);
    expect(pose.positions[1]).toBeCloseTo(16.9002, 3);
    // Bone lengths are preserved by FK.
    const hip = cmu.joints.findIndex((j) => j.name === 'LeftHip');
    const len = Math.hypot(
      pose.positions[3 * knee] - pose.positions[3 * hip],
      pose.positions[3 * knee + 1] - pose.positions[3 * hip + 1],
      pose.positions[3 * knee + 2] - pose.positions[3 * hip + 2],
    );
    expect(len).toBeCloseTo(Math.hypot(2.49329, 6.85026), 4);
  });

  it('maps the CMU skeleton', () => {
    const m = resolveBvhJointMap(cmu);
    expect(m.skeleton.id).toBe('cmu');
    expect(cmu.joints[m.index.leftElbow].name).toBe('LeftElbow');
  });

  it('maps a Mixamo-like skeleton (prefixed names) and chains offsets', () => {
    const clip = parseBvh(mixamoLike());
    const m = resolveBvhJointMap(clip);
    expect(m.skeleton.id).toBe('mixamo');
    expect(clip.joints[m.index.leftShoulder].name).toBe('mixamorig:LeftArm');
    const pose = createBvhPose(clip);
    computeBvhPose(clip, 0, pose);
    const hand = m.index.leftWrist;
    expect(new Vector3().fromArray(pose.positions, 3 * hand).x).toBeCloseTo(5 + 10 + 20 + 20, 6);
  });

  it('maps three.js / Poser names', () => {
    const text = mixamoLike('')
      .replace(/LeftArm/g, 'lShldr').replace(/RightArm/g, 'rShldr')
      .replace(/LeftForeArm/g, 'lForeArm').replace(/RightForeArm/g, 'rForeArm')
      .replace(/LeftHand/g, 'lHand').replace(/RightHand/g, 'rHand')
      .replace(/LeftUpLeg/g, 'lThigh').replace(/RightUpLeg/g, 'rThigh')
      .replace(/LeftLeg/g, 'lShin').replace(/RightLeg/g, 'rShin')
      .replace(/LeftFoot/g, 'lFoot').replace(/RightFoot/g, 'rFoot')
      .replace(/Head/g, 'head').replace(/Hips/g, 'hip');
    expect(resolveBvhJointMap(parseBvh(text)).skeleton.id).toBe('threejs-poser');
  });

  it('fails clearly on an unknown skeleton and on malformed text', () => {
    const text = mixamoLike('').replace(/Left/g, 'Sinistra').replace(/Right/g, 'Destra');
    expect(() => resolveBvhJointMap(parseBvh(text))).toThrow(UnknownBvhSkeletonError);
    expect(() => resolveBvhJointMap(parseBvh(text))).toThrow(/Unknown BVH skeleton[\s\S]*Joints in the file/);
    expect(() => parseBvh('HIERARCHY\nROOT a\n{\nOFFSET 0 0\n')).toThrow(BvhParseError);
    expect(() => parseBvh(mixamoLike().replace(/Frames: 1/, 'Frames: 2'))).toThrow(/motion has/);
  });
});
