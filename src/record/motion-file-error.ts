/** The typed error of motion-file import. */

/** Why a motion file could not be loaded. */
export const MOTION_FILE_ERROR_CODES = [
  'empty-file',
  'unknown-format',
  'not-vrma',
  'vrma-parse',
  'bvh-parse',
  'bvh-unknown-skeleton',
] as const;

export type MotionFileErrorCode = (typeof MOTION_FILE_ERROR_CODES)[number];

/** Thrown by {@link loadMotionFile}; `message` is fit to show the user as is. */
export class MotionFileError extends Error {
  constructor(
    readonly code: MotionFileErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MotionFileError';
  }
}

/** Type guard that also works across realms/bundles (checks name and code). */
export function isMotionFileError(e: unknown): e is MotionFileError {
  return (
    e instanceof MotionFileError ||
    (e instanceof Error && e.name === 'MotionFileError' && MOTION_FILE_ERROR_CODES.includes((e as MotionFileError).code))
  );
}
