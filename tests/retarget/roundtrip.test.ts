/**
 * Round trip on real motion (ISSUE 3 "Proof"): CMU clip → COCO-18 FK → pinhole projection from several
 * yaws, with and without 2D noise → solver → avatar → per-limb 3D direction error against mocap.
 * The default (`follow`) camera orbits with the person's smoothed heading, so each yaw is one viewpoint;
 * the `fixed` camera (yaw relative to the clip's mean facing) is recorded too. The thresholds are the
 * figures measured with this solver (plus a small margin), not the targets, which are not reached
 * yet (see the `fails` block at the end).
 */
import { describe, expect, it } from 'vitest';
import { runRoundTrip, formatRoundTripReport, type CameraMode, type RoundTripReport } from '../../src/retarget/eval';
import { sharedClip, sharedVrm } from './helpers';

/**
 * Measured on cmu_131_01 (994 frames, 640×480, 50° FOV, camera level at 1.3 m), worst of the two
 * avatars (they agree within 0.15°); a margin is added below. The figures move by several degrees with
 * small solver changes: the depth-sign choice of a few limbs dominates them. Over the 32-run sweep (walk
 * + hop × both cameras × yaws 0/±45/90 × 0/2 px) the mean is 10.9° with 7.1 % flips (was 12.4° / 9.3 %
 * before the neutral-hinge elbow and asymmetric lateral priors); a perfect depth-sign oracle would reach
 * ≈ 8.2° / 2.2 % with the same lengths and torso.
 */
const MEASURED: { camera: CameraMode; yaw: number; noise: number; mean: number; flips: number }[] = [
  { camera: 'follow', yaw: 0, noise: 0, mean: 10.8, flips: 0.069 },
  { camera: 'follow', yaw: 0, noise: 2, mean: 11.4, flips: 0.076 },
  { camera: 'follow', yaw: 45, noise: 0, mean: 12.3, flips: 0.086 },
  { camera: 'follow', yaw: 45, noise: 2, mean: 12.6, flips: 0.09 },
  { camera: 'follow', yaw: -45, noise: 0, mean: 9.7, flips: 0.056 },
  { camera: 'follow', yaw: -45, noise: 2, mean: 10.3, flips: 0.058 },
  { camera: 'follow', yaw: 90, noise: 0, mean: 10.5, flips: 0.055 },
  { camera: 'follow', yaw: 90, noise: 2, mean: 10.0, flips: 0.049 },
  { camera: 'fixed', yaw: 0, noise: 0, mean: 11.0, flips: 0.083 },
  { camera: 'fixed', yaw: 0, noise: 2, mean: 13.3, flips: 0.096 },
  { camera: 'fixed', yaw: 45, noise: 0, mean: 11.6, flips: 0.11 },
  { camera: 'fixed', yaw: 45, noise: 2, mean: 12.1, flips: 0.107 },
  { camera: 'fixed', yaw: -45, noise: 0, mean: 9.4, flips: 0.052 },
  { camera: 'fixed', yaw: -45, noise: 2, mean: 9.9, flips: 0.058 },
  { camera: 'fixed', yaw: 90, noise: 0, mean: 12.1, flips: 0.095 },
  { camera: 'fixed', yaw: 90, noise: 2, mean: 13.1, flips: 0.099 },
];
const MEAN_MARGIN_DEG = 2;
const FLIP_MARGIN = 0.03;
/** Re-projected solved limbs follow the input 2D limbs within this mean angle (measured ≤ 3.8° walk, ≤ 4.0° hop). */
const MAX_REPROJECTION_DEG = 4.5;

const AVATARS = ['cryptovoxels_vrm0.vrm', 'debug_robot_vrm1.vrm'] as const;

describe('retargeting round trip on CMU motion', () => {
  const reports = new Map<string, RoundTripReport>();
  const key = (a: string, camera: CameraMode, yaw: number, noise: number) => `${a}|${camera}|${yaw}|${noise}`;

  for (const avatar of AVATARS) {
    for (const m of MEASURED) {
      it(`${avatar}: ${m.camera} camera, yaw ${m.yaw}°, noise ${m.noise}px stays within the measured error`, async () => {
        const vrm = await sharedVrm(avatar);
        const r = runRoundTrip(sharedClip('cmu_131_01'), vrm, { camera: m.camera, yawDeg: m.yaw, noisePx: m.noise });
        reports.set(key(avatar, m.camera, m.yaw, m.noise), r);
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
          // Head facing from nose/eyes/ears (measured 3.2–6.3° clean, ≤ 12.7° with noise).
          expect(r.torso[3].meanDeg).toBeLessThanOrEqual(m.noise === 0 ? 7 : 15);
        }
      });
    }
  }

  it('one solver drives VRM 0.x and VRM 1.0 alike (same figures within 1.5°)', () => {
    for (const m of MEASURED) {
      const a = reports.get(key(AVATARS[0], m.camera, m.yaw, m.noise));
      const b = reports.get(key(AVATARS[1], m.camera, m.yaw, m.noise));
      if (!a || !b) continue;
      expect(Math.abs(a.meanDeg - b.meanDeg)).toBeLessThanOrEqual(1.5);
    }
  });

  it('the hop clip (cmu_131_03) runs frontal and at 45° within the measured error', async () => {
    const vrm = await sharedVrm('debug_robot_vrm1.vrm');
    const frontal = runRoundTrip(sharedClip('cmu_131_03'), vrm, { yawDeg: 0, noisePx: 2 });
    const side = runRoundTrip(sharedClip('cmu_131_03'), vrm, { yawDeg: 45, noisePx: 0 });
    // Measured (follow camera): 10.3° / 5.6 % flips frontal with 2 px noise, 10.5° / 6.3 % at 45°.
    expect(frontal.meanDeg).toBeLessThanOrEqual(10.3 + MEAN_MARGIN_DEG);
    expect(frontal.signFlips).toBeLessThanOrEqual(0.056 + FLIP_MARGIN);
    expect(side.meanDeg).toBeLessThanOrEqual(10.5 + MEAN_MARGIN_DEG);
    expect(side.signFlips).toBeLessThanOrEqual(0.063 + FLIP_MARGIN);
  });

  describe('ISSUE 3 targets (not reached yet: these document the gap and will fail once met)', () => {
    it.fails('mean ≤ 10° frontal, ≤ 15° at 45°, sign flips ≤ 2 %', async () => {
      const vrm = await sharedVrm('debug_robot_vrm1.vrm');
      // Follow camera (measured 10.6° / 6.7 % frontal, 12.2° / 8.5 % at 45°: the 45° mean target is met;
      // the frontal mean is 0.6° short and flips are far from 2 % — even a perfect depth-sign oracle
      // leaves ≈ 2.3 % frontal / 2.9 % at 45°, from calibrated-length errors near the image plane).
      const f = runRoundTrip(sharedClip('cmu_131_01'), vrm, { camera: 'follow', yawDeg: 0 });
      const s = runRoundTrip(sharedClip('cmu_131_01'), vrm, { camera: 'follow', yawDeg: 45 });
      expect(f.meanDeg).toBeLessThanOrEqual(10);
      expect(s.meanDeg).toBeLessThanOrEqual(15);
      expect(Math.max(f.signFlips, s.signFlips)).toBeLessThanOrEqual(0.02);
    });
  });
});
