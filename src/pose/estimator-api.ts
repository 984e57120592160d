/**
 * The one typed boundary between the main thread and the pose worker (workers/pose.worker.ts),
 * carried by comlink. Everything here is structured-cloneable; errors arrive as PoseEngineError
 * with their `code` intact (workers/error-transfer.ts).
 */
import type { DecoderOptions } from './decoder';
import type { ModelSpec } from './models';
import type { PoseFrame } from './types';

/**
 * Which onnxruntime backend runs the model. 'auto': WebGPU when the browser gives a hardware adapter,
 * else WASM (a software adapter such as SwiftShader is far slower than WASM, so 'auto' skips it).
 */
export type BackendPreference = 'auto' | 'webgpu' | 'wasm';
export type Backend = 'webgpu' | 'wasm';

export interface EstimatorInitOptions {
  /** Manifest id (models/manifest.json). Default: the manifest's `default`. */
  modelId?: string;
  /**
   * Where to fetch the model. Default: `/models/<file>` (served by the dev/preview server and copied
   * into dist/models by the build). Relative URLs resolve against the page's origin.
   */
  modelUrl?: string;
  /**
   * Fields that override the manifest entry, for a model that is not in the manifest (e.g. a custom
   * URL). The file is checked against `bytes` and `sha256`: give `bytes: 0` and `sha256: ''` to skip
   * the size and checksum checks. Default: none (the manifest entry as is).
   */
  modelSpec?: Partial<ModelSpec>;
  /** Network input height in pixels. Default: the model's `defaultInputHeight` (256). */
  inputHeight?: number;
  /** Default 'auto'. An explicit 'webgpu' fails with 'backend-unavailable' instead of falling back. */
  backend?: BackendPreference;
  /**
   * WASM threads. Default: `navigator.hardwareConcurrency` when the page is crossOriginIsolated
   * (threads need SharedArrayBuffer), else 1. Set explicitly because onnxruntime-web picks 1 thread
   * on 2-core machines. Takes effect on the worker's first init only (onnxruntime starts once).
   */
  numThreads?: number;
  /** Decoder thresholds. Default: the reference decoders' values (DEFAULT_DECODER_OPTIONS). */
  decoder?: Partial<DecoderOptions>;
  /** Hand landmarks (ISSUE 6). Default: off (`maxPeople` 0), so the body-only behaviour is unchanged. */
  hands?: HandsOptions;
  /** Face mesh and expressions. Default: off (`maxPeople` 0), the face model is then not loaded. */
  face?: FaceOptions;
}

/** The face landmark network of the manifest's `landmarkModels`. */
export const FACE_MODEL_ID = 'facemesh';

export interface FaceOptions {
  /**
   * How many people get a face each frame, largest face first; only people whose nose and eyes are
   * detected and whose face is at least 48 px count. Default 0: off (the face model is then not loaded
   * until {@link PoseEstimatorApi.setFaceMaxPeople} asks).
   */
  maxPeople?: number;
  /** Where to fetch the face model. Default: `/models/<file>` of the manifest's `facemesh` entry. */
  modelUrl?: string;
}

/** Whether faces run, and why not. Failing to load the face model never fails the body tracking. */
export interface FaceStatus {
  /** True when the face model is loaded and `maxPeople` > 0. */
  enabled: boolean;
  /** People asked to get a face per frame (0: off). */
  maxPeople: number;
  /** Why faces are unavailable (e.g. the model file is missing); absent when they are fine or just off. */
  reason?: string;
  /**
   * The iris model within faces (blinks from its eyelids, gaze, OpenPose pupils), once the face model is
   * loaded. Without it (`enabled` false, `reason` says why) faces are facemesh-only: no gaze, weaker blinks.
   */
  iris?: { enabled: boolean; reason?: string };
}

/** The hand landmark networks of the manifest's `landmarkModels`. */
export type HandModelId = 'handlandmark-lite' | 'handlandmark-full';

/** Default {@link HandsOptions.model}: ~55 ms per person on 2-thread WASM against ~100 ms for 'full'. */
export const DEFAULT_HAND_MODEL: HandModelId = 'handlandmark-lite';

export interface HandsOptions {
  /** Which hand landmark network. Default {@link DEFAULT_HAND_MODEL}. */
  model?: HandModelId;
  /**
   * How many people get hands each frame, largest hand box first (the people nearest the camera); only
   * people whose wrist and elbow are detected and whose hand box is at least 48 px count. Default 0: off
   * (the hand model is then not even loaded until {@link PoseEstimatorApi.setHandsMaxPeople} asks).
   */
  maxPeople?: number;
  /**
   * Where to fetch the hand model. Default: `/models/<file>` of the manifest entry.
   */
  modelUrl?: string;
}

/** Whether hands run, and why not. Failing to load the hand model never fails the body tracking. */
export interface HandsStatus {
  /** True when the hand model is loaded and `maxPeople` > 0. */
  enabled: boolean;
  model: HandModelId;
  /** People asked to get hands per frame (0: off). */
  maxPeople: number;
  /** Why hands are unavailable (e.g. the model file is missing); absent when they are fine or just off. */
  reason?: string;
}

export interface EstimatorInitResult {
  /** The backend actually running the model. */
  backend: Backend;
  /**
   * Why 'auto' did not get WebGPU, e.g. 'WebGPU not available: no GPU adapter (…)'; absent when it did
   * or WASM was asked for.
   */
  fallbackReason?: string;
  /** WASM threads in use (also used by WebGPU for CPU-side kernels). */
  numThreads: number;
  /** Whether the browser validates WebAssembly SIMD (onnxruntime-web needs it). */
  simd: boolean;
  /** Whether the page is crossOriginIsolated (needed for WASM threads). */
  crossOriginIsolated: boolean;
  /** Milliseconds spent fetching and verifying the model. */
  loadMs: number;
  /** Milliseconds spent creating the session and running the shape-checking probe. */
  compileMs: number;
  modelId: string;
  modelFile: string;
  /** Model size in bytes as fetched. */
  modelBytes: number;
  /** Network input height in use; the width follows each frame's aspect. */
  inputHeight: number;
  /** Hand landmark status after init. */
  hands: HandsStatus;
  /** Face status after init. */
  face: FaceStatus;
}

export interface LoadProgress {
  phase: 'download' | 'compile';
  /** Bytes fetched so far (download), or the model size (compile). */
  loaded: number;
  /** Expected bytes; 0 when unknown. */
  total: number;
}

/**
 * A frame of zero width or height; it gives a PoseFrame with no people (e.g. a video before its
 * first frame — browsers cannot make a zero-size ImageData or ImageBitmap).
 */
export interface EmptyFrame {
  readonly width: 0;
  readonly height: 0;
}

export type EstimatorFrame = ImageBitmap | ImageData | EmptyFrame;

export interface PoseEstimatorApi {
  /** Fetches, verifies and compiles the model; call once per worker. */
  init(options: EstimatorInitOptions, onProgress?: (p: LoadProgress) => void): Promise<EstimatorInitResult>;
  /**
   * Estimates the people in one frame. An ImageBitmap should be transferred (comlink.transfer): the
   * worker closes it. One frame at a time: a call while another runs rejects with 'busy'.
   */
  estimate(frame: EstimatorFrame, timestamp: number): Promise<PoseFrame>;
  /** Changes the network input height for later frames. */
  setInputHeight(height: number): Promise<void>;
  /**
   * Sets how many people get hands (0: off). The hand model loads on the first call with n > 0 when init
   * did not load it; a load failure is reported in the result's `reason`, never thrown.
   */
  setHandsMaxPeople(n: number): Promise<HandsStatus>;
  /**
   * Sets how many people get a face (0: off). The face model loads on the first call with n > 0 when init
   * did not load it; a load failure is reported in the result's `reason`, never thrown.
   */
  setFaceMaxPeople(n: number): Promise<FaceStatus>;
  /** Releases the session; later calls reject with 'not-initialized'. */
  dispose(): Promise<void>;
}
