import type { SurfaceSink } from './mesh-builder.ts';
import { PROPORTIONS as P } from './proportions.ts';
import { SIDES, sideSign, type Side } from './skeleton.ts';
import { blendInto, type Influence } from './skin-weights.ts';
import { ellipsoid, gridSurface, type Surface } from './surface.ts';
import { add, normalize, scale, smoothstep, type Vec3 } from './vec.ts';

const HEAD_CENTER = P.head.center as Vec3;
const HEAD_RADII = P.head.radii as Vec3;

/** Head skin is rigid except the chin, which follows the jaw bone (so an animated jaw opens the face). */
export function headWeights(p: Vec3): Influence[] {
  const jaw = smoothstep(P.jaw.y, P.jaw.y - 0.035, p[1]) * smoothstep(0.0, 0.05, p[2]) * 0.9;
  return blendInto([{ bone: 'head', weight: 1 }], [{ bone: 'jaw', weight: 1 }], jaw);
}

/** The head ellipsoid's outward normal through `p` (the gradient of its implicit equation). */
export function headNormal(p: Vec3): Vec3 {
  const [cx, cy, cz] = HEAD_CENTER;
  const [rx, ry, rz] = HEAD_RADII;
  return normalize([(p[0] - cx) / (rx * rx), (p[1] - cy) / (ry * ry), (p[2] - cz) / (rz * rz)]);
}

/**
 * The point on the head's surface (plus `lift` outward) in front of (x, y): face features are laid on
 * it so that they follow the curve of the face instead of floating as flat decals.
 */
export function onFace(x: number, y: number, lift: number): Vec3 {
  const [cx, cy, cz] = HEAD_CENTER;
  const [rx, ry, rz] = HEAD_RADII;
  const q = 1 - ((x - cx) / rx) ** 2 - ((y - cy) / ry) ** 2;
  const z = cz + rz * Math.sqrt(Math.max(q, 0));
  const p: Vec3 = [x, y, z];
  return add(p, scale(headNormal(p), lift));
}

/** Hairline elevation (radians above the head centre) by azimuth: high at the forehead, low at the nape. */
const HAIRLINE = { front: 0.58, back: -0.62 } as const;
const HAIR_SCALE = [1.075, 1.07, 1.085] as const;
/** A scalloped fringe over the forehead: how many locks around the head, and how far they drop. */
const FRINGE = { locks: 14, drop: 0.09 } as const;

function hairCap(): Surface {
  const [cx, cy, cz] = HEAD_CENTER;
  const [rx, ry, rz] = HEAD_RADII;
  return gridSurface(
    84,
    12,
    (u, v) => {
      const az = u * Math.PI * 2;
      const cosAz = Math.cos(az);
      const front = Math.max(0, cosAz) ** 2;
      const lock = Math.abs(Math.cos((az * FRINGE.locks) / 2)) ** 0.7;
      const edge = HAIRLINE.front * (1 + cosAz) * 0.5 + HAIRLINE.back * (1 - cosAz) * 0.5 - FRINGE.drop * front * lock;
      const el = Math.PI / 2 - v * (Math.PI / 2 - edge);
      // A little extra volume over the crown and at the back, none at the hairline.
      const puff = 1 + 0.03 * Math.sin(v * Math.PI) * (1.2 - 0.4 * cosAz);
      return [
        cx + rx * HAIR_SCALE[0] * puff * Math.cos(el) * Math.sin(az),
        cy + 0.004 + ry * HAIR_SCALE[1] * puff * Math.sin(el),
        cz - 0.004 + rz * HAIR_SCALE[2] * puff * Math.cos(el) * cosAz,
      ];
    },
    { wrapU: true, poleStart: true },
  );
}

/** A spherical cap around +Z of `radius` and half-angle `angle`, centred on an eye. */
function eyeCap(center: Vec3, radius: number, angle: number): Surface {
  return gridSurface(
    20,
    4,
    (u, v) => {
      const polar = v * angle;
      const az = u * Math.PI * 2;
      return add(center, scale([Math.sin(polar) * Math.cos(az), Math.sin(polar) * Math.sin(az), Math.cos(polar)], radius));
    },
    { wrapU: true, poleStart: true },
  );
}

/** Eye proportions relative to the eyeball radius: iris and pupil are caps floating just above it. */
const IRIS = { angle: 0.52, lift: 1.012 } as const;
const PUPIL = { angle: 0.24, lift: 1.024 } as const;

function addEye(mesh: SurfaceSink, side: Side): void {
  const c: Vec3 = [sideSign(side) * P.eye.x, P.eye.y, P.eye.z];
  const r = P.eye.radius;
  const weigh = (): Influence[] => [{ bone: `${side}Eye`, weight: 1 }];
  mesh.add('eyeWhite', ellipsoid(c, [r, r, r], 16, 12), weigh);
  mesh.add('iris', eyeCap(c, r * IRIS.lift, IRIS.angle), weigh);
  mesh.add('pupil', eyeCap(c, r * PUPIL.lift, PUPIL.angle), weigh);
}

export function addHead(mesh: SurfaceSink): void {
  mesh.add('skin', ellipsoid(HEAD_CENTER, HEAD_RADII, 32, 24), headWeights);
  mesh.add('hair', hairCap(), headWeights);
  // A small nose and ears make the head read as a face from any angle.
  mesh.add('skin', ellipsoid(onFace(0, 1.478, -0.004), [0.0085, 0.011, 0.01], 12, 8), headWeights);
  for (const side of SIDES) {
    const s = sideSign(side);
    mesh.add('skin', ellipsoid([s * (HEAD_RADII[0] - 0.004), 1.495, -0.004], [0.012, 0.024, 0.017], 12, 8), headWeights);
    addEye(mesh, side);
  }
}
