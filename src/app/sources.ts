/**
 * The page's frame sources: the webcam (with a device picker), a video file (play, pause, seek) and a
 * still image. Each new frame is offered as a {@link FrameRequest}; the pipeline decides what to send.
 * Video frames are taken with `requestVideoFrameCallback` where the browser has it (one call per
 * presented frame, with its capture/media time), else by polling the video's time once per display frame.
 */
import { CameraError, closeCamera, listCameras, openCamera } from './camera';
import type { FrameRequest } from './pipeline';

export type SourceKind = 'camera' | 'video' | 'image';

export interface SourceInfo {
  kind: SourceKind;
  width: number;
  height: number;
  /** A file's name, or the camera's label. */
  name: string;
}

export interface SourceEvents {
  /** A new frame of the current source. */
  onFrame(request: FrameRequest): void;
  /** The source changed (null: none). Frames of the previous source no longer arrive. */
  onSourceChange(info: SourceInfo | null): void;
  /** Cameras listed after permission, and the one in use (for the picker). */
  onCameras(cameras: readonly MediaDeviceInfo[], activeId: string | undefined): void;
  /** Video playback state changed (for the play button and seek bar). */
  onPlayback(state: { playing: boolean; currentTime: number; duration: number }): void;
}

export interface Sources {
  readonly info: SourceInfo | null;
  /** Starts the camera (a given device, or the browser's choice). @throws {CameraError} */
  startCamera(deviceId?: string): Promise<void>;
  /** Opens a video file and plays it (looping). @throws Error with a user-facing message. */
  openVideo(file: File): Promise<void>;
  /** Opens a still image. @throws Error with a user-facing message. */
  openImage(file: Blob, name: string): Promise<void>;
  /** Stops whatever runs (camera tracks are released). */
  stop(): void;
  /** Offers the still image again (after a model or input-height change). No-op for other sources. */
  reprocess(): void;
  togglePlay(): void;
  /** Seeks the video to `seconds`. */
  seek(seconds: number): void;
}

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number; presentationTime: number; captureTime?: number }) => void) => number;
  cancelVideoFrameCallback?: (handle: number) => void;
};

/** Creates the sources over the page's `<video>` and still-image `<canvas>`. */
export function createSources(video: HTMLVideoElement, still: HTMLCanvasElement, events: SourceEvents): Sources {
  const v = video as FrameCallbackVideo;
  let info: SourceInfo | null = null;
  let stream: MediaStream | null = null;
  let objectUrl: string | null = null;
  /** Bumped on every source change: callbacks of an older source stop themselves. */
  let generation = 0;

  const playback = (): void =>
    events.onPlayback({ playing: !video.paused && !video.ended, currentTime: video.currentTime, duration: Number.isFinite(video.duration) ? video.duration : 0 });
  for (const type of ['play', 'pause', 'ended', 'timeupdate', 'seeked', 'loadedmetadata']) video.addEventListener(type, () => info?.kind === 'video' && playback());

  function teardown(): void {
    generation++;
    if (stream) closeCamera(video, stream);
    stream = null;
    video.pause();
    if (objectUrl) {
      video.removeAttribute('src');
      video.load();
      URL.revokeObjectURL(objectUrl);
      objectUrl = null;
    }
    info = null;
  }

  function setSource(next: SourceInfo | null): void {
    info = next;
    events.onSourceChange(next);
  }

  /** Offers every presented video frame until the source changes. */
  function watchVideo(kind: 'camera' | 'video'): void {
    const gen = generation;
    const offer = (now: number, mediaTimeS: number, captureTime: number | undefined): void => {
      const t = kind === 'camera' ? (captureTime ?? now) : mediaTimeS * 1000;
      events.onFrame({ source: video, timestampMs: t, captureTimeMs: captureTime ?? now, still: false });
    };
    if (v.requestVideoFrameCallback) {
      const onFrame = (now: number, meta: { mediaTime: number; presentationTime: number; captureTime?: number }): void => {
        if (gen !== generation) return;
        // captureTime: the camera's own capture clock (webcams); presentationTime: when the frame reached the compositor.
        offer(now, meta.mediaTime, meta.captureTime ?? meta.presentationTime);
        v.requestVideoFrameCallback!(onFrame);
      };
      v.requestVideoFrameCallback(onFrame);
    } else {
      let last = -1;
      const poll = (now: number): void => {
        if (gen !== generation) return;
        if (video.currentTime !== last && video.readyState >= 2) {
          last = video.currentTime;
          offer(now, video.currentTime, undefined);
        }
        requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    }
  }

  function waitFor(target: EventTarget, ok: string, fail: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        target.removeEventListener(ok, onOk);
        target.removeEventListener(fail, onFail);
      };
      const onOk = (): void => (done(), resolve());
      const onFail = (): void => (done(), reject(new Error(fail)));
      target.addEventListener(ok, onOk);
      target.addEventListener(fail, onFail);
    });
  }

  return {
    get info() {
      return info;
    },

    async startCamera(deviceId) {
      teardown();
      const gen = generation;
      let s: MediaStream;
      try {
        s = await openCamera(video, deviceId);
      } catch (e) {
        if (gen === generation) setSource(null);
        throw e instanceof CameraError ? e : new CameraError('failed', String(e));
      }
      if (gen !== generation) {
        closeCamera(video, s);
        return;
      }
      stream = s;
      const track = s.getVideoTracks()[0];
      setSource({ kind: 'camera', width: video.videoWidth, height: video.videoHeight, name: track?.label ?? 'camera' });
      watchVideo('camera');
      // Labels and ids are only listed once permission is granted: list now.
      const cameras = await listCameras().catch(() => []);
      events.onCameras(cameras, track?.getSettings().deviceId);
    },

    async openVideo(file) {
      teardown();
      const gen = generation;
      objectUrl = URL.createObjectURL(file);
      video.srcObject = null;
      video.muted = true;
      video.loop = true;
      video.src = objectUrl;
      try {
        await waitFor(video, 'loadeddata', 'error');
        if (gen !== generation) return;
        await video.play();
      } catch {
        if (gen !== generation) return;
        teardown();
        setSource(null);
        throw new Error(`${file.name} could not be played: the browser does not support this video format, or the file is damaged.`);
      }
      setSource({ kind: 'video', width: video.videoWidth, height: video.videoHeight, name: file.name });
      playback();
      watchVideo('video');
    },

    async openImage(file, name) {
      let bitmap: ImageBitmap;
      try {
        bitmap = await createImageBitmap(file);
      } catch {
        throw new Error(`${name} could not be read as an image.`);
      }
      teardown();
      still.width = bitmap.width;
      still.height = bitmap.height;
      still.getContext('2d')!.drawImage(bitmap, 0, 0);
      bitmap.close();
      setSource({ kind: 'image', width: still.width, height: still.height, name });
      this.reprocess();
    },

    stop() {
      teardown();
      setSource(null);
    },

    reprocess() {
      if (info?.kind !== 'image') return;
      const now = performance.now();
      events.onFrame({ source: still, timestampMs: now, captureTimeMs: now, still: true });
    },

    togglePlay() {
      if (info?.kind !== 'video') return;
      if (video.paused || video.ended) void video.play().catch(() => undefined);
      else video.pause();
    },

    seek(seconds) {
      if (info?.kind !== 'video' || !Number.isFinite(seconds)) return;
      video.currentTime = Math.max(0, Math.min(seconds, video.duration || 0));
    },
  };
}
