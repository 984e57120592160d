/** The settings the URL can preset (the form itself is exercised by tests/browser/app-page.test.ts). */
import { describe, expect, it } from 'vitest';
import { CAMERA_FOVS, CAMERA_TILTS, settingsFromUrl } from '../../src/app/settings';
import { MAX_CAMERA_PITCH_DEG, MAX_FOV_DEG, MIN_FOV_DEG } from '../../src/retarget/camera';

describe('settingsFromUrl', () => {
  it('camera field of view: not given by default, a listed diagonal from ?fov=, anything else ignored', () => {
    expect(settingsFromUrl('').cameraFov).toBe(0);
    expect(settingsFromUrl('?fov=78').cameraFov).toBe(78);
    for (const bad of ['?fov=77', '?fov=-78', '?fov=abc', '?fov=']) expect(settingsFromUrl(bad).cameraFov).toBe(0);
    // Every offered diagonal is one the solver accepts.
    for (const d of CAMERA_FOVS) if (d !== 0) expect(d >= MIN_FOV_DEG && d <= MAX_FOV_DEG).toBe(true);
  });

  it('camera tilt: level by default, a listed tilt from ?tilt=, anything else ignored', () => {
    expect(settingsFromUrl('').cameraTilt).toBe(0);
    expect(settingsFromUrl('?tilt=15').cameraTilt).toBe(15);
    expect(settingsFromUrl('?tilt=-30').cameraTilt).toBe(-30);
    for (const bad of ['?tilt=7', '?tilt=90', '?tilt=abc', '?tilt=']) expect(settingsFromUrl(bad).cameraTilt).toBe(0);
    // Every offered tilt is one the solver accepts.
    for (const t of CAMERA_TILTS) expect(Math.abs(t)).toBeLessThanOrEqual(MAX_CAMERA_PITCH_DEG);
  });
});
