/**
 * Measured figures that tests report (timings, accuracy) go to test-results/figures.log instead of the
 * console, so test runs stay quiet and the numbers are still there to read after a run.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** git-ignored, like the other test artefacts. */
export const FIGURES_LOG = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-results/figures.log');

/** Appends one line `ISO-time  topic: text` to {@link FIGURES_LOG}. */
export function recordFigure(topic: string, text: string): void {
  mkdirSync(dirname(FIGURES_LOG), { recursive: true });
  appendFileSync(FIGURES_LOG, `${new Date().toISOString()}  ${topic}: ${text}\n`);
}
