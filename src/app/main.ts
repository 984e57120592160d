/**
 * The pose preview page: loads a model into the pose worker (progress, backend, timings), then
 * estimates people in an opened image or the camera and draws their skeletons.
 */
import { createPoseEstimator, type PoseEstimator } from '../pose/create-pose-estimator';
import { isPoseEngineError } from '../pose/errors';
import { DEFAULT_MODEL_ID, getModel, MODELS } from '../pose/models';
import type { PoseFrame } from '../pose/types';
import { CameraError, closeCamera, openCamera } from './camera';
import { drawFrame } from './draw-skeleton';

/** Network input heights offered (multiples of 16, so valid for every manifest model). */
const INPUT_HEIGHTS = [128, 192, 256, 320, 368, 448] as const;

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} missing from index.html`);
  return el as T;
};

const ui = {
  model: $<HTMLSelectElement>('model'),
  inputHeight: $<HTMLSelectElement>('input-height'),
  file: $<HTMLInputElement>('file'),
  camera: $<HTMLButtonElement>('camera'),
  load: $<HTMLDivElement>('load'),
  progress: $<HTMLProgressElement>('progress'),
  loadText: $<HTMLSpanElement>('load-text'),
  error: $<HTMLParagraphElement>('error'),
  notice: $<HTMLParagraphElement>('notice'),
  backend: $<HTMLElement>('backend'),
  initTimes: $<HTMLElement>('init-times'),
  people: $<HTMLElement>('people'),
  timings: $<HTMLElement>('timings'),
  view: $<HTMLCanvasElement>('view'),
};
const ctx = ui.view.getContext('2d');
if (!ctx) throw new Error('2D canvas unavailable');
const video = document.createElement('video');

let estimator: PoseEstimator | null = null;
/** Bumped per load so a slow, superseded load does not overwrite a newer one. */
let loadGeneration = 0;
let image: ImageBitmap | null = null;
let stream: MediaStream | null = null;

const ms = (v: number): string => `${v.toFixed(v < 10 ? 1 : 0)} ms`;

function showError(message: string | null, prominent = false): void {
  ui.error.hidden = !message;
  ui.error.textContent = message ?? '';
  ui.error.classList.toggle('prominent', prominent);
}

function showFrame(frame: PoseFrame, source: CanvasImageSource): void {
  drawFrame(ctx!, source, frame.imageWidth, frame.imageHeight, frame.people);
  ui.people.textContent = String(frame.people.length);
  const t = frame.timings;
  ui.timings.textContent = `${ms(t.preprocessMs)} / ${ms(t.inferenceMs)} / ${ms(t.decodeMs)} at ${frame.inputWidth}×${frame.inputHeight}`;
}

async function loadModel(): Promise<void> {
  const generation = ++loadGeneration;
  stopCamera();
  const previous = estimator;
  estimator = null;
  ui.camera.disabled = true;
  await previous?.dispose();

  const spec = getModel(ui.model.value);
  showError(null);
  ui.notice.hidden = true;
  ui.backend.textContent = '…';
  ui.initTimes.textContent = '…';
  ui.load.hidden = false;
  ui.progress.removeAttribute('value');
  ui.loadText.textContent = `Loading ${spec.label}…`;
  try {
    const next = await createPoseEstimator({
      modelId: spec.id,
      inputHeight: Number(ui.inputHeight.value),
      onProgress: (p) => {
        if (generation !== loadGeneration) return;
        if (p.phase === 'download' && p.total > 0) {
          ui.progress.value = p.loaded / p.total;
          ui.loadText.textContent = `Downloading ${spec.file}: ${(p.loaded / 1e6).toFixed(1)} of ${(p.total / 1e6).toFixed(1)} MB`;
        } else if (p.phase === 'compile') {
          ui.progress.removeAttribute('value');
          ui.loadText.textContent = 'Compiling the model…';
        }
      },
    });
    if (generation !== loadGeneration) {
      await next.dispose();
      return;
    }
    estimator = next;
    const info = next.info;
    ui.backend.textContent =
      info.backend === 'webgpu' ? 'WebGPU' : `WASM (${info.numThreads} thread${info.numThreads === 1 ? '' : 's'}${info.simd ? ', SIMD' : ''})`;
    ui.initTimes.textContent = `${ms(info.loadMs)} / ${ms(info.compileMs)}`;
    if (info.fallbackReason) {
      ui.notice.hidden = false;
      ui.notice.textContent = `${info.fallbackReason}. WASM is used instead (slower).`;
    }
    ui.camera.disabled = false;
    if (image) await estimateImage();
  } catch (e) {
    if (generation !== loadGeneration) return;
    ui.backend.textContent = '—';
    ui.initTimes.textContent = '—';
    showError(e instanceof Error ? e.message : String(e), isPoseEngineError(e) && e.code === 'model-missing');
  } finally {
    if (generation === loadGeneration) ui.load.hidden = true;
  }
}

async function estimateImage(): Promise<void> {
  if (!estimator || !image) return;
  try {
    // The estimator transfers (and so detaches) the bitmap it is given: keep ours for redrawing.
    const frame = await estimator.estimate(await createImageBitmap(image), performance.now());
    showFrame(frame, image);
  } catch (e) {
    showError(e instanceof Error ? e.message : String(e));
  }
}

/** One camera frame at a time: the next is requested only after the previous result is drawn. */
async function cameraLoop(): Promise<void> {
  while (stream && estimator) {
    const est = estimator;
    try {
      const frame = await est.estimate(video, video.currentTime * 1000);
      if (!stream) break;
      if (frame.imageWidth > 0) showFrame(frame, video);
    } catch (e) {
      if (est !== estimator) break; // a model switch disposed it mid-frame
      showError(e instanceof Error ? e.message : String(e));
      break;
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

function stopCamera(): void {
  if (!stream) return;
  closeCamera(video, stream);
  stream = null;
  ui.camera.textContent = 'Camera';
}

async function toggleCamera(): Promise<void> {
  if (stream) {
    stopCamera();
    return;
  }
  showError(null);
  try {
    stream = await openCamera(video);
    ui.camera.textContent = 'Stop camera';
    void cameraLoop();
  } catch (e) {
    showError(e instanceof CameraError ? e.message : `Camera failed: ${String(e)}`);
  }
}

async function openImage(file: File): Promise<void> {
  stopCamera();
  try {
    const bitmap = await createImageBitmap(file);
    image?.close();
    image = bitmap;
  } catch {
    showError(`${file.name} could not be read as an image.`);
    return;
  }
  showError(null);
  drawFrame(ctx!, image, image.width, image.height, []);
  await estimateImage();
}

function setup(): void {
  for (const m of MODELS) ui.model.add(new Option(m.label, m.id, m.id === DEFAULT_MODEL_ID, m.id === DEFAULT_MODEL_ID));
  const defaultHeight = getModel().defaultInputHeight;
  for (const h of INPUT_HEIGHTS) ui.inputHeight.add(new Option(`${h} px`, String(h), h === defaultHeight, h === defaultHeight));

  ui.model.addEventListener('change', () => void loadModel());
  ui.inputHeight.addEventListener('change', () => {
    // The camera loop picks the new height up on its next frame; a still image is re-run now.
    estimator
      ?.setInputHeight(Number(ui.inputHeight.value))
      .then(() => (stream ? undefined : estimateImage()))
      .catch((e: unknown) => showError(e instanceof Error ? e.message : String(e)));
  });
  ui.file.addEventListener('change', () => {
    const file = ui.file.files?.[0];
    if (file) void openImage(file);
  });
  ui.camera.addEventListener('click', () => void toggleCamera());
  void loadModel();
}

setup();
