/**
 * Generates the project's default VRM 1.0 avatars (CC0) into avatars/ (or the folder given as the
 * first argument): one file per colour variant, byte-identical on every run.
 *
 *   npm run avatars [-- OUT_DIR]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAvatar, buildMeshes } from './avatar/build-avatar.ts';
import { VARIANTS } from './avatar/variants.ts';

export const DEFAULT_OUT_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../avatars');
export const avatarFileName = (id: string): string => `default-${id}.vrm`;

/** Writes every variant into `outDir` and returns the written paths with their sizes. */
export function makeAvatars(outDir: string): { path: string; bytes: number }[] {
  mkdirSync(outDir, { recursive: true });
  const meshes = buildMeshes(); // geometry is shared; variants differ only in materials and meta
  return VARIANTS.map((v) => {
    const bytes = buildAvatar(v, meshes);
    const path = join(outDir, avatarFileName(v.id));
    writeFileSync(path, bytes);
    return { path, bytes: bytes.byteLength };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const out = makeAvatars(resolve(process.argv[2] ?? DEFAULT_OUT_DIR));
  const kb = out.map((o) => `${o.path.split('/').pop()} ${(o.bytes / 1024).toFixed(0)} KiB`).join(', ');
  console.log(`avatars: wrote ${out.length} files in ${(performance.now() - t0).toFixed(0)} ms: ${kb}`);
}
