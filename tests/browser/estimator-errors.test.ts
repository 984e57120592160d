/**
 * Bad models through the worker: every failure must reach the main thread as a PoseEngineError
 * whose code says what is wrong (workers/error-transfer.ts), with a message naming the file.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PoseErrorCode } from '../../src/pose/errors';
import type { EstimatorInitOptions } from '../../src/pose/estimator-api';
import { missingModelMessage } from '../../src/pose/models';
import { BAD_MODEL_FILES, SMALL_MODEL, writeBadModels } from './fixtures/bad-models';
import { startHarness, type Harness } from './harness';

const fileUrl = (name: string): string => `/__test__/files/${name}`;
/** A model outside the manifest: nothing to check its size and sha256 against. */
const CUSTOM = { bytes: 0, sha256: '' };

describe('pose worker with bad models', () => {
  let h: Harness;
  let fixturesDir: string;
  beforeAll(async () => {
    fixturesDir = writeBadModels();
    h = await startHarness({ outDir: inject('browserBuildDir'), fixturesDir, webgpu: false });
  });
  afterAll(async () => {
    await h?.stop();
    if (fixturesDir) rmSync(fixturesDir, { recursive: true, force: true });
  });

  async function initError(init: EstimatorInitOptions, code: PoseErrorCode): Promise<string> {
    const r = await h.run({ init: { backend: 'wasm', ...init } });
    expect(r.init).toBeUndefined();
    expect(r.initError).toMatchObject({ name: 'PoseEngineError', code, isPoseEngineError: true });
    return r.initError!.message;
  }

  it("a 404 is 'model-missing' with the install instructions naming models/<file>", async () => {
    const message = await initError({ modelId: SMALL_MODEL.id, modelUrl: fileUrl('absent.onnx') }, 'model-missing');
    expect(message).toBe(missingModelMessage(SMALL_MODEL));
    expect(message).toContain(`models/${SMALL_MODEL.file}`);
  });

  it("a truncated file is 'model-truncated', naming the file and both byte counts", async () => {
    const message = await initError({ modelId: SMALL_MODEL.id, modelUrl: fileUrl(BAD_MODEL_FILES.truncated) }, 'model-truncated');
    expect(message).toContain(`models/${SMALL_MODEL.file}`);
    expect(message).toContain(`${Math.floor(SMALL_MODEL.bytes / 2)} of ${SMALL_MODEL.bytes} bytes`);
  });

  it("a file of the right size with other bytes is 'model-checksum'", async () => {
    const message = await initError({ modelId: SMALL_MODEL.id, modelUrl: fileUrl(BAD_MODEL_FILES.corrupt) }, 'model-checksum');
    expect(message).toContain(SMALL_MODEL.sha256);
  });

  it("a valid ONNX model with the wrong outputs is 'model-not-openpose'", async () => {
    const message = await initError(
      { modelUrl: fileUrl(BAD_MODEL_FILES.notOpenPose), modelSpec: { ...CUSTOM, file: BAD_MODEL_FILES.notOpenPose } },
      'model-not-openpose',
    );
    expect(message).toMatch(/heatmaps.*float32 \[1,19,/);
  });

  it("bytes that are not ONNX are 'model-invalid'", async () => {
    await initError({ modelUrl: fileUrl(BAD_MODEL_FILES.garbage), modelSpec: { ...CUSTOM, file: BAD_MODEL_FILES.garbage } }, 'model-invalid');
  });

  it("an id that is not in the manifest is 'unknown-model', listing the known ones", async () => {
    const message = await initError({ modelId: 'no-such-model' }, 'unknown-model');
    expect(message).toContain(SMALL_MODEL.id);
  });

  it('a missing hand model leaves hands off with a reason; the body still tracks', async () => {
    const r = await h.run({
      init: { backend: 'wasm', modelId: SMALL_MODEL.id, hands: { maxPeople: 1, modelUrl: fileUrl('absent-hands.onnx') } },
      image: { kind: 'blank', width: 64, height: 64 },
    });
    expect(r.initError).toBeUndefined();
    expect(r.init!.hands).toMatchObject({ enabled: false, model: 'handlandmark-lite', maxPeople: 1 });
    expect(r.init!.hands.reason).toMatch(/^Hand tracking is unavailable .*handlandmark-lite\.onnx.*body tracking continues/);
    expect(r.errors).toEqual([]);
    expect(r.frames).toHaveLength(1);
  });

  it('requested nothing off-origin and logged only the expected 404', () => {
    expect(h.problems.offOrigin).toEqual([]);
    // Chromium itself reports a failed fetch on the console; nothing else may appear.
    expect(h.problems.console.filter((m) => !/status of 404/.test(m))).toEqual([]);
    expect(h.problems.console.length).toBeLessThanOrEqual(1);
  });
});
