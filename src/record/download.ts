/** File names and browser downloads for exports. */
import type { MotionFormat } from './load-motion-file';

/** Export formats and their file extension and MIME type. */
export const EXPORT_FORMATS = {
  vrma: { extension: '.vrma', mime: 'model/gltf-binary' },
  bvh: { extension: '.bvh', mime: 'text/plain' },
  openpose: { extension: '_openpose.zip', mime: 'application/zip' },
} as const;

export type ExportFormat = keyof typeof EXPORT_FORMATS;

/** `mocap-<yyyymmdd-hhmmss>-person<id><ext>`, local time. */
export function exportFileName(format: ExportFormat, personId: number | 'all', date = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
  return `mocap-${stamp}-${personId === 'all' ? 'all' : `person${personId}`}${EXPORT_FORMATS[format].extension}`;
}

/** Saves `data` as a download named `fileName` (browser only). */
export function downloadFile(data: Uint8Array | string, fileName: string, format: ExportFormat): void {
  const blob = new Blob([data as BlobPart], { type: EXPORT_FORMATS[format].mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  // Revoke after the click has been handled; the download keeps its own reference.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Motion formats a dropped file may have (see loadMotionFile). */
export const DROPPABLE_EXTENSIONS: readonly string[] = ['.vrma', '.bvh'] satisfies readonly `.${Exclude<MotionFormat, 'recording'>}`[];
