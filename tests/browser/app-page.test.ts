/**
 * The app page (index.html) in a production build and on the dev server: it loads the default model,
 * says which backend runs it and why, shows an avatar per person in an opened image (and lifts them
 * differently when told the camera's tilt or field of view), plays a video
 * file with pause and seek, runs the camera, shows a message for a bad file and for a missing model,
 * and stays silent under its Content-Security-Policy.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getModel, missingModelMessage, MODELS } from '../../src/pose/models';
import { LOAD_TIMEOUT_MS, modelLoaded, moreFrames, sceneAvatars } from './app-helpers';
import { watchPage } from './browser';
import { startDevServer } from './dev-server';
import { SHARED_VIDEO_DIR } from './fake-camera';
import { startHarness, type Harness } from './harness';
import { REPO_ROOT, SHARED_IMAGES_DIR, TEST_RESULTS_DIR } from './paths';
import { startTestServer } from './server';

const COCO_4_PEOPLE = join(SHARED_IMAGES_DIR, 'openpose', 'COCO_val2014_000000000192.jpg');
/** 426×240, 10 s: small enough to decode alongside the network on 2 cores. */
const VIDEO = join(SHARED_VIDEO_DIR, 'mmaction2_basketball_2persons.mp4');

/** Each avatar's left thigh direction (world, unit), in scene order. */
async function limbDirections(page: Page): Promise<number[][]> {
  return page.evaluate(() =>
    window.__mocap!.scene.people().map((p) => {
      const h = p.vrm!.humanoid;
      const at = (n: 'leftUpperLeg' | 'leftLowerLeg') => h.getRawBoneNode(n)!.matrixWorld.elements.slice(12, 15);
      const u = at('leftUpperLeg'), l = at('leftLowerLeg');
      const d = [l[0] - u[0], l[1] - u[1], l[2] - u[2]];
      const n = Math.hypot(d[0], d[1], d[2]) || 1;
      return d.map((x) => x / n);
    }),
  );
}

/** Angle between two unit vectors, degrees. */
const angleDeg = (a: number[], b: number[]): number =>
  (Math.acos(Math.max(-1, Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]))) * 180) / Math.PI;

describe('app page', () => {
  let h: Harness;
  beforeAll(async () => {
    // No WebGPU adapter: the page must say it falls back to WASM.
    h = await startHarness({ outDir: inject('browserBuildDir'), webgpu: false });
    mkdirSync(TEST_RESULTS_DIR, { recursive: true });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('loads the default model, says WASM replaces WebGPU, and gives each person in an image an avatar', async () => {
    const { page, problems } = await h.openPage('/?test&maxPeople=4');
    await modelLoaded(page);
    expect(await page.locator('#backend').innerText()).toMatch(/^WASM \(\d+ threads?, SIMD\)$/);
    expect(await page.locator('#messages .message.warning').innerText()).toMatch(/^WebGPU not available: .*WASM is used instead/);
    expect(await page.locator('#messages .message.error').count()).toBe(0);
    expect(await page.locator('#model option').count()).toBe(MODELS.length);
    expect(await page.locator('#model').inputValue()).toBe(getModel().id);
    expect(await page.locator('#input-height').inputValue()).toBe(String(getModel().defaultInputHeight));

    await page.locator('#image-file').setInputFiles(COCO_4_PEOPLE);
    await page.waitForFunction(() => document.getElementById('people')?.textContent === '4', undefined, { timeout: LOAD_TIMEOUT_MS });
    // Avatars load after the people are found; the still is solved again once they have.
    await page.waitForFunction(() => window.__mocap!.scene.people().filter((p) => p.vrm).length === 4, undefined, { timeout: LOAD_TIMEOUT_MS });
    expect((await sceneAvatars(page)).map((a) => a.metaVersion)).toEqual(['1', '1', '1', '1']);
    // Each avatar is posed once it has loaded: not left in the rest T-pose (both upper arms level, screen y = 0).
    await page.waitForFunction(
      () => window.__mocap!.ids.every((id) => {
        const arms = window.__mocap!.armDirections(id);
        return arms != null && (Math.abs(arms.left[1]) > 0.17 || Math.abs(arms.right[1]) > 0.17);
      }),
      undefined,
      { timeout: LOAD_TIMEOUT_MS },
    );
    // Solving the image again for the loaded avatars kept the people's ids.
    expect(await page.evaluate(() => window.__mocap!.ids)).toEqual([1, 2, 3, 4]);
    await page.waitForTimeout(500); // spawn animation (0.3 s)
    await page.screenshot({ path: join(TEST_RESULTS_DIR, 'app-image.png') });

    // The camera settings reach the solvers: told the camera looks 20° down, they lift the same image
    // differently (the still is solved again at once).
    expect(await page.locator('#camera-tilt').inputValue()).toBe('0');
    const before = await limbDirections(page);
    await page.locator('#settings-panel > summary').click(); // the settings start collapsed
    await page.locator('#camera-tilt').selectOption('20');
    // Some person's thigh turns by more than 3°.
    await expect
      .poll(async () => Math.max(...(await limbDirections(page)).map((d, i) => angleDeg(d, before[i]))), { timeout: LOAD_TIMEOUT_MS, interval: 250 })
      .toBeGreaterThan(3);
    const turnedFromLevel = async (): Promise<number> => Math.max(...(await limbDirections(page)).map((d, i) => angleDeg(d, before[i])));
    await page.locator('#camera-tilt').selectOption('0');
    // Back to the level pose before the next check, so that it cannot see this change instead.
    await expect.poll(turnedFromLevel, { timeout: LOAD_TIMEOUT_MS, interval: 250 }).toBeLessThan(0.1);
    // So does the field of view: a 55° diagonal camera (≈ 34° vertical at 4:3) instead of the assumed 50° vertical.
    expect(await page.locator('#camera-fov').inputValue()).toBe('0');
    await page.locator('#camera-fov').selectOption('55');
    await expect.poll(turnedFromLevel, { timeout: LOAD_TIMEOUT_MS, interval: 250 }).toBeGreaterThan(1);
    await page.locator('#camera-fov').selectOption('0');
    await page.locator('#settings-panel > summary').click();

    // A file that is not a video: a message, and the page goes on.
    await page.locator('#video-file').setInputFiles({ name: 'bad.mp4', mimeType: 'video/mp4', buffer: Buffer.from('not a video at all') });
    await page.locator('#messages .message.error', { hasText: 'bad.mp4' }).waitFor({ timeout: 10_000 });

    // A video file: it plays, pauses and seeks.
    await page.locator('#video-file').setInputFiles(VIDEO);
    await page.locator('#video-controls').waitFor({ state: 'visible' });
    await moreFrames(page, 3);
    await page.locator('#play').click();
    await page.locator('#play', { hasText: 'Play' }).waitFor();
    await page.evaluate(() => {
      const seek = document.getElementById('seek') as HTMLInputElement;
      seek.value = '6';
      seek.dispatchEvent(new Event('input'));
    });
    await page.waitForFunction(() => Math.abs((document.getElementById('video') as HTMLVideoElement).currentTime - 6) < 0.1);
    await page.screenshot({ path: join(TEST_RESULTS_DIR, 'app-video.png') });

    // Chromium's fake camera (a test pattern, no people) replaces the video.
    await page.locator('#camera').click();
    await page.locator('#camera', { hasText: 'Stop camera' }).waitFor({ timeout: LOAD_TIMEOUT_MS });
    expect(await page.locator('#video-controls').isHidden()).toBe(true);
    await moreFrames(page, 2);
    await page.waitForFunction(() => window.__mocap!.ids.length === 0 && document.getElementById('people')?.textContent === '0', undefined, { timeout: LOAD_TIMEOUT_MS });
    await page.locator('#camera').click();
    expect(await page.locator('#camera').innerText()).toBe('Camera');

    expect(problems.console).toEqual([]);
    expect(problems.offOrigin).toEqual([]);
  });

  it('shows the missing-model instructions prominently when the model file is not there', async () => {
    const modelsDir = mkdtempSync(join(tmpdir(), 'mocap-models-missing-'));
    copyFileSync(join(REPO_ROOT, 'models', 'manifest.json'), join(modelsDir, 'manifest.json'));
    const server = await startTestServer({ outDir: inject('browserBuildDir'), modelsDir });
    const page = await h.context.newPage();
    try {
      const problems = watchPage(page, server.baseUrl);
      await page.goto(`${server.baseUrl}/`);
      const error = page.locator('#messages .message.error.prominent');
      await error.waitFor({ timeout: LOAD_TIMEOUT_MS });
      expect(await error.locator('.text').innerText()).toBe(missingModelMessage(getModel()));
      expect(await page.locator('#backend').innerText()).toBe('—');
      await page.screenshot({ path: join(TEST_RESULTS_DIR, 'app-missing-model.png') });
      // Chromium may log the failed fetch itself; nothing else may appear.
      expect(problems.console.filter((m) => !/status of 404/.test(m))).toEqual([]);
      expect(problems.console.length).toBeLessThanOrEqual(1);
      expect(problems.offOrigin).toEqual([]);
    } finally {
      await page.close();
      await server.close();
      rmSync(modelsDir, { recursive: true, force: true });
    }
  });

  it('works on the dev server under the same CSP (HMR websocket included), silently', async () => {
    const server = await startDevServer();
    const page = await h.context.newPage();
    try {
      const problems = watchPage(page, server.baseUrl);
      await page.goto(`${server.baseUrl}/?backend=wasm&height=160`);
      await modelLoaded(page);
      expect(await page.locator('#messages .message.error').count()).toBe(0);
      expect(await page.locator('#backend').innerText()).toMatch(/^WASM/);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      // The default avatar loads under the CSP too.
      await page.locator('#camera').click();
      await page.locator('#camera', { hasText: 'Stop camera' }).waitFor({ timeout: LOAD_TIMEOUT_MS });
      await page.waitForTimeout(1000);
      // Vite's client (in the page and each worker) announces its HMR connection at debug level; a
      // CSP refusal would be an error.
      const noise = problems.console.filter((m) => !/^(worker )?debug: \[vite\] (connecting|connected)/.test(m));
      expect(noise).toEqual([]);
      expect(problems.console).toContain('debug: [vite] connected.');
      expect(problems.offOrigin).toEqual([]);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
