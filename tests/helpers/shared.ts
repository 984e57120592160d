import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared models and media folder beside the checkout (never copied into the repo). */
export const SHARED = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../shared');
