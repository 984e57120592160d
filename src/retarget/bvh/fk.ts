/** Forward kinematics for a parsed BVH clip. */
import { Quaternion, Vector3 } from 'three';
import type { BvhClip } from './parse';

const AXIS_X = new Vector3(1, 0, 0);
const AXIS_Y = new Vector3(0, 1, 0);
const AXIS_Z = new Vector3(0, 0, 1);
const DEG = Math.PI / 180;

/** World transforms of every joint for one frame (reused between calls). */
export interface BvhPose {
  /** World position of joint j at `positions[3j..3j+2]`. */
  readonly positions: Float64Array;
  /** World rotation (x, y, z, w) of joint j at `rotations[4j..4j+3]`. */
  readonly rotations: Float64Array;
}

/** Allocates a pose buffer for `clip`. */
export function createBvhPose(clip: BvhClip): BvhPose {
  return { positions: new Float64Array(clip.joints.length * 3), rotations: new Float64Array(clip.joints.length * 4) };
}

const qLocal = new Quaternion();
const qAxis = new Quaternion();
const qParent = new Quaternion();
const vLocal = new Vector3();

/**
 * Computes world positions and rotations of all joints at `frame` (pass -1 for the rest pose).
 * BVH convention: a joint's local transform is translate(offset + position channels) · rotations in
 * channel order; world = parent world · local.
 */
export function computeBvhPose(clip: BvhClip, frame: number, out: BvhPose): BvhPose {
  const { joints, data, channelCount } = clip;
  const row = frame < 0 ? -1 : frame * channelCount;
  const P = out.positions;
  const R = out.rotations;
  for (let j = 0; j < joints.length; j++) {
    const joint = joints[j];
    vLocal.set(joint.offset[0], joint.offset[1], joint.offset[2]);
    qLocal.identity();
    if (row >= 0) {
      for (let c = 0; c < joint.channels.length; c++) {
        const v = data[row + joint.channelOffset + c];
        switch (joint.channels[c]) {
          case 'Xposition': vLocal.x += v; break;
          case 'Yposition': vLocal.y += v; break;
          case 'Zposition': vLocal.z += v; break;
          case 'Xrotation': qLocal.multiply(qAxis.setFromAxisAngle(AXIS_X, v * DEG)); break;
          case 'Yrotation': qLocal.multiply(qAxis.setFromAxisAngle(AXIS_Y, v * DEG)); break;
          case 'Zrotation': qLocal.multiply(qAxis.setFromAxisAngle(AXIS_Z, v * DEG)); break;
        }
      }
    }
    if (joint.parent < 0) {
      P[3 * j] = vLocal.x; P[3 * j + 1] = vLocal.y; P[3 * j + 2] = vLocal.z;
      R[4 * j] = qLocal.x; R[4 * j + 1] = qLocal.y; R[4 * j + 2] = qLocal.z; R[4 * j + 3] = qLocal.w;
    } else {
      const p = joint.parent;
      qParent.set(R[4 * p], R[4 * p + 1], R[4 * p + 2], R[4 * p + 3]);
      vLocal.applyQuaternion(qParent);
      P[3 * j] = P[3 * p] + vLocal.x; P[3 * j + 1] = P[3 * p + 1] + vLocal.y; P[3 * j + 2] = P[3 * p + 2] + vLocal.z;
      qParent.multiply(qLocal);
      R[4 * j] = qParent.x; R[4 * j + 1] = qParent.y; R[4 * j + 2] = qParent.z; R[4 * j + 3] = qParent.w;
    }
  }
  return out;
}

/** World position of joint `j`'s End Site (or of the joint itself when it has none). */
export function bvhEndSitePosition(clip: BvhClip, pose: BvhPose, j: number, out: Vector3): Vector3 {
  const joint = clip.joints[j];
  out.set(pose.positions[3 * j], pose.positions[3 * j + 1], pose.positions[3 * j + 2]);
  if (!joint.endSite) return out;
  qParent.set(pose.rotations[4 * j], pose.rotations[4 * j + 1], pose.rotations[4 * j + 2], pose.rotations[4 * j + 3]);
  vLocal.set(joint.endSite[0], joint.endSite[1], joint.endSite[2]).applyQuaternion(qParent);
  return out.add(vLocal);
}
