/** The settings the URL can preset (the form itself is exercised by tests/browser/app-page.test.ts). */
import { describe, expect, it } from 'vitest';
import { CAMERA_TILTS, settingsFromUrl } from '../../src/app/settings';
import { MAX_CAMERA_PITCH_DEG } from '../../src/retarget/camera';

describe('settingsFromUrl', () => {
  it('camera tilt: level by default, a listed tilt from ?tilt=, anything else ignored', () => {
    expect(settingsFromUrl('').cameraTilt).toBe(0);
    expect(settingsFromUrl('?tilt=15').cameraTilt).toBe(15);
    expect(settingsFromUrl('?tilt=-30').cameraTilt).toBe(-30);
    for (const bad of ['?tilt=7', '?tilt=90', '?tilt=abc', '?tilt=']) expect(settingsFromUrl(bad).cameraTilt).toBe(0);
    // Every offered tilt is one the solver accepts.
    for (const t of CAMERA_TILTS) expect(Math.abs(t)).toBeLessThanOrEqual(MAX_CAMERA_PITCH_DEG);
  });
});
