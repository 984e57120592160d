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
 * avatars (they agree within 0.25°); a margin is added below. The figures move by several degrees with
 * small solver changes: the depth-sign choice of a few limbs dominates them. Over the 32-run sweep (walk
 * + hop × both cameras × yaws 0/±45/90 × 0/2 px) the mean is 10.5° with 6.4 % flips (12.4° / 9.3 % before
 * the neutral-hinge elbow and asymmetric lateral priors, 10.9° / 7.1 % before the calibration took a
 * percentile above the prior at once and the limbs could raise a foreshortened torso's scale); a perfect
 * depth-sign oracle would reach ≈ 7.6° / 1.2 % with the same lengths and torso (8.2° / 2.2 % before).
 */
const MEASURED: { camera: CameraMode; yaw: number; noise: number; mean: number; flips: number }[] = [
  { camera: 'follow', yaw: 0, noise: 0, mean: 10.5, flips: 0.068 },
  { camera: 'follow', yaw: 0, noise: 2, mean: 11.1, flips: 0.075 },
  { camera: 'follow', yaw: 45, noise: 0, mean: 11.0, flips: 0.069 },
  { camera: 'follow', yaw: 45, noise: 2, mean: 11.7, flips: 0.078 },
  { camera: 'follow', yaw: -45, noise: 0, mean: 9.4, flips: 0.048 },
  { camera: 'follow', yaw: -45, noise: 2, mean: 9.7, flips: 0.047 },
  { camera: 'follow', yaw: 90, noise: 0, mean: 9.8, flips: 0.054 },
  { camera: 'follow', yaw: 90, noise: 2, mean: 9.5, flips: 0.047 },
  { camera: 'fixed', yaw: 0, noise: 0, mean: 10.6, flips: 0.068 },
  { camera: 'fixed', yaw: 0, noise: 2, mean: 13.0, flips: 0.087 },
  { camera: 'fixed', yaw: 45, noise: 0, mean: 11.1, flips: 0.088 },
  { camera: 'fixed', yaw: 45, noise: 2, mean: 11.6, flips: 0.086 },
  { camera: 'fixed', yaw: -45, noise: 0, mean: 8.8, flips: 0.041 },
  { camera: 'fixed', yaw: -45, noise: 2, mean: 9.4, flips: 0.045 },
  { camera: 'fixed', yaw: 90, noise: 0, mean: 11.9, flips: 0.097 },
  { camera: 'fixed', yaw: 90, noise: 2, mean: 12.8, flips: 0.1 },
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
    // Measured (follow camera): 9.9° / 5.8 % flips frontal with 2 px noise, 10.3° / 6.5 % at 45°.
    expect(frontal.meanDeg).toBeLessThanOrEqual(9.9 + MEAN_MARGIN_DEG);
    expect(frontal.signFlips).toBeLessThanOrEqual(0.058 + FLIP_MARGIN);
    expect(side.meanDeg).toBeLessThanOrEqual(10.3 + MEAN_MARGIN_DEG);
    expect(side.signFlips).toBeLessThanOrEqual(0.065 + FLIP_MARGIN);
  });

  describe('ISSUE 3 targets (not reached yet: these document the gap and will fail once met)', () => {
    it.fails('mean ≤ 10° frontal, ≤ 15° at 45°, sign flips ≤ 2 %', async () => {
      const vrm = await sharedVrm('debug_robot_vrm1.vrm');
      // Follow camera (measured 10.3° / 6.5 % frontal, 11.0° / 6.9 % at 45°: the 45° mean target is met;
      // the frontal mean is 0.3° short and flips are far from 2 %. A perfect depth-sign oracle now reaches
      // ≈ 6.9° / 1.2 % frontal and 7.4° / 1.2 % at 45°, so the flips left are the depth-sign choice: mostly
      // the left thigh in swing, flexed ≈ 30° toward the camera, whose mirror about the line of sight
      // (the camera is above the hips) is a near-vertical thigh that no joint limit rules out.)
      const f = runRoundTrip(sharedClip('cmu_131_01'), vrm, { camera: 'follow', yawDeg: 0 });
      const s = runRoundTrip(sharedClip('cmu_131_01'), vrm, { camera: 'follow', yawDeg: 45 });
      expect(f.meanDeg).toBeLessThanOrEqual(10);
      expect(s.meanDeg).toBeLessThanOrEqual(15);
      expect(Math.max(f.signFlips, s.signFlips)).toBeLessThanOrEqual(0.02);
    });
  });
});
