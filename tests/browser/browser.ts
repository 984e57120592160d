/**
 * Launches the system Chromium (Debian's /usr/bin/chromium) through playwright-core with a fresh
 * profile, and records what a page does that the tests must not tolerate: console output, uncaught
 * exceptions, and requests that leave the page's origin.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.MOCAP_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--no-first-run',
  // No calls home: the tests assert that nothing leaves 127.0.0.1.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  // A fake camera that needs no permission prompt, for the page's Camera button.
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

/** WebGPU on SwiftShader (CPU): real WebGPU code paths on machines without a GPU. */
const WEBGPU_ARGS = ['--enable-unsafe-webgpu'];

export interface LaunchOptions {
  /** Offer WebGPU (SwiftShader's software adapter). Default true; false: no adapter, as on most Linux Chromes. */
  webgpu?: boolean;
  /** Extra Chromium flags. Default none. */
  args?: readonly string[];
  /** Page size. Default 1100×900. */
  viewport?: { width: number; height: number };
  /**
   * Absolute path of a .y4m/.mjpeg file the fake camera plays (looping) instead of Chromium's test
   * pattern; make one with ../shared/tools/fake-camera (see fake-camera.ts). Default: the test pattern.
   */
  fakeCameraFile?: string;
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A persistent context on a throwaway profile dir (removed on close). */
export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'mocap-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      ...CHROMIUM_ARGS,
      ...(options.webgpu === false ? [] : WEBGPU_ARGS),
      ...(options.fakeCameraFile ? [`--use-file-for-fake-video-capture=${options.fakeCameraFile}`] : []),
      ...(options.args ?? []),
    ],
    viewport: options.viewport ?? { width: 1100, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface PageProblems {
  /** Console messages of any level (page and workers) and uncaught page exceptions, as text. */
  console: string[];
  /** Requests to any origin other than the page's (data: and blob: are local). */
  offOrigin: string[];
}

/** Starts recording `page`'s problems; the returned arrays fill as the page runs. */
export function watchPage(page: Page, origin: string): PageProblems {
  const problems: PageProblems = { console: [], offOrigin: [] };
  // Any console output counts: the app and worker are meant to be silent. Worker messages arrive here too.
  page.on('console', (m) => problems.console.push(`${m.worker() ? 'worker ' : ''}${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => problems.console.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) problems.offOrigin.push(url);
  });
  return problems;
}
