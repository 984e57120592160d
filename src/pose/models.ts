/** The supported pose models, read from models/manifest.json (the .onnx files themselves are git-ignored). */
import manifest from '../../models/manifest.json';
import { PoseEngineError } from './errors';

export interface ModelSpec {
  /** Stable id used in settings and on the command line. */
  readonly id: string;
  readonly label: string;
  /** File name inside models/. */
  readonly file: string;
  /** Exact size and sha256 of the file, to tell a truncated or wrong file from a good one. */
  readonly bytes: number;
  readonly sha256: string;
  /** Channel order the network expects. */
  readonly colorOrder: 'RGB' | 'BGR';
  /** Input pixel range (normalisation is inside the graph). */
  readonly pixelRange: readonly [number, number];
  readonly inputName: string;
  readonly outputs: { readonly heatmaps: string; readonly pafs: string };
  /** Input height and width must be multiples of this. */
  readonly inputMultiple: number;
  /** Network input pixels per output cell. */
  readonly stride: number;
  /** Input height used unless the user picks another. */
  readonly defaultInputHeight: number;
  readonly keypoints: 'coco18';
  readonly heatmapChannels: number;
  readonly pafChannels: number;
  readonly limbs: 'openpose19';
  readonly license: string;
  readonly source: string;
}

export const MODELS: readonly ModelSpec[] = Object.freeze(manifest.models as unknown as ModelSpec[]);
export const DEFAULT_MODEL_ID: string = manifest.default;

/** The manifest entry for `id`; throws a PoseEngineError('unknown-model') listing the valid ids. */
export function getModel(id: string = DEFAULT_MODEL_ID): ModelSpec {
  const spec = MODELS.find((m) => m.id === id);
  if (!spec) {
    throw new PoseEngineError('unknown-model', `unknown model "${id}"; known models: ${MODELS.map((m) => m.id).join(', ')}`);
  }
  return spec;
}

/** What to tell a user whose model file is missing. */
export function missingModelMessage(spec: Pick<ModelSpec, 'file' | 'label'>): string {
  return (
    `The pose model ${spec.file} (${spec.label}) is missing. Put it in the project's models/ folder ` +
    `(models/${spec.file}): \`npm install\` copies it there from ../shared/models/openpose, ` +
    `or set MOCAP_MODELS_DIR to the folder that holds it and run \`npm install\` again.`
  );
}

/**
 * A landmark model of the manifest's `landmarkModels` (hand and face networks, converted at `npm install`
 * by tools/convert-hand-face-models.ts). These have no fixed sha256: the conversion makes the file.
 */
export interface LandmarkModelSpec {
  readonly id: string;
  readonly label: string;
  /** File name inside models/: the one for WASM (and for WebGPU when there is no `webgpuFile`). */
  readonly file: string;
  /**
   * The WebGPU variant inside models/, for models whose graph has Prelu (facemesh, iris): written as
   * Less/Mul/Where, as onnxruntime-web's WebGPU provider has no PRelu kernel (with `file` those nodes run on
   * the CPU provider, copying between host and GPU around each). Slower than `file` on WASM.
   */
  readonly webgpuFile?: string;
}

export const LANDMARK_MODELS: readonly LandmarkModelSpec[] = Object.freeze(
  (manifest as unknown as { landmarkModels?: LandmarkModelSpec[] }).landmarkModels ?? [],
);

/** The `landmarkModels` entry for `id`; throws a PoseEngineError('unknown-model') listing the valid ids. */
export function getLandmarkModel(id: string): LandmarkModelSpec {
  const spec = LANDMARK_MODELS.find((m) => m.id === id);
  if (!spec) {
    throw new PoseEngineError('unknown-model', `unknown landmark model "${id}"; known: ${LANDMARK_MODELS.map((m) => m.id).join(', ')}`);
  }
  return spec;
}

/** Where a landmark model session's bytes come from, for the backend it is created on. */
export interface LandmarkModelUrls {
  /** What to fetch for a session on the chosen backend, in order: the first that exists is used. */
  preferred: string[];
  /** The file for a WASM session: the backend itself, or the fallback when a WebGPU session fails. */
  wasm: string;
}

/**
 * The files of landmark model `spec` for a session on `backend`: on WebGPU its `webgpuFile` first, then the
 * normal `file` (when the variant is missing: it still runs, with its PRelu nodes on the CPU provider); on
 * WASM only `file`. An explicit `url` (the init option `modelUrl`) is used as is, for both. Files resolve
 * under `base` (default '/models/').
 */
export function landmarkModelUrls(
  spec: Pick<LandmarkModelSpec, 'file' | 'webgpuFile'>,
  backend: 'webgpu' | 'wasm',
  options: { url?: string; base?: string } = {},
): LandmarkModelUrls {
  if (options.url) return { preferred: [options.url], wasm: options.url };
  const base = options.base ?? '/models/';
  const wasm = `${base}${spec.file}`;
  const preferred = backend === 'webgpu' && spec.webgpuFile && spec.webgpuFile !== spec.file ? [`${base}${spec.webgpuFile}`, wasm] : [wasm];
  return { preferred, wasm };
}

/**
 * Model bytes per backend from {@link landmarkModelUrls}, fetching each URL at most once: `load('webgpu')`
 * gives the first of `preferred` that `fetchBytes` delivers (the error of the last one when none does),
 * `load('wasm')` the normal file. `fetchBytes` rejects for a missing file.
 */
export function landmarkModelLoader(
  urls: LandmarkModelUrls,
  fetchBytes: (url: string) => Promise<Uint8Array>,
): (backend: 'webgpu' | 'wasm') => Promise<{ url: string; bytes: Uint8Array }> {
  const fetched = new Map<string, Promise<Uint8Array>>();
  const get = (url: string): Promise<Uint8Array> => {
    let p = fetched.get(url);
    if (!p) fetched.set(url, (p = fetchBytes(url)));
    return p;
  };
  return async (backend) => {
    const candidates = backend === 'wasm' ? [urls.wasm] : urls.preferred;
    let error: unknown = new Error('no model file to load');
    for (const url of candidates) {
      try {
        return { url, bytes: await get(url) };
      } catch (e) {
        error = e;
      }
    }
    throw error;
  };
}
