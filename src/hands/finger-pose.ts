/**
 * Hand landmarks → finger curl and spread → VRM finger bone rotations, and the hand (wrist) rotation
 * from the plane of the palm.
 *
 * Input: the 21 hand landmarks as 3D points in image axes (x right, y down, z away from the camera) —
 * `HandLandmarks.world` (metres; best) or `HandLandmarks.keypoints` (pixels, z scaled like x). Only
 * directions matter, so the unit does not.
 *
 * Output: rotations of three-vrm's normalized humanoid bones (rest = identity, every bone's rest frame
 * aligned with the avatar's world axes: the avatar faces +Z, its left is +X, up is +Y). In the T-pose
 * the left hand's fingers point along +X and the right's along −X, palms down (−Y), thumbs forward
 * (+Z). So finger flexion (curl toward the palm, −Y) is a rotation about Z — negative for the left hand,
 * positive for the right — and spread (toward the thumb, +Z) a rotation about Y — negative for the left,
 * positive for the right. Left and right rotations are mirror images: (x, y, z, w) ↔ (x, −y, −z, w).
 *
 * View/avatar space: the retargeting camera convention (src/retarget/camera.ts): x right, y up, z toward
 * the camera; a person facing the camera faces +Z like the avatar, so no mirroring is involved.
 */
import { Matrix4, Quaternion, Vector3 } from 'three';
import type { HandSide } from './hand-crop';

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

export const FINGERS = ['index', 'middle', 'ring', 'little'] as const;
export type FingerName = (typeof FINGERS)[number];

/** Landmark index of each finger's MCP (then PIP, DIP, tip follow). */
const FINGER_BASE: Record<FingerName, number> = { index: 5, middle: 9, ring: 13, little: 17 };
const WRIST = 0;
const THUMB_CMC = 1;

/** Joint angles of one finger, radians. Flexion is positive toward the palm; spread positive toward the thumb. */
export interface FingerAngles {
  /** MCP flexion (proximal phalanx against its metacarpal). */
  mcp: number;
  /** PIP flexion. */
  pip: number;
  /** DIP flexion. */
  dip: number;
  /** MCP abduction toward the thumb side (radial), from the hand's forward axis (wrist → middle MCP). */
  spread: number;
}

/** Thumb: the metacarpal's direction in the hand frame, and the flexion at MCP and IP. */
export interface ThumbAngles {
  /** Unit direction CMC → MCP in this hand's normalized rest frame (left: fingers +X; right: fingers −X; back +Y; thumb side +Z). */
  metacarpalDir: Vec3;
  /** MCP flexion, radians. */
  mcp: number;
  /** IP flexion, radians. */
  ip: number;
}

export interface HandAngles {
  side: HandSide;
  fingers: Record<FingerName, FingerAngles>;
  thumb: ThumbAngles;
  /** Mean flexion (MCP + PIP + DIP) / 3 of the four fingers, radians: 0 open, ~1.4 a fist. */
  curl: number;
}

/** Joint limits, radians: a bad landmark must not fold a finger backwards or through the palm. */
export const FINGER_LIMITS = Object.freeze({
  /** MCP: ~30° hyperextension to ~100° flexion (anatomical range). */
  mcp: [-0.5, 1.75] as const,
  /** PIP: 0–110°. */
  pip: [0, 1.92] as const,
  /** DIP: 0–90°. */
  dip: [0, 1.57] as const,
  /** Spread: ±30° at the MCP. */
  spread: [-0.52, 0.52] as const,
  /** Thumb MCP: 0–60°; IP: 0–90°. */
  thumbMcp: [0, 1.05] as const,
  thumbIp: [0, 1.57] as const,
  /** Thumb metacarpal swing from its rest direction: at most 70°. */
  thumbSwing: 1.22,
});

/**
 * Rest direction of the left thumb metacarpal in the hand's frame, from the project's default avatar
 * (avatars/default-teal.vrm: leftThumbMetacarpal → leftThumbProximal = (0.024, −0.004, 0.024)), i.e.
 * 45° forward of the fingers, in the palm plane. The right hand's is its mirror image (x negated).
 */
export const DEFAULT_LEFT_THUMB_REST: Readonly<Vec3> = Object.freeze({ x: 0.7, y: -0.12, z: 0.7 });

export interface FingerPoseOptions {
  /** Rest direction of the left thumb metacarpal in the hand frame. Default {@link DEFAULT_LEFT_THUMB_REST}. */
  leftThumbRest?: Vec3;
}

const v3 = (p: Vec3): Vector3 => new Vector3(p.x, -p.y, -p.z); // image axes → view axes
const clamp = (v: number, [lo, hi]: readonly [number, number]): number => Math.min(hi, Math.max(lo, v));

/** Unsigned angle between two vectors, radians. */
const angleBetween = (a: Vector3, b: Vector3): number => {
  const d = a.length() * b.length();
  return d > 0 ? Math.acos(Math.min(1, Math.max(-1, a.dot(b) / d))) : 0;
};

/**
 * The hand's frame in view space: `forward` (wrist → middle MCP), `back` (normal out of the back of the
 * hand), `radial` (toward the thumb side, in the palm plane). Built from the palm triangle
 * (wrist, index MCP, little MCP) as the issue asks; the side picks the normal's sign.
 */
export function handFrame(points: readonly Vec3[], side: HandSide): { forward: Vector3; back: Vector3; radial: Vector3 } {
  const wrist = v3(points[WRIST]);
  const forward = v3(points[FINGER_BASE.middle]).sub(wrist).normalize();
  const radial = v3(points[FINGER_BASE.index]).sub(v3(points[FINGER_BASE.little]));
  radial.addScaledVector(forward, -radial.dot(forward)).normalize();
  // Left hand at rest: forward +X, radial +Z, back +Y = radial × forward; the right hand is mirrored.
  const back = side === 'left' ? new Vector3().crossVectors(radial, forward) : new Vector3().crossVectors(forward, radial);
  return { forward, back, radial };
}

/**
 * The hand's rotation in view (= avatar world) space: the rotation that takes the rest hand (left:
 * fingers +X, back +Y, thumb side +Z; right: fingers −X) to the hand the landmarks show.
 */
export function handWorldRotation(points: readonly Vec3[], side: HandSide, out = new Quaternion()): Quaternion {
  const { forward, back, radial } = handFrame(points, side);
  const x = side === 'left' ? forward : forward.clone().negate();
  return out.setFromRotationMatrix(new Matrix4().makeBasis(x, back, radial));
}

/**
 * The hand bone's local rotation (what VRM's `leftHand`/`rightHand` normalized bone takes): the hand's
 * world rotation relative to the lower arm's world rotation (normalized bones' world rotations, e.g.
 * `vrm.humanoid.getNormalizedBoneNode('leftLowerArm').getWorldQuaternion(q)`).
 */
export function wristLocalRotation(handWorld: Quaternion, lowerArmWorld: Quaternion, out = new Quaternion()): Quaternion {
  return out.copy(lowerArmWorld).invert().multiply(handWorld);
}

/** Finger and thumb joint angles from 21 landmarks. */
export function handAngles(points: readonly Vec3[], side: HandSide): HandAngles {
  if (points.length < 21) throw new RangeError(`need 21 hand landmarks, got ${points.length}`);
  const { back, radial, forward } = handFrame(points, side);
  const P = points.map(v3);
  const fingers = {} as Record<FingerName, FingerAngles>;
  let curl = 0;
  for (const name of FINGERS) {
    const i = FINGER_BASE[name];
    const v1 = P[i + 1].clone().sub(P[i]);
    const v2 = P[i + 2].clone().sub(P[i + 1]);
    const v3_ = P[i + 3].clone().sub(P[i + 2]);
    // Flexion: elevation of the proximal phalanx out of the palm plane (toward the palm positive).
    // Spread: its azimuth in the palm plane from the hand's forward axis (fingers together = 0, as the
    // avatar's rest fingers are parallel), toward the thumb positive.
    const along = v1.dot(forward);
    const side_ = v1.dot(radial);
    const mcp = clamp(Math.atan2(-v1.dot(back), Math.hypot(along, side_)), FINGER_LIMITS.mcp);
    const spread = clamp(Math.atan2(side_, along), FINGER_LIMITS.spread);
    const pip = clamp(angleBetween(v1, v2), FINGER_LIMITS.pip);
    const dip = clamp(angleBetween(v2, v3_), FINGER_LIMITS.dip);
    fingers[name] = { mcp, pip, dip, spread };
    curl += (mcp + pip + dip) / 3 / FINGERS.length;
  }
  // Thumb metacarpal direction in the rest frame of the hand (x along the fingers for the left hand).
  const t1 = P[THUMB_CMC + 1].clone().sub(P[THUMB_CMC]);
  const t2 = P[THUMB_CMC + 2].clone().sub(P[THUMB_CMC + 1]);
  const t3 = P[THUMB_CMC + 3].clone().sub(P[THUMB_CMC + 2]);
  const tn = t1.clone().normalize();
  const sx = side === 'left' ? 1 : -1;
  const metacarpalDir = { x: sx * tn.dot(forward), y: tn.dot(back), z: tn.dot(radial) };
  return {
    side,
    fingers,
    thumb: {
      metacarpalDir,
      mcp: clamp(angleBetween(t1, t2), FINGER_LIMITS.thumbMcp),
      ip: clamp(angleBetween(t2, t3), FINGER_LIMITS.thumbIp),
    },
    curl,
  };
}

/** VRM 1.0 humanoid finger bone names of one side. */
export type FingerBoneName =
  `${HandSide}${'Thumb'}${'Metacarpal' | 'Proximal' | 'Distal'}`
  | `${HandSide}${'Index' | 'Middle' | 'Ring' | 'Little'}${'Proximal' | 'Intermediate' | 'Distal'}`;

const CAP: Record<FingerName, 'Index' | 'Middle' | 'Ring' | 'Little'> = { index: 'Index', middle: 'Middle', ring: 'Ring', little: 'Little' };
const Y = new Vector3(0, 1, 0);
const Z = new Vector3(0, 0, 1);

/** The left thumb's flexion axis: perpendicular to its rest direction, curling it toward the palm and across it (−Y −Z). */
function thumbFlexAxis(rest: Vector3): Vector3 {
  return new Vector3().crossVectors(rest, new Vector3(0, -1, -1).normalize()).normalize();
}

/**
 * Normalized-bone local rotations for the 15 finger bones of one hand from its joint angles.
 * Proximal = spread (about Y) ∘ flexion (about Z); intermediate and distal = flexion; thumb metacarpal =
 * the swing from its rest direction to the measured one (limited to {@link FINGER_LIMITS}.thumbSwing);
 * thumb proximal and distal = flexion about the thumb's flexion axis.
 */
export function fingerRotations(angles: HandAngles, options: FingerPoseOptions = {}): Map<FingerBoneName, Quaternion> {
  const side = angles.side;
  const L = side === 'left' ? 'left' : 'right';
  const flexSign = side === 'left' ? -1 : 1;
  const spreadSign = side === 'left' ? -1 : 1;
  const out = new Map<FingerBoneName, Quaternion>();
  for (const f of FINGERS) {
    const a = angles.fingers[f];
    const flex = new Quaternion().setFromAxisAngle(Z, flexSign * a.mcp);
    const spread = new Quaternion().setFromAxisAngle(Y, spreadSign * a.spread);
    out.set(`${L}${CAP[f]}Proximal`, spread.multiply(flex));
    out.set(`${L}${CAP[f]}Intermediate`, new Quaternion().setFromAxisAngle(Z, flexSign * a.pip));
    out.set(`${L}${CAP[f]}Distal`, new Quaternion().setFromAxisAngle(Z, flexSign * a.dip));
  }
  const r = options.leftThumbRest ?? DEFAULT_LEFT_THUMB_REST;
  const rest = new Vector3(side === 'left' ? r.x : -r.x, r.y, r.z).normalize();
  const d = angles.thumb.metacarpalDir;
  const measured = new Vector3(d.x, d.y, d.z).normalize();
  const swing = new Quaternion().setFromUnitVectors(rest, measured);
  const swingAngle = 2 * Math.acos(Math.min(1, Math.abs(swing.w)));
  if (swingAngle > FINGER_LIMITS.thumbSwing) swing.slerp(new Quaternion(), 1 - FINGER_LIMITS.thumbSwing / swingAngle);
  out.set(`${L}ThumbMetacarpal`, swing);
  const axis = thumbFlexAxis(rest);
  out.set(`${L}ThumbProximal`, new Quaternion().setFromAxisAngle(axis, angles.thumb.mcp));
  out.set(`${L}ThumbDistal`, new Quaternion().setFromAxisAngle(axis, angles.thumb.ip));
  return out;
}

/** Everything the avatar needs from one hand: finger bone rotations and the hand's world rotation. */
export interface HandPose {
  angles: HandAngles;
  fingers: Map<FingerBoneName, Quaternion>;
  /** The hand's rotation in avatar world space; turn it into the hand bone's local rotation with {@link wristLocalRotation}. */
  handWorld: Quaternion;
}

/** Landmarks → angles → VRM finger rotations and the hand's world rotation. */
export function solveHandPose(points: readonly Vec3[], side: HandSide, options: FingerPoseOptions = {}): HandPose {
  const angles = handAngles(points, side);
  return { angles, fingers: fingerRotations(angles, options), handWorld: handWorldRotation(points, side) };
}

/**
 * Writes a hand pose onto a VRM's normalized bones: the finger bones, and — unless `wrist` is false —
 * the hand bone (its world rotation made relative to the lower arm as currently posed, so apply the
 * body first and update the scene's world matrices).
 */
export function applyHandPoseToVRM(
  humanoid: { getNormalizedBoneNode(name: string): { quaternion: Quaternion; getWorldQuaternion(q: Quaternion): Quaternion } | null },
  side: HandSide,
  pose: HandPose,
  options: { wrist?: boolean } = {},
): void {
  for (const [name, q] of pose.fingers) humanoid.getNormalizedBoneNode(name)?.quaternion.copy(q);
  if (options.wrist === false) return;
  const hand = humanoid.getNormalizedBoneNode(`${side}Hand`);
  const lower = humanoid.getNormalizedBoneNode(`${side}LowerArm`);
  if (!hand || !lower) return;
  wristLocalRotation(pose.handWorld, lower.getWorldQuaternion(new Quaternion()), hand.quaternion);
}
