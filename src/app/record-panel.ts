/**
 * The recording panel (issue 5): Record / Stop with a timer and frame count, then a clip per tracked
 * person with downloads as .vrma, .bvh and OpenPose JSON (.zip, made in the export worker), a
 * preview of the recording on the avatars (play, pause, scrub, back to live), and playback of .vrma /
 * .bvh files dropped on the page.
 *
 * ```ts
 * const panel = createRecordPanel(document.getElementById('record')!, {
 *   scene,                                             // the page's AvatarScene
 *   setLivePaused: (p) => { liveDriving = !p; },       // stop calling scene.setPersonPose while true
 *   showMessage: (text, severity) => messages.show(text, severity),
 * });
 * // per processed frame, after the solver: every confirmed person's solved pose
 * panel.onFrame(frame.timestampMs, persons);
 * // a .vrma / .bvh dropped on the page
 * await panel.handleDroppedMotion(file);
 * ```
 *
 * Decisions:
 * - Preview plays each recorded person's clip on that person's avatar. A person who has left the
 *   scene since is brought back for the preview (the scene's avatar for their id, i.e. their colour)
 *   and despawns again on "Back to live", so every recorded track can be seen. All clips run on one
 *   clock: someone who entered late starts late, someone who left holds their last pose.
 * - A dropped motion plays on every avatar in the scene; with none, on one default avatar (person id
 *   {@link FILE_PREVIEW_PERSON_ID}) that leaves again on "Back to live".
 * - A dropped motion during a recording is refused with a warning (it would stop live driving while
 *   frames are being recorded). Record during a preview ends the preview first.
 * - Each person's rest skeleton (for export offsets) is read from the avatar they are shown with when
 *   first recorded (once it has loaded); a person whose avatar never loaded is exported with the rest
 *   skeleton of another recorded person.
 */
import type { VRMHumanBoneName } from '@pixiv/three-vrm';
import { defaultAvatarVariant, type AvatarScene, type PersonId } from '../avatar';
import {
  clipDurationSeconds,
  createExportClient,
  createRecorder,
  RECORDED_BODY_AND_FINGER_BONES,
  downloadFile,
  EXPORT_FORMATS,
  exportFileName,
  isMotionFileError,
  loadMotionFile,
  motionFromRecording,
  presentFrameCount,
  restSkeletonFromVrm,
  type ExportClient,
  type ExportFormat,
  type LoadedMotion,
  type RecordedClip,
  type Recorder,
  type RestSkeleton,
} from '../record';
import { formatClock, formatFrames } from './record/format';
import { INITIAL_PANEL_STATE, isLivePaused, panelControls, transition, type PanelEvent, type PanelState } from './record/panel-state';
import { PreviewSession, type PreviewTarget } from './record/preview-session';
import './record-panel.css';

/** What the panel needs from the page. */
export interface RecordPanelDeps {
  /** The page's avatar scene (its loop must run: previews pose avatars through it). */
  scene: AvatarScene;
  /** The app stops driving avatars from the camera while a clip previews, and resumes after. */
  setLivePaused(paused: boolean): void;
  /** Shows a message in the app's message area. */
  showMessage(text: string, severity: 'info' | 'warning' | 'error'): void;
  /**
   * Whether hands are tracked: a recording started then stores the 30 finger bones as well (the body
   * bones only otherwise, so recordings without hands stay small). Default: never.
   */
  handsOn?(): boolean;
}

/** The panel's handle. */
export interface RecordPanel {
  /** Call once per processed frame with every confirmed tracked person's solved pose. */
  onFrame(timestampMs: number, persons: readonly RecordedPerson[]): void;
  /** .vrma / .bvh dropped on the page. */
  handleDroppedMotion(file: File): Promise<void>;
  /** Ends any preview (live resumes), removes the panel and stops the export worker. */
  dispose(): void;
}

/** One tracked person's solved pose in one processed frame. */
export interface RecordedPerson {
  /** Tracking identity (each gets its own clip). */
  id: number;
  /** Normalized local bone rotations `[x, y, z, w]`. */
  rotations: Partial<Record<VRMHumanBoneName, [number, number, number, number]>>;
  /** Normalized hips position (m). */
  hipsPosition: [number, number, number];
  /** 54 = 18 × (x, y, score), COCO-18 order, source-image pixels. */
  keypoints: Float32Array;
  /** 126 = left then right hand, 21 × (x, y, score), source pixels (score 0: not found); absent with hands off. */
  handKeypoints?: Float32Array;
  /** 210 = OpenPose's 70 face keypoints × (x, y, score), source pixels (score 0: not found); absent with face off. */
  faceKeypoints?: Float32Array;
  /** VRM expression weights by name (face on): recorded as expression tracks, exported in the VRMA. */
  expressions?: Readonly<Record<string, number>>;
}

/** Person id of the stand-in avatar a dropped motion plays on when the scene is empty (tracker ids are ≥ 1). */
export const FILE_PREVIEW_PERSON_ID = -1;
/** Timer and frame count refresh rate while recording: 10 Hz reads as live without a DOM write per frame. */
const TIMER_INTERVAL_MS = 100;
/**
 * While a recorded person's avatar is still loading, the scene is asked again every this many frames
 * (`scene.people()` allocates; a failed avatar load must not cost that on every frame of the take).
 */
const AVATAR_CHECK_EVERY_FRAMES = 5;
/** Scrub slider resolution (s): finer than one frame at 60 fps. */
const SCRUB_STEP_S = 0.01;
/** Stem of the OpenPose frame files inside the zip (OpenPose names them after the video). */
const OPENPOSE_BASE_NAME = 'mocap';

/** Per-person facts captured while recording. */
interface PersonMeta {
  rest: RestSkeleton | null;
  /** The scene's colour slot of the person (for the swatch), or null if never seen in the scene. */
  colorIndex: number | null;
}

/** A finished recording. */
interface Take {
  readonly clips: readonly RecordedClip[];
  readonly meta: ReadonlyMap<number, PersonMeta>;
  /** Wall-clock start, for file names (one stamp for every file of the take). */
  readonly startedAt: Date;
  /** Seconds from the first to the last frame. */
  readonly duration: number;
  /** Preview motions, built on first preview. */
  motions: Map<number, LoadedMotion> | null;
}

/** `<tag class=…>` with optional text. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function button(className: string, text: string, label?: string): HTMLButtonElement {
  const b = el('button', className, text);
  b.type = 'button';
  if (label) b.setAttribute('aria-label', label);
  return b;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Export format labels as the buttons show them. */
const FORMAT_LABEL: Record<ExportFormat, string> = { vrma: '.vrma', bvh: '.bvh', openpose: 'OpenPose .zip' };

/** Builds the panel inside `container` (appended; the container's other content is left alone). */
export function createRecordPanel(container: HTMLElement, deps: RecordPanelDeps): RecordPanel {
  const { scene } = deps;
  const bodyRecorder: Recorder = createRecorder();
  /** Created on the first recording with hands on. */
  let fingerRecorder: Recorder | null = null;
  /** The recorder of the current take: body bones, or body and finger bones when hands are on. */
  let recorder = bodyRecorder;
  let state: PanelState = INITIAL_PANEL_STATE;
  let livePaused = false;
  let disposed = false;

  // --- recording bookkeeping -----------------------------------------------------------------------
  /** Ids seen in this recording (Set lookups keep onFrame allocation-free). */
  const seen = new Set<number>();
  /** Ids whose avatar (rest skeleton, colour) is still to be read from the scene. */
  const pending = new Set<number>();
  let meta = new Map<number, PersonMeta>();
  let framesSinceCheck = 0;
  let startedAt = new Date();
  let take: Take | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  // --- playback --------------------------------------------------------------------------------------
  let session: PreviewSession | null = null;
  let sessionLabel = '';
  /** Bumped per dropped file: a slow load superseded by a newer drop (or dispose) is discarded. */
  let dropGeneration = 0;
  let scrubbing = false;
  let shownTimeText = '';

  let exporter: ExportClient | null = null;

  // --- DOM ---------------------------------------------------------------------------------------------
  const root = el('section', 'record-panel');
  root.setAttribute('aria-label', 'Recording');

  const bar = el('div', 'rp-bar');
  const recordButton = button('rp-record', 'Record');
  const timerText = el('span', 'rp-timer', formatClock(0));
  timerText.setAttribute('role', 'timer');
  timerText.setAttribute('aria-label', 'Recording time');
  const framesText = el('span', 'rp-frames', formatFrames(0));
  const statusText = el('span', 'rp-status');
  statusText.setAttribute('aria-live', 'polite');
  bar.append(recordButton, timerText, framesText, statusText);

  const transport = el('div', 'rp-transport');
  const playButton = button('rp-play', 'Play');
  const scrub = el('input', 'rp-scrub');
  scrub.type = 'range';
  scrub.min = '0';
  scrub.step = String(SCRUB_STEP_S);
  scrub.value = '0';
  scrub.setAttribute('aria-label', 'Playback time');
  const timeText = el('span', 'rp-time');
  const liveButton = button('rp-live', 'Back to live');
  transport.append(playButton, scrub, timeText, liveButton);

  const clipsBox = el('div', 'rp-clips');
  const clipsTitle = el('h3', 'rp-clips-title', 'Recorded clips');
  clipsTitle.append(el('span', 'rp-clips-hint', 'download per person'));
  const clipList = el('ul', 'rp-clip-list');
  clipList.setAttribute('aria-label', 'Recorded clips');
  const allRow = el('div', 'rp-all');
  clipsBox.append(clipsTitle, clipList, allRow);

  root.append(bar, transport, clipsBox);
  container.append(root);

  // --- state → DOM -----------------------------------------------------------------------------------

  function setLive(paused: boolean): void {
    if (paused === livePaused) return;
    livePaused = paused;
    deps.setLivePaused(paused);
  }

  function go(event: PanelEvent): boolean {
    const next = transition(state, event);
    if (!next) return false;
    state = next;
    setLive(isLivePaused(state.phase));
    render();
    return true;
  }

  function statusFor(): string {
    switch (state.phase) {
      case 'idle':
        return 'Ready to record';
      case 'recording':
        return 'Recording…';
      case 'stopped':
        return take && take.clips.length ? `${take.clips.length} ${take.clips.length === 1 ? 'person' : 'people'} recorded` : '';
      case 'previewing':
        return 'Previewing the recording · camera paused';
      case 'playing-file':
        return `Playing ${sessionLabel} · camera paused`;
    }
  }

  function render(): void {
    const c = panelControls(state);
    recordButton.textContent = c.recordIsStop ? 'Stop' : 'Record';
    recordButton.setAttribute('aria-pressed', String(c.recordIsStop));
    root.classList.toggle('is-recording', c.recordIsStop);
    statusText.textContent = statusFor();
    transport.hidden = !c.transport;
    liveButton.disabled = !c.backToLive;
    clipsBox.hidden = !c.clips;
    renderTransport();
  }

  function renderTransport(): void {
    const playing = session?.timeline.playing ?? false;
    playButton.textContent = playing ? 'Pause' : 'Play';
    const duration = session ? session.timeline.duration : (take?.duration ?? 0);
    scrub.max = String(duration);
    scrub.disabled = duration === 0 && !!session;
    updateTime(session?.timeline.time ?? 0, duration);
  }

  function updateTime(time: number, duration: number): void {
    if (!scrubbing) scrub.value = String(time);
    const text = `${formatClock(time * 1000)} / ${formatClock(duration * 1000)}`;
    if (text !== shownTimeText) {
      shownTimeText = text;
      timeText.textContent = text;
    }
  }

  function updateTimer(): void {
    const t = formatClock(recorder.elapsedMs);
    if (timerText.textContent !== t) timerText.textContent = t;
    const f = formatFrames(recorder.frameCount);
    if (framesText.textContent !== f) framesText.textContent = f;
  }

  // --- recording -------------------------------------------------------------------------------------

  /** Reads avatar facts (rest skeleton, colour slot) of people first seen since the last call. */
  function captureAvatars(): void {
    const people = scene.people();
    for (const id of pending) {
      const info = people.find((p) => p.id === id);
      const m = meta.get(id)!;
      if (info && m.colorIndex === null) m.colorIndex = info.index;
      if (info?.vrm) {
        m.rest = restSkeletonFromVrm(info.vrm);
        pending.delete(id);
      }
    }
  }

  function startRecording(): void {
    endSession();
    if (!go({ type: 'record' })) return;
    recorder = deps.handsOn?.() ? (fingerRecorder ??= createRecorder({ bones: RECORDED_BODY_AND_FINGER_BONES })) : bodyRecorder;
    recorder.start();
    seen.clear();
    pending.clear();
    meta = new Map();
    take = null;
    startedAt = new Date();
    clipList.replaceChildren();
    allRow.replaceChildren();
    updateTimer();
    timer = setInterval(updateTimer, TIMER_INTERVAL_MS);
  }

  function stopRecording(): void {
    if (state.phase !== 'recording') return;
    recorder.stop();
    if (timer !== null) clearInterval(timer);
    timer = null;
    updateTimer();
    if (pending.size) captureAvatars();
    const clips = recorder.clips();
    // A person whose avatar never finished loading borrows another recorded person's rest pose.
    const fallback = [...meta.values()].find((m) => m.rest)?.rest ?? null;
    for (const m of meta.values()) m.rest ??= fallback;
    take = { clips, meta, startedAt, duration: recorder.elapsedMs / 1000, motions: null };
    const skipped = recorder.rejectedFrames['non-increasing-timestamp'];
    if (skipped > 0) deps.showMessage(`${formatFrames(skipped)} with a repeated timestamp could not be recorded.`, 'warning');
    if (clips.length === 0) deps.showMessage('Nobody was tracked during the recording, so there is nothing to export.', 'info');
    buildClipList(take);
    go({ type: 'stop', clipCount: clips.length });
  }

  // --- clip list and exports -------------------------------------------------------------------------

  function buildClipList(t: Take): void {
    const rows = t.clips.map((clip) => {
      const id = clip.personId;
      const m = t.meta.get(id);
      const li = el('li', 'rp-clip');
      li.dataset.personId = String(id);
      const swatch = el('span', 'rp-swatch');
      swatch.setAttribute('aria-hidden', 'true');
      if (m?.colorIndex != null) swatch.style.background = defaultAvatarVariant(m.colorIndex).color;
      const name = el('span', 'rp-name', `Person ${id}`);
      const present = presentFrameCount(clip);
      const facts = `${formatClock(clipDurationSeconds(clip) * 1000)} · ${formatFrames(clip.frameCount)}`;
      const info = el('span', 'rp-facts', present < clip.frameCount ? `${facts} (seen in ${present})` : facts);
      info.dataset.frames = String(clip.frameCount);
      const actions = el('span', 'rp-actions');
      for (const format of Object.keys(EXPORT_FORMATS) as ExportFormat[]) {
        const b = button('rp-download', FORMAT_LABEL[format], `Download person ${id} as ${FORMAT_LABEL[format]}`);
        if (format !== 'openpose' && !m?.rest) {
          b.disabled = true;
          b.title = 'No avatar was shown for this person, so there are no bone offsets to export with';
        }
        b.addEventListener('click', () => void runExport(b, format, t, clip));
        actions.append(b);
      }
      li.append(swatch, name, info, actions);
      return li;
    });
    clipList.replaceChildren(...rows);
    allRow.replaceChildren();
    if (t.clips.length > 1) {
      const label = 'Download everyone as OpenPose .zip';
      const b = button('rp-download', 'Everyone: OpenPose .zip', label);
      b.addEventListener('click', () => void runExport(b, 'openpose', t, null));
      allRow.append(b);
    }
  }

  /** Exports `clip` (null: every clip of the take, OpenPose only) in the worker and downloads it. */
  async function runExport(b: HTMLButtonElement, format: ExportFormat, t: Take, clip: RecordedClip | null): Promise<void> {
    const who = clip ? `person ${clip.personId}` : 'everyone';
    const text = b.textContent;
    b.disabled = true;
    b.setAttribute('aria-busy', 'true');
    b.textContent = 'Exporting…';
    try {
      exporter ??= createExportClient();
      let data: Uint8Array | string;
      if (format === 'openpose') {
        data = (await exporter.openPose(clip ?? t.clips, { baseName: OPENPOSE_BASE_NAME })).zip;
      } else {
        const rest = t.meta.get(clip!.personId)?.rest;
        if (!rest) throw new Error('no avatar rest pose');
        data = format === 'vrma' ? await exporter.vrma(clip!, rest) : (await exporter.bvh(clip!, rest)).text;
      }
      if (disposed) return;
      downloadFile(data, exportFileName(format, clip ? clip.personId : 'all', t.startedAt), format);
    } catch (e) {
      if (!disposed) deps.showMessage(`Export of ${who} as ${FORMAT_LABEL[format]} failed: ${errorText(e)}`, 'error');
    } finally {
      b.disabled = false;
      b.removeAttribute('aria-busy');
      b.textContent = text;
    }
  }

  // --- preview and playback --------------------------------------------------------------------------

  function endSession(): void {
    session?.dispose();
    session = null;
    sessionLabel = '';
  }

  function startSession(targets: readonly PreviewTarget[], label: string, duration?: number): void {
    endSession();
    sessionLabel = label;
    session = new PreviewSession(scene, targets, {
      ...(duration !== undefined && { duration }),
      onFrame: (time) => updateTime(time, session?.timeline.duration ?? 0),
    });
  }

  /** Enters the recording's preview (paused at 0). Returns false when there is nothing to preview. */
  function startPreview(): boolean {
    const t = take;
    if (!t || !transition(state, { type: 'preview' })) return false;
    if (!t.motions) {
      t.motions = new Map();
      for (const clip of t.clips) {
        const rest = t.meta.get(clip.personId)?.rest;
        if (rest) t.motions.set(clip.personId, motionFromRecording(clip, rest));
      }
    }
    const targets: PreviewTarget[] = [];
    for (const clip of t.clips) {
      const motion = t.motions.get(clip.personId);
      if (motion) targets.push({ personId: clip.personId, motion, offsetS: clip.timesMs[0] / 1000 });
    }
    if (!targets.length) {
      deps.showMessage('The recording cannot be previewed: no avatar was shown for anyone in it.', 'warning');
      return false;
    }
    startSession(targets, 'the recording', t.duration);
    return go({ type: 'preview' });
  }

  function backToLive(): void {
    endSession();
    go({ type: 'back-to-live' });
  }

  async function handleDroppedMotion(file: File): Promise<void> {
    if (disposed) return;
    if (state.phase === 'recording') {
      deps.showMessage(`Stop the recording before playing ${file.name}.`, 'warning');
      return;
    }
    const generation = ++dropGeneration;
    let motion: LoadedMotion;
    try {
      motion = await loadMotionFile(await file.arrayBuffer(), file.name);
    } catch (e) {
      if (generation !== dropGeneration || disposed) return;
      deps.showMessage(isMotionFileError(e) ? e.message : `${file.name} could not be read: ${errorText(e)}`, 'error');
      return;
    }
    // A recording may have started while the file loaded.
    if (generation !== dropGeneration || disposed || recorder.state === 'recording') return;
    // The previous session first: people it brought in leave, and are not played on again.
    endSession();
    const ids: PersonId[] = scene
      .people()
      .filter((p) => !p.leaving)
      .map((p) => p.id);
    if (!ids.length) ids.push(FILE_PREVIEW_PERSON_ID);
    startSession(
      ids.map((personId) => ({ personId, motion, offsetS: 0 })),
      motion.isStatic ? `${motion.name} (a still pose)` : motion.name,
    );
    session!.play();
    go({ type: 'play-file' });
  }

  // --- events ----------------------------------------------------------------------------------------

  recordButton.addEventListener('click', () => {
    if (state.phase === 'recording') stopRecording();
    else startRecording();
  });
  playButton.addEventListener('click', () => {
    if (!session && !startPreview()) return;
    if (session!.timeline.playing) session!.pause();
    else session!.play();
    renderTransport();
  });
  scrub.addEventListener('pointerdown', () => {
    scrubbing = true;
  });
  // A drag ends with change, or only pointerup when the value did not change.
  for (const type of ['change', 'pointerup', 'pointercancel'] as const) {
    scrub.addEventListener(type, () => {
      scrubbing = false;
    });
  }
  scrub.addEventListener('input', () => {
    const t = Number(scrub.value);
    if (!session && !startPreview()) return;
    session!.seek(t);
    updateTime(session!.timeline.time, session!.timeline.duration);
  });
  liveButton.addEventListener('click', backToLive);

  render();

  return {
    onFrame(timestampMs, persons) {
      if (state.phase !== 'recording') return;
      recorder.addFrame(timestampMs, persons);
      let newcomer = false;
      for (let i = 0; i < persons.length; i++) {
        const id = persons[i].id;
        if (seen.has(id)) continue;
        seen.add(id);
        meta.set(id, { rest: null, colorIndex: null });
        pending.add(id);
        newcomer = true;
      }
      // At once for a newcomer (colour slot, avatar if loaded), then now and then until their avatar loaded.
      if (pending.size && (newcomer || ++framesSinceCheck >= AVATAR_CHECK_EVERY_FRAMES)) {
        framesSinceCheck = 0;
        captureAvatars();
      }
    },
    handleDroppedMotion,
    dispose() {
      if (disposed) return;
      disposed = true;
      dropGeneration++;
      if (timer !== null) clearInterval(timer);
      endSession();
      setLive(false);
      exporter?.dispose();
      root.remove();
    },
  };
}
