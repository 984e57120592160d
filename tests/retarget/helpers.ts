/** Shared test helpers: paths into ../shared and cached avatar/clip loading. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VRM } from '@pixiv/three-vrm';
import { loadVrmNode } from '../../src/avatar-node/load-vrm-node';
import { groundTruthFromBvhText, type GroundTruthClip } from '../../src/retarget/eval';

const here = path.dirname(fileURLToPath(import.meta.url));
/** ../shared relative to the repository root (tests/retarget → repo root → ..). */
export const SHARED = path.resolve(here, '../../../shared');
export const VRM_DIR = path.join(SHARED, 'assets/vrm');
export const MOTION_DIR = path.join(SHARED, 'assets/motion');

const vrms = new Map<string, Promise<VRM>>();
/** Loads (once per file) an avatar from ../shared/assets/vrm. */
export function sharedVrm(file: string): Promise<VRM> {
  let p = vrms.get(file);
  if (!p) {
    p = loadVrmNode(path.join(VRM_DIR, file)).then((r) => r.vrm);
    vrms.set(file, p);
  }
  return p;
}

/** A fresh (uncached) avatar, for tests that must not share pose state. */
export async function freshVrm(file: string): Promise<VRM> {
  return (await loadVrmNode(path.join(VRM_DIR, file))).vrm;
}

const clips = new Map<string, GroundTruthClip>();
/** Ground truth for a CMU clip in ../shared/assets/motion. */
export function sharedClip(name: string): GroundTruthClip {
  let c = clips.get(name);
  if (!c) {
    c = groundTruthFromBvhText(readFileSync(path.join(MOTION_DIR, `${name}.bvh`), 'utf8'), name);
    clips.set(name, c);
  }
  return c;
}
