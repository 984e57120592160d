/**
 * Fake-camera files for Chromium, made at test time from the shared videos with
 * ../shared/tools/fake-camera (ffmpeg): never stored in the repo.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SHARED_DIR } from './paths';

export const SHARED_VIDEO_DIR = resolve(SHARED_DIR, 'assets', 'video');
export const SHARED_VRM_DIR = resolve(SHARED_DIR, 'assets', 'vrm');
const FAKE_CAMERA_TOOL = resolve(SHARED_DIR, 'tools', 'fake-camera');

export interface FakeCamera {
  /** Absolute path for LaunchOptions.fakeCameraFile. */
  file: string;
  /** Removes the temp dir. */
  remove(): void;
}

/**
 * Converts `../shared/assets/video/<video>` into a 640×480 (default) y4m in a fresh temp dir.
 * @param fps frame rate of the file (Chromium plays it at this rate, looping). Default 30.
 */
export function makeFakeCamera(video: string, size = '640x480', fps = 30): FakeCamera {
  const dir = mkdtempSync(join(tmpdir(), 'mocap-fake-camera-'));
  const out = join(dir, `${video.replace(/\.[^.]+$/, '')}.y4m`);
  const file = execFileSync(FAKE_CAMERA_TOOL, [join(SHARED_VIDEO_DIR, video), out, size, String(fps)], { encoding: 'utf8' }).trim();
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
