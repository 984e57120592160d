#!/usr/bin/env node
// `npm install` hook: copies the pose models listed in models/manifest.json from the shared folder
// (../shared/models/openpose, or $MOCAP_MODELS_DIR) into models/ and verifies each file's sha256.
// It never fails the install: a missing model is reported with the exact file name and destination,
// and the app repeats the same instructions on the page.
// Then it converts the hand/face landmark models (manifest "landmarkModels") from TFJS to ONNX with
// tools/convert-hand-face-models.ts, run through tsx (a dev dependency); that step skips models whose
// inputs are unchanged, and a failure is reported, never fatal.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
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

/** Runs the landmark-model converter; reports instead of failing the install. */
function convertLandmarkModels() {
  let tsxCli;
  try {
    tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  } catch {
    console.log('[models] tsx is not installed (dev dependency), so the hand/face landmark models were not converted;');
    console.log('[models] run `npm install` with dev dependencies, then `npx tsx tools/convert-hand-face-models.ts`.');
    return;
  }
  const run = spawnSync(process.execPath, [tsxCli, join(root, 'tools', 'convert-hand-face-models.ts')], { cwd: root, stdio: 'inherit' });
  if (run.error || run.status !== 0) {
    const why = run.error ? run.error.message : `exit status ${run.status ?? run.signal}`;
    console.log(`[models] hand/face landmark conversion did not complete (${why}); the pose models are unaffected.`);
    console.log('[models] retry with `npx tsx tools/convert-hand-face-models.ts --force`.');
  }
}

convertLandmarkModels();
