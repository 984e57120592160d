/**
 * Getting trustworthy model bytes: a streamed fetch that reports progress, then size and sha256
 * checks against the manifest, each failure reported as a PoseEngineError a user can act on.
 */
import { PoseEngineError } from '../src/pose/errors';
import { missingModelMessage, type ModelSpec } from '../src/pose/models';

export interface DownloadProgress {
  loaded: number;
  /** 0 when neither the server nor the manifest says. */
  total: number;
}

/** Progress callbacks at most this often (bytes), so an 8 MB model sends ~100 messages, not thousands. */
const PROGRESS_STEP_BYTES = 64 * 1024;

/**
 * Fetches `url` as the model `spec`, streaming so the UI can show a progress bar.
 * 404 (or an HTML page where a model should be: a server's SPA fallback) → 'model-missing' with
 * {@link missingModelMessage}; a stream cut short → 'model-truncated'.
 */
export async function fetchModel(
  url: string,
  spec: Pick<ModelSpec, 'file' | 'label' | 'bytes'>,
  onProgress?: (p: DownloadProgress) => void,
): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (cause) {
    throw new PoseEngineError('model-missing', `could not fetch ${url}: ${errorText(cause)}. ${missingModelMessage(spec)}`, { cause });
  }
  const isHtml = (res.headers.get('content-type') ?? '').includes('text/html');
  if (res.status === 404 || (res.ok && isHtml)) {
    await res.body?.cancel();
    throw new PoseEngineError('model-missing', missingModelMessage(spec));
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new PoseEngineError('model-missing', `HTTP ${res.status} fetching ${url} (models/${spec.file}). ${missingModelMessage(spec)}`);
  }
  const total = Number(res.headers.get('content-length')) || spec.bytes || 0;
  if (!res.body) return new Uint8Array(await res.arrayBuffer());

  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let reported = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      if (loaded - reported >= PROGRESS_STEP_BYTES) {
        reported = loaded;
        onProgress?.({ loaded, total });
      }
    }
  } catch (cause) {
    throw new PoseEngineError(
      'model-truncated',
      `download of models/${spec.file} broke off after ${loaded} of ${total || '?'} bytes: ${errorText(cause)}`,
      { cause },
    );
  }
  if (loaded !== reported) onProgress?.({ loaded, total });
  return concat(chunks, loaded);
}

/**
 * Checks the bytes against the spec: shorter → 'model-truncated', other size or sha256 →
 * 'model-checksum'. A spec with `bytes: 0` / `sha256: ''` skips that check (custom models).
 */
export async function verifyModel(bytes: Uint8Array, spec: ModelSpec): Promise<void> {
  if (spec.bytes > 0 && bytes.byteLength < spec.bytes) {
    throw new PoseEngineError(
      'model-truncated',
      `model file models/${spec.file} is truncated: ${bytes.byteLength} of ${spec.bytes} bytes ` +
        `(an interrupted copy or download); run \`npm install\` to copy it again`,
    );
  }
  if (spec.bytes > 0 && bytes.byteLength !== spec.bytes) {
    throw new PoseEngineError(
      'model-checksum',
      `model file models/${spec.file} is ${bytes.byteLength} bytes, the manifest says ${spec.bytes}: a different file?`,
    );
  }
  if (!spec.sha256) return;
  const digest = await sha256Hex(bytes);
  if (digest !== spec.sha256.toLowerCase()) {
    throw new PoseEngineError(
      'model-checksum',
      `model file models/${spec.file} has sha256 ${digest}, the manifest says ${spec.sha256}: a corrupt or different file`,
    );
  }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
