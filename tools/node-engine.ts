/**
 * Loads a pose model from models/ into a {@link PoseEngine} under Node, for the eval CLI, the
 * benchmark and the Node tests. backend 'wasm' is onnxruntime-web's WebAssembly backend (what the
 * browser runs); 'node' is onnxruntime-node, the native CPU baseline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PoseEngineError } from '../src/pose/errors';
import { getModel, missingModelMessage, type ModelSpec } from '../src/pose/models';
import { PoseEngine, type OrtLike, type PoseEngineOptions } from '../workers/pose-engine';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const MODELS_DIR = join(REPO_ROOT, 'models');

export type NodeBackend = 'node' | 'wasm';

export interface NodeEngineOptions extends Omit<PoseEngineOptions, 'model' | 'executionProviders'> {
  /** Manifest id. Default: the manifest's default model. */
  modelId?: string;
  /** Default 'wasm'. */
  backend?: NodeBackend;
  /** Threads for the backend. Default: 1 for wasm (what ORT picks on 2 cores), all cores for node. */
  threads?: number;
  /** Load this file instead of models/<file> (its bytes are still checked against the manifest entry). */
  modelPath?: string;
}

/** Path of a model inside models/. */
export const modelPath = (spec: ModelSpec): string => join(MODELS_DIR, spec.file);

/** Whether the model's file is installed. */
export const isModelInstalled = (spec: ModelSpec): boolean => existsSync(modelPath(spec));

/** The onnxruntime module for a backend. */
export async function loadOrt(backend: NodeBackend, threads?: number): Promise<OrtLike> {
  if (backend === 'node') {
    const ort = await import('onnxruntime-node');
    return ort as unknown as OrtLike;
  }
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = threads ?? 1;
  ort.env.logLevel = 'error';
  return ort as unknown as OrtLike;
}

export async function createNodeEngine(options: NodeEngineOptions = {}): Promise<PoseEngine> {
  const model = getModel(options.modelId);
  const path = options.modelPath ?? modelPath(model);
  if (!existsSync(path)) throw new PoseEngineError('model-missing', missingModelMessage(model));
  const bytes = new Uint8Array(readFileSync(path));
  const backend = options.backend ?? 'wasm';
  const ort = await loadOrt(backend, options.threads);
  const executionProviders: PoseEngineOptions['executionProviders'] =
    backend === 'node' ? [{ name: 'cpu' }] : ['wasm'];
  return PoseEngine.create(ort, bytes, { ...options, model, executionProviders });
}
