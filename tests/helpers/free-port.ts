import { createServer } from 'node:net';

/**
 * A port that was free a moment ago on 127.0.0.1. Vite's dev server treats `port: 0` as "use the
 * default 5173", so test files that run in parallel would collide; they ask for a free port instead.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
