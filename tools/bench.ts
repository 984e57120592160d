/**
 * `npm run bench [-- --only pose,hands,face,retarget,track,record,app]`: prints the speed figures of every
 * stage. Pose targets: browser WASM inference ≤ 1.3× onnxruntime-node native on the same model, input
 * and machine; decode ≤ 3 ms for 6 people; preprocess ≤ 3 ms at 656×368. Retarget: ≤ 0.1 ms per
 * person. Figures are medians; compare them as ratios within one run (the machines are shared).
 */
import { cpus } from 'node:os';
import { benchApp } from './bench/app';
import { benchBrowser } from './bench/browser';
import { benchDecode } from './bench/decode';
import { BENCH_IMAGE } from './bench/frames';
import { benchNode, type StageMedians } from './bench/native';
import { fmt, table } from './bench/stats';
import { benchFace } from './bench-face';
import { benchHands } from './bench-hands';
import { benchRecord } from './bench-record';
import { benchRetarget } from './bench-retarget';
import { benchTrack } from './bench-track';

const SECTIONS = ['pose', 'hands', 'face', 'retarget', 'track', 'record', 'app'] as const;
type Section = (typeof SECTIONS)[number];

/** Sections named by `--only a,b` (default: all). */
function selectedSections(argv: readonly string[]): Set<Section> {
  const i = argv.indexOf('--only');
  if (i < 0) return new Set(SECTIONS);
  const names = (argv[i + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
  if (unknown.length || names.length === 0) throw new Error(`--only takes a comma list of: ${SECTIONS.join(', ')}`);
  return new Set(names as Section[]);
}

const RUNS = Number(process.env.BENCH_RUNS ?? 10);

function stageTable(rows: StageMedians[]): string[] {
  return table(
    ['model', 'backend', 'input', 'preprocess ms', 'inference ms', 'decode ms', 'people', 'runs'],
    rows.map((r) => [r.model, r.backend, `${r.inputWidth}x${r.inputHeight}`, fmt(r.preprocessMs), fmt(r.inferenceMs, 1), fmt(r.decodeMs), String(r.people), String(r.runs)]),
  );
}

async function main(): Promise<void> {
  const out = (lines: string[] | string) => console.log(Array.isArray(lines) ? lines.join('\n') : lines);
  const only = selectedSections(process.argv.slice(2));
  out(`# benchmark — ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}, ${RUNS} runs per row`);
  if (only.has('pose')) await benchPose(out);
  if (only.has('hands')) out(['\n## Hands (crop + landmarks + mapping, per person)', ...(await benchHands())]);
  if (only.has('face')) out(['\n## Face (crop + facemesh + features, per person)', ...(await benchFace())]);
  if (only.has('retarget')) out(['\n## Retargeting solver', ...(await benchRetarget())]);
  if (only.has('track')) out(await benchTrack());
  if (only.has('record')) out(['\n## Recording and export', ...(await benchRecord())]);
  if (only.has('app')) {
    out('\n## App end to end (fake camera, 640x480 one-person clip, WASM; medians): fps and capture → avatar-pose latency');
    out(await benchApp());
  }
}

async function benchPose(out: (lines: string[] | string) => void): Promise<void> {

  out('\n## Decode time against people count (synthetic maps, 82x46 grid = 656x368 input)');
  const dec = await benchDecode();
  out(table(['people', 'found', 'decode ms (median)'], dec.map((d) => [String(d.people), String(d.found), fmt(d.ms, 3)])));
  const six = dec.find((d) => d.people === 6);
  if (six) out(`target decode ≤ 3 ms for 6 people: ${fmt(six.ms, 3)} ms ${six.ms <= 3 ? 'MET' : 'MISSED'}`);

  const threads = cpus().length;
  out(`\n## Per-stage medians, 1280x720 street photo (${BENCH_IMAGE})`);
  const native = await benchNode('node', RUNS, threads);
  const browser = await benchBrowser(RUNS, threads, process.env.BENCH_WEBGPU !== '0');
  out(stageTable([...native, ...browser.wasm, ...(browser.webgpu ? [browser.webgpu] : [])]));
  if (browser.webgpu) out(`(WebGPU here is Chromium's software adapter, SwiftShader, on the CPU: it proves the path, not GPU speed)`);

  out('\n## Browser WASM (worker, same machine) against onnxruntime-node native — inference medians');
  const ratios = browser.wasm.map((b) => {
    const n = native.find((x) => x.model === b.model && x.inputHeight === b.inputHeight);
    return { b, n, ratio: n ? b.inferenceMs / n.inferenceMs : NaN };
  });
  out(table(['model', 'input', 'native ms', 'browser wasm ms', 'ratio', 'target ≤ 1.3'], ratios.map(({ b, n, ratio }) => [
    b.model, `${b.inputWidth}x${b.inputHeight}`, fmt(n?.inferenceMs ?? NaN, 1), fmt(b.inferenceMs, 1), fmt(ratio), ratio <= 1.3 ? 'MET' : 'MISSED',
  ])));

  out('\n## Preprocess in the browser worker (canvas scaling + tensor packing) at 656x368');
  for (const b of browser.wasm.filter((x) => x.inputHeight === 368)) {
    out(`${b.model} ${b.inputWidth}x${b.inputHeight}: ${fmt(b.preprocessMs)} ms (target ≤ 3 ms: ${b.preprocessMs <= 3 ? 'MET' : 'MISSED'}); main-thread round trip ${fmt(b.roundTripMs, 1)} ms`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
