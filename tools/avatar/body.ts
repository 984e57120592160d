import type { SurfaceSink } from './mesh-builder.ts';
import { PROPORTIONS as P } from './proportions.ts';
import { FINGER_NAMES, fingerChain, handPosition, SIDES, sideSign, thumbChain, type BoneName, type DigitChain, type Side } from './skeleton.ts';
import { blendInto, chainWeights, jointKeys, type ChainKey } from './skin-weights.ts';
import { capsuleRings, ellipsoid, lathe, type Ring } from './surface.ts';
import { dot, length, normalize, smoothstep, sub, type Vec3 } from './vec.ts';

/** Where the shirt ends and the trousers begin, and where the short sleeves end (|x|). */
const BELT_Y = 0.965;
const SLEEVE_END_X = 0.33;

/** Torso cross-sections bottom to top: height, half-width, half-depth, forward shift of the centre. */
const TORSO_RINGS = [
  [0.772, 0, 0, 0],
  [0.785, 0.07, 0.05, 0],
  [0.815, 0.14, 0.084, -0.004],
  [0.87, 0.158, 0.097, -0.008],
  [0.93, 0.153, 0.094, -0.004],
  [BELT_Y, 0.145, 0.09, -0.002],
  [0.99, 0.138, 0.087, 0],
  [1.05, 0.132, 0.086, 0.002],
  [1.12, 0.142, 0.094, 0.006],
  [1.2, 0.155, 0.1, 0.006],
  [1.27, 0.16, 0.096, 0.002],
  [1.322, 0.156, 0.086, 0],
  [1.348, 0.136, 0.07, 0],
  [1.364, 0.085, 0.052, 0],
  [1.372, 0, 0, 0],
] as const;

/** Arm radii along |x| (vertical, depth): a sleeve that steps down to the bare forearm. */
const ARM_RINGS = [
  [0.12, 0, 0],
  [0.124, 0.03, 0.03],
  [0.14, 0.043, 0.043],
  [0.18, 0.045, 0.045],
  [0.26, 0.044, 0.043],
  [SLEEVE_END_X, 0.044, 0.042],
  [SLEEVE_END_X + 0.001, 0.036, 0.035],
  [0.38, 0.035, 0.034],
  [0.425, 0.033, 0.032],
  [0.48, 0.035, 0.034],
  [0.58, 0.029, 0.03],
  [0.635, 0.022, 0.027],
  [0.652, 0, 0],
] as const;

/** Leg radii by height (side-to-side, front-to-back). */
const LEG_RINGS = [
  [0.905, 0, 0],
  [0.895, 0.05, 0.05],
  [0.86, 0.069, 0.074],
  [0.76, 0.072, 0.074],
  [0.62, 0.061, 0.063],
  [0.5, 0.052, 0.055],
  [0.45, 0.051, 0.055],
  [0.36, 0.052, 0.056],
  [0.24, 0.043, 0.045],
  [0.13, 0.037, 0.039],
  [0.075, 0.034, 0.036],
  [0.06, 0, 0],
] as const;

/** Shoe cross-sections along z (heel to toe): sole-line height, half-height, half-width. */
const SHOE_RINGS = [
  [-0.066, 0.05, 0, 0],
  [-0.062, 0.05, 0.026, 0.028],
  [-0.05, 0.055, 0.048, 0.041],
  [-0.02, 0.06, 0.06, 0.046],
  [0.02, 0.058, 0.058, 0.048],
  [0.06, 0.048, 0.048, 0.051],
  [0.1, 0.04, 0.04, 0.052],
  [0.14, 0.034, 0.034, 0.047],
  [0.165, 0.03, 0.029, 0.035],
  [0.178, 0.03, 0, 0],
] as const;

/** Palm cross-sections along |x| from the wrist joint: half-thickness, half-width. */
const PALM_RINGS = [
  [-0.016, 0, 0],
  [-0.01, 0.013, 0.024],
  [0.0, 0.016, 0.033],
  [0.03, 0.017, 0.04],
  [0.06, 0.016, 0.042],
  [0.08, 0.013, 0.039],
  [0.09, 0.008, 0.029],
  [0.095, 0, 0],
] as const;

const SEGMENTS = { torso: 32, limb: 16, digit: 8, shoe: 16 } as const;

export function addBody(mesh: SurfaceSink): void {
  addTorso(mesh);
  for (const side of SIDES) {
    addArm(mesh, side);
    addHand(mesh, side);
    addLeg(mesh, side);
    addShoe(mesh, side);
  }
  addNeck(mesh);
}

function addTorso(mesh: SurfaceSink): void {
  const base = TORSO_RINGS[0][0];
  const rings: Ring[] = TORSO_RINGS.map(([y, w, d, f]) => ({ t: y - base, r1: d, r2: w, o1: f }));
  const keys: ChainKey[] = [
    ...jointKeys('hips', 'spine', P.spineY, 0.04),
    ...jointKeys('spine', 'chest', P.chestY, 0.04),
    ...jointKeys('chest', 'upperChest', P.upperChestY, 0.04),
    ...jointKeys('upperChest', 'neck', P.neckY, 0.015),
  ];
  mesh.add(
    (c) => (c[1] < BELT_Y ? 'pants' : 'shirt'),
    lathe([0, base, 0], [0, 1, 0], [0, 0, 1], rings, SEGMENTS.torso),
    (p) => {
      const spine = chainWeights(p[1], keys);
      const side: Side = p[0] >= 0 ? 'left' : 'right';
      const ax = Math.abs(p[0]);
      // The outer shoulder line follows the clavicle; the outer hip follows the thigh a little.
      const shoulder = smoothstep(0.07, 0.15, ax) * smoothstep(1.2, 1.29, p[1]) * 0.7;
      const hip = smoothstep(0.03, 0.1, ax) * smoothstep(0.9, 0.8, p[1]) * 0.45;
      if (shoulder > 0) return blendInto(spine, [{ bone: `${side}Shoulder`, weight: 1 }], shoulder);
      return blendInto(spine, [{ bone: `${side}UpperLeg`, weight: 1 }], hip);
    },
  );
}

function armKeys(side: Side): ChainKey[] {
  return [
    ...jointKeys(`${side}Shoulder`, `${side}UpperArm`, P.upperArmX, 0.03),
    ...jointKeys(`${side}UpperArm`, `${side}LowerArm`, P.lowerArmX, 0.035),
    ...jointKeys(`${side}LowerArm`, `${side}Hand`, P.handX, 0.014),
  ];
}

function addArm(mesh: SurfaceSink, side: Side): void {
  const s = sideSign(side);
  const rings: Ring[] = ARM_RINGS.map(([x, v, d]) => ({ t: x, r1: v, r2: d }));
  const keys = armKeys(side);
  const weigh = (p: Vec3) => chainWeights(Math.abs(p[0]), keys);
  mesh.add((c) => (Math.abs(c[0]) < SLEEVE_END_X + 0.0008 ? 'shirt' : 'skin'), lathe([0, P.shoulder.y, 0], [s, 0, 0], [0, 1, 0], rings, SEGMENTS.limb), weigh);
  // A rounded shoulder cap fills the gap between the torso's top and the sleeve. Centred on the joint
  // and moving only with the upper arm, it stays round however the arm turns.
  mesh.add('shirt', ellipsoid([s * P.upperArmX, P.shoulder.y, 0], [0.046, 0.045, 0.046], SEGMENTS.limb, 10), () => [{ bone: `${side}UpperArm`, weight: 1 }]);
}

function addHand(mesh: SurfaceSink, side: Side): void {
  const s = sideSign(side);
  const hand = handPosition(side);
  const rings: Ring[] = PALM_RINGS.map(([x, th, w]) => ({ t: x, r1: th, r2: w }));
  const keys = jointKeys(`${side}LowerArm`, `${side}Hand`, P.handX, 0.014);
  mesh.add('skin', lathe(hand, [s, 0, 0], [0, 1, 0], rings, SEGMENTS.limb), (p) => chainWeights(Math.abs(p[0]), keys));
  for (const chain of [thumbChain(side), ...FINGER_NAMES.map((f) => fingerChain(side, f))]) addDigit(mesh, chain, `${side}Hand`);
}

/** One finger or the thumb: a tapered capsule from its root joint to the tip, bending at each joint. */
function addDigit(mesh: SurfaceSink, chain: DigitChain, hand: BoneName): void {
  const [j0, j1, j2, tip] = chain.joints;
  const dir = normalize(sub(tip, j0));
  const along = (p: Vec3): number => dot(sub(p, j0), dir);
  const len = length(sub(tip, j0));
  const r = chain.radius;
  const startInside = 0.012;
  const keys: ChainKey[] = [
    ...jointKeys(hand, chain.bones[0], 0, 0.006),
    ...jointKeys(chain.bones[0], chain.bones[1], along(j1), 0.005),
    ...jointKeys(chain.bones[1], chain.bones[2], along(j2), 0.004),
  ];
  const rings = capsuleRings(len + startInside - r * 0.8, r, r * 0.8, 4, 6).map((ring) => ({ ...ring, t: ring.t - startInside }));
  const side = Math.abs(dir[1]) > 0.9 ? ([1, 0, 0] as const) : ([0, 1, 0] as const);
  mesh.add('skin', lathe(j0, dir, side, rings, SEGMENTS.digit), (p) => chainWeights(along(p), keys));
}

function addLeg(mesh: SurfaceSink, side: Side): void {
  const s = sideSign(side);
  const top = LEG_RINGS[0][0];
  const rings: Ring[] = LEG_RINGS.map(([y, w, d]) => ({ t: top - y, r1: d, r2: w }));
  const keys: ChainKey[] = [
    ...jointKeys('hips', `${side}UpperLeg`, -P.upperLeg.y, 0.04),
    ...jointKeys(`${side}UpperLeg`, `${side}LowerLeg`, -P.lowerLegY, 0.045),
    ...jointKeys(`${side}LowerLeg`, `${side}Foot`, -P.footY, 0.03),
  ];
  mesh.add('pants', lathe([s * P.upperLeg.x, top, 0], [0, -1, 0], [0, 0, 1], rings, SEGMENTS.limb), (p) => chainWeights(-p[1], keys));
}

function addShoe(mesh: SurfaceSink, side: Side): void {
  const x = sideSign(side) * P.upperLeg.x;
  const base = SHOE_RINGS[0][0];
  const rings: Ring[] = SHOE_RINGS.map(([z, y, h, w]) => ({ t: z - base, r1: h, r2: w, o1: y }));
  const shoe = lathe([x, 0, base], [0, 0, 1], [0, 1, 0], rings, SEGMENTS.shoe);
  // Flatten the underside into a sole that stands on y = 0.
  const flat = { indices: shoe.indices, positions: shoe.positions.map((p): Vec3 => [p[0], Math.max(p[1], 0), p[2]]) };
  const keys = jointKeys(`${side}Foot`, `${side}Toes`, P.toes.z, 0.02);
  mesh.add('shoes', flat, (p) => chainWeights(p[2], keys));
}

function addNeck(mesh: SurfaceSink): void {
  const bottom = 1.32;
  const rings = capsuleRings(0.13, 0.039, 0.037, 3, 4);
  const keys: ChainKey[] = [...jointKeys('upperChest', 'neck', P.neckY, 0.015), ...jointKeys('neck', 'head', P.headY, 0.02)];
  mesh.add('skin', lathe([0, bottom, 0], [0, 1, 0], [0, 0, 1], rings, SEGMENTS.limb), (p) => chainWeights(p[1], keys));
}
