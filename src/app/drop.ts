/**
 * Drag and drop anywhere on the page: a .vrm becomes an avatar, a video or image becomes the input,
 * a .vrma/.bvh motion goes to the record panel. Anything else gets a message saying what is accepted.
 */

export type DroppedKind = 'avatar' | 'video' | 'image' | 'motion' | 'unknown';

export interface DropHandlers {
  avatar(file: File): void;
  video(file: File): void;
  image(file: File): void;
  motion(file: File): void;
  unknown(file: File): void;
}

const VIDEO_EXT = /\.(mp4|webm|ogv|mov|m4v|mkv|avi)$/i;
const IMAGE_EXT = /\.(jpe?g|png|gif|webp|bmp|avif)$/i;

/** What a file is, by extension first (a .vrm has no registered MIME type), then by MIME type. */
export function classifyFile(file: File): DroppedKind {
  const name = file.name.toLowerCase();
  if (name.endsWith('.vrm')) return 'avatar';
  if (name.endsWith('.vrma') || name.endsWith('.bvh')) return 'motion';
  if (VIDEO_EXT.test(name) || file.type.startsWith('video/')) return 'video';
  if (IMAGE_EXT.test(name) || file.type.startsWith('image/')) return 'image';
  return 'unknown';
}

/**
 * Listens for drops on `target` (usually `document.body`); `overlay` is shown while something is
 * dragged over the page. Returns a function that removes the listeners.
 */
export function installDrop(target: HTMLElement, overlay: HTMLElement, handlers: DropHandlers): () => void {
  let depth = 0;
  const hasFiles = (e: DragEvent): boolean => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
  const onEnter = (e: DragEvent): void => {
    if (!hasFiles(e)) return;
    depth++;
    overlay.hidden = false;
  };
  const onLeave = (): void => {
    depth = Math.max(0, depth - 1);
    if (!depth) overlay.hidden = true;
  };
  const onOver = (e: DragEvent): void => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent): void => {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    for (const file of Array.from(e.dataTransfer?.files ?? [])) handlers[classifyFile(file)](file);
  };
  target.addEventListener('dragenter', onEnter);
  target.addEventListener('dragleave', onLeave);
  target.addEventListener('dragover', onOver);
  target.addEventListener('drop', onDrop);
  return () => {
    target.removeEventListener('dragenter', onEnter);
    target.removeEventListener('dragleave', onLeave);
    target.removeEventListener('dragover', onOver);
    target.removeEventListener('drop', onDrop);
  };
}
