/** Decodes shared videos for the real-video tests with Debian's ffmpeg (raw RGBA on stdout, nothing on disk). */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const FFMPEG = '/usr/bin/ffmpeg';

/** Whether ffmpeg is installed and runs (`.ci/run` installs it; a bare machine may lack it). */
export const hasFfmpeg = (): boolean => existsSync(FFMPEG) && spawnSync(FFMPEG, ['-version']).status === 0;

/** Decodes `path` to RGBA frames of `width × height` through an ffmpeg filter chain that ends at that size. */
export async function decodeFrames(path: string, filter: string, width: number, height: number): Promise<Uint8Array[]> {
  const ff = spawn(FFMPEG, ['-v', 'error', '-i', path, '-vf', filter, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  ff.stdout.on('data', (c: Buffer) => chunks.push(c));
  ff.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve, reject) => ff.on('error', reject).on('close', resolve));
  if (code !== 0) throw new Error(`ffmpeg failed (${code}): ${stderr}`);
  const all = Buffer.concat(chunks);
  const size = width * height * 4;
  const frames: Uint8Array[] = [];
  for (let off = 0; off + size <= all.length; off += size) frames.push(all.subarray(off, off + size));
  return frames;
}
