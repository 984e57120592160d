/**
 * One production build for the browser tests and the benchmark: the app (index.html) plus the
 * test-only estimator page, built with the project's vite.config.ts into a directory of our own
 * (never the developer's dist/).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from './paths';

/** Path of the estimator test page inside the build, as a URL path. */
export const ESTIMATOR_PAGE = '/tests/browser/pages/estimator.html';
/** Path of the landmark models test page (hands/face models on WebGPU and WASM) inside the build. */
export const LANDMARKS_PAGE = '/tests/browser/pages/landmarks.html';

/** Builds into `outDir` (default: a fresh temp dir) and returns it. Takes ~10–20 s (ORT's WASM is 28 MB). */
export async function buildForTests(outDir = mkdtempSync(join(tmpdir(), 'mocap-browser-build-'))): Promise<string> {
  await build({
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    root: REPO_ROOT,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      // Source maps only slow the build here; the app's own build keeps them.
      sourcemap: false,
      // Quiet: onnxruntime's chunk is large by nature.
      chunkSizeWarningLimit: 4096,
      rollupOptions: {
        input: {
          index: join(REPO_ROOT, 'index.html'),
          estimator: join(REPO_ROOT, ESTIMATOR_PAGE.slice(1)),
          landmarks: join(REPO_ROOT, LANDMARKS_PAGE.slice(1)),
        },
      },
    },
  });
  return outDir;
}
