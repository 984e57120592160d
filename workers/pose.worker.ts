/**
 * The pose worker: fetches and verifies the model, runs it with onnxruntime-web (WebGPU or WASM)
 * through {@link PoseEngine}, and serves {@link PoseEstimatorApi} over comlink. Spawned by
 * src/pose/create-pose-estimator.ts.
 */
import * as Comlink from 'comlink';
import './error-transfer';
import { PoseEngineError } from '../src/pose/errors';
import type {
  EstimatorFrame,
  EstimatorInitOptions,
  EstimatorInitResult,
  LoadProgress,
  PoseEstimatorApi,
} from '../src/pose/estimator-api';
import { getModel, type ModelSpec } from '../src/pose/models';
import type { PoseFrame } from '../src/pose/types';
import { chooseBackend, wasmSimdSupported, wasmThreads } from './backend-select';
import { FrameScaler } from './frame-scaler';
import { fetchModel, verifyModel } from './model-fetch';
import { PoseEngine, type OrtLike } from './pose-engine';

type Ort = typeof import('onnxruntime-web');

/**
 * onnxruntime-web is imported dynamically so the bundler puts it in its own chunk: its WASM threads
 * start as `new Worker(import.meta.url)`, which must load onnxruntime alone, not this worker again.
 * The default entry includes the WebGPU (JSEP) backend as well as WASM.
 */
let ortPromise: Promise<Ort> | null = null;
const loadOrt = (): Promise<Ort> => (ortPromise ??= import('onnxruntime-web'));

const now = (): number => performance.now();

class PoseWorker implements PoseEstimatorApi {
  private engine: PoseEngine | null = null;
  private readonly scaler = new FrameScaler();
  /** One frame (or one init) in flight: the scaling step runs before the engine's own guard. */
  private busy = false;
  /** The frame being processed, so dispose() can let it finish instead of releasing a running session. */
  private inFlight: Promise<unknown> | null = null;

  async init(options: EstimatorInitOptions = {}, onProgress?: (p: LoadProgress) => void): Promise<EstimatorInitResult> {
    if (this.busy) throw new PoseEngineError('busy', 'init() while a frame or another init is in flight');
    this.busy = true;
    try {
      await this.disposeEngine();
      return await this.load(options, onProgress);
    } finally {
      this.busy = false;
      releaseCallback(onProgress);
    }
  }

  async estimate(frame: EstimatorFrame, timestamp: number): Promise<PoseFrame> {
    const owned = frame instanceof ImageBitmap ? frame : null;
    try {
      const engine = this.engine;
      if (!engine) throw new PoseEngineError('not-initialized', 'estimate() before init() finished, or after dispose()');
      if (frame.width === 0 || frame.height === 0) return await engine.estimateRgba(new Uint8ClampedArray(0), 0, 0, timestamp);
      if (this.busy) throw new PoseEngineError('busy', 'a frame is already being processed; one frame in flight at a time');
      if (!owned && !(frame instanceof ImageData)) {
        throw new PoseEngineError('bad-frame', 'a frame must be an ImageBitmap or ImageData');
      }
      this.busy = true;
      const work = (async () => {
        const t0 = now();
        const lb = engine.letterbox(frame.width, frame.height);
        const content = await this.scaler.scale(owned ?? (frame as ImageData), lb.contentWidth, lb.contentHeight);
        return engine.estimateScaled(content, lb, timestamp, t0);
      })();
      this.inFlight = work;
      try {
        return await work;
      } finally {
        this.busy = false;
        this.inFlight = null;
      }
    } finally {
      owned?.close();
    }
  }

  async setInputHeight(height: number): Promise<void> {
    if (!this.engine) throw new PoseEngineError('not-initialized', 'setInputHeight() before init()');
    this.engine.setInputHeight(height);
  }

  async dispose(): Promise<void> {
    await this.disposeEngine();
  }

  private async disposeEngine(): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    await this.inFlight?.catch(() => undefined);
    await engine?.dispose();
  }

  private async load(options: EstimatorInitOptions, onProgress?: (p: LoadProgress) => void): Promise<EstimatorInitResult> {
    const spec: ModelSpec = { ...getModel(options.modelId), ...options.modelSpec };
    const url = options.modelUrl ?? `/models/${spec.file}`;
    const report = (p: LoadProgress): void => void Promise.resolve(onProgress?.(p)).catch(() => undefined);

    const t0 = now();
    const [bytes, ort, choice] = await Promise.all([
      fetchModel(url, spec, ({ loaded, total }) => report({ phase: 'download', loaded, total })),
      loadOrt(),
      chooseBackend(options.backend ?? 'auto'),
    ]);
    await verifyModel(bytes, spec);
    const loadMs = now() - t0;

    const numThreads = wasmThreads(options.numThreads);
    const simd = wasmSimdSupported();
    configureOrt(ort, numThreads, simd);
    report({ phase: 'compile', loaded: bytes.byteLength, total: bytes.byteLength });

    let { backend, fallbackReason } = choice;
    const create = (ep: 'webgpu' | 'wasm'): Promise<PoseEngine> =>
      PoseEngine.create(ort as unknown as OrtLike, bytes, {
        model: spec,
        inputHeight: options.inputHeight,
        decoder: options.decoder,
        executionProviders: [ep],
      });
    let engine: PoseEngine;
    try {
      engine = await create(backend);
    } catch (e) {
      // 'auto' got an adapter but the WebGPU session still failed: WASM can run the same model.
      const retry = backend === 'webgpu' && (options.backend ?? 'auto') === 'auto' && e instanceof PoseEngineError && e.code === 'backend-unavailable';
      if (!retry) throw e;
      fallbackReason = `WebGPU failed: ${e.message}`;
      backend = 'wasm';
      engine = await create('wasm');
    }
    this.engine = engine;
    return {
      backend,
      fallbackReason,
      numThreads,
      simd,
      crossOriginIsolated: self.crossOriginIsolated,
      loadMs,
      compileMs: engine.compileMs,
      modelId: spec.id,
      modelFile: spec.file,
      modelBytes: bytes.byteLength,
      inputHeight: engine.height,
    };
  }
}

/** Settings onnxruntime reads once, when its WASM module starts (the first session). */
function configureOrt(ort: Ort, numThreads: number, simd: boolean): void {
  ort.env.wasm.numThreads = numThreads;
  ort.env.wasm.simd = simd;
  // Warnings such as "some nodes were not assigned to the preferred execution providers" are expected
  // for this graph on WebGPU and would only be console noise.
  ort.env.logLevel = 'error';
}

/** Frees the main thread's end of a comlink-proxied callback. */
function releaseCallback(callback: unknown): void {
  const release = (callback as Partial<Record<typeof Comlink.releaseProxy, () => void>> | undefined)?.[Comlink.releaseProxy];
  release?.call(callback);
}

Comlink.expose(new PoseWorker());
