/** The typed error of {@link loadAvatar}. */

/**
 * Why an avatar could not be loaded:
 * - `not-glb`: the bytes are not a binary glTF (GLB) file at all (wrong magic, empty, a text file…);
 * - `not-vrm`: a valid glTF without a `VRM` (0.x) or `VRMC_vrm` (1.0) extension;
 * - `no-humanoid`: a VRM whose humanoid skeleton is missing or lacks required bones;
 * - `corrupt`: a GLB/VRM that is damaged (truncated, bad chunks, bad JSON) or that the parser rejects;
 * - `fetch-failed`: the URL could not be downloaded.
 */
export type AvatarLoadErrorCode = 'not-glb' | 'not-vrm' | 'no-humanoid' | 'corrupt' | 'fetch-failed';

/** An avatar file that cannot be used; `message` is written for the user and names the file. */
export class AvatarLoadError extends Error {
  override readonly name = 'AvatarLoadError';

  constructor(
    /** Machine-readable reason. */
    readonly code: AvatarLoadErrorCode,
    /** The file's name as used in the message (e.g. `x.vrm`, or `The file` when unknown). */
    readonly fileName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True for an {@link AvatarLoadError} (also across bundle copies, by name and code). */
export function isAvatarLoadError(e: unknown): e is AvatarLoadError {
  return e instanceof AvatarLoadError || (e instanceof Error && e.name === 'AvatarLoadError' && typeof (e as { code?: unknown }).code === 'string');
}
