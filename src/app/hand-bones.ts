/**
 * A person's hand landmarks → VRM finger bones and hand (wrist) bones, written into the bone record the
 * scene and the recorder take (so fingers are posed, previewed and exported like every other bone).
 *
 * The hand bone's local rotation is the hand's world rotation (src/hands `solveHandPose`, in view space)
 * relative to the lower arm's, which is the product of the solver's normalized local rotations down the
 * chain hips → … → lower arm — the same thing `applyHandPoseToVRM` reads from a posed avatar's world
 * matrices, but without touching the avatar (the scene poses it on its own schedule).
 *
 * Frames: the body solver works in level view space (src/retarget/camera.ts); hand landmarks are measured
 * in camera space, so with a tilted camera the hand's rotation is turned by the tilt first.
 *
 * Mirror (selfie view): as the body solver does, the image is mirrored — each hand's world points get x
 * negated, and the person's left hand drives the avatar's right hand and vice versa.
 *
 * Smoothing: given the identity's {@link HandSmoother}, the world points are One Euro filtered (per
 * person side, before mirroring, so toggling mirror does not restart them) before the bones are solved;
 * without one they are used raw.
 */
import { VRMHumanBoneParentMap, type VRMHumanBoneName } from '@pixiv/three-vrm';
import { Quaternion } from 'three';
import { RECORDED_FINGER_BONES } from '../record/bones';
import { cameraToLevelRotation } from '../retarget/camera';
import { solveHandPose, wristLocalRotation, type HandSide, type Vec3 } from '../hands';
import type { Person } from '../pose/types';
import type { HandSmoother } from '../track/hand-smoother';

type Bones = Partial<Record<VRMHumanBoneName, [number, number, number, number]>>;

const SIDES: readonly HandSide[] = ['left', 'right'];
const FINGERS_OF: Record<HandSide, readonly VRMHumanBoneName[]> = {
  left: RECORDED_FINGER_BONES.filter((b) => b.startsWith('left')),
  right: RECORDED_FINGER_BONES.filter((b) => b.startsWith('right')),
};

/** Reused scratch: no allocation per frame beyond what solveHandPose makes. */
const chain = new Quaternion();
const local = new Quaternion();
const wrist = new Quaternion();
const handWorld = new Quaternion();
const tilt = new Quaternion();
const mirrored: Vec3[] = Array.from({ length: 21 }, () => ({ x: 0, y: 0, z: 0 }));

/** Writes `q` into `bones[name]` (reusing its array). */
function put(bones: Bones, name: VRMHumanBoneName, q: Quaternion): void {
  const b = (bones[name] ??= [0, 0, 0, 1]);
  b[0] = q.x;
  b[1] = q.y;
  b[2] = q.z;
  b[3] = q.w;
}

/** World (view-space) rotation of `bone` from the normalized local rotations in `bones` (absent = rest). */
export function chainRotation(bones: Bones, bone: VRMHumanBoneName, out: Quaternion): Quaternion {
  out.identity();
  for (let b: VRMHumanBoneName | null = bone; b != null; b = VRMHumanBoneParentMap[b]) {
    const q = bones[b];
    if (q) out.premultiply(local.set(q[0], q[1], q[2], q[3]));
  }
  return out;
}

/**
 * Sets the finger bones and the hand bones of both sides in `bones` from `person.hands` (after the body
 * bones are in `bones`). A side with no hand this frame gets its fingers back at rest (its hand bone
 * keeps the body solver's value). With `smoother` (one per tracked identity) the hand's world points are
 * smoothed first, at `timestampMs` (the frame's). `pitchRad`: the camera's tilt (> 0 looking down), as the
 * body solver was told: the hand's camera-space rotation is turned into the solver's level view space.
 * Returns whether any hand was applied.
 */
export function applyHandsToBones(person: Person, bones: Bones, mirror: boolean, smoother?: HandSmoother, timestampMs = 0, pitchRad = 0): boolean {
  let any = false;
  for (const avatarSide of SIDES) {
    const personSide: HandSide = mirror ? (avatarSide === 'left' ? 'right' : 'left') : avatarSide;
    const hand = person.hands?.[personSide];
    if (!hand) {
      for (const name of FINGERS_OF[avatarSide]) if (bones[name]) put(bones, name, local.identity());
      continue;
    }
    const points = smoother ? smoother.smooth(personSide, hand.world, timestampMs) : hand.world;
    const pose = solveHandPose(mirror ? mirrorPoints(points) : points, avatarSide);
    for (const [name, q] of pose.fingers) put(bones, name, q);
    chainRotation(bones, `${avatarSide}LowerArm`, chain);
    // A tilt is a turn about x, which mirroring x leaves as it is.
    handWorld.copy(pose.handWorld);
    if (pitchRad !== 0) handWorld.premultiply(cameraToLevelRotation(pitchRad, tilt));
    put(bones, `${avatarSide}Hand`, wristLocalRotation(handWorld, chain, wrist));
    any = true;
  }
  return any;
}

/** A hand's world points mirrored left ↔ right (x negated), into a reused buffer. */
function mirrorPoints(points: readonly Vec3[]): Vec3[] {
  points.forEach((p, i) => {
    mirrored[i].x = -p.x;
    mirrored[i].y = p.y;
    mirrored[i].z = p.z;
  });
  return mirrored;
}
