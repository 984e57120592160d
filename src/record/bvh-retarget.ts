/**
 * Retargets a parsed BVH clip onto a VRM's normalized humanoid, as a VRMAnimation (so playback goes
 * through the same createVRMAnimationClip path as .vrma, VRM 0.x flip and hips scaling included).
 *
 * Method: forward kinematics gives every joint's world rotation W_j(f) relative to the BVH rest pose
 * (BVH rest rotations are identity). A VRM bone b mapped to joint j gets the world rotation
 * W_j(f)·A_b, where A_b turns the avatar's rest bone direction into the BVH's rest bone direction (so
 * a BVH whose rest pose is not exactly the avatar's T-pose still points limbs the right way); the
 * normalized local rotation is then inv(parent world)·(own world) along the avatar's bones that the
 * BVH also has (an unmapped in-between joint's rotation lands on the next mapped bone).
 * A BVH facing −Z (its left side at −X) is turned 180° about Y first.
 * Hips translation stays in the file's units; `restHipsPosition` is the rest hips height above the
 * lowest rest joint or End Site in the same units, so createVRMAnimationClip's hips-height ratio
 * converts units and body size in one step.
 */
import { Quaternion, QuaternionKeyframeTrack, Vector3, VectorKeyframeTrack } from 'three';
import type { VRMHumanBoneName } from '@pixiv/three-vrm';
import { VRMAnimation } from '@pixiv/three-vrm-animation';
import { computeBvhPose, createBvhPose, type BvhClip } from '../retarget/bvh';
import { nearestPresentParent, sortParentsFirst } from './bones';
import type { BvhVrmMapping } from './bvh-vrm-map';
import { restPosition, type RestSkeleton } from './rest-skeleton';

/** The bone whose direction defines each aligned bone's rest direction (first one mapped wins). */
const DIRECTION_CHILD: Readonly<Partial<Record<VRMHumanBoneName, readonly VRMHumanBoneName[]>>> = {
  spine: ['chest', 'upperChest', 'neck'],
  chest: ['upperChest', 'neck'],
  upperChest: ['neck'],
  neck: ['head'],
  leftShoulder: ['leftUpperArm'],
  leftUpperArm: ['leftLowerArm'],
  leftLowerArm: ['leftHand'],
  rightShoulder: ['rightUpperArm'],
  rightUpperArm: ['rightLowerArm'],
  rightLowerArm: ['rightHand'],
  leftUpperLeg: ['leftLowerLeg'],
  leftLowerLeg: ['leftFoot'],
  rightUpperLeg: ['rightLowerLeg'],
  rightLowerLeg: ['rightFoot'],
};

/** Rest bone vectors shorter than this (zero-length joints) are left unaligned. */
const MIN_DIRECTION = 1e-6;

/** Retargets `bvh` (with `mapping`) onto the avatar whose rest skeleton is `target`. */
export function bvhToVrmAnimation(bvh: BvhClip, mapping: BvhVrmMapping, target: RestSkeleton): VRMAnimation {
  const avatar = new Set(Object.keys(target.positions) as VRMHumanBoneName[]);
  const bones = sortParentsFirst([...mapping.joints.keys()].filter((b) => avatar.has(b) || b === 'hips'));
  const boneSet = new Set(bones);
  const parentOf = new Map(bones.map((b) => [b, nearestPresentParent(b, boneSet)] as const));

  // Rest pose (all rotations identity) and facing.
  const pose = createBvhPose(bvh);
  computeBvhPose(bvh, -1, pose);
  const restJoint = (j: number): Vector3 => new Vector3(pose.positions[3 * j], pose.positions[3 * j + 1], pose.positions[3 * j + 2]);
  let minY = Infinity;
  bvh.joints.forEach((joint, j) => {
    minY = Math.min(minY, pose.positions[3 * j + 1]);
    if (joint.endSite) minY = Math.min(minY, pose.positions[3 * j + 1] + joint.endSite[1]);
  });
  const hipsHeight = pose.positions[1] - minY;
  const lUp = mapping.joints.get('leftUpperLeg');
  const rUp = mapping.joints.get('rightUpperLeg');
  const facesBack = lUp !== undefined && rUp !== undefined && restJoint(lUp).x < restJoint(rUp).x;
  const F = new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), facesBack ? Math.PI : 0);
  const Finv = F.clone().invert();

  // Rest alignment per bone.
  const align = new Map<VRMHumanBoneName, Quaternion>();
  for (const bone of bones) {
    const child = DIRECTION_CHILD[bone]?.find((c) => boneSet.has(c));
    const a = new Quaternion();
    if (child) {
      const j = mapping.joints.get(bone)!;
      const k = mapping.joints.get(child)!;
      const dBvh = restJoint(k).sub(restJoint(j)).applyQuaternion(F);
      const p = restPosition(target, bone, avatar);
      const c = restPosition(target, child, avatar);
      const dVrm = new Vector3(c[0] - p[0], c[1] - p[1], c[2] - p[2]);
      if (dBvh.length() > MIN_DIRECTION && dVrm.length() > MIN_DIRECTION) a.setFromUnitVectors(dVrm.normalize(), dBvh.normalize());
    }
    align.set(bone, a);
  }

  const n = bvh.frameCount;
  const times = new Float32Array(n);
  for (let f = 0; f < n; f++) times[f] = f * bvh.frameTime;
  const values = new Map(bones.map((b) => [b, new Float32Array(n * 4)] as const));
  const hips = new Float32Array(n * 3);
  const world = new Map(bones.map((b) => [b, new Quaternion()] as const));
  const q = new Quaternion();
  const inv = new Quaternion();
  const v = new Vector3();
  for (let f = 0; f < n; f++) {
    computeBvhPose(bvh, f, pose);
    for (const bone of bones) {
      const j = mapping.joints.get(bone)!;
      const w = world.get(bone)!;
      w.set(pose.rotations[4 * j], pose.rotations[4 * j + 1], pose.rotations[4 * j + 2], pose.rotations[4 * j + 3]);
      w.premultiply(F).multiply(Finv).multiply(align.get(bone)!);
      const parent = parentOf.get(bone);
      if (parent) q.copy(inv.copy(world.get(parent)!).invert()).multiply(w);
      else q.copy(w);
      q.normalize().toArray(values.get(bone)!, 4 * f);
    }
    v.set(pose.positions[0], pose.positions[1], pose.positions[2]).applyQuaternion(F).toArray(hips, 3 * f);
  }

  const anim = new VRMAnimation();
  anim.duration = n > 0 ? times[n - 1] : 0;
  anim.restHipsPosition = new Vector3(0, hipsHeight > 0 ? hipsHeight : 1, 0);
  for (const bone of bones) anim.humanoidTracks.rotation.set(bone, new QuaternionKeyframeTrack(`${bone}.quaternion`, times, values.get(bone)!));
  anim.humanoidTracks.translation.set('hips', new VectorKeyframeTrack('hips.position', times, hips));
  return anim;
}
