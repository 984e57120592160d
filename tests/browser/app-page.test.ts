/**
 * The pose preview page (index.html) in a production build and on the dev server: it loads the
 * default model, says which backend runs it and why, estimates an opened image and the camera,
 * shows the missing-model instructions, and stays silent under its Content-Security-Policy.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getModel, missingModelMessage, MODELS } from '../../src/pose/models';
import { watchPage } from './browser';
import { startDevServer } from './dev-server';
import { startHarness, type Harness } from './harness';
import { REPO_ROOT, SHARED_IMAGES_DIR, TEST_RESULTS_DIR } from './paths';
import { startTestServer } from './server';

/** Compiling the model in a fresh worker; generous for a loaded 2-core CI machine. */
const LOAD_TIMEOUT_MS = 60_000;
const COCO_4_PEOPLE = join(SHARED_IMAGES_DIR, 'openpose', 'COCO_val2014_000000000192.jpg');

const text = (page: Page, selector: string): Promise<string> => page.locator(selector).innerText();

/** Waits until the page has finished loading its model (either way). */
async function modelLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => !/^(…|—)?$/.test(document.getElementById('backend')?.textContent ?? '') || !document.getElementById('error')?.hidden, undefined, {
    timeout: LOAD_TIMEOUT_MS,
  });
}

describe('pose preview page', () => {
  let h: Harness;
  beforeAll(async () => {
    // No WebGPU adapter: the page must say it falls back to WASM.
    h = await startHarness({ outDir: inject('browserBuildDir'), webgpu: false });
    mkdirSync(TEST_RESULTS_DIR, { recursive: true });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('loads the default model, shows the backend and fallback, and draws people on an opened image and the camera', async () => {
    const { page, problems } = await h.openPage('/');
    await modelLoaded(page);
    expect(await page.locator('#error').isHidden()).toBe(true);
    expect(await text(page, '#backend')).toMatch(/^WASM \(\d+ threads?, SIMD\)$/);
    expect(await text(page, '#notice')).toMatch(/^WebGPU not available: .*WASM is used instead/);
    expect(await text(page, '#init-times')).toMatch(/^[\d.]+ ms \/ [\d.]+ ms$/);
    expect(await page.locator('#model option').count()).toBe(MODELS.length);
    expect(await page.locator('#model').inputValue()).toBe(getModel().id);
    expect(await page.locator('#input-height').inputValue()).toBe(String(getModel().defaultInputHeight));

    await page.locator('#file').setInputFiles(COCO_4_PEOPLE);
    await page.waitForFunction(() => document.getElementById('people')?.textContent === '4', undefined, { timeout: LOAD_TIMEOUT_MS });
    expect(await text(page, '#timings')).toMatch(/^[\d.]+ ms \/ [\d.]+ ms \/ [\d.]+ ms at \d+×256$/);
    await page.screenshot({ path: join(TEST_RESULTS_DIR, 'app-image.png'), fullPage: true });

    // Chromium's fake camera (a test pattern, no people) replaces the image.
    await page.locator('#camera').click();
    await page.waitForFunction(() => document.getElementById('people')?.textContent === '0', undefined, { timeout: LOAD_TIMEOUT_MS });
    expect(await text(page, '#camera')).toBe('Stop camera');
    await page.locator('#camera').click();
    expect(await text(page, '#camera')).toBe('Camera');

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
      await modelLoaded(page);
      const error = page.locator('#error.prominent');
      expect(await error.isVisible()).toBe(true);
      expect(await error.innerText()).toBe(missingModelMessage(getModel()));
      expect(await text(page, '#camera')).toBe('Camera');
      expect(await page.locator('#camera').isDisabled()).toBe(true);
      await page.screenshot({ path: join(TEST_RESULTS_DIR, 'app-missing-model.png'), fullPage: true });
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
      await page.goto(`${server.baseUrl}/`);
      await modelLoaded(page);
      expect(await page.locator('#error').isHidden()).toBe(true);
      expect(await text(page, '#backend')).toMatch(/^WASM/);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
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
