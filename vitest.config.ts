import { defineConfig } from 'vitest/config';

/**
 * Two projects: fast Node unit tests, and browser tests that drive Chromium through playwright-core
 * against a production build (tests/browser/global-setup.ts builds it once).
 */
export default defineConfig({
  test: {
    // .ci/run reads the JSON report to print CI's "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ['tests/browser/**', '**/node_modules/**'],
          environment: 'node',
          // Real-model and real-video tests share 2 cores with everything else in CI.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/browser/global-setup.ts'],
          // Each file drives its own Chromium; on 2 cores, parallel files only slow each other down.
          fileParallelism: false,
          // WebGPU on SwiftShader runs the network ~200x slower than WASM.
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
