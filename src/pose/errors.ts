/** Error codes the pose engine reports; each names one problem a user or developer can act on. */
export const POSE_ERROR_CODES = [
  /** The model file is not where it should be (HTTP 404, or no such file). */
  'model-missing',
  /** The model file is shorter than the manifest says: an interrupted copy or download. */
  'model-truncated',
  /** The model's bytes differ from the manifest's sha256. */
  'model-checksum',
  /** onnxruntime could not parse the file: not an ONNX model, or corrupt. */
  'model-invalid',
  /** A valid ONNX model, but not an OpenPose-family one (wrong inputs, outputs or shapes). */
  'model-not-openpose',
  /** An id that is not in models/manifest.json. */
  'unknown-model',
  /** No execution provider could be initialised. */
  'backend-unavailable',
  /** estimate() before init() finished, or after dispose(). */
  'not-initialized',
  /** A second frame arrived while one was still being processed. */
  'busy',
  /** The frame could not be read (wrong type, detached buffer, size mismatch). */
  'bad-frame',
  /** Inference itself failed. */
  'inference-failed',
] as const;

export type PoseErrorCode = (typeof POSE_ERROR_CODES)[number];

/** A typed pose-engine failure. `code` survives the worker boundary (see workers/error-transfer.ts). */
export class PoseEngineError extends Error {
  override readonly name = 'PoseEngineError';
  constructor(
    readonly code: PoseErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const isPoseEngineError = (e: unknown): e is PoseEngineError =>
  e instanceof PoseEngineError ||
  (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'PoseEngineError' &&
    POSE_ERROR_CODES.includes((e as { code?: unknown }).code as PoseErrorCode));
