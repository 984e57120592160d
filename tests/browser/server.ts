/**
 * Serves a test build with `vite preview` on 127.0.0.1 and a free port, with the project's
 * COOP/COEP headers (so the page is crossOriginIsolated) plus test-only routes:
 *   /__test__/images/<path>  photos from ../shared/assets/images (read in place, never copied into git)
 *   /__test__/files/<name>   fixtures the tests write to a temp dir (truncated model, non-OpenPose ONNX)
 *   /models/<name>           from `modelsDir` instead of the repo's models/, when given
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { preview, type Connect, type Plugin } from 'vite';
import { REPO_ROOT, SHARED_IMAGES_DIR } from './paths';

export interface TestServerOptions {
  /** The build to serve (see buildForTests). */
  outDir: string;
  /** Serve /models/ from this folder (e.g. one lacking a model) instead of the repo's models/. */
  modelsDir?: string;
  /** Folder served at /__test__/files/. */
  fixturesDir?: string;
}

export interface TestServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
  close(): Promise<void>;
}

/** Same headers as vite.config.ts: test routes must not break cross-origin isolation. */
const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Serves files under `dir` at `prefix`; 404 for anything missing or outside it. */
function staticRoute(prefix: string, dir: string): Connect.NextHandleFunction {
  const root = resolve(dir);
  return (req, res, next) => {
    const path = (req.url ?? '').split('?')[0];
    if (!path.startsWith(prefix)) return next();
    const file = resolve(root, decodeURIComponent(path.slice(prefix.length)));
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end(`not found: ${path}`);
      return;
    }
    res.setHeader('Content-Type', CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(file).size));
    createReadStream(file).pipe(res);
  };
}

function testRoutes(options: TestServerOptions): Plugin {
  return {
    name: 'mocap-test-routes',
    // Before the project's models plugin, so `modelsDir` wins over the repo's models/.
    enforce: 'pre',
    configurePreviewServer(server) {
      server.middlewares.use(staticRoute('/__test__/images/', SHARED_IMAGES_DIR));
      if (options.fixturesDir) server.middlewares.use(staticRoute('/__test__/files/', options.fixturesDir));
      if (options.modelsDir) server.middlewares.use(staticRoute('/models/', options.modelsDir));
    },
  };
}

export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const server = await preview({
    configFile: join(REPO_ROOT, 'vite.config.ts'),
    root: REPO_ROOT,
    logLevel: 'silent',
    plugins: [testRoutes(options)],
    build: { outDir: options.outDir },
    // Port 0: the OS picks a free one, so parallel runs never collide.
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const port = (server.httpServer.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => server.close(),
  };
}
