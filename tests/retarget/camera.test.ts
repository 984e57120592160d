/** The assumed camera: pixel rays and projection in level view space for a level or tilted webcam. */
import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import {
  cameraFocalPx,
  cameraPitchRad,
  cameraToLevel,
  focalLengthPx,
  levelToCamera,
  MAX_CAMERA_PITCH_DEG,
  MAX_FOV_DEG,
  opticalDepth,
  pixelRay,
  projectPoint,
} from '../../src/retarget/camera';

const W = 640, H = 480, CX = W / 2, CY = H / 2;
const F = focalLengthPx(H, 50);
const DEG = Math.PI / 180;

describe('camera', () => {
  it('a level camera: rays are camera-space rays and project back to their pixel', () => {
    const r = pixelRay(100, 400, CX, CY, F, new Vector3());
    expect(r.length()).toBeCloseTo(1, 12);
    expect(r.x / -r.z).toBeCloseTo((100 - CX) / F, 12);
    expect(r.y / -r.z).toBeCloseTo(-(400 - CY) / F, 12);
    expect(opticalDepth(r)).toBeCloseTo(-r.z, 12);
  });

  for (const pitchDeg of [20, -35]) {
    it(`a camera tilted ${pitchDeg}°: the centre ray points ${pitchDeg > 0 ? 'down' : 'up'} by the tilt and every ray projects back to its pixel`, () => {
      const p = cameraPitchRad(pitchDeg);
      const c = pixelRay(CX, CY, CX, CY, F, new Vector3(), p);
      expect(Math.asin(-c.y) / DEG).toBeCloseTo(pitchDeg, 9);
      expect(c.x).toBeCloseTo(0, 12);
      expect(opticalDepth(c, p)).toBeCloseTo(1, 12);
      const out = { x: 0, y: 0 };
      for (const [u, v] of [[0, 0], [W, H], [123, 456], [600, 20]]) {
        const r = pixelRay(u, v, CX, CY, F, new Vector3(), p);
        // Scaled to optical depth 3 m, the point is 3 m in front of the camera and projects to (u, v).
        const pt = r.clone().multiplyScalar(3 / opticalDepth(r, p));
        expect(-levelToCamera(pt.clone(), p).z).toBeCloseTo(3, 9);
        expect(projectPoint(pt, CX, CY, F, out, p)).toBe(true);
        expect(out.x).toBeCloseTo(u, 6);
        expect(out.y).toBeCloseTo(v, 6);
      }
    });
  }

  it('level ↔ camera space are inverse rotations', () => {
    const p = cameraPitchRad(12);
    const a = new Vector3(0.3, -1.2, -2.5);
    const b = cameraToLevel(levelToCamera(a.clone(), p), p);
    expect(b.distanceTo(a)).toBeLessThan(1e-12);
    expect(levelToCamera(a.clone(), p).length()).toBeCloseTo(a.length(), 12);
  });

  it('a tilt is clamped to the supported range and a non-finite one reads as level', () => {
    expect(cameraPitchRad(90)).toBeCloseTo(MAX_CAMERA_PITCH_DEG * DEG, 12);
    expect(cameraPitchRad(-90)).toBeCloseTo(-MAX_CAMERA_PITCH_DEG * DEG, 12);
    expect(cameraPitchRad(Number.NaN)).toBe(0);
    expect(cameraPitchRad(Infinity)).toBe(0);
  });

  it('a diagonal field of view sets the focal length from the image diagonal; out-of-range values fall back', () => {
    // 50° vertical on a 4:3 image is 75.7° diagonal (tan(d/2) = tan 25° · 5/3).
    const diag = (2 * Math.atan((Math.tan(25 * DEG) * 5) / 3)) / DEG;
    expect(cameraFocalPx(W, H, { verticalFovDeg: 30, pitchDeg: 0, diagonalFovDeg: diag })).toBeCloseTo(F, 9);
    // The same lens on a 16:9 frame: the diagonal holds the focal length, the vertical view narrows.
    const f169 = cameraFocalPx(1280, 720, { verticalFovDeg: 50, pitchDeg: 0, diagonalFovDeg: 78 });
    expect((2 * Math.atan(360 / f169)) / DEG).toBeCloseTo(43.3, 1);
    expect(cameraFocalPx(W, H, { verticalFovDeg: 50, pitchDeg: 0 })).toBeCloseTo(F, 12);
    for (const bad of [Number.NaN, 0, -5, MAX_FOV_DEG + 1, Infinity]) {
      expect(cameraFocalPx(W, H, { verticalFovDeg: 50, pitchDeg: 0, diagonalFovDeg: bad })).toBeCloseTo(F, 12);
      expect(cameraFocalPx(W, H, { verticalFovDeg: bad, pitchDeg: 0 })).toBeCloseTo(F, 12);
    }
  });

  it('points behind the camera do not project', () => {
    expect(projectPoint({ x: 0, y: 0, z: 1 }, CX, CY, F, { x: 0, y: 0 })).toBe(false);
    // Level z < 0 but behind a camera looking steeply down: (0, 2, −0.5) is above and behind its view.
    expect(projectPoint({ x: 0, y: 2, z: -0.5 }, CX, CY, F, { x: 0, y: 0 }, cameraPitchRad(60))).toBe(false);
  });
});
