/**
 * Which landmark model file a session loads (src/pose/models.ts, as the pose worker uses it): on WebGPU the
 * WebGPU variant (facemesh and iris: no PRelu, which onnxruntime-web's WebGPU provider lacks), then the normal
 * file when the variant is missing; on WASM, and for the WASM fallback of a failed WebGPU session, the normal
 * file. Also: which graphs get a variant at install (tools/convert-hand-face-models.ts graphHasPrelu), and
 * FaceStage asking its iris loader for the WASM file when the iris session on WebGPU fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InferenceSession } from 'onnxruntime-web';
import { getLandmarkModel, LANDMARK_MODELS, landmarkModelLoader, landmarkModelUrls } from '../../src/pose/models';
import { graphHasPrelu, landmarkModels } from '../../tools/convert-hand-face-models';
import { FACE_MODEL_PATH, isFaceModelInstalled } from '../../tools/face-node-engine';
import { loadOrt, MODELS_DIR } from '../../tools/node-engine';
import { parseModelJson } from '../../tools/tfjs-to-onnx/tfjs-model';
import { FaceStage } from '../../workers/face-stage';

const FACEMESH = { file: 'facemesh.onnx', webgpuFile: 'facemesh-webgpu.onnx' };
const HAND = { file: 'handlandmark-lite.onnx' };

/** A fetcher over a set of existing URLs, recording every request. */
function fakeFetch(existing: string[]) {
  const requests: string[] = [];
  const fetchBytes = async (url: string): Promise<Uint8Array> => {
    requests.push(url);
    if (!existing.includes(url)) throw new Error(`missing ${url}`);
    return new TextEncoder().encode(url);
  };
  return { requests, fetchBytes };
}

describe('landmarkModelUrls', () => {
  it('WebGPU: the variant first, then the normal file; WASM (and the fallback): the normal file', () => {
    expect(landmarkModelUrls(FACEMESH, 'webgpu')).toEqual({ preferred: ['/models/facemesh-webgpu.onnx', '/models/facemesh.onnx'], wasm: '/models/facemesh.onnx' });
    expect(landmarkModelUrls(FACEMESH, 'wasm')).toEqual({ preferred: ['/models/facemesh.onnx'], wasm: '/models/facemesh.onnx' });
  });

  it('a model without a variant uses its file on both', () => {
    expect(landmarkModelUrls(HAND, 'webgpu')).toEqual({ preferred: ['/models/handlandmark-lite.onnx'], wasm: '/models/handlandmark-lite.onnx' });
    expect(landmarkModelUrls(HAND, 'wasm')).toEqual({ preferred: ['/models/handlandmark-lite.onnx'], wasm: '/models/handlandmark-lite.onnx' });
  });

  it('an explicit URL (init modelUrl) is used as is on both; a base prefixes the manifest files', () => {
    expect(landmarkModelUrls(FACEMESH, 'webgpu', { url: '/x/face.onnx' })).toEqual({ preferred: ['/x/face.onnx'], wasm: '/x/face.onnx' });
    expect(landmarkModelUrls(FACEMESH, 'webgpu', { base: 'http://h/models/' }).preferred).toEqual(['http://h/models/facemesh-webgpu.onnx', 'http://h/models/facemesh.onnx']);
  });

  it('the manifest: facemesh and iris have WebGPU variants (their graphs have Prelu), the hand models none', () => {
    expect(getLandmarkModel('facemesh').webgpuFile).toBe('facemesh-webgpu.onnx');
    expect(getLandmarkModel('iris').webgpuFile).toBe('iris-webgpu.onnx');
    expect(LANDMARK_MODELS.filter((m) => m.webgpuFile).map((m) => m.id).sort()).toEqual(['facemesh', 'iris']);
    // The app's view of the manifest and the converter's agree.
    expect(landmarkModels().map((m) => [m.id, m.webgpuFile])).toEqual(LANDMARK_MODELS.map((m) => [m.id, m.webgpuFile]));
  });
});

describe('landmarkModelLoader', () => {
  it('WebGPU gets the variant; the WASM fallback then fetches the normal file', async () => {
    const f = fakeFetch(['/models/facemesh-webgpu.onnx', '/models/facemesh.onnx']);
    const load = landmarkModelLoader(landmarkModelUrls(FACEMESH, 'webgpu'), f.fetchBytes);
    expect((await load('webgpu')).url).toBe('/models/facemesh-webgpu.onnx');
    expect((await load('wasm')).url).toBe('/models/facemesh.onnx');
    expect(f.requests).toEqual(['/models/facemesh-webgpu.onnx', '/models/facemesh.onnx']);
  });

  it('a missing variant: WebGPU gets the normal file, fetched once for the WASM fallback too', async () => {
    const f = fakeFetch(['/models/facemesh.onnx']);
    const load = landmarkModelLoader(landmarkModelUrls(FACEMESH, 'webgpu'), f.fetchBytes);
    const gpu = await load('webgpu');
    expect(gpu.url).toBe('/models/facemesh.onnx');
    expect(new TextDecoder().decode(gpu.bytes)).toBe('/models/facemesh.onnx');
    expect((await load('wasm')).bytes).toBe(gpu.bytes);
    expect(f.requests).toEqual(['/models/facemesh-webgpu.onnx', '/models/facemesh.onnx']);
  });

  it('WASM never fetches the variant', async () => {
    const f = fakeFetch(['/models/facemesh-webgpu.onnx', '/models/facemesh.onnx']);
    const load = landmarkModelLoader(landmarkModelUrls(FACEMESH, 'wasm'), f.fetchBytes);
    expect((await load('wasm')).url).toBe('/models/facemesh.onnx');
    expect(f.requests).toEqual(['/models/facemesh.onnx']);
  });

  it('nothing there: the normal file\'s error', async () => {
    const load = landmarkModelLoader(landmarkModelUrls(FACEMESH, 'webgpu'), fakeFetch([]).fetchBytes);
    await expect(load('webgpu')).rejects.toThrow('missing /models/facemesh.onnx');
  });
});

describe('WebGPU variants at install', () => {
  it.each(landmarkModels())('$id: a variant exactly when the TFJS graph has Prelu (standalone or fused)', (entry) => {
    const jsonPath = join(process.cwd(), 'node_modules', entry.source.package, entry.source.path);
    const prelu = graphHasPrelu(parseModelJson(readFileSync(jsonPath, 'utf8'), jsonPath));
    expect(prelu).toBe(entry.id === 'facemesh' || entry.id === 'iris');
    expect(entry.webgpuFile).toBe(prelu ? `${entry.id}-webgpu.onnx` : undefined);
  });
});

const IRIS_MODEL_PATH = join(MODELS_DIR, 'iris.onnx');

describe.skipIf(!isFaceModelInstalled() || !existsSync(IRIS_MODEL_PATH))('FaceStage iris loader', () => {
  it('asks for the WebGPU file on WebGPU and, when that session fails, for the WASM file', async () => {
    const ort = await loadOrt('wasm', 1);
    // Node has no WebGPU: sessions asked for 'webgpu' run on WASM here, except that a broken file fails as any would.
    const gpuAsWasm = {
      ...ort,
      InferenceSession: {
        create: (model: Uint8Array, options?: InferenceSession.SessionOptions) =>
          ort.InferenceSession.create(model, { ...options, executionProviders: ['wasm'] }),
      },
    };
    const asked: string[] = [];
    const iris = async (backend: 'webgpu' | 'wasm'): Promise<Uint8Array> => {
      asked.push(backend);
      // The 'webgpu' file is broken: its session fails, as a WebGPU session may.
      return backend === 'webgpu' ? new Uint8Array(64) : new Uint8Array(readFileSync(IRIS_MODEL_PATH));
    };
    const faceBytes = new Uint8Array(readFileSync(FACE_MODEL_PATH));
    const gpu = await FaceStage.create(gpuAsWasm, faceBytes, { maxPeople: 1, executionProviders: ['webgpu'], iris });
    const wasm = await FaceStage.create(gpuAsWasm, faceBytes, { maxPeople: 1, executionProviders: ['wasm'], iris });
    try {
      expect(gpu.irisStatus).toEqual({ enabled: true });
      expect(wasm.irisStatus).toEqual({ enabled: true });
      expect(asked).toEqual(['webgpu', 'wasm', 'wasm']);
    } finally {
      await gpu.dispose();
      await wasm.dispose();
    }
  });
});
