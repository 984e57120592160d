import { headNormal, headWeights, onFace } from './head.ts';
import type { MeshBuilder } from './mesh-builder.ts';
import { PROPORTIONS as P } from './proportions.ts';
import { SIDES, sideSign, type Side } from './skeleton.ts';
import { gridSurface, type Surface } from './surface.ts';
import { add, cross, normalize, scale, sub, type Vec3 } from './vec.ts';

/** Morph targets of the face mesh, in glTF target order. VRM expressions bind to these. */
export const FACE_MORPHS = [
  'blinkLeft',
  'blinkRight',
  'mouthA',
  'mouthI',
  'mouthU',
  'mouthE',
  'mouthO',
  'mouthSmile',
  'mouthFrown',
  'browUp',
  'browAngry',
  'browSad',
] as const;
export type FaceMorph = (typeof FACE_MORPHS)[number];

/**
 * Eyelids: a skin shell a little larger than the eyeball, open in an almond around the eye's +Z axis.
 * Framing the opening on +Z (rather than letting the head's curve decide how much eyeball shows) keeps
 * the irises centred at rest. Blinking drops the upper lid's edge onto the lower one. Angles are in
 * radians in the eye's own azimuth (around Y, 0 = forward) / elevation frame.
 */
const LID = {
  /** Shell radius over the eyeball radius; morph targets move vertices on chords, so keep a margin. */
  scale: 1.13,
  /** Half-width of the opening, and the heights of its upper and lower edges at the middle. */
  halfOpen: 0.8,
  upper: 0.46,
  lower: -0.5,
  /** How far the shell reaches around the eyeball (into the head, where it is hidden). */
  reach: 1.75,
  top: 1.3,
  bottom: -1.2,
  /** Upper lash line: a dark band this tall just above the upper lid's edge. */
  lash: 0.16,
} as const;

/** Elevation of the opening's edge at azimuth `az` (zero outside the opening, where the lids meet). */
function lidEdge(az: number, height: number): number {
  const f = Math.max(0, 1 - (az / LID.halfOpen) ** 2);
  return height * Math.sqrt(f);
}

/** `flip` for shells whose rows run upward (the lower lid), so every shell faces outward. */
function eyeShell(side: Side, radius: number, reach: number, elevation: (az: number, v: number) => number, flip = false): Surface {
  const s = sideSign(side);
  const c: Vec3 = [s * P.eye.x, P.eye.y, P.eye.z];
  const r = P.eye.radius * radius;
  return gridSurface(24, 8, (u, v) => {
    const az = (u * 2 - 1) * reach;
    const el = elevation(az, v);
    return add(c, scale([Math.cos(el) * Math.sin(az), Math.sin(el), Math.cos(el) * Math.cos(az)], r));
  }, { flip });
}

/** The upper lid's edge at azimuth `az` for a blink amount `closed` (0 open, 1 shut onto the lower lid). */
function upperEdge(az: number, closed: number): number {
  const open = lidEdge(az, LID.upper);
  return open + (lidEdge(az, LID.lower) - 0.02 - open) * closed;
}

/** Lids shade with the head's normals, so the skin shell shows no seam or shadow ring around the eye. */
const withHeadNormals = (s: Surface): Surface => ({ ...s, normals: s.positions.map(headNormal) });

function upperLid(side: Side, closed: number): Surface {
  return withHeadNormals(eyeShell(side, LID.scale, LID.reach, (az, v) => LID.top + (upperEdge(az, closed) - LID.top) * v));
}

function lowerLid(side: Side): Surface {
  return withHeadNormals(eyeShell(side, LID.scale, LID.reach, (az, v) => LID.bottom + (lidEdge(az, LID.lower) - LID.bottom) * v, true));
}

function lash(side: Side, closed: number): Surface {
  const reach = LID.halfOpen * 1.15;
  // Stop just short of the band's pointed ends, where its rows would meet in zero-area triangles.
  return eyeShell(side, LID.scale + 0.01, reach * 0.97, (az, v) => {
    const edge = upperEdge(az, closed);
    const band = LID.lash * Math.sqrt(Math.max(0, 1 - (az / reach) ** 2));
    return edge + band * (1 - v) - 0.004;
  });
}

/** Mouth opening: half-width, upper and lower half-heights, and corner lift (positive = smile). */
interface MouthShape {
  readonly w: number;
  readonly top: number;
  readonly bottom: number;
  readonly curve: number;
}
const MOUTH_NEUTRAL: MouthShape = { w: 0.017, top: 0.0011, bottom: 0.0013, curve: 0.0025 };
/** Each mouth morph's full shape; the target stores its difference from the neutral line. */
const MOUTH_SHAPES: Partial<Record<FaceMorph, MouthShape>> = {
  mouthA: { w: 0.018, top: 0.004, bottom: 0.017, curve: 0.001 },
  mouthI: { w: 0.022, top: 0.003, bottom: 0.006, curve: 0.002 },
  mouthU: { w: 0.009, top: 0.005, bottom: 0.007, curve: 0 },
  mouthE: { w: 0.023, top: 0.003, bottom: 0.008, curve: 0.003 },
  mouthO: { w: 0.013, top: 0.006, bottom: 0.012, curve: 0 },
  mouthSmile: { w: 0.022, top: 0.0015, bottom: 0.007, curve: 0.007 },
  mouthFrown: { w: 0.016, top: 0.0011, bottom: 0.0013, curve: -0.0045 },
};

/** The mouth as a disc (centre pole, rings outward) squashed into the shape's outline on the face. */
function mouth(shape: MouthShape): Surface {
  return gridSurface(
    32,
    5,
    (u, v) => {
      const a = u * Math.PI * 2;
      const x = v * Math.cos(a);
      const y = v * Math.sin(a);
      const dy = shape.curve * x * x + y * (y >= 0 ? shape.top : shape.bottom);
      return onFace(x * shape.w, P.mouth.y + dy, 0.0012);
    },
    { wrapU: true, poleStart: true },
  );
}

/** Eyebrow: a flat tapered bar lying on the forehead; `inner`/`outer` raise its ends. */
const BROW = { inner: 0.013, outer: 0.053, y: 1.543, arch: 0.005, halfHeight: 0.0032, halfDepth: 0.0018 } as const;
const BROW_MOVES: Partial<Record<FaceMorph, { inner: number; outer: number }>> = {
  browUp: { inner: 0.007, outer: 0.006 },
  browAngry: { inner: -0.007, outer: 0.003 },
  browSad: { inner: 0.007, outer: -0.003 },
};

function brow(side: Side, move: { inner: number; outer: number }): Surface {
  const s = sideSign(side);
  const path = (t: number): Vec3 => {
    const y = BROW.y + BROW.arch * Math.sin(Math.PI * t) + move.inner + (move.outer - move.inner) * t;
    return onFace(s * (BROW.inner + (BROW.outer - BROW.inner) * t), y, BROW.halfDepth + 0.0008);
  };
  return gridSurface(
    8,
    10,
    (u, v) => {
      const p = path(v);
      const tangent = normalize(sub(path(Math.min(v + 0.01, 1)), path(Math.max(v - 0.01, 0))));
      const outward = normalize(sub(p, P.head.center as Vec3));
      const up = normalize(cross(outward, tangent));
      const taper = Math.sqrt(Math.sin(Math.PI * v));
      const a = u * Math.PI * 2;
      return add(p, add(scale(outward, Math.cos(a) * BROW.halfDepth * taper), scale(up, Math.sin(a) * BROW.halfHeight * taper)));
    },
    { wrapU: true, poleStart: true, poleEnd: true },
  );
}

export function addFace(mesh: MeshBuilder<FaceMorph>): void {
  for (const side of SIDES) {
    const blink = (m: FaceMorph | null): number => (m === (side === 'left' ? 'blinkLeft' : 'blinkRight') ? 1 : 0);
    mesh.addMorphing('lid', (m) => upperLid(side, blink(m)), headWeights);
    mesh.addMorphing('lid', () => lowerLid(side), headWeights);
    mesh.addMorphing('lash', (m) => lash(side, blink(m)), headWeights);
  }
  mesh.addMorphing('mouth', (m) => mouth((m && MOUTH_SHAPES[m]) ?? MOUTH_NEUTRAL), headWeights);
  for (const side of SIDES) {
    mesh.addMorphing('brow', (m) => brow(side, (m && BROW_MOVES[m]) ?? { inner: 0, outer: 0 }), headWeights);
  }
}
