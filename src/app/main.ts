/**
 * The app (`npm start`): camera, video file or image → pose worker (latest frame wins) → identity
 * tracker → one retarget solver per person → one avatar per person in the 3D scene; skeletons over a
 * thumbnail of the input, a HUD, settings, avatar drops, the record panel, and an on-page message for
 * every failure. Each concern lives in its own file; this one wires them together.
 */
import type { VRM } from '@pixiv/three-vrm';
import { createAvatarScene, createDefaultAvatarFactory, defaultAvatarVariant, isAvatarLoadError, loadAvatar } from '../avatar';
import { createPoseEstimator, type PoseEstimator } from '../pose/create-pose-estimator';
import { isPoseEngineError } from '../pose/errors';
import type { FaceStatus, HandsStatus } from '../pose/estimator-api';
import { getModel } from '../pose/models';
import { CameraError } from './camera';
import { byId, errorText } from './dom';
import { drawSkeletons, type SkeletonLabel } from './draw-skeleton';
import { installDrop } from './drop';
import { createHud } from './hud';
import { createMessages } from './messages';
import { createPeople } from './people';
import { createPipeline, type PipelineDeps } from './pipeline';
import { createRecordPanel } from './record-panel';
import { createSettingsForm, settingsFromUrl, type AppSettings } from './settings';
import { createSources, type SourceInfo } from './sources';
import { installTestHook } from './test-hook';

/** A still image whose avatars are still loading is offered again this often (ms)… */
const STILL_RETRY_MS = 300;
/** …at most this many times (an avatar that never loads must not keep the worker busy). */
const STILL_RETRY_MAX = 20;

const ui = {
  camera: byId<HTMLButtonElement>('camera'),
  cameraDevice: byId<HTMLSelectElement>('camera-device'),
  videoFile: byId<HTMLInputElement>('video-file'),
  imageFile: byId<HTMLInputElement>('image-file'),
  videoControls: byId('video-controls'),
  play: byId<HTMLButtonElement>('play'),
  seek: byId<HTMLInputElement>('seek'),
  videoTime: byId('video-time'),
  avatarTarget: byId<HTMLSelectElement>('avatar-target'),
  avatarFile: byId<HTMLInputElement>('avatar-file'),
  avatarReset: byId<HTMLButtonElement>('avatar-reset'),
  load: byId('load'),
  progress: byId<HTMLProgressElement>('progress'),
  loadText: byId('load-text'),
  avatars: byId<HTMLCanvasElement>('avatars'),
  thumb: byId('thumb'),
  thumbMedia: byId('thumb-media'),
  video: byId<HTMLVideoElement>('video'),
  still: byId<HTMLCanvasElement>('still'),
  overlay: byId<HTMLCanvasElement>('overlay'),
  emptyHint: byId('empty-hint'),
  dropOverlay: byId('drop-overlay'),
};
const overlayCtx = ui.overlay.getContext('2d')!;

const messages = createMessages(byId('messages'));
const settings = createSettingsForm(byId<HTMLFormElement>('settings'), settingsFromUrl(location.search));
const hud = createHud();
/** three-vrm's parse notices (e.g. unsupported VRM 0.x curve settings) are not the user's problem. */
const ignoreWarning = (): void => undefined;

const scene = createAvatarScene(ui.avatars, {
  mirror: settings.values.mirror,
  avatarFactory: createDefaultAvatarFactory({ onWarning: ignoreWarning }),
  onAvatarError: (id, e) => messages.show(`The avatar of person ${id} could not be loaded: ${errorText(e)}`, 'error', { key: 'avatar' }),
});
const peopleOptions = (s: Readonly<AppSettings>) => ({
  smoothing: s.smoothing,
  mirror: s.mirror,
  cameraTiltDeg: s.cameraTilt,
  cameraFovDiagonalDeg: s.cameraFov,
  maxPeople: s.maxPeople,
});
const people = createPeople(scene, peopleOptions(settings.values));

const recordPanel = createRecordPanel(byId('record-panel'), {
  scene,
  setLivePaused: (paused) => people.setPaused(paused),
  showMessage: (text, severity) => messages.show(text, severity),
  handsOn: () => handsEnabled,
});

const testHook = installTestHook(location.search, scene, people, messages.history, () => hud.stats());

// --- pose estimator ------------------------------------------------------------------------------

let estimator: PoseEstimator | null = null;
/** Bumped per load so a slow, superseded load does not overwrite a newer one. */
let loadGeneration = 0;
/** Bumped per source change: results of an older source's frames are discarded. */
let sourceGeneration = 0;
/** Capture time of the latest frame whose pose is waiting for the next render (NaN: none). */
let pendingCaptureMs = NaN;
let stillRetries = 0;
let lastStillRetry = 0;
/** Whether the worker runs hands (the setting is on and the hand model loaded). */
let handsEnabled = false;

const pipelineDeps: PipelineDeps = {
  estimate: null,
  onResult(frame, request) {
    if (request.tag !== sourceGeneration || frame.imageWidth === 0) return;
    const solved = people.update(frame, request.still);
    hud.frame(performance.now(), frame.timings.inferenceMs, people.shownIds.length, frame.timings.handsMs, frame.timings.faceMs);
    drawOverlay(frame.people, frame.imageWidth, frame.imageHeight);
    recordPanel.onFrame(frame.timestamp, solved);
    testHook.frame(frame.imageWidth, frame.imageHeight);
    refreshAvatarTargets();
    if (!request.still) pendingCaptureMs = request.captureTimeMs;
  },
  onError(error) {
    // A model switch disposes the estimator under a frame in flight; that frame just ends.
    if (isPoseEngineError(error) && (error.code === 'busy' || error.code === 'not-initialized')) return;
    messages.show(`Pose estimation failed: ${errorText(error)}`, 'error', { key: 'estimate' });
  },
};
const pipeline = createPipeline(pipelineDeps);

async function loadModel(): Promise<void> {
  const generation = ++loadGeneration;
  const previous = estimator;
  estimator = null;
  pipelineDeps.estimate = null;
  handsEnabled = false;
  await previous?.dispose();

  const { modelId, inputHeight, backend } = settings.values;
  const spec = getModel(modelId);
  messages.clear('model');
  messages.clear('backend');
  hud.backend('…');
  ui.load.hidden = false;
  ui.progress.removeAttribute('value');
  ui.loadText.textContent = `Loading ${spec.label}…`;
  try {
    const next = await createPoseEstimator({
      modelId,
      inputHeight,
      backend,
      hands: { model: settings.values.handModel, maxPeople: settings.values.hands },
      face: { maxPeople: settings.values.face },
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
    pipelineDeps.estimate = (source, t) => next.estimate(source, t);
    const info = next.info;
    hud.backend(info.backend === 'webgpu' ? 'WebGPU' : `WASM (${info.numThreads} thread${info.numThreads === 1 ? '' : 's'}${info.simd ? ', SIMD' : ''})`);
    if (info.fallbackReason) messages.show(`${info.fallbackReason}. WASM is used instead (slower).`, 'warning', { key: 'backend' });
    showHandsStatus(info.hands);
    showFaceStatus(info.face);
    sources.reprocess();
  } catch (e) {
    if (generation !== loadGeneration) return;
    hud.backend('—');
    const missing = isPoseEngineError(e) && e.code === 'model-missing';
    messages.show(errorText(e), 'error', { key: 'model', prominent: missing });
  } finally {
    if (generation === loadGeneration) ui.load.hidden = true;
  }
}

/** HUD and message for the worker's face status (a missing face model is a warning: the body still tracks). */
function showFaceStatus(status: FaceStatus): void {
  hud.faceShown(status.enabled);
  if (status.reason && status.maxPeople > 0) messages.show(status.reason, 'warning', { key: 'face' });
  else messages.clear('face');
  // Faces without the iris model still work (no gaze, weaker blinks): say so once faces are on.
  const iris = status.iris;
  if (status.enabled && iris && !iris.enabled && iris.reason) messages.show(iris.reason, 'warning', { key: 'iris' });
  else messages.clear('iris');
}

/** HUD and message for the worker's hands status (a missing hand model is a warning: the body still tracks). */
function showHandsStatus(status: HandsStatus): void {
  handsEnabled = status.enabled;
  hud.handsShown(status.enabled);
  if (status.reason && status.maxPeople > 0) messages.show(status.reason, 'warning', { key: 'hands' });
  else messages.clear('hands');
}

// --- sources -------------------------------------------------------------------------------------

const sources = createSources(ui.video, ui.still, {
  onFrame(request) {
    request.tag = sourceGeneration;
    pipeline.submit(request);
  },
  onSourceChange(info) {
    sourceGeneration++;
    pipeline.clearPending();
    people.reset();
    hud.reset();
    stillRetries = 0;
    showSource(info);
  },
  onCameras(cameras, activeId) {
    ui.cameraDevice.replaceChildren(...cameras.map((c, i) => new Option(c.label || `Camera ${i + 1}`, c.deviceId, false, c.deviceId === activeId)));
    ui.cameraDevice.hidden = cameras.length < 2;
  },
  onPlayback({ playing, currentTime, duration }) {
    ui.play.textContent = playing ? 'Pause' : 'Play';
    ui.seek.max = String(duration || 1);
    if (document.activeElement !== ui.seek) ui.seek.value = String(currentTime);
    ui.videoTime.textContent = `${currentTime.toFixed(1)} / ${duration.toFixed(1)} s`;
  },
});

function showSource(info: SourceInfo | null): void {
  ui.thumb.hidden = !info;
  ui.emptyHint.hidden = !!info;
  ui.video.hidden = !info || info.kind === 'image';
  ui.still.hidden = info?.kind !== 'image';
  ui.videoControls.hidden = info?.kind !== 'video';
  ui.camera.textContent = info?.kind === 'camera' ? 'Stop camera' : 'Camera';
  if (info) ui.thumbMedia.style.aspectRatio = `${info.width} / ${info.height}`;
  overlayCtx.clearRect(0, 0, ui.overlay.width, ui.overlay.height);
}

function drawOverlay(detected: Parameters<typeof drawSkeletons>[3], width: number, height: number): void {
  const labels: SkeletonLabel[] = [];
  const scenePeople = scene.people();
  for (const id of people.shownIds) {
    const person = detected[people.detectionIndex(id)];
    const index = scenePeople.find((p) => p.id === id)?.index ?? 0;
    if (person) labels.push({ person, text: String(id), color: defaultAvatarVariant(index).color });
  }
  drawSkeletons(overlayCtx, width, height, detected, labels, settings.values.mirror);
}

async function toggleCamera(): Promise<void> {
  if (sources.info?.kind === 'camera') {
    sources.stop();
    return;
  }
  messages.clear('camera');
  try {
    await sources.startCamera(ui.cameraDevice.value || undefined);
  } catch (e) {
    messages.show(e instanceof CameraError ? e.message : `The camera could not be started: ${errorText(e)}`, 'error', { key: 'camera' });
  }
}

function openVideo(file: File): void {
  messages.clear('source');
  sources.openVideo(file).catch((e: unknown) => messages.show(errorText(e), 'error', { key: 'source' }));
}

function openImage(file: File): void {
  messages.clear('source');
  sources.openImage(file, file.name).catch((e: unknown) => messages.show(errorText(e), 'error', { key: 'source' }));
}

// --- avatars -------------------------------------------------------------------------------------

let avatarTargetKey = '';
/** Keeps the "Avatar for" picker's people in step with the people shown (rebuilt only when they change). */
function refreshAvatarTargets(): void {
  const ids = people.shownIds;
  const key = ids.join(',');
  if (key === avatarTargetKey) return;
  avatarTargetKey = key;
  const chosen = ui.avatarTarget.value;
  ui.avatarTarget.replaceChildren(new Option('everyone', 'all'), ...ids.map((id) => new Option(`person ${id}`, String(id))));
  ui.avatarTarget.value = ids.some((id) => String(id) === chosen) ? chosen : 'all';
}

/** Loads a dropped or picked .vrm and gives it to the person chosen in "Avatar for" (or everyone). */
async function useAvatarFile(file: File): Promise<void> {
  messages.clear('avatar');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const load = (): Promise<VRM> => loadAvatar(bytes.slice(), { name: file.name, onWarning: ignoreWarning });
  let first: VRM | null;
  try {
    first = await load();
  } catch (e) {
    messages.show(isAvatarLoadError(e) ? e.message : `${file.name} could not be loaded as an avatar: ${errorText(e)}`, 'error', { key: 'avatar' });
    return;
  }
  const target = ui.avatarTarget.value;
  if (target !== 'all' && scene.people().some((p) => String(p.id) === target && !p.leaving)) {
    scene.setAvatarForPerson(Number(target), first);
    messages.show(`${file.name} is now the avatar of person ${target}.`, 'info', { key: 'avatar' });
    return;
  }
  // The validated VRM serves the first person; later people each need an instance of their own.
  await scene
    .setAvatarForAll(() => {
      const vrm = first;
      first = null;
      return vrm ?? load();
    })
    .then(() => messages.show(`${file.name} is now everyone's avatar.`, 'info', { key: 'avatar' }))
    .catch((e: unknown) => messages.show(errorText(e), 'error', { key: 'avatar' }));
}

// --- render loop ---------------------------------------------------------------------------------

let lastRender = performance.now();
function render(now: number): void {
  scene.tick((now - lastRender) / 1000);
  lastRender = now;
  if (Number.isFinite(pendingCaptureMs)) {
    hud.latency(performance.now() - pendingCaptureMs);
    pendingCaptureMs = NaN;
  }
  // A still image's people were solved before their avatars had loaded: solve it again once they have.
  if (sources.info?.kind === 'image' && !pipeline.busy && stillRetries < STILL_RETRY_MAX && now - lastStillRetry > STILL_RETRY_MS && people.awaitingAvatars()) {
    stillRetries++;
    lastStillRetry = now;
    sources.reprocess();
  }
  requestAnimationFrame(render);
}

// --- wiring --------------------------------------------------------------------------------------

settings.onChange((key) => {
  const s = settings.values;
  switch (key) {
    case 'modelId':
    case 'backend':
    case 'handModel':
      void loadModel();
      break;
    case 'hands':
      estimator
        ?.setHandsMaxPeople(s.hands)
        .then((status) => {
          showHandsStatus(status);
          sources.reprocess();
        })
        .catch((e: unknown) => messages.show(errorText(e), 'error', { key: 'estimate' }));
      break;
    case 'face':
      estimator
        ?.setFaceMaxPeople(s.face)
        .then((status) => {
          showFaceStatus(status);
          sources.reprocess();
        })
        .catch((e: unknown) => messages.show(errorText(e), 'error', { key: 'estimate' }));
      break;
    case 'inputHeight':
      estimator
        ?.setInputHeight(s.inputHeight)
        .then(() => sources.reprocess())
        .catch((e: unknown) => messages.show(errorText(e), 'error', { key: 'estimate' }));
      break;
    case 'mirror':
      scene.mirror = s.mirror;
      ui.thumbMedia.classList.toggle('mirrored', s.mirror);
      people.setOptions(peopleOptions(s));
      sources.reprocess();
      break;
    case 'smoothing':
    case 'cameraTilt':
    case 'cameraFov':
    case 'maxPeople':
      people.setOptions(peopleOptions(s));
      sources.reprocess();
      break;
  }
});

ui.thumbMedia.classList.toggle('mirrored', settings.values.mirror);
ui.camera.disabled = false;
ui.camera.addEventListener('click', () => void toggleCamera());
ui.cameraDevice.addEventListener('change', () => {
  messages.clear('camera');
  sources.startCamera(ui.cameraDevice.value).catch((e: unknown) => messages.show(errorText(e), 'error', { key: 'camera' }));
});
ui.videoFile.addEventListener('change', () => {
  const f = ui.videoFile.files?.[0];
  if (f) openVideo(f);
  ui.videoFile.value = '';
});
ui.imageFile.addEventListener('change', () => {
  const f = ui.imageFile.files?.[0];
  if (f) openImage(f);
  ui.imageFile.value = '';
});
ui.avatarFile.addEventListener('change', () => {
  const f = ui.avatarFile.files?.[0];
  if (f) void useAvatarFile(f);
  ui.avatarFile.value = '';
});
ui.avatarReset.addEventListener('click', () => {
  messages.clear('avatar');
  scene.setAvatarForAll(null).catch((e: unknown) => messages.show(errorText(e), 'error', { key: 'avatar' }));
});
ui.play.addEventListener('click', () => sources.togglePlay());
ui.seek.addEventListener('input', () => sources.seek(Number(ui.seek.value)));

installDrop(document.body, ui.dropOverlay, {
  avatar: (f) => void useAvatarFile(f),
  video: openVideo,
  image: openImage,
  motion: (f) => void recordPanel.handleDroppedMotion(f).catch((e: unknown) => messages.show(errorText(e), 'error')),
  unknown: (f) => messages.show(`${f.name}: not a file this page uses. Drop a video, an image, a .vrm avatar, or a .vrma/.bvh motion.`, 'warning'),
});

requestAnimationFrame(render);
void loadModel();
