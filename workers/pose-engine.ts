/**
 * The pose engine: letterbox → ONNX inference → PAF decode → source-image people.
 * Runtime-agnostic: it is handed an onnxruntime module (onnxruntime-web in the browser worker and in
 * Node tests, onnxruntime-node for native baselines), so one code path serves the app, the eval CLI,
 * the tests and the benchmark.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import { PafDecoder, type DecodedPerson, type DecoderOptions } from '../src/pose/decoder';
import { PoseEngineError } from '../src/pose/errors';
import { computeLetterbox, packTensor, resizeRgba, toSourceX, toSourceY, type Letterbox } from '../src/pose/letterbox';
import type { ModelSpec } from '../src/pose/models';
import { KEYPOINT_NAMES, NUM_KEYPOINTS } from '../src/pose/schema';
import type { Keypoint, Person, PoseFrame } from '../src/pose/types';

/** The part of an onnxruntime module the engine uses (onnxruntime-web and -node both fit). */
export interface OrtLike {
  InferenceSession: { create(model: Uint8Array, options?: InferenceSession.SessionOptions): Promise<InferenceSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => Tensor;
}

export interface PoseEngineOptions {
  /** The manifest entry of the model being loaded. */
  model: ModelSpec;
  /** Network input height in pixels (rounded up to the model's multiple). Default: the model's default. */
  inputHeight?: number;
  /** onnxruntime execution providers, in order of preference. Default: ['wasm']. */
  executionProviders?: InferenceSession.SessionOptions['executionProviders'];
  /** Decoder thresholds; defaults are the reference decoders' values. */
  decoder?: Partial<DecoderOptions>;
}

/** Smallest input used to check a model's output layout at load time (and to compile it). */
const PROBE_CELLS = 4;

const now = (): number => performance.now();

export class PoseEngine {
  private inputHeight: number;
  private readonly decoder: PafDecoder;
  private busy = false;
  private disposed = false;
  /** Reused per-frame buffers. */
  private content = new Uint8ClampedArray(0);
  private resizeScratch = new Float32Array(0);
  private tensorData = new Float32Array(0);

  private constructor(
    private readonly ort: OrtLike,
    private readonly session: InferenceSession,
    readonly model: ModelSpec,
    options: PoseEngineOptions,
    /** Milliseconds spent creating the session and running the first (shape-checking) inference. */
    readonly compileMs: number,
  ) {
    this.inputHeight = options.inputHeight ?? model.defaultInputHeight;
    this.decoder = new PafDecoder(options.decoder);
  }

  /**
   * Creates the session from the model's bytes and checks that it is an OpenPose-family network:
   * one image input, heatmaps with 19 channels and PAFs with 38, at 1/stride of the input.
   * Throws a {@link PoseEngineError} naming the problem otherwise.
   */
  static async create(ort: OrtLike, bytes: Uint8Array, options: PoseEngineOptions): Promise<PoseEngine> {
    const { model } = options;
    if (bytes.byteLength === 0) throw new PoseEngineError('model-missing', `model file ${model.file} is empty`);
    if (model.bytes > 0 && bytes.byteLength < model.bytes) {
      throw new PoseEngineError(
        'model-truncated',
        `model file ${model.file} is truncated: ${bytes.byteLength} of ${model.bytes} bytes`,
      );
    }
    const t0 = now();
    let session: InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, {
        executionProviders: options.executionProviders ?? ['wasm'],
        graphOptimizationLevel: 'all',
      });
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      if (/backend|execution provider|webgpu|adapter/i.test(why) && !/protobuf|parse|invalid/i.test(why)) {
        throw new PoseEngineError('backend-unavailable', `no usable onnxruntime backend: ${why}`, { cause });
      }
      throw new PoseEngineError(
        'model-invalid',
        `${model.file} is not a valid ONNX model (corrupt or truncated?): ${why}`,
        { cause },
      );
    }
    try {
      checkSignature(session, model);
      const engine = new PoseEngine(ort, session, model, options, 0);
      await engine.probe();
      (engine as { compileMs: number }).compileMs = now() - t0;
      return engine;
    } catch (e) {
      await session.release().catch(() => undefined);
      throw e;
    }
  }

  /** Current network input height. */
  get height(): number {
    return this.inputHeight;
  }

  /** Changes the network input height for later frames (rounded up to the model's multiple). */
  setInputHeight(height: number): void {
    if (!(height >= this.model.inputMultiple)) throw new RangeError(`input height must be ≥ ${this.model.inputMultiple}`);
    this.inputHeight = height;
  }

  /** The letterbox a `width`×`height` frame gets at the current input height. */
  letterbox(width: number, height: number): Letterbox {
    return computeLetterbox(width, height, this.inputHeight, this.model.inputMultiple);
  }

  /**
   * Estimates the people in an RGBA image of `width`×`height` pixels (resampled here in TypeScript).
   * A zero-size image gives a frame with no people.
   */
  async estimateRgba(rgba: ArrayLike<number>, width: number, height: number, timestamp = 0): Promise<PoseFrame> {
    if (width === 0 || height === 0) return emptyFrame(width, height, timestamp);
    if (!(width > 0 && height > 0) || rgba.length < width * height * 4) {
      throw new PoseEngineError('bad-frame', `RGBA data of ${rgba.length} bytes does not hold a ${width}x${height} image`);
    }
    return this.guard(async () => {
      const t0 = now();
      const lb = this.letterbox(width, height);
      const need = lb.contentWidth * lb.contentHeight * 4;
      if (this.content.length < need) this.content = new Uint8ClampedArray(need);
      const scratchNeed = height * lb.contentWidth * 3;
      if (this.resizeScratch.length < scratchNeed) this.resizeScratch = new Float32Array(scratchNeed);
      resizeRgba(rgba, width, height, lb.contentWidth, lb.contentHeight, this.content, this.resizeScratch);
      return this.run(this.content, lb, timestamp, t0);
    });
  }

  /**
   * Estimates from RGBA pixels already scaled to `lb.contentWidth`×`lb.contentHeight` (the browser
   * worker scales with the GPU-backed canvas), for the source size `lb.srcWidth`×`lb.srcHeight`.
   * `preprocessStart` lets the caller count its own scaling time as preprocessing.
   */
  async estimateScaled(content: ArrayLike<number>, lb: Letterbox, timestamp = 0, preprocessStart = now()): Promise<PoseFrame> {
    if (content.length < lb.contentWidth * lb.contentHeight * 4) {
      throw new PoseEngineError('bad-frame', `scaled frame holds ${content.length} bytes, expected ${lb.contentWidth}x${lb.contentHeight} RGBA`);
    }
    return this.guard(() => this.run(content, lb, timestamp, preprocessStart));
  }

  /** Runs the network on a letterboxed tensor and returns the raw maps (for tests and tools). */
  async infer(tensorData: Float32Array, inputWidth: number, inputHeight: number) {
    const feeds = { [this.session.inputNames[0]]: new this.ort.Tensor('float32', tensorData, [1, 3, inputHeight, inputWidth]) };
    let out: InferenceSession.OnnxValueMapType;
    try {
      out = await this.session.run(feeds);
    } catch (cause) {
      throw new PoseEngineError('inference-failed', `inference failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
    const hm = out[this.model.outputs.heatmaps] ?? out[this.session.outputNames[0]];
    const paf = out[this.model.outputs.pafs] ?? out[this.session.outputNames[1]];
    const gridH = Math.ceil(inputHeight / this.model.stride);
    const gridW = Math.ceil(inputWidth / this.model.stride);
    checkOutput('heatmaps', hm, this.model.heatmapChannels, gridH, gridW);
    checkOutput('pafs', paf, this.model.pafChannels, gridH, gridW);
    const heatmaps = (await hm.getData()) as Float32Array;
    const pafs = (await paf.getData()) as Float32Array;
    hm.dispose();
    paf.dispose();
    return { heatmaps, pafs, width: gridW, height: gridH, stride: this.model.stride };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.session.release();
  }

  private async guard(work: () => Promise<PoseFrame>): Promise<PoseFrame> {
    if (this.disposed) throw new PoseEngineError('not-initialized', 'the pose engine was disposed');
    if (this.busy) throw new PoseEngineError('busy', 'a frame is already being processed; one frame in flight at a time');
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  private async run(content: ArrayLike<number>, lb: Letterbox, timestamp: number, t0: number): Promise<PoseFrame> {
    const size = 3 * lb.inputWidth * lb.inputHeight;
    if (this.tensorData.length !== size) this.tensorData = new Float32Array(size);
    // ORT may keep a reference to the input while running, so the buffer is only reused after `run` returns.
    packTensor(content, lb, this.tensorData);
    const t1 = now();
    const maps = await this.infer(this.tensorData, lb.inputWidth, lb.inputHeight);
    const t2 = now();
    const people = this.decoder.decode(maps).map((p) => toPerson(p, lb));
    const t3 = now();
    return {
      timestamp,
      imageWidth: lb.srcWidth,
      imageHeight: lb.srcHeight,
      inputWidth: lb.inputWidth,
      inputHeight: lb.inputHeight,
      people,
      timings: { preprocessMs: t1 - t0, inferenceMs: t2 - t1, decodeMs: t3 - t2 },
    };
  }

  /** One tiny inference: proves the output layout and triggers backend compilation. */
  private async probe(): Promise<void> {
    const side = PROBE_CELLS * Math.max(this.model.stride, this.model.inputMultiple);
    const data = new Float32Array(3 * side * side).fill(128);
    try {
      await this.infer(data, side, side);
    } catch (e) {
      if (e instanceof PoseEngineError && e.code === 'inference-failed') {
        throw new PoseEngineError('model-not-openpose', `${this.model.file} does not run on a [1,3,H,W] image: ${e.message}`, { cause: e });
      }
      throw e;
    }
  }
}

function emptyFrame(width: number, height: number, timestamp: number): PoseFrame {
  return {
    timestamp,
    imageWidth: width,
    imageHeight: height,
    inputWidth: 0,
    inputHeight: 0,
    people: [],
    timings: { preprocessMs: 0, inferenceMs: 0, decodeMs: 0 },
  };
}

/** Maps a decoded person from network-input pixels to source-image pixels. */
function toPerson(p: DecodedPerson, lb: Letterbox): Person {
  const keypoints: Keypoint[] = new Array(NUM_KEYPOINTS);
  for (let k = 0; k < NUM_KEYPOINTS; k++) {
    const s = p.keypoints[k * 3 + 2];
    keypoints[k] = {
      name: KEYPOINT_NAMES[k],
      x: s > 0 ? toSourceX(lb, p.keypoints[k * 3]) : 0,
      y: s > 0 ? toSourceY(lb, p.keypoints[k * 3 + 1]) : 0,
      score: s,
    };
  }
  return { keypoints, score: p.score, partCount: p.partCount, affinity: p.affinity };
}

/** Input and output names and static shapes must be an OpenPose network's. */
function checkSignature(session: InferenceSession, model: ModelSpec): void {
  const problems: string[] = [];
  if (session.inputNames.length !== 1) problems.push(`expected 1 input, found ${session.inputNames.length} (${session.inputNames.join(', ')})`);
  const outs = session.outputNames;
  if (!outs.includes(model.outputs.heatmaps) || !outs.includes(model.outputs.pafs)) {
    problems.push(`expected outputs "${model.outputs.heatmaps}" and "${model.outputs.pafs}", found ${outs.length ? outs.map((o) => `"${o}"`).join(', ') : 'none'}`);
  }
  const meta = (session as { inputMetadata?: readonly { shape?: readonly (number | string)[] }[] }).inputMetadata;
  const shape = meta?.[0]?.shape;
  if (shape && (shape.length !== 4 || (typeof shape[1] === 'number' && shape[1] !== 3))) {
    problems.push(`expected an input shaped [1,3,H,W], found [${shape.join(',')}]`);
  }
  if (problems.length) {
    throw new PoseEngineError('model-not-openpose', `${model.file} is not an OpenPose-family model: ${problems.join('; ')}`);
  }
}

function checkOutput(name: string, t: Tensor | undefined, channels: number, gridH: number, gridW: number): asserts t is Tensor {
  const dims = t?.dims ?? [];
  const ok = t && t.type === 'float32' && dims.length === 4 && dims[0] === 1 && dims[1] === channels && dims[2] === gridH && dims[3] === gridW;
  if (!ok) {
    throw new PoseEngineError(
      'model-not-openpose',
      `output "${name}" should be float32 [1,${channels},${gridH},${gridW}] for this input, got ${t ? `${t.type} [${dims.join(',')}]` : 'nothing'}`,
    );
  }
}
