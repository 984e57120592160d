/**
 * The recording panel in headless Chromium (SwiftShader WebGL), on a real AvatarScene with the
 * default avatars: record 90 synthetic frames of 3 people (person 2 leaves at frame 45, person 3
 * enters at frame 30), stop, check the clip list, download .vrma / .bvh / OpenPose .zip through the
 * export worker (playwright download events) and check their frame counts, preview the recording on
 * the avatars (play, pause, scrub, back to live), drop the shared three-vrm_idle_loop.vrma and corrupt
 * .vrma / .bvh files. The page must stay silent and on its own origin. Writes
 * test-results/record-panel.png.
 *
 * The page (tests/record-ui/pages/) is served by a Vite dev server on the repo root; the shared .vrma
 * clips are served from ../shared by a test-only middleware (never copied into the repo).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { unzipStore } from '../../src/record/zip';
import { launchChromium, watchPage, type LaunchedBrowser, type PageProblems } from '../browser/browser';
import { SHARED } from '../helpers/shared';
import { FPS } from './pages/constants';
import type {} from './pages/record-panel-page';
import { serveFolder, startPageDevServer, type PageDevServer } from '../helpers/page-dev-server';
import { recordFigure } from '../helpers/figures';


const REPO = resolve(import.meta.dirname, '../..');
const PAGE = '/tests/record-ui/pages/record-panel.html';
const SHARED_VRMA_DIR = join(SHARED, 'assets/vrma');
const SCREENSHOT = join(REPO, 'test-results/record-panel.png');
/** Console lines that are not the page's: Vite's dev client announcing itself. */
const DEV_NOISE = /^debug: \[vite\] (connecting|connected)/;

/** The synthetic take: frames, when person 2 leaves and person 3 enters. */
const FRAMES = 90;
const LEAVE_AT = 45;
const ENTER_AT = 30;
const EXPECTED_FRAMES: Record<number, number> = { 1: FRAMES, 2: LEAVE_AT, 3: FRAMES - ENTER_AT };


/** Frames in a .vrma: the key count of its animation's first sampler input (one key per recorded frame). */
function vrmaFrameCount(glb: Buffer): number {
  expect(glb.toString('latin1', 0, 4)).toBe('glTF');
  const jsonLength = glb.readUInt32LE(12);
  expect(glb.toString('latin1', 16, 20)).toBe('JSON');
  const gltf = JSON.parse(glb.toString('utf8', 20, 20 + jsonLength)) as {
    extensionsUsed?: string[];
    animations: { samplers: { input: number }[] }[];
    accessors: { count: number }[];
  };
  expect(gltf.extensionsUsed).toContain('VRMC_vrm_animation');
  return gltf.accessors[gltf.animations[0].samplers[0].input].count;
}

/** Max |a − b| over two quaternions, sign-insensitive (q and −q are one rotation). */
function quatDistance(a: readonly number[], b: readonly number[]): number {
  const dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
  const s = dot < 0 ? -1 : 1;
  return Math.max(...a.map((v, i) => Math.abs(v - s * b[i])));
}

let dev: PageDevServer | undefined;
let baseUrl = '';
let browser: LaunchedBrowser;
let page: Page;
let problems: PageProblems;

beforeAll(async () => {
  dev = await startPageDevServer([serveFolder('/__shared__/vrma/', SHARED_VRMA_DIR, 'model/gltf-binary')], [PAGE.slice(1), 'workers/export.worker.ts']);
  baseUrl = dev.baseUrl;
  browser = await launchChromium({ webgpu: false });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  problems = watchPage(page, baseUrl);
  await page.goto(baseUrl + PAGE);
  await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, { timeout: 60_000 });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await dev?.close();
});

/** Clicks `name` and returns the download it starts. */
async function download(name: string): Promise<{ file: Download; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.getByRole('button', { name, exact: true }).click()]);
  const path = await file.path();
  return { file, bytes: readFileSync(path) };
}

const status = (): Promise<string> => page.locator('.rp-status').innerText();

describe('recording panel in Chromium', () => {
  it('records 3 people with a timer and frame count, one leaving and one entering', async () => {
    const people = await page.evaluate(() => window.recordTest!.setup());
    expect(people).toEqual([
      { id: 1, leaving: false, loaded: true },
      { id: 2, leaving: false, loaded: true },
    ]);
    expect(await page.getByRole('button', { name: 'Back to live' }).isVisible()).toBe(false);
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    expect(await status()).toBe('Recording…');

    await page.evaluate(([a, b, l, e]) => window.recordTest!.feed(a, b, l, e), [0, FRAMES / 2, LEAVE_AT, ENTER_AT]);
    // The 10 Hz timer caught up with the frames fed so far.
    await page.waitForFunction((n) => document.querySelector('.rp-frames')!.textContent === `${n} frames`, FRAMES / 2, { timeout: 5000 });
    await page.evaluate(([a, b, l, e]) => window.recordTest!.feed(a, b, l, e), [FRAMES / 2, FRAMES, LEAVE_AT, ENTER_AT]);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();

    expect(await page.locator('.rp-frames').innerText()).toBe(`${FRAMES} frames`);
    // (FRAMES − 1) intervals at 30 fps = 2.967 s.
    expect(await page.getByRole('timer').innerText()).toBe('00:02.9');
    const rows = await page.locator('.rp-clip').evaluateAll((els) =>
      els.map((e) => ({
        id: Number((e as HTMLElement).dataset.personId),
        frames: Number((e.querySelector('.rp-facts') as HTMLElement).dataset.frames),
        text: (e as HTMLElement).innerText,
        swatch: getComputedStyle(e.querySelector('.rp-swatch')!).backgroundColor,
      })),
    );
    expect(rows.map((r) => [r.id, r.frames])).toEqual(Object.entries(EXPECTED_FRAMES).map(([id, n]) => [Number(id), n]));
    // Default avatar colours: teal for person 1, coral for person 2.
    expect(rows[0].swatch).toBe('rgb(31, 179, 166)');
    expect(rows[1].swatch).toBe('rgb(255, 107, 90)');
    expect(rows[0].text).toContain('Person 1');
    expect(await page.evaluate(() => window.recordTest!.livePaused)).toEqual([]);
  }, 30_000);

  it('downloads each person as .vrma, .bvh and OpenPose .zip with every recorded frame', async () => {
    const t0 = performance.now();
    const vrma = await download('Download person 1 as .vrma');
    expect(vrma.file.suggestedFilename()).toMatch(/^mocap-\d{8}-\d{6}-person1\.vrma$/);
    expect(vrmaFrameCount(vrma.bytes)).toBe(EXPECTED_FRAMES[1]);

    for (const id of [1, 2, 3]) {
      const bvh = await download(`Download person ${id} as .bvh`);
      expect(bvh.file.suggestedFilename()).toMatch(new RegExp(`-person${id}\\.bvh$`));
      const text = bvh.bytes.toString('utf8');
      expect(text.startsWith('HIERARCHY')).toBe(true);
      expect(Number(/^Frames:\s*(\d+)/m.exec(text)?.[1])).toBe(EXPECTED_FRAMES[id]);
      expect(Number(/^Frame Time:\s*([\d.]+)/m.exec(text)?.[1])).toBeCloseTo(1 / FPS, 4);
    }

    const zip3 = await download('Download person 3 as OpenPose .zip');
    expect(zip3.file.suggestedFilename()).toMatch(/-person3_openpose\.zip$/);
    expect(unzipStore(zip3.bytes)).toHaveLength(EXPECTED_FRAMES[3]);

    const all = await download('Download everyone as OpenPose .zip');
    expect(all.file.suggestedFilename()).toMatch(/-all_openpose\.zip$/);
    const entries = unzipStore(all.bytes);
    expect(entries).toHaveLength(FRAMES);
    const peopleIn = (f: number): number[] =>
      (JSON.parse(new TextDecoder().decode(entries[f].data)) as { people: { person_id: number[] }[] }).people.map((p) => p.person_id[0]);
    expect(peopleIn(10)).toEqual([1, 2]);
    expect(peopleIn(40)).toEqual([1, 2, 3]);
    expect(peopleIn(80)).toEqual([1, 3]);
    recordFigure('record panel', `6 exports and downloads in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(await page.locator('[aria-busy="true"]').count()).toBe(0);
  }, 30_000);

  it('previews the recording on the avatars: play, pause, scrub, back to live', async () => {
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    expect(await page.evaluate(() => window.recordTest!.livePaused)).toEqual([true]);
    expect(await status()).toMatch(/^Previewing the recording/);
    // Person 2 left during the recording: brought back for the preview.
    await page.waitForFunction(() => window.recordTest!.people().find((p) => p.id === 2 && !p.leaving && p.loaded), undefined, { timeout: 15_000 });

    // Scrub to recorded frame f: each avatar shows its own recorded pose of that frame.
    const scrubTo = async (frame: number): Promise<void> => {
      await page.getByRole('slider', { name: 'Playback time' }).evaluate((el, t) => {
        const input = el as HTMLInputElement;
        input.value = String(t);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, frame / FPS);
      await page.evaluate(() => window.recordTest!.frames(2));
    };
    // Playing from 1 s (person 3 entered at 1 s, person 2 left at 1.5 s): bones move on every avatar.
    await scrubTo(ENTER_AT);
    const a = await page.evaluate(() => [1, 2, 3].map((id) => window.recordTest!.pose(id)));
    await page.evaluate(() => window.recordTest!.frames(6));
    await page.waitForTimeout(150);
    const b = await page.evaluate(() => [1, 2, 3].map((id) => window.recordTest!.pose(id)));
    for (let i = 0; i < 3; i++) {
      expect(a[i]).not.toBeNull();
      // Arms swing with a 1 s period, the spine twists with 3 s: at least one of them has moved.
      expect(quatDistance(a[i]!.leftUpperArm, b[i]!.leftUpperArm) + quatDistance(a[i]!.spine, b[i]!.spine)).toBeGreaterThan(1e-3);
    }

    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    // Frames on the slider's 10 ms grid, so the head lands exactly on a recorded frame.
    for (const frame of [15, 30, 60]) {
      await scrubTo(frame);
      for (const id of [1, 2, 3]) {
        // Outside a person's span the nearest recorded pose holds.
        const held = Math.min(Math.max(frame, id === 3 ? ENTER_AT : 0), id === 2 ? LEAVE_AT - 1 : FRAMES - 1);
        const [got, want] = await page.evaluate(([i, f]) => [window.recordTest!.pose(i), window.recordTest!.expected(i, f)], [id, held]);
        expect(quatDistance(got!.leftUpperArm, want.leftUpperArm), `person ${id} frame ${frame}`).toBeLessThan(2e-3);
        expect(quatDistance(got!.spine, want.spine), `person ${id} frame ${frame}`).toBeLessThan(2e-3);
      }
    }
    expect(await page.locator('.rp-time').innerText()).toBe('00:02.0 / 00:02.9');

    await page.getByRole('button', { name: 'Back to live' }).click();
    expect(await page.evaluate(() => window.recordTest!.livePaused)).toEqual([true, false]);
    // The avatar brought back for the preview leaves again.
    expect(await page.evaluate(() => window.recordTest!.people().find((p) => p.id === 2)?.leaving ?? true)).toBe(true);
    expect(await status()).toBe('3 people recorded');
  }, 30_000);

  it('plays a dropped .vrma on every avatar, and reports corrupt .vrma / .bvh files clearly', async () => {
    await page.evaluate(() => window.recordTest!.drop(null, '/__shared__/vrma/three-vrm_idle_loop.vrma', 'three-vrm_idle_loop.vrma'));
    expect(await page.evaluate(() => window.recordTest!.messages)).toEqual([]);
    expect(await status()).toBe('Playing three-vrm_idle_loop.vrma · camera paused');
    expect((await page.evaluate(() => window.recordTest!.livePaused)).at(-1)).toBe(true);
    expect(await page.locator('.rp-time').innerText()).toMatch(/ \/ 00:\d\d\.\d$/);
    const a = await page.evaluate(() => [1, 3].map((id) => window.recordTest!.pose(id)));
    await page.evaluate(() => window.recordTest!.frames(6));
    await page.waitForTimeout(200);
    const b = await page.evaluate(() => [1, 3].map((id) => window.recordTest!.pose(id)));
    for (let i = 0; i < 2; i++) expect(quatDistance(a[i]!.spine, b[i]!.spine) + quatDistance(a[i]!.leftUpperArm, b[i]!.leftUpperArm)).toBeGreaterThan(1e-4);

    mkdirSync(join(REPO, 'test-results'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    const glbGarbage = [0x67, 0x6c, 0x54, 0x46, 2, 0, 0, 0, 40, 0, 0, 0, ...Array.from({ length: 28 }, (_, i) => (i * 37) & 0xff)];
    await page.evaluate((bytes) => window.recordTest!.drop(bytes, null, 'broken.vrma'), glbGarbage);
    const badBvh = [...new TextEncoder().encode('HIERARCHY\nROOT Hips\n{\n  OFFSET 0 0\n  CHANNELS 6 Xposition\n')];
    await page.evaluate((bytes) => window.recordTest!.drop(bytes, null, 'broken.bvh'), badBvh);
    const messages = await page.evaluate(() => window.recordTest!.messages);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatchObject({ severity: 'error' });
    expect(messages[0].text).toMatch(/^not a VRM Animation \(\.vrma\) file: broken\.vrma/);
    expect(messages[1]).toMatchObject({ severity: 'error' });
    expect(messages[1].text).toMatch(/^BVH parse error in broken\.bvh/);
    // A bad file leaves the motion that was playing alone.
    expect(await status()).toBe('Playing three-vrm_idle_loop.vrma · camera paused');

    await page.getByRole('button', { name: 'Back to live' }).click();
    expect((await page.evaluate(() => window.recordTest!.livePaused)).at(-1)).toBe(false);
  }, 30_000);

  it('disposes cleanly, and the page stayed silent and on its own origin', async () => {
    const r = await page.evaluate(() => window.recordTest!.dispose());
    expect(r.panelInDom).toBe(false);
    expect(r.livePaused.at(-1)).toBe(false);
    expect(problems.console.filter((l) => !DEV_NOISE.test(l))).toEqual([]);
    expect(problems.offOrigin).toEqual([]);
  });
});
