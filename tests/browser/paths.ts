/** Filesystem locations the browser tests use. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Read-only shared data beside the checkout (../shared): test photos live here, never in git. */
export const SHARED_DIR = resolve(process.env.MOCAP_SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared'));
export const SHARED_IMAGES_DIR = resolve(SHARED_DIR, 'assets', 'images');
/** Screenshots and other artefacts (git-ignored). */
export const TEST_RESULTS_DIR = resolve(REPO_ROOT, 'test-results');
