/** The Vite dev server (what `npm start` runs) on 127.0.0.1 and a free port, for the CSP/HMR check. */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'vite';
import { REPO_ROOT } from './paths';
import type { TestServer } from './server';
import { freePort } from '../helpers/free-port';

export async function startDevServer(): Promise<TestServer> {
  // Own dependency cache: never disturb the developer's node_modules/.vite while they run `npm start`.
  const cacheDir = mkdtempSync(join(tmpdir(), 'mocap-vite-cache-'));
  const server = await createServer({
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    root: REPO_ROOT,
    cacheDir,
    logLevel: 'silent',
    clearScreen: false,
    server: { host: '127.0.0.1', port: await freePort(), strictPort: false, open: false },
  });
  await server.listen();
  const port = (server.httpServer!.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      await server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
