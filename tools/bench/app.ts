/**
 * End-to-end figures of the app (index.html) in headless Chromium with a fake camera playing the
 * one-person clip: frames per second through the whole loop (camera → worker → tracker → solver →
 * avatar), inference time, and the capture → avatar-pose latency (from the camera frame's capture
 * time in its video frame callback to the render that first shows its pose), per model and input height.
 * On a CPU-only machine the scene renders with SwiftShader on the same cores as the network.
 */
import { MODELS } from '../../src/pose/models';
import { makeFakeCamera } from '../../tests/browser/fake-camera';
import { startHarness } from '../../tests/browser/harness';
import { isModelInstalled } from '../node-engine';
import { BENCH_INPUT_HEIGHTS } from './frames';
import { fmt, table } from './stats';

const CLIP = 'ntu_S001C001P001R001A001_1person.avi';
/** Model compile and the first (slow) frames before measuring. */
const LOAD_TIMEOUT_MS = 90_000;
const WARMUP_FRAMES = 5;
/** Measuring window per row: several loops of the HUD's 60-sample window at 5–15 fps. */
const MEASURE_MS = Number(process.env.BENCH_APP_MS ?? 8_000);

export interface AppBenchRow {
  model: string;
  inputHeight: number;
  fps: number;
  inferenceMs: number;
  latencyMs: number;
  frames: number;
}

/** Runs the app per installed model × input height (256, 368) and returns the printout's lines. */
export async function benchApp(): Promise<string[]> {
  const camera = makeFakeCamera(CLIP);
  const h = await startHarness({ webgpu: false, fakeCameraFile: camera.file });
  const rows: AppBenchRow[] = [];
  try {
    for (const model of MODELS) {
      if (!isModelInstalled(model)) continue;
      for (const height of BENCH_INPUT_HEIGHTS) {
        const { page } = await h.openPage(`/?test&backend=wasm&model=${model.id}&height=${height}`);
        try {
          await page.waitForFunction(() => /WASM/.test(document.getElementById('backend')?.textContent ?? ''), undefined, { timeout: LOAD_TIMEOUT_MS });
          await page.locator('#camera').click();
          await page.waitForFunction((n) => window.__mocap!.frames >= n, WARMUP_FRAMES, { timeout: LOAD_TIMEOUT_MS });
          const f0 = await page.evaluate(() => window.__mocap!.frames);
          const t0 = Date.now();
          await page.waitForTimeout(MEASURE_MS);
          const s = await page.evaluate(() => window.__mocap!.stats());
          const frames = s.frames - f0;
          rows.push({ model: model.id, inputHeight: height, fps: (frames * 1000) / (Date.now() - t0), inferenceMs: s.inferenceMs, latencyMs: s.latencyMs, frames });
        } finally {
          await page.close();
        }
      }
    }
  } finally {
    await h.stop();
    camera.remove();
  }
  return table(
    ['model', 'input h', 'fps', 'inference ms', 'capture→avatar ms', 'frames'],
    rows.map((r) => [r.model, String(r.inputHeight), fmt(r.fps, 1), fmt(r.inferenceMs, 0), fmt(r.latencyMs, 0), String(r.frames)]),
  );
}
