/**
 * Browser harness for the tests and the benchmark: a production build served by `vite preview`
 * (crossOriginIsolated), the system Chromium via playwright-core, and the estimator test page that
 * runs the real pose worker through comlink.
 *
 *   const h = await startHarness();
 *   const r = await h.runInWorker(sharedImageUrl('openpose/COCO_val2014_000000000192.jpg'), { backend: 'wasm', repeats: 5 });
 *   await stopHarness();
 */
import { rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import type { Backend, BackendPreference, EstimatorInitOptions, EstimatorInitResult } from '../../src/pose/estimator-api';
import type { PoseFrame } from '../../src/pose/types';
import { launchChromium, watchPage, type LaunchedBrowser, type LaunchOptions, type PageProblems } from './browser';
import { buildForTests, ESTIMATOR_PAGE } from './build';
import type { RunRequest, RunResult, RunTiming } from './pages/protocol';
import { startTestServer, type TestServer, type TestServerOptions } from './server';

export type { RunRequest, RunResult, RunTiming } from './pages/protocol';
export type { PageProblems } from './browser';

export interface HarnessOptions extends Partial<TestServerOptions>, LaunchOptions {}

export interface RunInWorkerOptions {
  /** Default: the manifest's default model. */
  modelId?: string;
  /** Default: the model's default input height. */
  inputHeight?: number;
  /** Default 'wasm' (deterministic on machines without a GPU; pass 'auto' or 'webgpu' to compare). */
  backend?: BackendPreference;
  /** WASM threads. Default: the estimator's default (all cores, the page is crossOriginIsolated). */
  numThreads?: number;
  /** Estimates in sequence after init. Default 1. */
  repeats?: number;
}

export interface RunInWorkerResult {
  init: EstimatorInitResult;
  backend: Backend;
  /** Per-estimate stage timings and round trip, in order. */
  timings: RunTiming[];
  /** The last frame (people in source pixels). */
  lastFrame: PoseFrame;
}

export interface Harness {
  /** e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string;
  readonly context: BrowserContext;
  /** The estimator test page, loaded and ready. */
  readonly page: Page;
  /** Console output and off-origin requests of `page` so far. */
  readonly problems: PageProblems;
  /** Runs one request on the estimator page (never throws for estimator errors: they are in the result). */
  run(request: RunRequest): Promise<RunResult>;
  /** Initialises a fresh worker, estimates `repeats` times on `imageUrl`, disposes it. Throws on any error. */
  runInWorker(imageUrl: string, options?: RunInWorkerOptions): Promise<RunInWorkerResult>;
  /** Opens another page of this server (e.g. '/' for the app) with its own problem recorder. */
  openPage(path: string): Promise<{ page: Page; problems: PageProblems }>;
  stop(): Promise<void>;
}

/** URL path of a photo in ../shared/assets/images, served by the test server. */
export const sharedImageUrl = (relativePath: string): string => `/__test__/images/${relativePath}`;

let current: Harness | null = null;

/**
 * Builds (unless `outDir` is given), serves and opens the estimator page. The build takes ~15 s;
 * tests pass the global setup's build instead.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const ownBuild = !options.outDir;
  const outDir = options.outDir ?? (await buildForTests());
  let server: TestServer | null = null;
  let browser: LaunchedBrowser | null = null;
  try {
    server = await startTestServer({ ...options, outDir });
    browser = await launchChromium(options);
    const { baseUrl } = server;
    const { context } = browser;

    const openPage = async (path: string): Promise<{ page: Page; problems: PageProblems }> => {
      const page = await context.newPage();
      const problems = watchPage(page, baseUrl);
      await page.goto(baseUrl + path);
      return { page, problems };
    };

    const estimatorPage = await openPage(ESTIMATOR_PAGE);
    await estimatorPage.page.waitForFunction(() => document.body.dataset.ready === 'true');
    const run = (request: RunRequest): Promise<RunResult> =>
      estimatorPage.page.evaluate((req) => window.poseTest!.run(req), request);

    const s = server;
    const b = browser;
    const harness: Harness = {
      baseUrl,
      context,
      page: estimatorPage.page,
      problems: estimatorPage.problems,
      run,
      openPage,
      async runInWorker(imageUrl, o = {}) {
        const init: EstimatorInitOptions = {
          modelId: o.modelId,
          inputHeight: o.inputHeight,
          backend: o.backend ?? 'wasm',
          numThreads: o.numThreads,
        };
        const r = await run({ init, image: { kind: 'url', url: imageUrl }, repeats: o.repeats ?? 1 });
        if (r.initError) throw new Error(`init failed (${r.initError.code ?? r.initError.name}): ${r.initError.message}`);
        if (r.errors.length) throw new Error(`estimate failed (${r.errors[0].code ?? r.errors[0].name}): ${r.errors[0].message}`);
        return { init: r.init!, backend: r.init!.backend, timings: r.timings, lastFrame: r.frames[r.frames.length - 1] };
      },
      async stop() {
        if (current === harness) current = null;
        await b.close();
        await s.close();
        if (ownBuild) rmSync(outDir, { recursive: true, force: true });
      },
    };
    current = harness;
    return harness;
  } catch (e) {
    await browser?.close();
    await server?.close();
    if (ownBuild) rmSync(outDir, { recursive: true, force: true });
    throw e;
  }
}

/** Stops the harness started last (no-op when none is running). */
export async function stopHarness(): Promise<void> {
  await current?.stop();
}
