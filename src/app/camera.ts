/** Opening the webcam, with a message a user can act on for each way it can fail. */

/** 720p is plenty: the network sees ~256 px high frames, and larger frames cost more to copy. */
const IDEAL_WIDTH = 1280;
const IDEAL_HEIGHT = 720;

export class CameraError extends Error {
  override readonly name = 'CameraError';
}

/** Starts the camera into `video` (muted, inline) and resolves once it has frames. */
export async function openCamera(video: HTMLVideoElement): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new CameraError('This page cannot use a camera: it needs a secure context (https or localhost) and a browser with camera support.');
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: IDEAL_WIDTH }, height: { ideal: IDEAL_HEIGHT } },
      audio: false,
    });
  } catch (e) {
    throw new CameraError(cameraMessage(e));
  }
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  return stream;
}

export function closeCamera(video: HTMLVideoElement, stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
  video.srcObject = null;
}

function cameraMessage(e: unknown): string {
  const name = e instanceof DOMException ? e.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Camera access was denied. Allow the camera for this site in the browser (address bar → site settings) and press Camera again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No camera was found. Connect a webcam, or open an image file instead.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be started: another application may be using it.';
    default:
      return `The camera could not be started: ${e instanceof Error ? e.message : String(e)}`;
  }
}
