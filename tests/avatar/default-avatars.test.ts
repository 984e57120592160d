/** The default avatar variants: bundled URLs, colour per person slot, and the caching factory. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Texture } from 'three';
import type { GLTFLoaderPlugin } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { createDefaultAvatarFactory, DEFAULT_AVATAR_VARIANTS, defaultAvatarVariant, disposeAvatar } from '../../src/avatar';
import { VARIANTS } from '../../tools/avatar/variants';

const REPO = join(import.meta.dirname, '../..');
const noTextures = (): GLTFLoaderPlugin =>
  ({ name: 'node-no-textures', loadTexture: () => Promise.resolve(new Texture()) }) as unknown as GLTFLoaderPlugin;

/** The repo file behind a Vite `?url` URL (dev: `/avatars/…`, build: `/assets/…-hash.vrm`). */
const fileOf = (url: string): string => join(REPO, 'avatars', `default-${url.match(/default-(\w+)/)![1]}.vrm`);

describe('default avatars', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('has one bundled .vrm URL per generated colour variant, with the generator colours', () => {
    expect(DEFAULT_AVATAR_VARIANTS.map((v) => v.id)).toEqual(VARIANTS.map((v) => v.id));
    for (const [i, v] of DEFAULT_AVATAR_VARIANTS.entries()) {
      expect(v.url).toMatch(new RegExp(`default-${v.id}.*\\.vrm$`));
      expect(existsSync(fileOf(v.url))).toBe(true);
      expect(parseInt(v.color.slice(1), 16)).toBe(VARIANTS[i].shirt);
    }
  });

  it('picks variants by person slot, cycling', () => {
    expect([0, 1, 2, 3, 4, 5].map((i) => defaultAvatarVariant(i).id)).toEqual(['teal', 'coral', 'violet', 'amber', 'teal', 'coral']);
    expect(defaultAvatarVariant(-1).id).toBe('amber');
    expect(defaultAvatarVariant(1.7).id).toBe('coral');
    expect(defaultAvatarVariant(NaN).id).toBe('teal');
  });

  it('factory loads the slot variant, downloading each file once', async () => {
    const fetchMock = vi.fn(async (url: string) => new Response(readFileSync(fileOf(url))));
    vi.stubGlobal('fetch', fetchMock);
    const make = createDefaultAvatarFactory({ plugins: [noTextures] });
    const a = await make({ id: 7, index: 1 });
    const b = await make({ id: 8, index: 5 });
    const name = (v: typeof a): string => (v.meta.metaVersion === '1' ? v.meta.name : v.meta.title ?? '');
    expect(name(a)).toBe('Default Avatar (Coral)');
    expect(name(b)).toBe('Default Avatar (Coral)');
    expect(a).not.toBe(b);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    disposeAvatar(a);
    disposeAvatar(b);
  });

  it('factory failures are typed AvatarLoadErrors', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('missing', { status: 404 })));
    const make = createDefaultAvatarFactory();
    await expect(make({ id: 1, index: 0 })).rejects.toMatchObject({ name: 'AvatarLoadError', code: 'fetch-failed' });
  });
});
