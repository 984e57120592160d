/**
 * The pose worker: fetches and verifies the model, runs it with onnxruntime-web (WebGPU or WASM)
 * through {@link PoseEngine}, and serves {@link PoseEstimatorApi} over comlink. Spawned by
 * src/pose/create-pose-estimator.ts.
 */
import * as Comlink from 'comlink';
import './error-transfer';
import { PoseEngineError } from '../src/pose/errors';
import {
  DEFAULT_HAND_MODEL,
  FACE_MODEL_ID,
  type EstimatorFrame,
  type EstimatorInitOptions,
  type EstimatorInitResult,
  type FaceStatus,
  type HandModelId,
  type HandsStatus,
  type LoadProgress,
  type PoseEstimatorApi,
} from '../src/pose/estimator-api';
import { getLandmarkModel, getModel, landmarkModelLoader, landmarkModelUrls, type LandmarkModelSpec, type ModelSpec } from '../src/pose/models';
import type { PoseFrame } from '../src/pose/types';
import { chooseBackend, wasmSimdSupported, wasmThreads } from './backend-select';
import { FrameScaler } from './frame-scaler';
import type { FaceOrtLike } from '../src/face/face-mesh-engine';
import { FaceStage, IRIS_MODEL_ID, type IrisModelLoader } from './face-stage';
import { fullFramePixels, runFrameSteps } from './frame-steps';
import { HandsStage } from './hands-stage';
import { fetchModel, verifyModel } from './model-fetch';
import { PoseEngine, type OrtLike } from './pose-engine';
import { RegionReader } from './region-reader';

type Ort = typeof import('onnxruntime-web');

/**
 * onnxruntime-web is imported dynamically so the bundler puts it in its own chunk: its WASM threads
 * start as `new Worker(import.meta.url)`, which must load onnxruntime alone, not this worker again.
 * The default entry includes the WebGPU (JSEP) backend as well as WASM.
 */
let ortPromise: Promise<Ort> | null = null;
const loadOrt = (): Promise<Ort> => (ortPromise ??= import('onnxruntime-web'));

const now = (): number => performance.now();

/** How hands are set up: what init asked for, and the backend the body model got. */
interface HandsConfig {
  model: HandModelId;
  /** init's `hands.modelUrl`; absent: the manifest's files under /models/. */
  url?: string;
  backend: 'webgpu' | 'wasm';
}

/** How the face is set up: init's `face.modelUrl` (absent: the manifest's files) and the body model's backend. */
interface FaceConfig {
  url?: string;
  backend: 'webgpu' | 'wasm';
}

/**
 * Bytes of landmark model `spec` per backend: on WebGPU its WebGPU variant (`webgpuFile`: no PRelu, which
 * the WebGPU provider lacks), or the normal file when the variant is missing; on WASM, and for the WASM
 * fallback of a failed WebGPU session, the normal file. Each file is fetched at most once.
 */
function modelLoader(spec: LandmarkModelSpec, backend: 'webgpu' | 'wasm', url?: string) {
  return landmarkModelLoader(landmarkModelUrls(spec, backend, { url }), (u) =>
    fetchModel(u, { ...spec, file: spec.webgpuFile && u.endsWith(`/${spec.webgpuFile}`) ? spec.webgpuFile : spec.file, bytes: 0 }),
  );
}

class PoseWorker implements PoseEstimatorApi {
  private engine: PoseEngine | null = null;
  private readonly scaler = new FrameScaler();
  private hands: HandsStage | null = null;
  private handsConfig: HandsConfig | null = null;
  private handsStatus: HandsStatus = { enabled: false, model: DEFAULT_HAND_MODEL, maxPeople: 0 };
  /** A hand model load in progress (lazy loads from setHandsMaxPeople share it). */
  private handsLoading: Promise<void> | null = null;
  private face: FaceStage | null = null;
  /** Where the face model is fetched from and the backend it runs on; null before init. */
  private faceConfig: FaceConfig | null = null;
  private faceStatus: FaceStatus = { enabled: false, maxPeople: 0 };
  /** A face model load in progress (lazy loads from setFaceMaxPeople share it). */
  private faceLoading: Promise<void> | null = null;
  private readonly regions = new RegionReader();
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
      const work = runFrameSteps({
        body: async () => {
          const t0 = now();
          const lb = engine.letterbox(frame.width, frame.height);
          const content = await this.scaler.scale(owned ?? (frame as ImageData), lb.contentWidth, lb.contentHeight);
          return engine.estimateScaled(content, lb, timestamp, t0);
        },
        // Asked after the body step, so a hands/face setting changed meanwhile applies to this frame.
        hands: () => (this.handsStatus.enabled ? this.hands : null),
        face: () => (this.faceStatus.enabled ? this.face : null),
        // Source-resolution pixels: an ImageData frame is the source itself; a bitmap gives only the crops' regions.
        pixels: owned
          ? { hands: () => this.regions.handSource(owned), face: () => this.regions.faceSource(owned) }
          : fullFramePixels((frame as ImageData).data, frame.width, frame.height),
      });
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

  async setHandsMaxPeople(n: number): Promise<HandsStatus> {
    if (!this.engine || !this.handsConfig) throw new PoseEngineError('not-initialized', 'setHandsMaxPeople() before init()');
    const maxPeople = Math.max(0, Math.floor(n) || 0);
    if (maxPeople > 0 && !this.hands) await (this.handsLoading ??= this.loadHands(this.handsConfig));
    if (this.hands) this.hands.maxPeople = maxPeople;
    this.handsStatus = { ...this.handsStatus, maxPeople, enabled: this.hands !== null && maxPeople > 0 };
    return this.handsStatus;
  }

  async setFaceMaxPeople(n: number): Promise<FaceStatus> {
    if (!this.engine || !this.faceConfig) throw new PoseEngineError('not-initialized', 'setFaceMaxPeople() before init()');
    const maxPeople = Math.max(0, Math.floor(n) || 0);
    if (maxPeople > 0 && !this.face) await (this.faceLoading ??= this.loadFace(this.faceConfig));
    if (this.face) this.face.maxPeople = maxPeople;
    this.faceStatus = { ...this.faceStatus, maxPeople, enabled: this.face !== null && maxPeople > 0, ...(this.face ? { iris: { ...this.face.irisStatus } } : {}) };
    return this.faceStatus;
  }

  async dispose(): Promise<void> {
    await this.disposeEngine();
  }

  private async disposeEngine(): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    this.handsConfig = null;
    this.handsStatus = { enabled: false, model: DEFAULT_HAND_MODEL, maxPeople: 0 };
    this.faceConfig = null;
    this.faceStatus = { enabled: false, maxPeople: 0 };
    await this.inFlight?.catch(() => undefined);
    await this.handsLoading?.catch(() => undefined);
    this.handsLoading = null;
    await this.faceLoading?.catch(() => undefined);
    this.faceLoading = null;
    const face = this.face;
    this.face = null;
    await face?.dispose();
    // Taken after the awaits: a hand model load that was under way has set it by now.
    const hands = this.hands;
    this.hands = null;
    await engine?.dispose();
    await hands?.dispose();
  }

  /**
   * Loads the hand model on the body model's ORT module and backend (WASM when a WebGPU session fails).
   * Never throws: a missing or broken file leaves hands off with the reason in {@link handsStatus}.
   */
  private async loadHands(config: HandsConfig): Promise<void> {
    try {
      const load = modelLoader(getLandmarkModel(config.model), config.backend, config.url);
      const [first, ort] = await Promise.all([load(config.backend), loadOrt()]);
      const create = (ep: 'webgpu' | 'wasm', bytes: Uint8Array) => HandsStage.create(ort as unknown as OrtLike, bytes, { executionProviders: [ep], maxPeople: 0 });
      this.hands = await create(config.backend, first.bytes).catch(async (e: unknown) =>
        config.backend === 'webgpu' ? create('wasm', (await load('wasm')).bytes) : Promise.reject(e),
      );
      this.handsStatus = { enabled: false, model: config.model, maxPeople: 0 };
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      this.handsStatus = {
        enabled: false,
        model: config.model,
        maxPeople: 0,
        reason: `Hand tracking is unavailable (${detail}). The hand model is generated by \`npm install\` into models/; body tracking continues without hands.`,
      };
    }
  }

  /**
   * Loads the face model on the body model's ORT module and backend (WASM, with the normal file, when a
   * WebGPU session fails); on WebGPU facemesh and iris are their WebGPU variants (see {@link modelLoader}).
   * Never throws: a missing or broken file leaves faces off with the reason in {@link faceStatus}.
   */
  private async loadFace(config: FaceConfig): Promise<void> {
    try {
      const load = modelLoader(getLandmarkModel(FACE_MODEL_ID), config.backend, config.url);
      const irisLoad = irisLoader(config.backend);
      const [first, ort] = await Promise.all([load(config.backend), loadOrt()]);
      const create = (ep: 'webgpu' | 'wasm', bytes: Uint8Array) =>
        FaceStage.create(ort as unknown as FaceOrtLike, bytes, { executionProviders: [ep], maxPeople: 0, iris: irisLoad });
      const face = await create(config.backend, first.bytes).catch(async (e: unknown) =>
        config.backend === 'webgpu' ? create('wasm', (await load('wasm')).bytes) : Promise.reject(e),
      );
      this.face = face;
      this.faceStatus = { enabled: false, maxPeople: 0, iris: { ...face.irisStatus } };
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      this.faceStatus = {
        enabled: false,
        maxPeople: 0,
        reason: `Face tracking is unavailable (${detail}). The face model is generated by \`npm install\` into models/; body tracking continues without a face.`,
      };
    }
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
    const handsModel = options.hands?.model ?? DEFAULT_HAND_MODEL;
    this.handsConfig = { model: handsModel, backend, url: options.hands?.modelUrl };
    this.handsStatus = { enabled: false, model: handsModel, maxPeople: 0 };
    const hands = (options.hands?.maxPeople ?? 0) > 0 ? await this.setHandsMaxPeople(options.hands!.maxPeople!) : this.handsStatus;
    this.faceConfig = { backend, url: options.face?.modelUrl };
    this.faceStatus = { enabled: false, maxPeople: 0 };
    const face = (options.face?.maxPeople ?? 0) > 0 ? await this.setFaceMaxPeople(options.face!.maxPeople!) : this.faceStatus;
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
      hands,
      face,
    };
  }
}

/**
 * The iris model for FaceStage: its WebGPU variant for a WebGPU session, else (and for the WASM fallback) the
 * normal file, resolved against the worker's origin; null (facemesh-only faces) when the manifest has no iris.
 */
function irisLoader(backend: 'webgpu' | 'wasm'): IrisModelLoader | null {
  let spec: LandmarkModelSpec;
  try {
    spec = getLandmarkModel(IRIS_MODEL_ID);
  } catch {
    return null;
  }
  const load = landmarkModelLoader(landmarkModelUrls(spec, backend, { base: new URL('/models/', self.location.href).href }), async (url) => {
    const res = await fetch(url);
    // An HTML page where a model should be is a server's fallback for a missing file.
    if (!res.ok || (res.headers.get('content-type') ?? '').includes('text/html')) {
      await res.body?.cancel();
      throw new Error(`${url}: ${res.ok ? 'not a model file (HTML)' : `HTTP ${res.status}`}`);
    }
    return new Uint8Array(await res.arrayBuffer());
  });
  return async (ep) => (await load(ep)).bytes;
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
