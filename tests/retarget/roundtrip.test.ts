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
 * small solver changes: the depth-sign choice of a few limbs dominates them (single rows move both ways
 * while the average improves). Over the 32-run sweep (walk + hop × both cameras × yaws 0/±45/90 × 0/2 px)
 * the mean is 9.077° with 4.07 % flips (9.065° / 4.05 % before knees were given 8° of free hyperextension,
 * which real video needed, see real-video.test.ts; 9.083° before the thigh's hanging prior, 9.218° / 4.23 % before the calibration took the pinhole's off-axis
 * stretch out and rose to the 86th percentile, 9.240° / 4.26 % before the torso's uprightness prior);
 * 9.21° / 4.23 % before the turn-rate limit that ends snaps, 9.7° /
 * 4.5 % before soft placement (which also took the frontal walk's p95 from 37° to 28°), 9.9° / 5.3 %
 * before the hip-rotation prior, 10.5° / 6.4 % before the branch filters and the floor constraint,
 * 12.4° / 9.3 % before the neutral-hinge elbow and asymmetric lateral priors. A perfect depth-sign
 * oracle reached ≈ 7.6° / 1.2 % (with the 3 %-short lift).
 */
const MEASURED: { camera: CameraMode; yaw: number; noise: number; mean: number; flips: number }[] = [
  { camera: 'follow', yaw: 0, noise: 0, mean: 10.0, flips: 0.059 },
  { camera: 'follow', yaw: 0, noise: 2, mean: 10.1, flips: 0.067 },
  { camera: 'follow', yaw: 45, noise: 0, mean: 9.4, flips: 0.059 },
  { camera: 'follow', yaw: 45, noise: 2, mean: 9.9, flips: 0.056 },
  { camera: 'follow', yaw: -45, noise: 0, mean: 7.8, flips: 0.03 },
  { camera: 'follow', yaw: -45, noise: 2, mean: 9.0, flips: 0.039 },
  { camera: 'follow', yaw: 90, noise: 0, mean: 8.9, flips: 0.031 },
  { camera: 'follow', yaw: 90, noise: 2, mean: 8.9, flips: 0.032 },
  { camera: 'fixed', yaw: 0, noise: 0, mean: 9.5, flips: 0.049 },
  { camera: 'fixed', yaw: 0, noise: 2, mean: 10.1, flips: 0.05 },
  { camera: 'fixed', yaw: 45, noise: 0, mean: 8.9, flips: 0.051 },
  { camera: 'fixed', yaw: 45, noise: 2, mean: 9.3, flips: 0.046 },
  { camera: 'fixed', yaw: -45, noise: 0, mean: 8.3, flips: 0.04 },
  { camera: 'fixed', yaw: -45, noise: 2, mean: 8.6, flips: 0.036 },
  { camera: 'fixed', yaw: 90, noise: 0, mean: 9.7, flips: 0.056 },
  { camera: 'fixed', yaw: 90, noise: 2, mean: 10.6, flips: 0.055 },
];
const MEAN_MARGIN_DEG = 2;
/** The 32-run average (see the comment above MEASURED): 9.077° / 4.07 % flips, and its tight margins. */
const SWEEP_MEAN_DEG = 9.077;
const SWEEP_FLIPS = 0.0407;
/** Of which clear flips (the solved limb also ≥ 15° out of the plane, on the wrong side): 1.57 %. */
const SWEEP_CLEAR_FLIPS = 0.0157;
/** Head facing error over the same 32 runs: 8.51° (13.95° without the eye-visibility hinges). */
const SWEEP_HEAD_DEG = 8.51;
const SWEEP_MARGIN_DEG = 0.05;
const SWEEP_MARGIN_FLIPS = 0.0005;
const FLIP_MARGIN = 0.03;
/** Re-projected solved limbs follow the input 2D limbs within this mean angle (measured ≤ 3.8° walk, ≤ 4.0° hop). */
const MAX_REPROJECTION_DEG = 4.5;
/**
 * No snapped limb: the avatar's limb segments never turn faster than the solver's limit (1500°/s, above
 * the 1055°/s the mocap itself reaches), plus 1 % for the bones' own geometry. Without the limit a
 * depth-sign change flipped a limb through the image plane in one frame (up to 133° in 1/120 s).
 */
const MAX_TURN_DEG_S = 1515;

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
        expect(r.maxTurnDegS).toBeLessThanOrEqual(MAX_TURN_DEG_S);
        for (const l of [...r.limbs, ...r.torso]) {
          expect(Number.isFinite(l.meanDeg)).toBe(true);
          expect(Number.isFinite(l.p95Deg)).toBe(true);
        }
        // Torso up direction (hips → neck) is solid at every yaw (measured ≤ 9.2°).
        expect(r.torso[0].meanDeg).toBeLessThanOrEqual(10);
        if (Math.abs(m.yaw) <= 45) {
          // Head facing from nose/eyes/ears (measured 2.8–5.6° clean, ≤ 13.5° with noise).
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

  it('the 32-run average stays at its measured figures (each depth-sign cue moves it by ≥ 0.08°)', async ({ annotate }) => {
    // Walk + hop × both cameras × yaws 0/±45/90 × 0/2 px, VRM 1.0 robot. The round trip is deterministic
    // (seeded noise), so the bound is tight: dropping the hip-rotation prior, soft placement, the floor
    // constraint or the full-length branch offsets crosses it (each was checked to).
    const vrm = await sharedVrm('debug_robot_vrm1.vrm');
    let mean = 0, flips = 0, clear = 0, head = 0, n = 0;
    for (const clip of ['cmu_131_01', 'cmu_131_03'])
      for (const camera of ['follow', 'fixed'] as CameraMode[])
        for (const yaw of [0, 45, -45, 90])
          for (const noise of [0, 2]) {
            const r = runRoundTrip(sharedClip(clip), vrm, { camera, yawDeg: yaw, noisePx: noise });
            mean += r.meanDeg;
            flips += r.signFlips;
            clear += r.clearFlips;
            head += r.torso[3].meanDeg;
            expect(r.clearFlips).toBeLessThanOrEqual(r.signFlips);
            n++;
          }
    mean /= n;
    flips /= n;
    clear /= n;
    head /= n;
    await annotate(`32-run average: ${mean.toFixed(3)}° mean, ${(100 * flips).toFixed(2)} % flips (${(100 * clear).toFixed(2)} % clear), head ${head.toFixed(2)}°`);
    expect(mean).toBeLessThanOrEqual(SWEEP_MEAN_DEG + SWEEP_MARGIN_DEG);
    expect(flips).toBeLessThanOrEqual(SWEEP_FLIPS + SWEEP_MARGIN_FLIPS);
    expect(clear).toBeLessThanOrEqual(SWEEP_CLEAR_FLIPS + SWEEP_MARGIN_FLIPS);
    expect(head).toBeLessThanOrEqual(SWEEP_HEAD_DEG + SWEEP_MARGIN_DEG);
  });

  it('the hop clip (cmu_131_03) runs frontal and at 45° within the measured error', async () => {
    const vrm = await sharedVrm('debug_robot_vrm1.vrm');
    const frontal = runRoundTrip(sharedClip('cmu_131_03'), vrm, { yawDeg: 0, noisePx: 2 });
    const side = runRoundTrip(sharedClip('cmu_131_03'), vrm, { yawDeg: 45, noisePx: 0 });
    // Measured (follow camera): 8.6° / 1.8 % flips frontal with 2 px noise, 8.9° / 3.7 % at 45°.
    expect(frontal.maxTurnDegS).toBeLessThanOrEqual(MAX_TURN_DEG_S);
    expect(side.maxTurnDegS).toBeLessThanOrEqual(MAX_TURN_DEG_S);
    expect(frontal.meanDeg).toBeLessThanOrEqual(8.9 + MEAN_MARGIN_DEG);
    expect(frontal.signFlips).toBeLessThanOrEqual(0.02 + FLIP_MARGIN);
    expect(side.meanDeg).toBeLessThanOrEqual(9.0 + MEAN_MARGIN_DEG);
    expect(side.signFlips).toBeLessThanOrEqual(0.044 + FLIP_MARGIN);
  });

  describe('a tilted camera (the solver told the tilt, as the camera-tilt setting does)', () => {
    // cmu_131_01, follow camera, frontal, no noise; the camera aims at the same point from above (15°
    // down) or below (15° up). Measured, told → untold: limbs 12.2° → 15.4° and 9.9° → 16.4°, torso up
    // 5.6° and 7.2°, head 3.4° → 14.8° and 2.6° → 15.8°. Over the 32-run sweep (VRM 1.0 robot), told →
    // untold: 10° down 9.81° → 12.22°, 10° up 9.91° → 13.19°, 20° down 10.86° → 17.78°, 20° up
    // 11.25° → 19.33° (level: 9.07°). Seen from above or below hanging limbs leave the image plane, so
    // their depth signs matter where a level camera sees them in the plane: flips rise (4.5–7.0 %).
    for (const [pitchDeg, limbs, spine, head] of [[15, 12.2, 5.6, 3.4], [-15, 9.9, 7.2, 2.6]] as const) {
      it(`${pitchDeg > 0 ? 'looking down' : 'looking up'} ${Math.abs(pitchDeg)}°: limbs, torso and head stay level and beat an untold solver by ≥ 2.5°`, async () => {
        const vrm = await sharedVrm('debug_robot_vrm1.vrm');
        const told = runRoundTrip(sharedClip('cmu_131_01'), vrm, { pitchDeg });
        const untold = runRoundTrip(sharedClip('cmu_131_01'), vrm, { pitchDeg, solver: { camera: { pitchDeg: 0 } } });
        const msg = [...formatRoundTripReport(told), ...formatRoundTripReport(untold)].join('\n');
        expect(told.meanDeg, msg).toBeLessThanOrEqual(limbs + 1);
        expect(told.torso[0].meanDeg, msg).toBeLessThanOrEqual(spine + 1);
        expect(told.torso[3].meanDeg, msg).toBeLessThanOrEqual(head + 1);
        expect(told.reprojectionDeg, msg).toBeLessThanOrEqual(MAX_REPROJECTION_DEG);
        expect(untold.meanDeg - told.meanDeg, msg).toBeGreaterThanOrEqual(2.5);
        expect(untold.torso[3].meanDeg, msg).toBeGreaterThanOrEqual(10);
      });
    }
  });

  it('seen 20° from below at the side, limb lengths are perspective-corrected by optical depth (measured 10.42°; 16.58° with level depths)', async () => {
    const vrm = await sharedVrm('debug_robot_vrm1.vrm');
    const r = runRoundTrip(sharedClip('cmu_131_01'), vrm, { pitchDeg: -20, yawDeg: 90 });
    expect(r.meanDeg, formatRoundTripReport(r).join('\n')).toBeLessThanOrEqual(10.42 + 1);
  });

  it('seen 20° from above, thighs prefer hanging over the candidate raised by twice the tilt (measured 12.83°; 13.37° without)', async () => {
    // Deterministic (no noise), so the bound sits between the two.
    const vrm = await sharedVrm('debug_robot_vrm1.vrm');
    const r = runRoundTrip(sharedClip('cmu_131_01'), vrm, { pitchDeg: 20 });
    expect(r.meanDeg, formatRoundTripReport(r).join('\n')).toBeLessThanOrEqual(12.83 + 0.25);
  });

  it('a narrow camera (35° vertical): told its diagonal field of view the solver lifts as told the vertical one, ≥ 0.5° better than assuming 50°', async () => {
    // Measured (walk, follow, frontal): 9.64° told, 10.38° assuming 50°; a wide camera (65°) costs less
    // when mistaken for 50° (10.18° → 10.24°).
    const vrm = await sharedVrm('debug_robot_vrm1.vrm');
    const diagonalFovDeg = (2 * Math.atan((Math.tan((17.5 * Math.PI) / 180) * 5) / 3) * 180) / Math.PI; // 4:3 → 55.4°
    const told = runRoundTrip(sharedClip('cmu_131_01'), vrm, { verticalFovDeg: 35 });
    const toldDiagonal = runRoundTrip(sharedClip('cmu_131_01'), vrm, { verticalFovDeg: 35, solver: { camera: { diagonalFovDeg } } });
    const assumed = runRoundTrip(sharedClip('cmu_131_01'), vrm, { verticalFovDeg: 35, solver: { camera: { verticalFovDeg: 50 } } });
    expect(toldDiagonal.meanDeg).toBeCloseTo(told.meanDeg, 6);
    expect(told.meanDeg).toBeLessThanOrEqual(9.64 + MEAN_MARGIN_DEG);
    expect(assumed.meanDeg - told.meanDeg).toBeGreaterThanOrEqual(0.5);
  });

  describe('ISSUE 3 targets (not reached yet: these document the gap and will fail once met)', () => {
    it.fails('mean ≤ 10° frontal, ≤ 15° at 45°, sign flips ≤ 2 %', async () => {
      const vrm = await sharedVrm('debug_robot_vrm1.vrm');
      // Follow camera (measured 9.76° / 5.7 % frontal, 9.05° / 5.3 % at 45°): both mean targets are met,
      // flips are not. Counting only clear flips (the solved limb also ≥ 15° out of the plane on the
      // wrong side, not hedged near it) they are 1.8 % frontal and 3.2 % at 45°: not met either. A perfect depth-sign oracle reaches ≈ 6.9° / 1.2 % frontal and 7.4° / 1.2 % at 45°,
      // so the flips left are the depth-sign choice. Where it goes wrong the anatomical costs of the right
      // and the wrong combination are close (the right forearm of this subject, held externally rotated
      // beyond the humeral prior's free range; the left thigh flexed toward the camera in stance; limbs
      // uncertain joints that soft placement draws to the image plane, on the wrong side by a degree or two),
      // and continuity alone cannot break such ties: the branch filter's best history taken offline
      // (full backtracking, no latency limit) lowers flips by only 0.2 points.
      const f = runRoundTrip(sharedClip('cmu_131_01'), vrm, { camera: 'follow', yawDeg: 0 });
      const s = runRoundTrip(sharedClip('cmu_131_01'), vrm, { camera: 'follow', yawDeg: 45 });
      expect(f.meanDeg).toBeLessThanOrEqual(10);
      expect(s.meanDeg).toBeLessThanOrEqual(15);
      expect(Math.max(f.signFlips, s.signFlips)).toBeLessThanOrEqual(0.02);
    });
  });
});
