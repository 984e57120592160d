/**
 * three's GLTFExporter (binary mode) reads its merged Blob through `FileReader`, which browsers and
 * workers have but Node 20 does not. This installs a minimal stand-in built on `Blob.arrayBuffer()`
 * only while an export runs, and only where `FileReader` is missing: in the browser it does nothing.
 */

interface MiniReader {
  result: ArrayBuffer | string | null;
  onloadend: (() => void) | null;
  readAsArrayBuffer(blob: Blob): void;
  readAsDataURL(blob: Blob): void;
}

class BlobFileReader implements MiniReader {
  result: ArrayBuffer | string | null = null;
  onloadend: (() => void) | null = null;
  readAsArrayBuffer(blob: Blob): void {
    void blob.arrayBuffer().then((b) => {
      this.result = b;
      this.onloadend?.();
    });
  }
  readAsDataURL(blob: Blob): void {
    void blob.arrayBuffer().then((b) => {
      let s = '';
      const u8 = new Uint8Array(b);
      const STEP = 0x8000; // String.fromCharCode argument limit stays well below engine maxima
      for (let i = 0; i < u8.length; i += STEP) s += String.fromCharCode(...u8.subarray(i, i + STEP));
      this.result = `data:${blob.type || 'application/octet-stream'};base64,${btoa(s)}`;
      this.onloadend?.();
    });
  }
}

let users = 0;

/** Runs `fn` with a global `FileReader` available (a fallback is installed when missing). */
export async function withFileReader<T>(fn: () => Promise<T>): Promise<T> {
  const g = globalThis as { FileReader?: unknown };
  if (typeof g.FileReader !== 'undefined' && users === 0) return fn();
  if (users++ === 0) g.FileReader = BlobFileReader;
  try {
    return await fn();
  } finally {
    if (--users === 0) delete g.FileReader;
  }
}
