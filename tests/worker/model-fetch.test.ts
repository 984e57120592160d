import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PoseEngineError, type PoseErrorCode } from '../../src/pose/errors';
import { getModel, missingModelMessage, type ModelSpec } from '../../src/pose/models';
import { fetchModel, verifyModel } from '../../workers/model-fetch';

const BYTES = new Uint8Array(300_000).map((_, i) => (i * 31) & 0xff);
const SPEC: ModelSpec = {
  ...getModel(),
  bytes: BYTES.length,
  sha256: createHash('sha256').update(BYTES).digest('hex'),
};

/** A body delivered in `chunk`-byte pieces, optionally failing after `failAfter` bytes. */
function streamOf(bytes: Uint8Array, chunk: number, failAfter = Infinity): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= failAfter) return controller.error(new TypeError('network error'));
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

function mockFetch(response: Response): void {
  vi.stubGlobal('fetch', vi.fn(async () => response));
}

async function codeOf(p: Promise<unknown>): Promise<PoseErrorCode | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(PoseEngineError);
    return (e as PoseEngineError).code;
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('fetchModel', () => {
  it('streams the body and reports growing progress up to the full size', async () => {
    mockFetch(new Response(streamOf(BYTES, 16_384), { headers: { 'content-length': String(BYTES.length) } }));
    const progress: { loaded: number; total: number }[] = [];
    const got = await fetchModel('/models/x.onnx', SPEC, (p) => progress.push(p));
    expect(got).toEqual(BYTES);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toEqual({ loaded: BYTES.length, total: BYTES.length });
    expect(progress.every((p, i) => i === 0 || p.loaded > progress[i - 1].loaded)).toBe(true);
  });

  it("turns a 404, and an HTML fallback page, into 'model-missing' with the install instructions", async () => {
    mockFetch(new Response('nope', { status: 404 }));
    await expect(fetchModel('/models/x.onnx', SPEC)).rejects.toThrow(missingModelMessage(SPEC));
    mockFetch(new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }));
    expect(await codeOf(fetchModel('/models/x.onnx', SPEC))).toBe('model-missing');
  });

  it("reports a download cut short as 'model-truncated' with the bytes received", async () => {
    mockFetch(new Response(streamOf(BYTES, 50_000, 100_000)));
    await expect(fetchModel('/models/x.onnx', SPEC)).rejects.toThrow(`after 100000 of ${BYTES.length} bytes`);
  });
});

describe('verifyModel', () => {
  it('accepts the exact bytes', async () => {
    await expect(verifyModel(BYTES, SPEC)).resolves.toBeUndefined();
  });

  it("calls a short file 'model-truncated', naming the file and both sizes", async () => {
    const short = BYTES.subarray(0, 1000);
    await expect(verifyModel(short, SPEC)).rejects.toThrow(`models/${SPEC.file} is truncated: 1000 of ${BYTES.length} bytes`);
    expect(await codeOf(verifyModel(short, SPEC))).toBe('model-truncated');
  });

  it("calls a longer or altered file 'model-checksum'", async () => {
    expect(await codeOf(verifyModel(new Uint8Array(BYTES.length + 1), SPEC))).toBe('model-checksum');
    const altered = BYTES.slice();
    altered[123] ^= 1;
    expect(await codeOf(verifyModel(altered, SPEC))).toBe('model-checksum');
  });

  it('skips the checks a custom spec opts out of (bytes 0, sha256 empty)', async () => {
    await expect(verifyModel(BYTES.subarray(0, 10), { ...SPEC, bytes: 0, sha256: '' })).resolves.toBeUndefined();
  });
});
