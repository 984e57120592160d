/**
 * The project's own default avatars (avatars/default-*.vrm, VRM 1.0, CC0): one mesh and rig in four
 * colour variants, so that several people on screen can be told apart. The files are imported with
 * Vite's `?url`, so they are bundled and served from the app's own origin.
 */
import type { VRM } from '@pixiv/three-vrm';
import tealUrl from '../../avatars/default-teal.vrm?url';
import coralUrl from '../../avatars/default-coral.vrm?url';
import violetUrl from '../../avatars/default-violet.vrm?url';
import amberUrl from '../../avatars/default-amber.vrm?url';
import { loadAvatar, type LoadAvatarOptions } from './load-avatar';
import type { AvatarFactory } from './types';

/** One colour variant of the default avatar. */
export interface DefaultAvatarVariant {
  /** Short id, e.g. `'teal'`. */
  readonly id: string;
  /** The .vrm file's URL on the app's origin. */
  readonly url: string;
  /** The shirt colour (CSS hex, as tools/avatar/variants.ts paints it), e.g. for a person's label in the UI. */
  readonly color: string;
}

/**
 * The variants in the order people get them: the first person teal, the second coral, then violet and
 * amber (teal and coral differ most, for the common two-person case).
 */
export const DEFAULT_AVATAR_VARIANTS: readonly DefaultAvatarVariant[] = Object.freeze([
  { id: 'teal', url: tealUrl, color: '#1fb3a6' },
  { id: 'coral', url: coralUrl, color: '#ff6b5a' },
  { id: 'violet', url: violetUrl, color: '#8458e8' },
  { id: 'amber', url: amberUrl, color: '#ffb224' },
]);

/**
 * The variant for a person's colour slot (`AvatarRequest.index`): 0 → teal, 1 → coral, 2 → violet,
 * 3 → amber, then round again. Negative or fractional indices are wrapped/floored.
 */
export function defaultAvatarVariant(index: number): DefaultAvatarVariant {
  const n = DEFAULT_AVATAR_VARIANTS.length;
  const i = Number.isFinite(index) ? ((Math.floor(index) % n) + n) % n : 0;
  return DEFAULT_AVATAR_VARIANTS[i];
}

/**
 * An {@link AvatarFactory} that loads the default variant for each person's colour slot. Each file is
 * downloaded once and parsed anew per person (a VRM instance can only be shown once).
 * @param options passed to {@link loadAvatar} (e.g. `onWarning`).
 */
export function createDefaultAvatarFactory(options: LoadAvatarOptions = {}): AvatarFactory {
  const bytes = new Map<string, Promise<ArrayBuffer>>();
  const download = (url: string): Promise<ArrayBuffer> => {
    let p = bytes.get(url);
    if (!p) {
      p = fetch(url).then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.arrayBuffer();
      });
      // A failed download is retried by the next request instead of failing forever.
      p.catch(() => bytes.delete(url));
      bytes.set(url, p);
    }
    return p;
  };
  return async ({ index }): Promise<VRM> => {
    const variant = defaultAvatarVariant(index);
    const name = options.name ?? `default-${variant.id}.vrm`;
    let data: ArrayBuffer;
    try {
      data = await download(variant.url);
    } catch {
      // Let loadAvatar fetch it itself: it reports the failure as a typed AvatarLoadError.
      return loadAvatar(variant.url, { ...options, name });
    }
    return loadAvatar(data, { ...options, name });
  };
}
