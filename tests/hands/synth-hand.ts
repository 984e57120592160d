/**
 * Synthetic 21-landmark hands in image axes (x right, y down, z away from the camera), metres: the
 * palm faces the camera, fingers up. Each finger bends by `curl` radians at each of its three joints,
 * toward the palm (−z); `spread` fans the fingers out from the middle finger at the MCPs.
 */
import type { HandSide } from '../../src/hands/hand-crop';
import type { Vec3 } from '../../src/hands/finger-pose';
import type { Person } from '../../src/pose/types';

export interface SynthHandOptions {
  /** Flexion per finger joint, radians. Default 0 (open). */
  curl?: number;
  /** Fan angle between neighbouring fingers, radians (index +1, middle 0, ring −1, little −2 steps). Default 0. */
  spread?: number;
  /** Thumb flexion at MCP and IP, radians. Default = curl. */
  thumbCurl?: number;
}

const MCP_OFFSETS = [0.022, 0, -0.02, -0.038]; // along the radial direction, index → little
const SEGMENTS = [0.045, 0.027, 0.022];
const SPREAD_STEPS = [1, 0, -1, -2];

export function synthHand(side: HandSide, o: SynthHandOptions = {}): Vec3[] {
  const curl = o.curl ?? 0;
  const spread = o.spread ?? 0;
  const thumbCurl = o.thumbCurl ?? curl;
  // Palm toward the camera, fingers up: the person's left hand has its thumb toward image left.
  const up = { x: 0, y: -1, z: 0 };
  const radial = { x: side === 'left' ? -1 : 1, y: 0, z: 0 };
  const palm = { x: 0, y: 0, z: -1 }; // toward the camera
  const add = (p: Vec3, d: Vec3, k: number): Vec3 => ({ x: p.x + d.x * k, y: p.y + d.y * k, z: p.z + d.z * k });
  const comb = (a: Vec3, ka: number, b: Vec3, kb: number): Vec3 => ({ x: a.x * ka + b.x * kb, y: a.y * ka + b.y * kb, z: a.z * ka + b.z * kb });
  const pts: Vec3[] = [{ x: 0, y: 0, z: 0 }];
  // Thumb: metacarpal 45° toward the radial side, then bending toward the palm and across it.
  const cmc = add(add(pts[0], radial, 0.02), up, 0.02);
  let dir = comb(up, Math.SQRT1_2, radial, Math.SQRT1_2);
  const across = comb(palm, Math.SQRT1_2, radial, -Math.SQRT1_2);
  const thumb: Vec3[] = [cmc];
  let p = add(cmc, dir, 0.035);
  thumb.push(p);
  for (const len of [0.03, 0.025]) {
    // Rotate dir toward `across` by thumbCurl (across ⟂ dir initially).
    const perp = across;
    dir = comb(dir, Math.cos(thumbCurl), perp, Math.sin(thumbCurl));
    const n = Math.hypot(dir.x, dir.y, dir.z);
    dir = { x: dir.x / n, y: dir.y / n, z: dir.z / n };
    p = add(p, dir, len);
    thumb.push(p);
  }
  pts.push(...thumb);
  for (let f = 0; f < 4; f++) {
    const mcp = add(add(pts[0], up, 0.085 - Math.abs(MCP_OFFSETS[f]) * 0.3), radial, MCP_OFFSETS[f]);
    pts.push(mcp);
    const a = spread * SPREAD_STEPS[f];
    const base = comb(up, Math.cos(a), radial, Math.sin(a));
    let q = mcp;
    let bend = 0;
    for (const len of SEGMENTS) {
      bend += curl;
      q = add(q, comb(base, Math.cos(bend), palm, Math.sin(bend)), len);
      pts.push(q);
    }
  }
  return pts;
}

/** Mirror image (x → −x): a left hand becomes a right hand. */
export const mirrorX = (pts: readonly Vec3[]): Vec3[] => pts.map((p) => ({ x: -p.x, y: p.y, z: p.z }));

/** A detected person with only a left hand, whose landmarks are `world` (score 1). */
export const personWithLeftHand = (world: Vec3[]): Person => ({
  keypoints: [],
  score: 1,
  partCount: 0,
  affinity: 0,
  hands: { left: { keypoints: world.map((p) => ({ ...p, score: 1 })), world, score: 1 } },
});
