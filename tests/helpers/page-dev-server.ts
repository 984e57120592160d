/**
 * A Vite dev server on the repo for test-only pages (tests/<area>/pages/*.html), serving one folder of
 * ../shared read-only at a test route. Never copies shared files into the repo.
 */
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { freePort } from './free-port';

const REPO = resolve(import.meta.dirname, '../..');

/** Serves the files of `dir` (flat) at `route` (e.g. '/__shared__/vrm/'). */
export function serveFolder(route: string, dir: string, contentType: string): Plugin {
  return {
    name: `test-folder${route}`,
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0];
        if (!url.startsWith(route)) return next();
        const name = decodeURIComponent(url.slice(route.length));
        const file = join(dir, name);
        if (name.includes('/') || name.includes('..') || !existsSync(file)) {
          res.statusCode = 404;
          res.end();
          return;
        }
        res.setHeader('Content-Type', contentType);
        res.setHeader('Content-Length', String(statSync(file).size));
        res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
        createReadStream(file).pipe(res);
      });
    },
  };
}

export interface PageDevServer {
  server: ViteDevServer;
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the dev server with the project's vite.config.ts plus `plugins`. `entries` are pre-bundled up
 * front: discovering dependencies on first request would reload the page mid-test.
 */
export async function startPageDevServer(plugins: Plugin[], entries: string[]): Promise<PageDevServer> {
  const cacheDir = mkdtempSync(join(tmpdir(), 'mocap-vite-cache-'));
  const server = await createServer({
    configFile: join(REPO, 'vite.config.ts'),
    root: REPO,
    cacheDir,
    logLevel: 'silent',
    clearScreen: false,
    plugins,
    optimizeDeps: { entries },
    server: { host: '127.0.0.1', port: await freePort(), strictPort: false, open: false, hmr: false },
  });
  await server.listen();
  return {
    server,
    baseUrl: `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}`,
    async close() {
      await server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}
