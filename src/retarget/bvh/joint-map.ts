/**
 * Maps the joints of common BVH skeletons onto the body points the retargeting evaluation needs
 * (COCO-18 body joints plus the head). Fails with a clear message on an unknown skeleton.
 */
import type { BvhClip } from './parse';

/** Body points read from a BVH skeleton. The COCO neck is the shoulders' midpoint (as in OpenPose). */
export const BVH_BODY_POINTS = [
  'leftShoulder',
  'leftElbow',
  'leftWrist',
  'rightShoulder',
  'rightElbow',
  'rightWrist',
  'leftHip',
  'leftKnee',
  'leftAnkle',
  'rightHip',
  'rightKnee',
  'rightAnkle',
  'head',
] as const;

export type BvhBodyPoint = (typeof BVH_BODY_POINTS)[number];

/** One known skeleton family: candidate joint names (normalised: lower case, no prefix, no `_- .`). */
export interface BvhSkeletonMap {
  readonly id: string;
  readonly description: string;
  readonly joints: { readonly [K in BvhBodyPoint]: readonly string[] };
  /** Joints whose End Site (or which itself) marks the top of the head; falls back to the head's End Site. */
  readonly headTop: readonly string[];
}

/**
 * Known skeletons, tried in order; the first whose every body point resolves wins. Order matters: the
 * CMU "cgspeed" naming uses `LeftShoulder` for the upper arm, Mixamo uses it for the clavicle, so the
 * CMU map (which needs `LeftElbow`) is tried first.
 */
export const BVH_SKELETON_MAPS: readonly BvhSkeletonMap[] = [
  {
    id: 'cmu',
    description: 'CMU mocap (cgspeed / bvh11 naming: LeftHip, LeftKnee, LeftAnkle, LeftShoulder, LeftElbow, LeftWrist)',
    joints: {
      leftShoulder: ['leftshoulder'],
      leftElbow: ['leftelbow'],
      leftWrist: ['leftwrist'],
      rightShoulder: ['rightshoulder'],
      rightElbow: ['rightelbow'],
      rightWrist: ['rightwrist'],
      leftHip: ['lefthip'],
      leftKnee: ['leftknee'],
      leftAnkle: ['leftankle'],
      rightHip: ['righthip'],
      rightKnee: ['rightknee'],
      rightAnkle: ['rightankle'],
      head: ['head'],
    },
    headTop: ['headend', 'headtop'],
  },
  {
    id: 'mixamo',
    description: 'Mixamo-like (LeftUpLeg, LeftLeg, LeftFoot, LeftArm, LeftForeArm, LeftHand; also CMU MotionBuilder conversions)',
    joints: {
      leftShoulder: ['leftarm'],
      leftElbow: ['leftforearm'],
      leftWrist: ['lefthand'],
      rightShoulder: ['rightarm'],
      rightElbow: ['rightforearm'],
      rightWrist: ['righthand'],
      leftHip: ['leftupleg', 'leftthigh'],
      leftKnee: ['leftleg', 'leftshin'],
      leftAnkle: ['leftfoot'],
      rightHip: ['rightupleg', 'rightthigh'],
      rightKnee: ['rightleg', 'rightshin'],
      rightAnkle: ['rightfoot'],
      head: ['head'],
    },
    headTop: ['headtopend', 'headtop', 'headend'],
  },
  {
    id: 'threejs-poser',
    description: 'three.js examples / Poser / Second Life (hip, lThigh, lShin, lFoot, lShldr, lForeArm, lHand)',
    joints: {
      leftShoulder: ['lshldr', 'lshoulder', 'lupperarm'],
      leftElbow: ['lforearm'],
      leftWrist: ['lhand'],
      rightShoulder: ['rshldr', 'rshoulder', 'rupperarm'],
      rightElbow: ['rforearm'],
      rightWrist: ['rhand'],
      leftHip: ['lthigh'],
      leftKnee: ['lshin'],
      leftAnkle: ['lfoot'],
      rightHip: ['rthigh'],
      rightKnee: ['rshin'],
      rightAnkle: ['rfoot'],
      head: ['head'],
    },
    headTop: ['headend', 'headtop'],
  },
] as const;

/** Normalises a joint name: drops a `prefix:` (e.g. `mixamorig:`), lower-cases, removes `_`, `-`, `.`, spaces. */
export function normalizeBvhJointName(name: string): string {
  const colon = name.lastIndexOf(':');
  return (colon >= 0 ? name.slice(colon + 1) : name).toLowerCase().replace(/[\s_.\-]/g, '');
}

/** A resolved mapping: joint index per body point, plus the head-top source. */
export interface BvhJointMapping {
  readonly skeleton: BvhSkeletonMap;
  readonly index: { readonly [K in BvhBodyPoint]: number };
  /** Joint whose End Site (or position, when it has none) is the head top; -1 to extrapolate. */
  readonly headTop: number;
}

/** Thrown when no known skeleton matches. */
export class UnknownBvhSkeletonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnknownBvhSkeletonError';
  }
}

/** Resolves `clip`'s joints against {@link BVH_SKELETON_MAPS}; throws {@link UnknownBvhSkeletonError}. */
export function resolveBvhJointMap(clip: BvhClip, maps: readonly BvhSkeletonMap[] = BVH_SKELETON_MAPS): BvhJointMapping {
  const byName = new Map<string, number>();
  clip.joints.forEach((j, i) => {
    const n = normalizeBvhJointName(j.name);
    if (!byName.has(n)) byName.set(n, i);
  });
  const misses: string[] = [];
  for (const skeleton of maps) {
    const index = {} as { [K in BvhBodyPoint]: number };
    const missing: string[] = [];
    for (const point of BVH_BODY_POINTS) {
      const hit = skeleton.joints[point].map((c) => byName.get(c)).find((v) => v !== undefined);
      if (hit === undefined) missing.push(`${point} (${skeleton.joints[point].join('|')})`);
      else index[point] = hit;
    }
    if (missing.length > 0) {
      misses.push(`  ${skeleton.id}: missing ${missing.join(', ')}`);
      continue;
    }
    const headJoint = clip.joints[index.head];
    let headTop = skeleton.headTop.map((c) => byName.get(c)).find((v) => v !== undefined) ?? -1;
    if (headTop < 0 && headJoint.endSite) headTop = index.head;
    if (headTop < 0) {
      const child = clip.joints.findIndex((j) => j.parent === index.head);
      headTop = child;
    }
    return { skeleton, index, headTop };
  }
  const names = clip.joints.map((j) => j.name).join(', ');
  throw new UnknownBvhSkeletonError(
    `Unknown BVH skeleton: none of the known joint maps matches.\n${misses.join('\n')}\n` +
      `Joints in the file: ${names}\n` +
      'Add a map to BVH_SKELETON_MAPS in src/retarget/bvh/joint-map.ts.',
  );
}
