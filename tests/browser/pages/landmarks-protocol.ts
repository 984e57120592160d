/** Plain-JSON protocol between landmark-webgpu.test.ts and the landmarks test page (landmarks-page.ts). */
import type { CropAffine } from '../../../src/hands/hand-crop';

export type LandmarkEp = 'webgpu' | 'wasm';

/** One model to run on one crop of the page's image. */
export interface LandmarkModelRequest {
  /** A name for the report, e.g. 'hand'. */
  name: string;
  /** e.g. /models/handlandmark-lite.onnx */
  url: string;
  /**
   * The file to use on one provider instead of `url`, where the converter writes the model differently
   * per provider (facemesh: PRelu for WASM, Less/Mul/Where for WebGPU, which has no PRelu kernel).
   */
  urlByEp?: Partial<Record<LandmarkEp, string>>;
  /** The crop (network input side, crop pixels → image pixels), as HandCrop/FaceCrop carry it. */
  crop: { cropSize: number; toImage: CropAffine };
}

export interface LandmarkRequest {
  /** The photo the crops are taken from (same origin). */
  imageUrl: string;
  models: LandmarkModelRequest[];
  /** Each model runs once per execution provider, on the same input tensor. */
  executionProviders: LandmarkEp[];
}

export interface LandmarkOutput {
  dims: number[];
  data: number[];
}

/** One model on one execution provider. */
export interface LandmarkEpRun {
  ep: LandmarkEp;
  /** The provider the session ended up on: `ep`, or 'wasm' when the WebGPU session failed (the worker's fallback). */
  ranOn: LandmarkEp;
  /** Why the WebGPU session failed, when it did. */
  fallbackReason?: string;
  createMs: number;
  /** The model file this provider ran. */
  url: string;
  /** The first run (on WebGPU this includes compiling the shaders). */
  runMs: number;
  /** A second run on the same input (shaders compiled, buffers allocated). */
  warmRunMs: number;
  outputs: Record<string, LandmarkOutput>;
  /**
   * Op types and node counts per execution provider, as onnxruntime placed them, e.g.
   * `{ JsExecutionProvider: { Conv: 40, … }, CPUExecutionProvider: { Sum: 9 } }` (WebGPU is onnxruntime's
   * JsExecutionProvider; ops it has no kernel for run on the CPU provider, with copies in between).
   * When every node is on one provider onnxruntime logs only that (`{ JsExecutionProvider: {} }`, see
   * `nodeCounts`); empty when it logged no placements at all.
   */
  placements: Record<string, Record<string, number>>;
  /** Nodes per execution provider, from the same log ("Number of nodes: 93"). */
  nodeCounts: Record<string, number>;
  /** onnxruntime's warnings and errors while creating and running. */
  warnings: string[];
}

export interface LandmarkModelResult {
  name: string;
  inputDims: number[];
  runs: LandmarkEpRun[];
}

export interface LandmarkResult {
  /** navigator.gpu's adapter, or null when the browser offers none. */
  adapter: { vendor: string; architecture: string; description: string } | null;
  models: LandmarkModelResult[];
}

export interface LandmarkTestHooks {
  run(request: LandmarkRequest): Promise<LandmarkResult>;
}

declare global {
  interface Window {
    landmarkTest?: LandmarkTestHooks;
  }
}
