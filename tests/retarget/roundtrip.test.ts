/**
 * Round trip on real motion (ISSUE 3 "Proof"): CMU clip → COCO-18 FK → pinhole projection from several
 * yaws, with and without 2D noise → solver → avatar → per-limb 3D direction error against mocap.
 * The thresholds are the figures measured with this solver (plus a small margin), not the issue's
 * targets, which are not reached yet (see the `fails` block at the end).
 */
import { describe, expect, it } from 'vitest';
import { runRoundTrip, formatRoundTripReport, type RoundTripReport } from '../../src/retarget/eval';
import { sharedClip, sharedVrm } from './helpers';

/** Measured on cmu_131_01 (994 frames, 640×480, 50° FOV), worst of the two avatars, + margin. */
const MEASURED: { yaw: number; noise: number; mean: number; flips: number }[] = [
  { yaw: 0, noise: 0, mean: 16.5, flips: 0.099 },
  { yaw: 0, noise: 2, mean: 25.2, flips: 0.181 },
  { yaw: 45, noise: 0, mean: 25.6, flips: 0.219 },
  { yaw: 45, noise: 2, mean: 23.6, flips: 0.193 },
  { yaw: -45, noise: 0, mean: 19.9, flips: 0.144 },
  { yaw: -45, noise: 2, mean: 20.2, flips: 0.163 },
  { yaw: 90, noise: 0, mean: 29.1, flips: 0.262 },
  { yaw: 90, noise: 2, mean: 27.0, flips: 0.22 },
];
const MEAN_MARGIN_DEG = 2;
const FLIP_MARGIN = 0.03;
/** Re-projected solved limbs follow the input 2D limbs within this mean angle (measured ≤ 3.8°). */
const MAX_REPROJECTION_DEG = 4.5;

const AVATARS = ['cryptovoxels_vrm0.vrm', 'debug_robot_vrm1.vrm'] as const;

describe('retargeting round trip on CMU motion', () => {
  const reports = new Map<string, RoundTripReport>();
  const key = (a: string, yaw: number, noise: number) => `${a}|${yaw}|${noise}`;

  for (const avatar of AVATARS) {
    for (const m of MEASURED) {
      it(`${avatar}: yaw ${m.yaw}°, noise ${m.noise}px stays within the measured error`, async () => {
        const vrm = await sharedVrm(avatar);
        const r = runRoundTrip(sharedClip('cmu_131_01'), vrm, { yawDeg: m.yaw, noisePx: m.noise });
        reports.set(key(avatar, m.yaw, m.noise), r);
        expect(r.frames).toBe(994);
        expect(r.meanDeg, formatRoundTripReport(r).join('\n')).toBeLessThanOrEqual(m.mean + MEAN_MARGIN_DEG);
        expect(r.signFlips).toBeLessThanOrEqual(m.flips + FLIP_MARGIN);
        expect(r.reprojectionDeg).toBeLessThanOrEqual(MAX_REPROJECTION_DEG);
        for (const l of [...r.limbs, ...r.torso]) {
          expect(Number.isFinite(l.meanDeg)).toBe(true);
          expect(Number.isFinite(l.p95Deg)).toBe(true);
        }
        // Torso up direction (hips → neck) is solid at every yaw (measured ≤ 8.1°).
        expect(r.torso[0].meanDeg).toBeLessThanOrEqual(10);
        if (Math.abs(m.yaw) <= 45) {
          // Head facing from nose/eyes/ears (measured 3.9–4.4° clean, ≤ 12.7° with noise).
          expect(r.torso[3].meanDeg).toBeLessThanOrEqual(m.noise === 0 ? 6 : 15);
        }
      });
    }
  }

  it('one solver drives VRM 0.x and VRM 1.0 alike (same figures within 1.5°)', () => {
    for (const m of MEASURED) {
      const a = reports.get(key(AVATARS[0], m.yaw, m.noise));
      const b = reports.get(key(AVATARS[1], m.yaw, m.noise));
      if (!a || !b) continue;
      expect(Math.abs(a.meanDeg - b.meanDeg)).toBeLessThanOrEqual(1.5);
    }
  });

  it('the hop clip (cmu_131_03) runs frontal and at 45° within the measured error', async () => {
    const vrm = await sharedVrm('debug_robot_vrm1.vrm');
    const frontal = runRoundTrip(sharedClip('cmu_131_03'), vrm, { yawDeg: 0, noisePx: 2 });
    const side = runRoundTrip(sharedClip('cmu_131_03'), vrm, { yawDeg: 45, noisePx: 0 });
    // Measured: 16.4° / 11.7 % flips frontal with 2 px noise, 17.0° / 15.5 % at 45°.
    expect(frontal.meanDeg).toBeLessThanOrEqual(16.4 + MEAN_MARGIN_DEG);
    expect(frontal.signFlips).toBeLessThanOrEqual(0.117 + FLIP_MARGIN);
    expect(side.meanDeg).toBeLessThanOrEqual(17.0 + MEAN_MARGIN_DEG);
    expect(side.signFlips).toBeLessThanOrEqual(0.155 + FLIP_MARGIN);
  });

  describe('ISSUE 3 targets (not reached yet: these document the gap and will fail once met)', () => {
    it.fails('mean ≤ 10° frontal, ≤ 15° at 45°, sign flips ≤ 2 %', async () => {
      const vrm = await sharedVrm('debug_robot_vrm1.vrm');
      const f = runRoundTrip(sharedClip('cmu_131_01'), vrm, { yawDeg: 0 });
      const s = runRoundTrip(sharedClip('cmu_131_01'), vrm, { yawDeg: 45 });
      expect(f.meanDeg).toBeLessThanOrEqual(10);
      expect(s.meanDeg).toBeLessThanOrEqual(15);
      expect(Math.max(f.signFlips, s.signFlips)).toBeLessThanOrEqual(0.02);
    });
  });
});
