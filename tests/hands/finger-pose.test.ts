import { beforeAll, describe, expect, it } from 'vitest';
import { Quaternion, Vector3, type Object3D } from 'three';
import type { VRM, VRMHumanBoneName } from '@pixiv/three-vrm';
import { applyHandPoseToVRM, handWorldRotation, solveHandPose, FINGERS, type HandPose } from '../../src/hands/finger-pose';
import type { HandSide } from '../../src/hands/hand-crop';
import { loadVrmFromFile } from '../helpers/load-vrm-node';
import { mirrorX, synthHand } from './synth-hand';

const DEG = Math.PI / 180;
const AVATAR = new URL('../../avatars/default-teal.vrm', import.meta.url).pathname;
const CAP = { index: 'Index', middle: 'Middle', ring: 'Ring', little: 'Little' } as const;

let vrm: VRM;
const restTips = new Map<string, Vector3>();

const node = (name: string): Object3D => vrm.humanoid.getNormalizedBoneNode(name as VRMHumanBoneName)!;

/** The fingertip's world position: the distal bone's rest length past the distal joint, along the finger. */
function tip(side: HandSide, finger: string): Vector3 {
  const distal = node(`${side}${finger}Distal`);
  // Normalized bones rest with world-aligned frames, so the distal's own rest offset approximates its length and direction.
  const offset = distal.position.clone().applyQuaternion(distal.getWorldQuaternion(new Quaternion()));
  return distal.getWorldPosition(new Vector3()).add(offset);
}

function resetHands(): void {
  vrm.humanoid.resetNormalizedPose();
  vrm.humanoid.update();
  vrm.scene.updateMatrixWorld(true);
}

function pose(side: HandSide, p: HandPose, wrist = false): void {
  applyHandPoseToVRM(vrm.humanoid, side, p, { wrist });
  vrm.scene.updateMatrixWorld(true);
}

const qAngle = (q: Quaternion): number => 2 * Math.acos(Math.min(1, Math.abs(q.w)));

beforeAll(async () => {
  vrm = await loadVrmFromFile(AVATAR);
  resetHands();
  for (const side of ['left', 'right'] as const) for (const f of [...Object.values(CAP), 'Thumb']) restTips.set(`${side}${f}`, tip(side, f));
});

describe('finger pose → VRM finger bones', () => {
  it('open hand: angles ≈ 0 and bones ≈ rest', () => {
    for (const side of ['left', 'right'] as const) {
      const p = solveHandPose(synthHand(side), side);
      for (const f of FINGERS) {
        const a = p.angles.fingers[f];
        expect(Math.abs(a.mcp) + a.pip + a.dip).toBeLessThan(1 * DEG);
        expect(Math.abs(a.spread)).toBeLessThan(1 * DEG);
      }
      expect(p.angles.curl).toBeLessThan(1 * DEG);
      for (const [name, q] of p.fingers) expect(qAngle(q), name).toBeLessThan(name.includes('ThumbMetacarpal') ? 10 * DEG : 1 * DEG);
    }
  });

  it('fist: curled VRM finger bones, fingertips move to the palm', async ({ annotate }) => {
    const curl = 80 * DEG;
    const figures: string[] = [];
    for (const side of ['left', 'right'] as const) {
      resetHands();
      const p = solveHandPose(synthHand(side, { curl, thumbCurl: 50 * DEG }), side);
      for (const f of FINGERS) {
        const a = p.angles.fingers[f];
        expect(a.mcp).toBeCloseTo(curl, 2);
        expect(a.pip).toBeCloseTo(curl, 2);
        expect(a.dip).toBeCloseTo(curl, 2);
      }
      expect(p.angles.curl).toBeGreaterThan(75 * DEG);
      pose(side, p);
      const hand = node(`${side}Hand`).getWorldPosition(new Vector3());
      for (const f of Object.values(CAP)) {
        expect(qAngle(p.fingers.get(`${side}${f}Proximal` as never)!)).toBeGreaterThan(75 * DEG);
        const rest = restTips.get(`${side}${f}`)!;
        const now = tip(side, f);
        const restReach = Math.abs(rest.x - hand.x);
        const reach = Math.abs(now.x - hand.x);
        // Curled: the tip comes back toward the wrist along the hand and below the palm (palm faces −Y in the T-pose).
        expect(reach).toBeLessThan(0.6 * restReach);
        expect(now.y).toBeLessThan(hand.y - 0.01);
        figures.push(`${side}${f} reach ${(reach / restReach).toFixed(2)} drop ${((hand.y - now.y) * 100).toFixed(1)}cm`);
      }
      // Thumb: curls toward the palm (down) and across it (backward, −Z).
      const t0 = restTips.get(`${side}Thumb`)!;
      const t1 = tip(side, 'Thumb');
      expect(t1.y).toBeLessThan(t0.y - 0.005);
      expect(t1.z).toBeLessThan(t0.z - 0.005);
    }
    await annotate(`fist (80° per joint): ${figures.join('; ')}`);
  });

  it('spread: index fans toward the thumb, little finger away', () => {
    for (const side of ['left', 'right'] as const) {
      resetHands();
      const p = solveHandPose(synthHand(side, { spread: 12 * DEG }), side);
      expect(p.angles.fingers.index.spread).toBeCloseTo(12 * DEG, 2);
      expect(p.angles.fingers.middle.spread).toBeCloseTo(0, 2);
      expect(p.angles.fingers.little.spread).toBeCloseTo(-24 * DEG, 2);
      pose(side, p);
      expect(tip(side, 'Index').z).toBeGreaterThan(restTips.get(`${side}Index`)!.z + 0.005);
      expect(tip(side, 'Little').z).toBeLessThan(restTips.get(`${side}Little`)!.z - 0.01);
    }
  });

  it('left and right are mirror images', () => {
    const left = solveHandPose(synthHand('left', { curl: 40 * DEG, spread: 8 * DEG, thumbCurl: 30 * DEG }), 'left');
    const right = solveHandPose(mirrorX(synthHand('left', { curl: 40 * DEG, spread: 8 * DEG, thumbCurl: 30 * DEG })), 'right');
    for (const [name, q] of left.fingers) {
      const r = right.fingers.get(name.replace(/^left/, 'right') as never)!;
      expect(r.x).toBeCloseTo(q.x, 6);
      expect(r.y).toBeCloseTo(-q.y, 6);
      expect(r.z).toBeCloseTo(-q.z, 6);
      expect(r.w).toBeCloseTo(q.w, 6);
    }
  });

  it('wrist: the hand rotation follows the palm plane', () => {
    // Left hand, palm to the camera, fingers up: rest fingers (+X) → view up (+Y); back of hand (+Y) → away (−Z).
    const q = handWorldRotation(synthHand('left'), 'left');
    const fx = new Vector3(1, 0, 0).applyQuaternion(q);
    const by = new Vector3(0, 1, 0).applyQuaternion(q);
    expect(fx.distanceTo(new Vector3(0, 1, 0))).toBeLessThan(1e-6);
    expect(by.distanceTo(new Vector3(0, 0, -1))).toBeLessThan(1e-6);
    // On the avatar (arms at rest), the hand bone turns so the fingers point up.
    for (const side of ['left', 'right'] as const) {
      resetHands();
      pose(side, solveHandPose(synthHand(side), side), true);
      const h = node(`${side}Hand`).getWorldPosition(new Vector3());
      const m = node(`${side}MiddleProximal`).getWorldPosition(new Vector3());
      const dir = m.sub(h).normalize();
      expect(dir.y).toBeGreaterThan(0.99);
    }
  });
});
