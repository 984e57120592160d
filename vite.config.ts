import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, copyFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type Plugin, type Connect } from 'vite';

const MODELS_DIR = resolve(__dirname, 'models');

/**
 * WASM threads need SharedArrayBuffer, which browsers only give a crossOriginIsolated page.
 * The CSP keeps every request on the page's own origin: nothing the user films leaves the machine.
 * 'wasm-unsafe-eval' lets onnxruntime compile its WebAssembly; blob: covers ORT's worker bootstrap.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Serves models/*.onnx (git-ignored, installed by `npm install`) at /models/ and copies them into the build. */
function modelsPlugin(): Plugin {
  const serve: Connect.NextHandleFunction = (req, res, next) => {
    const [url, query] = (req.url ?? '').split('?');
    // A query marks Vite's own module requests (`import manifest from '…/models/manifest.json'` becomes
    // /models/manifest.json?import in dev): those must reach Vite's JSON transform, not this raw file server.
    if (!url.startsWith('/models/') || query !== undefined) return next();
    const name = decodeURIComponent(url.slice('/models/'.length));
    const file = join(MODELS_DIR, name);
    if (name.includes('/') || name.includes('..') || !existsSync(file) || !statSync(file).isFile()) {
      res.statusCode = 404;
      res.end(`model file not found: models/${name}`);
      return;
    }
    res.setHeader('Content-Type', name.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    res.setHeader('Content-Length', String(statSync(file).size));
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    createReadStream(file).pipe(res);
  };
  let outDir = 'dist';
  return {
    name: 'mocap-models',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(serve);
    },
    configurePreviewServer(server) {
      server.middlewares.use(serve);
    },
    closeBundle() {
      if (!existsSync(outDir)) return;
      const target = join(outDir, 'models');
      mkdirSync(target, { recursive: true });
      for (const f of readdirSync(MODELS_DIR)) {
        if (f.endsWith('.onnx') || f === 'manifest.json') copyFileSync(join(MODELS_DIR, f), join(target, f));
      }
    },
  };
}

/**
 * Dev server only: Vite serves each CSS file imported from TypeScript as an injected <style> element,
 * which the page's `style-src 'self'` refuses. A random per-server nonce (Vite's `html.cspNonce`, which
 * Vite's client puts on those elements) is added to the page's policy in dev. The production build
 * extracts CSS into files and keeps the strict policy unchanged.
 */
function devStyleNoncePlugin(): Plugin {
  const nonce = randomBytes(18).toString('base64');
  return {
    name: 'mocap-dev-style-nonce',
    apply: 'serve',
    config: () => ({ html: { cspNonce: nonce } }),
    transformIndexHtml: (html) => html.replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`),
  };
}

export default defineConfig({
  plugins: [modelsPlugin(), devStyleNoncePlugin()],
  server: { headers: SECURITY_HEADERS },
  preview: { headers: SECURITY_HEADERS },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
