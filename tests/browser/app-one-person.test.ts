/**
 * The app (index.html) on a fake camera playing the one-person clip (NTU: a person standing, arms
 * down, then drinking): one avatar whose upper arms point where the person's do, then a dropped
 * VRM 0.x avatar replaces it, and a broken .vrm shows a message while the app keeps running.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { APP_TEST_URL, dropFile, frames, LOAD_TIMEOUT_MS, modelLoaded, moreFrames, sceneAvatars } from './app-helpers';
import { makeFakeCamera, SHARED_VRM_DIR, type FakeCamera } from './fake-camera';
import { sharedImageUrl, startHarness, type Harness, type PageProblems } from './harness';
import { TEST_RESULTS_DIR } from './paths';

const CLIP = 'ntu_S001C001P001R001A001_1person.avi';
/** COCO-18 indices of each side's shoulder and elbow. */
const ARMS = { right: [2, 3], left: [5, 6] } as const;
const MIN_SCORE = 0.3;
/**
 * Largest median angle (degrees) between the person's upper arm in the image and the avatar's upper
 * arm on screen. Measured: ~6–12° median over the clip (the avatar's arm hangs in 3D, the person's is
 * foreshortened differently; smoothing lags a frame or two); 25° leaves room for a slower machine.
 */
const MAX_MEDIAN_ARM_ANGLE_DEG = 25;
/** How long to sample the clip (it is 3.4 s and loops). */
const SAMPLE_MS = 8_000;

const angleDeg = (a: readonly number[], b: readonly number[]): number =>
  (Math.acos(Math.max(-1, Math.min(1, (a[0] * b[0] + a[1] * b[1]) / (Math.hypot(a[0], a[1]) * Math.hypot(b[0], b[1]))))) * 180) / Math.PI;
const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1];

describe('app: one person on the camera', () => {
  let camera: FakeCamera;
  let h: Harness;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    camera = makeFakeCamera(CLIP);
    h = await startHarness({ outDir: inject('browserBuildDir'), webgpu: false, fakeCameraFile: camera.file, fixturesDir: SHARED_VRM_DIR });
    mkdirSync(TEST_RESULTS_DIR, { recursive: true });
    ({ page, problems } = await h.openPage(APP_TEST_URL));
    await modelLoaded(page);
  });
  afterAll(async () => {
    await h?.stop();
    camera?.remove();
  });

  it('shows one avatar whose upper arms leave the rest pose in the direction the person’s arms point', async () => {
    await page.locator('#camera').click();
    await page.waitForFunction(() => window.__mocap!.ids.length === 1 && window.__mocap!.scene.people()[0]?.vrm != null, undefined, { timeout: LOAD_TIMEOUT_MS });
    await moreFrames(page, 2);

    const angles: number[] = [];
    const downward: number[] = [];
    const end = Date.now() + SAMPLE_MS;
    while (Date.now() < end) {
      const s = await page.evaluate(() => {
        const m = window.__mocap!;
        const id = m.ids[0];
        return { ids: m.ids, avatars: m.scene.people().filter((p) => !p.leaving).length, kp: id ? m.keypoints(id) : null, arms: id ? m.armDirections(id) : null };
      });
      expect(s.ids).toHaveLength(1);
      expect(s.avatars).toBe(1);
      for (const side of ['left', 'right'] as const) {
        const [sh, el] = ARMS[side];
        if (!s.kp || !s.arms || s.kp[3 * sh + 2] < MIN_SCORE || s.kp[3 * el + 2] < MIN_SCORE) continue;
        const image = [s.kp[3 * el] - s.kp[3 * sh], s.kp[3 * el + 1] - s.kp[3 * sh + 1]];
        angles.push(angleDeg(image, s.arms[side]));
        downward.push(s.arms[side][1]);
      }
      await page.waitForTimeout(250);
    }
    await page.screenshot({ path: join(TEST_RESULTS_DIR, 'app-one-person.png') });
    expect(angles.length).toBeGreaterThanOrEqual(10);
    // The rest pose is a T-pose (upper arms horizontal, screen y = 0); the person's arms hang or bend down.
    expect(median(downward)).toBeGreaterThan(0.7);
    expect(median(angles)).toBeLessThan(MAX_MEDIAN_ARM_ANGLE_DEG);
  });

  it('replaces the avatar with a dropped VRM 0.x file', async () => {
    expect((await sceneAvatars(page)).map((a) => a.metaVersion)).toEqual(['1']);
    await dropFile(page, 'cryptovoxels_vrm0.vrm', '/__test__/files/cryptovoxels_vrm0.vrm');
    await page.waitForFunction(() => window.__mocap!.scene.people().some((p) => !p.leaving && p.vrm?.meta.metaVersion === '0'), undefined, { timeout: LOAD_TIMEOUT_MS });
    await moreFrames(page, 3);
    const avatars = await sceneAvatars(page);
    expect(avatars).toHaveLength(1);
    expect(avatars[0].metaVersion).toBe('0');
    // The solver was rebuilt for the new rig: its arms still hang down, not in its rest T-pose.
    const arms = await page.evaluate(() => window.__mocap!.armDirections(window.__mocap!.ids[0]));
    expect(arms!.left[1]).toBeGreaterThan(0.5);
    expect(arms!.right[1]).toBeGreaterThan(0.5);
    await page.screenshot({ path: join(TEST_RESULTS_DIR, 'app-vrm0.png') });
  });

  it('shows a message for a broken .vrm and keeps processing frames', async () => {
    await dropFile(page, 'broken.vrm', null);
    const error = page.locator('#messages .message.error', { hasText: 'broken.vrm' });
    await error.waitFor({ timeout: 10_000 });
    const before = await frames(page);
    await moreFrames(page, 3);
    expect(await frames(page)).toBeGreaterThan(before);
    expect((await sceneAvatars(page)).map((a) => a.metaVersion)).toEqual(['0']);
    await page.screenshot({ path: join(TEST_RESULTS_DIR, 'app-broken-vrm.png') });
  });

  it('poses the fingers of a person whose hand is visible (hands default: 1 person)', async () => {
    // A photo with a raised, clearly visible left hand (the camera clip's hands are too small to find).
    await dropFile(page, 'hand-visible.jpg', sharedImageUrl('openpose/COCO_val2014_000000000459.jpg'));
    const found = () => {
      const m = window.__mocap!;
      const h = m.ids.length ? m.hands(m.ids[0]) : null;
      return h !== null && h.some((v, i) => i % 3 === 2 && v > 0);
    };
    await page.waitForFunction(found, undefined, { timeout: LOAD_TIMEOUT_MS });
    const s = await page.evaluate(() => {
      const m = window.__mocap!;
      return { fingers: m.fingers(m.ids[0])!, stats: m.stats(), hudShown: !document.getElementById('hud-hands')!.hidden };
    });
    const rotations = Object.values(s.fingers);
    // One hand found: its side's 15 finger bones (both: 30), and they are posed, not all at rest.
    expect(rotations.length).toBeGreaterThanOrEqual(15);
    expect(rotations.some((q) => Math.abs(q[3]) < 0.999)).toBe(true);
    expect(s.stats.handsMs).toBeGreaterThan(0);
    expect(s.hudShown).toBe(true);
    await page.screenshot({ path: join(TEST_RESULTS_DIR, 'app-hands.png') });
  });

  it("drives the avatar's expressions from the face of the same photo (face default: 1 person)", async () => {
    await page.waitForFunction(() => {
      const m = window.__mocap!;
      return m.ids.length > 0 && m.expressions(m.ids[0]) !== null && m.stats().faceMs > 0;
    }, undefined, { timeout: LOAD_TIMEOUT_MS });
    const f = await page.evaluate(() => {
      const m = window.__mocap!;
      return { e: m.expressions(m.ids[0])!, hudShown: !document.getElementById('hud-face')!.hidden };
    });
    expect(Object.keys(f.e).sort()).toEqual(['aa', 'blink', 'blinkLeft', 'blinkRight', 'ee', 'ih', 'oh', 'ou']);
    for (const w of Object.values(f.e)) expect(w >= 0 && w <= 1).toBe(true);
    expect(f.hudShown).toBe(true);
  });

  it('logged nothing and requested nothing off-origin', () => {
    expect(problems.console).toEqual([]);
    expect(problems.offOrigin).toEqual([]);
  });
});
