/**
 * `npm run eval`: COCO-style OKS AP/AR of the pose models on keypoint ground truth.
 *
 *   npm run eval                                  # every installed model × the shared sets in ../shared/assets/pose_gt/mmpose
 *   npm run eval -- --annotations FILE.json --images DIR [--model ID] [--json]
 *
 * Detections are written as Osokin's val.py writes them (COCO-17 keypoints from our COCO-18, score
 * = affinity × (parts − 1), single scale at input height 368) and scored by tools/eval/coco-metric.ts,
 * a pycocotools-equivalent evaluator. Run with --help for every flag.
 */
import { dirname } from 'node:path';
import { isModelInstalled, createNodeEngine, type NodeBackend } from './node-engine';
import { MODELS, getModel, missingModelMessage, type ModelSpec } from '../src/pose/models';
import { PoseEngineError } from '../src/pose/errors';
import type { PoseEngine } from '../workers/pose-engine';
import { DatasetError, DEFAULT_GT_ROOT, loadCocoKeypointDataset, loadSharedDatasets, type EvalDataset, type SkippedDataset } from './eval/datasets';
import { runDataset, type DatasetRun, type ImageCache } from './eval/run-eval';
import type { KeypointStats } from './eval/coco-metric';

/** Osokin's val.py evaluates at a network input height of 368 (single scale). */
const DEFAULT_INPUT_HEIGHT = 368;

/**
 * Left out unless asked for by --model: the same network as lightweight_openpose_hpe0001 with fp32
 * instead of fp16-stored weights; PROVENANCE.md measured identical detections, so it only doubles the run.
 */
const DUPLICATE_MODEL_IDS: ReadonlySet<string> = new Set(['lightweight_openpose_hpe0001_fp32']);

const USAGE = `Usage: npm run eval -- [options]

Scores pose models with COCO keypoint AP/AR (OKS, COCO sigmas, maxDets 20, as pycocotools).

Options:
  --annotations FILE   COCO keypoints JSON to evaluate (default: the shared sets in
                       ${DEFAULT_GT_ROOT})
  --images DIR         folder holding that file's images (default: the annotation file's folder)
  --dataset NAME       only these shared sets (repeatable or comma list), e.g. coco,crowdpose
  --gt-root DIR        folder of the shared sets (default above)
  --model ID           model id from models/manifest.json (repeatable or comma list; default: every
                       installed model except ${[...DUPLICATE_MODEL_IDS].join(', ')}, a duplicate of its w16 twin)
  --input-height N     network input height in pixels (default ${DEFAULT_INPUT_HEIGHT}, as Osokin's val.py)
  --backend node|wasm  onnxruntime-node native CPU (default, fast) or onnxruntime-web WebAssembly in Node
  --json               end with one JSON line per model (and dataset): {"model","images","AP","AP50","AR",…}
  -h, --help           this text

Models: ${MODELS.map((m) => m.id).join(', ')}`;

class UsageError extends Error {}

interface CliOptions {
  annotations?: string;
  images?: string;
  datasets: string[];
  gtRoot: string;
  models: string[];
  inputHeight: number;
  backend: NodeBackend;
  json: boolean;
}

function parseArgs(argv: readonly string[]): CliOptions | 'help' {
  const options: CliOptions = { datasets: [], gtRoot: DEFAULT_GT_ROOT, models: [], inputHeight: DEFAULT_INPUT_HEIGHT, backend: 'node', json: false };
  const list = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--annotations':
        options.annotations = value();
        break;
      case '--images':
        options.images = value();
        break;
      case '--dataset':
        options.datasets.push(...list(value()));
        break;
      case '--gt-root':
        options.gtRoot = value();
        break;
      case '--model':
        options.models.push(...list(value()));
        break;
      case '--input-height': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 16) throw new UsageError(`--input-height must be an integer ≥ 16, got ${v}`);
        options.inputHeight = n;
        break;
      }
      case '--backend': {
        const v = value();
        if (v !== 'node' && v !== 'wasm') throw new UsageError(`--backend must be node or wasm, got ${v}`);
        options.backend = v;
        break;
      }
      case '--json':
        options.json = true;
        break;
      default:
        throw new UsageError(`unknown argument ${arg}`);
    }
  }
  if (options.images && !options.annotations) throw new UsageError('--images needs --annotations');
  if (options.annotations && options.datasets.length > 0) throw new UsageError('use either --annotations or --dataset, not both');
  return options;
}

function pickModels(ids: readonly string[]): ModelSpec[] {
  if (ids.length > 0) {
    const specs = ids.map((id) => getModel(id));
    for (const spec of specs) if (!isModelInstalled(spec)) throw new PoseEngineError('model-missing', missingModelMessage(spec));
    return specs;
  }
  const installed = MODELS.filter((m) => !DUPLICATE_MODEL_IDS.has(m.id) && isModelInstalled(m));
  if (installed.length === 0) {
    const wanted = MODELS.filter((m) => !DUPLICATE_MODEL_IDS.has(m.id));
    throw new PoseEngineError('model-missing', `no pose model is installed.\n${wanted.map(missingModelMessage).join('\n')}`);
  }
  return installed;
}

const fmt = (v: number): string => (v < 0 ? '  -  ' : v.toFixed(3));
const pad = (s: string | number, n: number, right = false): string => (right ? String(s).padStart(n) : String(s).padEnd(n));

function printTable(rows: { model: string; run: DatasetRun }[]): void {
  const modelWidth = Math.max(5, ...rows.map((r) => r.model.length));
  const setWidth = Math.max(7, ...rows.map((r) => r.run.dataset.length));
  const stats: (keyof KeypointStats)[] = ['AP', 'AP50', 'AP75', 'AR', 'AR50'];
  console.log(
    [pad('model', modelWidth), pad('dataset', setWidth), pad('images', 6, true), pad('people', 6, true), ...stats.map((s) => pad(s, 5, true)), pad('sec', 6, true)].join('  '),
  );
  for (const { model, run } of rows) {
    const m = run.metrics;
    console.log(
      [pad(model, modelWidth), pad(run.dataset, setWidth), pad(m.images, 6, true), pad(m.people, 6, true), ...stats.map((s) => pad(fmt(m[s]), 5, true)), pad(run.seconds.toFixed(1), 6, true)].join('  '),
    );
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const options = parsed;
  const models = pickModels(options.models);

  let datasets: EvalDataset[];
  let skipped: SkippedDataset[] = [];
  if (options.annotations) {
    datasets = [loadCocoKeypointDataset(options.annotations, options.images ?? dirname(options.annotations))];
  } else {
    ({ datasets, skipped } = loadSharedDatasets(options.gtRoot, options.datasets));
    if (datasets.length === 0) throw new DatasetError(`no ground-truth set to evaluate under ${options.gtRoot}`);
  }

  console.log(`backend ${options.backend}, input height ${options.inputHeight}, models: ${models.map((m) => m.id).join(', ')}`);
  for (const d of datasets) console.log(`  ${d.name}: ${d.images.length} images, ${d.annotations.length} annotations; ${d.notes.join('; ')}`);
  for (const s of skipped) console.log(`  skipped ${s.name}: ${s.reason}`);
  console.log('');

  const engines: { spec: ModelSpec; engine: PoseEngine }[] = [];
  const rows: { model: string; run: DatasetRun }[] = [];
  try {
    for (const spec of models) {
      engines.push({ spec, engine: await createNodeEngine({ modelId: spec.id, inputHeight: options.inputHeight, backend: options.backend }) });
    }
    // Datasets outer, models inner: each image is decoded once for all models.
    for (const dataset of datasets) {
      const cache: ImageCache = new Map();
      for (const { spec, engine } of engines) {
        process.stderr.write(`evaluating ${spec.id} on ${dataset.name}…\n`);
        rows.push({ model: spec.id, run: await runDataset(engine, dataset, cache) });
      }
    }
  } finally {
    for (const { engine } of engines) await engine.dispose();
  }

  const order = new Map(models.map((m, i) => [m.id, i]));
  rows.sort((a, b) => order.get(a.model)! - order.get(b.model)!);
  printTable(rows);
  if (options.json) {
    for (const { model, run } of rows) {
      const m = run.metrics;
      console.log(
        JSON.stringify({
          model,
          dataset: run.dataset,
          images: m.images,
          people: m.people,
          AP: m.AP,
          AP50: m.AP50,
          AP75: m.AP75,
          APm: m.APm,
          APl: m.APl,
          AR: m.AR,
          AR50: m.AR50,
          AR75: m.AR75,
          ARm: m.ARm,
          ARl: m.ARl,
          inputHeight: options.inputHeight,
          backend: options.backend,
        }),
      );
    }
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`eval: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof DatasetError || error instanceof PoseEngineError) {
      console.error(`eval: ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
