#!/usr/bin/env node
// `npm install` hook: copies the pose models listed in models/manifest.json from the shared folder
// (../shared/models/openpose, or $MOCAP_MODELS_DIR) into models/ and verifies each file's sha256.
// It never fails the install: a missing model is reported with the exact file name and destination,
// and the app repeats the same instructions on the page.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = join(root, 'models');
const manifest = JSON.parse(readFileSync(join(modelsDir, 'manifest.json'), 'utf8'));
const sourceDir = resolve(process.env.MOCAP_MODELS_DIR ?? join(root, '..', 'shared', 'models', 'openpose'));

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

let installed = 0;
const problems = [];
for (const model of manifest.models) {
  const dest = join(modelsDir, model.file);
  if (existsSync(dest) && sha256(dest) === model.sha256) {
    installed++;
    continue;
  }
  const src = join(sourceDir, model.file);
  if (!existsSync(src)) {
    problems.push(`missing: ${model.file} (${model.label}) — put it at ${relative(process.cwd(), dest) || dest}`);
    continue;
  }
  const actual = sha256(src);
  if (actual !== model.sha256) {
    problems.push(`checksum mismatch: ${src} has sha256 ${actual}, expected ${model.sha256} — not installed`);
    continue;
  }
  // Copy to a temporary name first so an interrupted install never leaves a truncated model behind.
  copyFileSync(src, `${dest}.part`);
  renameSync(`${dest}.part`, dest);
  installed++;
}

console.log(`[models] ${installed}/${manifest.models.length} pose models ready in ${relative(process.cwd(), modelsDir) || modelsDir}/`);
if (problems.length > 0) {
  console.log(`[models] looked for model files in ${sourceDir} (set MOCAP_MODELS_DIR to use another folder)`);
  for (const line of problems) console.log(`[models] ${line}`);
  console.log('[models] the app still starts and shows on the page which file to put where.');
}
