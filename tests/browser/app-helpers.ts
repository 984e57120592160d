/** Helpers for the app tests (tests/browser/app-*.test.ts): opening the app and reading `window.__mocap`. */
import type { Page } from 'playwright-core';

/** Compiling the model in a fresh worker; generous for a loaded 2-core CI machine. */
export const LOAD_TIMEOUT_MS = 60_000;

/**
 * The app with its test hook, on WASM (SwiftShader's WebGPU is ~200× slower) at a small input height:
 * on 2 cores the scene's software WebGL and the network share the CPU.
 */
export const APP_TEST_URL = '/?test&backend=wasm&height=192';

/** Waits until the app has loaded its model (the HUD names the backend). */
export async function modelLoaded(page: Page): Promise<void> {
  await page.waitForFunction(() => /WASM|WebGPU/.test(document.getElementById('backend')?.textContent ?? ''), undefined, { timeout: LOAD_TIMEOUT_MS });
}

/** Processed frames so far. */
export const frames = (page: Page): Promise<number> => page.evaluate(() => window.__mocap!.frames);

/** Waits until `n` more frames than now were processed. */
export async function moreFrames(page: Page, n: number, timeout = LOAD_TIMEOUT_MS): Promise<void> {
  const start = await frames(page);
  await page.waitForFunction((target) => window.__mocap!.frames >= target, start + n, { timeout });
}

/** People in the scene that are not leaving, with their avatar's VRM meta version ('0' or '1'). */
export function sceneAvatars(page: Page): Promise<{ id: number; metaVersion: string | null }[]> {
  return page.evaluate(() =>
    window.__mocap!.scene
      .people()
      .filter((p) => !p.leaving)
      .map((p) => ({ id: p.id, metaVersion: p.vrm?.meta.metaVersion ?? null })),
  );
}

/** Drops a file built in the page from `bytes` (fetched from `url`, or random when `url` is null) on the page. */
export async function dropFile(page: Page, name: string, url: string | null): Promise<void> {
  await page.evaluate(
    async ({ name, url }) => {
      const bytes = url ? new Uint8Array(await (await fetch(url)).arrayBuffer()) : crypto.getRandomValues(new Uint8Array(4096));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: 'application/octet-stream' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { name, url },
  );
}
