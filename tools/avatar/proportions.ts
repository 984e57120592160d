/**
 * Body proportions in metres for the default avatar (VRM 1.0 rest pose: T-pose, facing +Z, Y up, the
 * avatar's left on +X). Numbers follow an adult of ~1.6 m with a slightly large head for a friendly,
 * readable silhouette at webcam-preview sizes. Only the avatar's left side is listed; the right mirrors it.
 */
export const PROPORTIONS = {
  /** Hips at 0.9 m: the usual VRM convention, so retargeted hip heights need little scaling. */
  hipsY: 0.9,
  spineY: 0.99,
  chestY: 1.1,
  upperChestY: 1.21,
  neckY: 1.35,
  headY: 1.43,

  /** Head is an ellipsoid; its top plus the hair cap puts the crown at ~1.61 m. */
  head: { center: [0, 1.505, 0.004], radii: [0.088, 0.1, 0.094] },
  /** Eye bones sit at the eyeball centres so rotating them swings the iris across the visible cap. */
  eye: { x: 0.033, y: 1.51, z: 0.072, radius: 0.02 },
  /** Jaw pivots near the ear line, like a real mandible. */
  jaw: { y: 1.47, z: 0.0 },
  mouth: { y: 1.445 },

  /** Clavicle root near the spine; the shoulder joint (upperArm) is at the edge of the torso. */
  shoulder: { x: 0.02, y: 1.32 },
  /** Arm span ≈ height: fingertips end near x = 0.8 m. */
  upperArmX: 0.165,
  lowerArmX: 0.425,
  handX: 0.64,

  upperLeg: { x: 0.085, y: 0.855 },
  lowerLegY: 0.475,
  footY: 0.085,
  /** Toes bone at the ball of the foot. */
  toes: { y: 0.025, z: 0.11 },
  /** Shoe extent along Z, heel to tip. */
  footHeelZ: -0.06,
  footTipZ: 0.175,
} as const;

/** One finger: where it leaves the palm (relative to the hand bone), its phalanx lengths and radius. */
export interface FingerSpec {
  readonly base: readonly [number, number, number];
  readonly lengths: readonly [number, number, number];
  readonly radius: number;
}

/**
 * Fingers in the T-pose lie along +X, palm down; the thumb side faces front (+Z). Lengths are
 * proximal, intermediate, distal (the last one to the finger tip).
 */
export const FINGERS = {
  Index: { base: [0.082, 0.002, 0.026], lengths: [0.034, 0.022, 0.02], radius: 0.0085 },
  Middle: { base: [0.085, 0.002, 0.0085], lengths: [0.037, 0.025, 0.021], radius: 0.009 },
  Ring: { base: [0.082, 0.002, -0.0095], lengths: [0.034, 0.023, 0.02], radius: 0.0085 },
  Little: { base: [0.074, 0.001, -0.026], lengths: [0.027, 0.018, 0.017], radius: 0.0075 },
} as const satisfies Record<string, FingerSpec>;

/**
 * The thumb leaves the heel of the palm and points forward-outward at ~45°, slightly down, as in
 * the VRM reference T-pose. Lengths: metacarpal, proximal, distal (to the tip).
 */
export const THUMB = {
  base: [0.018, -0.008, 0.02],
  direction: [0.7, -0.12, 0.7],
  lengths: [0.034, 0.028, 0.024],
  radius: 0.011,
} as const;
