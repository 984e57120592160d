/** Opening the webcam, with a message a user can act on for each way it can fail. */

/** 720p is plenty: the network sees ~256 px high frames, and larger frames cost more to copy. */
const IDEAL_WIDTH = 1280;
const IDEAL_HEIGHT = 720;

/** Why the camera could not be used; `message` is written for the user. */
export type CameraErrorCode = 'unsupported' | 'denied' | 'not-found' | 'busy' | 'failed';

export class CameraError extends Error {
  override readonly name = 'CameraError';
  constructor(
    readonly code: CameraErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts the camera into `video` (muted, inline) and resolves once it plays.
 * @param deviceId a `MediaDeviceInfo.deviceId` from {@link listCameras}; default: the browser's choice.
 * @throws {CameraError}
 */
export async function openCamera(video: HTMLVideoElement, deviceId?: string): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new CameraError(
      'unsupported',
      'This page cannot use a camera: it needs a secure context (https or localhost) and a browser with camera support. Open a video or an image instead.',
    );
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: IDEAL_WIDTH }, height: { ideal: IDEAL_HEIGHT }, ...(deviceId && { deviceId: { exact: deviceId } }) },
      audio: false,
    });
  } catch (e) {
    throw cameraError(e);
  }
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  return stream;
}

export function closeCamera(video: HTMLVideoElement, stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
  if (video.srcObject === stream) video.srcObject = null;
}

/** The cameras the browser lists (labels only after permission was granted once). */
export async function listCameras(): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((d) => d.kind === 'videoinput');
}

/** Maps getUserMedia's DOMException names to a {@link CameraError} a user can act on. */
export function cameraError(e: unknown): CameraError {
  const name = e instanceof DOMException ? e.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new CameraError(
        'denied',
        'Camera access was denied. Allow the camera for this site in the browser (address bar → site settings) and press Camera again.',
      );
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new CameraError('not-found', 'No camera was found. Connect a webcam, or open a video or an image instead.');
    case 'NotReadableError':
    case 'AbortError':
      return new CameraError('busy', 'The camera could not be started: another application may be using it.');
    default:
      return new CameraError('failed', `The camera could not be started: ${e instanceof Error ? e.message : String(e)}`);
  }
}
