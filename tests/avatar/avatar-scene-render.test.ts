/**
 * Renders the avatar scene in headless Chromium (SwiftShader WebGL): two default avatars and the
 * shared VRM 0.x avatar, posed, on the stage. Checks the layout, spawn, pose application, despawn,
 * that the page is silent, and that the picture is not blank; writes test-results/avatar-scene.png.
 *
 * The page (tests/avatar/pages/) is served by a Vite dev server on the repo root; the shared .vrm is
 * served from ../shared by a test-only middleware (never copied into the repo).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import type { SceneReport } from './pages/avatar-scene-page';
import { SHARED } from '../helpers/shared';
import { launchChromium, type LaunchedBrowser } from '../browser/browser';
import { serveFolder, startPageDevServer, type PageDevServer } from '../helpers/page-dev-server';
import { recordFigure } from '../helpers/figures';


const REPO = resolve(import.meta.dirname, '../..');
const PAGE = '/tests/avatar/pages/avatar-scene.html';
const SHARED_VRM_DIR = join(SHARED, 'assets/vrm');
const SCREENSHOT = join(REPO, 'test-results/avatar-scene.png');
/** Console lines that are not the page's: Vite's dev client announcing its HMR socket. */
const DEV_NOISE = /^debug: \[vite\] (connecting|connected)/;


let dev: PageDevServer | undefined;
let baseUrl = '';
let browser: LaunchedBrowser | undefined;
let page: Page;
const consoleLines: string[] = [];

beforeAll(async () => {
  dev = await startPageDevServer([serveFolder('/__shared__/vrm/', SHARED_VRM_DIR, 'model/gltf-binary')], [PAGE.slice(1)]);
  baseUrl = dev.baseUrl;
  browser = await launchChromium({ webgpu: false, viewport: { width: 1280, height: 720 } });
  const { context } = browser;
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) consoleLines.push(`http ${r.status()}: ${r.url()}`);
  });
  await page.goto(baseUrl + PAGE);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, { timeout: 60_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await dev?.close();
});

/** Per-channel standard deviation of an RGBA PNG (averaged over R, G, B). */
function pixelStd(png: PNG): number {
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const v = png.data[i + c];
      sum += v;
      sq += v * v;
      n++;
    }
  }
  const mean = sum / n;
  return Math.sqrt(sq / n - mean * mean);
}

/** Fraction of pixels close to `rgb` (sRGB 0..255) within `tol` per channel. */
function colourShare(png: PNG, rgb: readonly [number, number, number], tol: number, x0 = 0, x1 = png.width): number {
  let hit = 0;
  let n = 0;
  for (let y = 0; y < png.height; y++) {
    for (let x = x0; x < x1; x++) {
      const i = 4 * (y * png.width + x);
      n++;
      if (Math.abs(png.data[i] - rgb[0]) <= tol && Math.abs(png.data[i + 1] - rgb[1]) <= tol && Math.abs(png.data[i + 2] - rgb[2]) <= tol) hit++;
    }
  }
  return hit / n;
}

describe('avatar scene in Chromium', () => {
  let report: SceneReport;

  it('shows two default avatars and a VRM 0.x avatar, laid out, spawned and posed', async () => {
    report = await page.evaluate(() => window.avatarTest!.setup());
    recordFigure('avatar scene', `${report.drawCalls} draw calls, ${report.frameMs.toFixed(0)} ms per frame (SwiftShader)`);
    expect(report.people.map((p) => [p.id, p.index, p.custom])).toEqual([
      [1, 0, false],
      [2, 1, false],
      [3, 2, true],
    ]);
    expect(report.people[0].meta).toBe('Default Avatar (Teal)');
    expect(report.people[1].meta).toBe('Default Avatar (Coral)');
    // Left to right as in the image; the smaller person (2) stands further back.
    const [x1, z1] = report.positions[1];
    const [x2, z2] = report.positions[2];
    const [x3, z3] = report.positions[3];
    expect(x1).toBeLessThan(x2);
    expect(x2).toBeLessThan(x3);
    expect(z2).toBeLessThan(z1);
    expect(z2).toBeLessThan(z3);
    for (const id of [1, 2, 3]) expect(report.spawnScales[id]).toBeCloseTo(1, 6);
    // Person 1's arms are raised above the head; 2 and 3 hang theirs down.
    expect(report.limbs[1].leftHandY).toBeGreaterThan(report.limbs[1].headY);
    expect(report.limbs[1].rightHandY).toBeGreaterThan(report.limbs[1].headY);
    for (const id of [2, 3]) {
      expect(report.limbs[id].leftHandY).toBeLessThan(1.1);
      expect(report.limbs[id].rightHandY).toBeLessThan(1.1);
    }
    // Every avatar faces the camera: its left hand is on screen right (+X), VRM 0.x included.
    for (const id of [1, 2, 3]) expect(report.limbs[id].leftHandDX).toBeGreaterThan(0.1);
    expect(report.warnings.every((w) => /LookAtDegreeMap/.test(w))).toBe(true);
  }, 60_000);

  it('renders a picture that is not blank, with each default avatar colour in its place', async () => {
    mkdirSync(join(REPO, 'test-results'), { recursive: true });
    // The canvas's own pixels (preserveDrawingBuffer): much faster than a compositor screenshot on SwiftShader.
    const dataUrl = await page.evaluate(() => (document.getElementById('view') as HTMLCanvasElement).toDataURL('image/png'));
    const buffer = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    writeFileSync(SCREENSHOT, buffer);
    const png = PNG.sync.read(buffer);
    expect(png.width).toBe(1280);
    expect(pixelStd(png)).toBeGreaterThan(12);
    // Teal shirt on the left third, coral shirt in the middle (shaded MToon: generous tolerance).
    const third = Math.floor(png.width / 3);
    expect(colourShare(png, [0x1f, 0xb3, 0xa6], 45, 0, third)).toBeGreaterThan(0.002);
    expect(colourShare(png, [0xff, 0x6b, 0x5a], 45, third, 2 * third)).toBeGreaterThan(0.001);
    expect(colourShare(png, [0x1f, 0xb3, 0xa6], 45, 2 * third, png.width)).toBeLessThan(0.0005);
  }, 30_000);

  it('despawns a removed person smoothly', async () => {
    const mid = await page.evaluate(() => window.avatarTest!.despawn(2, 0.1));
    expect(mid.people).toEqual([1, 2, 3]);
    const done = await page.evaluate(() => window.avatarTest!.despawn(2, 0.4));
    expect(done.people).toEqual([1, 3]);
  }, 30_000);

  it('takes a person\'s previous avatar back mid-swap, and refuses to show one VRM for two people', async () => {
    const r = await page.evaluate(() => window.avatarTest!.swapBack());
    expect(r).toMatchObject({ sameAvatar: true, groups: 1, attached: true });
    expect(r.sharedError).toMatch(/already shown for person 1/);
  }, 30_000);

  it('replaces everyone\'s avatar, keeps them when the new one fails, and restores the defaults', async () => {
    const robot = await page.evaluate(() => window.avatarTest!.replaceAll('/__shared__/vrm/debug_robot_vrm1.vrm'));
    expect(robot.error).toBeNull();
    expect(robot.people.map((p) => p.meta)).toEqual([robot.people[0].meta, robot.people[0].meta]);
    expect(robot.people[0].meta).toMatch(/robot/i);
    expect(robot.people.every((p) => !p.custom)).toBe(true);
    expect(robot.avatarGroups).toEqual([1, 1]);

    const failed = await page.evaluate(() => window.avatarTest!.replaceAll('/__shared__/vrm/missing.vrm'));
    expect(failed.error).toMatchObject({ name: 'AvatarLoadError', code: 'fetch-failed' });
    expect(failed.error!.message).toMatch(/^missing\.vrm could not be downloaded/);
    expect(failed.people.map((p) => p.meta)).toEqual(robot.people.map((p) => p.meta));

    const defaults = await page.evaluate(() => window.avatarTest!.replaceAll(null));
    expect(defaults.error).toBeNull();
    // Person 1 holds colour slot 0, person 3 slot 2 (person 2 has left).
    expect(defaults.people.map((p) => [p.id, p.meta])).toEqual([
      [1, 'Default Avatar (Teal)'],
      [3, 'Default Avatar (Violet)'],
    ]);
    expect(defaults.avatarGroups).toEqual([1, 1]);
  }, 30_000);

  it('kept the page silent: no console output, errors or failed requests except the deliberate 404', () => {
    const unexpected = consoleLines.filter((l) => !DEV_NOISE.test(l) && !/missing\.vrm|status of 404/.test(l));
    expect(unexpected).toEqual([]);
  });
});
