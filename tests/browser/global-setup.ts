/** Vitest global setup for tests/browser: one production build shared by every browser test file. */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildForTests } from './build';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Directory of the test build (index.html + the estimator test page). */
    browserBuildDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = await buildForTests();
  project.provide('browserBuildDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
