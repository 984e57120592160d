/**
 * Loads models/facemesh.onnx into a {@link FaceMeshEngine} under Node (tests, benchmark): onnxruntime-web's
 * WASM backend by default (what the browser worker runs), onnxruntime-node with backend 'node'.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaceMeshEngine, type FaceMeshEngineOptions } from '../src/face/face-mesh-engine';
import { loadOrt, MODELS_DIR, type NodeBackend } from './node-engine';

/** The face mesh model's file (written by `npm install`, scripts/install-models.mjs). */
export const FACE_MODEL_PATH = join(MODELS_DIR, 'facemesh.onnx');

export const isFaceModelInstalled = (): boolean => existsSync(FACE_MODEL_PATH);

export async function createNodeFaceEngine(
  options: FaceMeshEngineOptions & { backend?: NodeBackend; threads?: number } = {},
): Promise<FaceMeshEngine> {
  if (!isFaceModelInstalled()) throw new Error(`${FACE_MODEL_PATH} is missing: run npm install (it converts the face model)`);
  const backend = options.backend ?? 'wasm';
  const ort = await loadOrt(backend, options.threads);
  const executionProviders = backend === 'node' ? [{ name: 'cpu' }] : ['wasm'];
  return FaceMeshEngine.create(ort, new Uint8Array(readFileSync(FACE_MODEL_PATH)), { executionProviders, ...options });
}
