/**
 * loadAvatar: typed errors for files that are not avatars (checked before parsing where possible), and
 * real VRM 0.x / 1.0 files loading in Node (textures skipped: Node cannot decode images).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SkinnedMesh, Texture } from 'three';
import type { GLTFLoaderPlugin } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { AvatarLoadError, disposeAvatar, isAvatarLoadError, loadAvatar, type AvatarLoadErrorCode, type LoadAvatarOptions } from '../../src/avatar';
import { SHARED } from '../helpers/shared';

const VRM_DIR = join(SHARED, 'assets/vrm');
const REPO = join(import.meta.dirname, '../..');

/** Node has no image decoding: answer every texture with an empty one (as tests/helpers/load-vrm-node.ts does). */
const noTextures = (): GLTFLoaderPlugin =>
  ({ name: 'node-no-textures', loadTexture: () => Promise.resolve(new Texture()) }) as unknown as GLTFLoaderPlugin;
const NODE: LoadAvatarOptions = { plugins: [noTextures] };

const read = (path: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(path));

/** A minimal GLB: a header, the JSON chunk (space-padded to 4 bytes) and no BIN chunk. */
function makeGlb(json: object): Uint8Array {
  let text = JSON.stringify(json);
  while (text.length % 4) text += ' ';
  const body = new TextEncoder().encode(text);
  const out = new Uint8Array(12 + 8 + body.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x46546c67, true);
  v.setUint32(4, 2, true);
  v.setUint32(8, out.length, true);
  v.setUint32(12, body.length, true);
  v.setUint32(16, 0x4e4f534a, true);
  out.set(body, 20);
  return out;
}

const ASSET = { version: '2.0', generator: 'avatar test' };
const ONE_NODE = { asset: ASSET, scene: 0, scenes: [{ nodes: [0] }], nodes: [{ name: 'root' }] };

async function expectCode(p: Promise<unknown>, code: AvatarLoadErrorCode, message?: RegExp): Promise<AvatarLoadError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AvatarLoadError);
  const e = error as AvatarLoadError;
  expect(e.code, e.message).toBe(code);
  expect(isAvatarLoadError(e)).toBe(true);
  if (message) expect(e.message).toMatch(message);
  return e;
}

describe('loadAvatar errors', () => {
  it('rejects random bytes as not-glb before parsing, naming the file', async () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    const e = await expectCode(loadAvatar(bytes, { name: 'holiday.jpg' }), 'not-glb', /^holiday\.jpg is not a VRM avatar/);
    expect(e.fileName).toBe('holiday.jpg');
    await expectCode(loadAvatar(new ArrayBuffer(0)), 'not-glb', /^The file is not a VRM avatar: it is empty/);
    await expectCode(loadAvatar(new TextEncoder().encode('{"asset":{"version":"2.0"}}')), 'not-glb');
  });

  it('rejects a valid glTF without a VRM extension as not-vrm', async () => {
    await expectCode(
      loadAvatar(makeGlb(ONE_NODE), { name: 'x.vrm' }),
      'not-vrm',
      /^x\.vrm is not a VRM avatar: it has no VRM or VRMC_vrm extension$/,
    );
    // The same GLB parses fine as plain glTF, so the classification is not a parse failure.
    const { GLTFLoader } = await import('three/examples/jsm/loaders/GLTFLoader.js');
    const glb = makeGlb(ONE_NODE);
    const gltf = await new GLTFLoader().parseAsync(glb.buffer as ArrayBuffer, '');
    expect(gltf.scene.children[0].name).toBe('root');
  });

  it('rejects a VRM extension without a humanoid, or with an incomplete one, as no-humanoid', async () => {
    const noBones = makeGlb({ ...ONE_NODE, extensionsUsed: ['VRMC_vrm'], extensions: { VRMC_vrm: { specVersion: '1.0', meta: {} } } });
    await expectCode(loadAvatar(noBones, { ...NODE, name: 'rig.vrm' }), 'no-humanoid', /^rig\.vrm cannot be used as an avatar/);
    const hipsOnly = makeGlb({
      ...ONE_NODE,
      extensionsUsed: ['VRMC_vrm'],
      extensions: {
        VRMC_vrm: {
          specVersion: '1.0',
          meta: { name: 'hips', authors: ['t'], licenseUrl: 'https://vrm.dev/licenses/1.0/' },
          humanoid: { humanBones: { hips: { node: 0 } } },
        },
      },
    });
    await expectCode(loadAvatar(hipsOnly, { ...NODE, name: 'hips.vrm' }), 'no-humanoid', /required/);
  });

  it('rejects truncated and damaged files as corrupt', async () => {
    const full = read(join(VRM_DIR, 'cryptovoxels_vrm0.vrm'));
    await expectCode(loadAvatar(full.subarray(0, full.length >> 1), { name: 'half.vrm' }), 'corrupt', /^half\.vrm is damaged.*truncated/);
    await expectCode(loadAvatar(full.subarray(0, 16)), 'corrupt');
    // Intact header, JSON chunk overwritten with garbage.
    const garbled = full.slice();
    garbled.fill(0x7b, 24, 200);
    await expectCode(loadAvatar(garbled, NODE), 'corrupt', /JSON/);
    // A BIN chunk cut short while the header's length is patched to match: the parser itself fails.
    const cut = full.slice(0, full.length - 50_000);
    new DataView(cut.buffer).setUint32(8, cut.length, true);
    await expectCode(loadAvatar(cut, NODE), 'corrupt');
  });

  describe('URLs', () => {
    let server: Server;
    let base = '';
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/robot.vrm') {
          res.end(readFileSync(join(VRM_DIR, 'debug_robot_vrm1.vrm')));
          return;
        }
        res.statusCode = 404;
        res.end('nope');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('reports fetch-failed for HTTP errors and unreachable hosts, naming the file', async () => {
      await expectCode(loadAvatar(`${base}/avatars/missing%20one.vrm?v=1`), 'fetch-failed', /^missing one\.vrm could not be downloaded: HTTP 404/);
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const port = (closed.address() as AddressInfo).port;
      await new Promise<void>((r) => closed.close(() => r()));
      await expectCode(loadAvatar(`http://127.0.0.1:${port}/gone.vrm`), 'fetch-failed', /^gone\.vrm could not be downloaded/);
    });

    it('loads a VRM from a URL', async () => {
      const vrm = await loadAvatar(`${base}/robot.vrm`, NODE);
      expect(vrm.meta.metaVersion).toBe('1');
      disposeAvatar(vrm);
    });
  });
});

describe('loadAvatar in Node', () => {
  it('loads the VRM 0.x cryptovoxels avatar, turned to face +Z, notices routed to onWarning', async () => {
    const warnings: string[] = [];
    const warn = vi.spyOn(console, 'warn');
    const vrm = await loadAvatar(read(join(VRM_DIR, 'cryptovoxels_vrm0.vrm')), { ...NODE, onWarning: (m) => warnings.push(m) });
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(warnings.join('\n')).toMatch(/LookAtDegreeMap/);
    expect(console.warn).not.toBe(undefined);
    expect(vrm.meta.metaVersion).toBe('0');
    expect(vrm.scene.rotation.y).toBeCloseTo(Math.PI);
    expect(vrm.humanoid.getNormalizedBoneNode('hips')).not.toBeNull();
    expect(vrm.humanoid.getNormalizedBoneNode('upperChest')).toBeNull();
    let skinned = 0;
    vrm.scene.traverse((o) => {
      if (o instanceof SkinnedMesh) {
        skinned++;
        expect(o.frustumCulled).toBe(false);
      }
    });
    expect(skinned).toBeGreaterThan(0);
    // The left hand (+X in VRM 1.0 convention, the avatar's left when it faces +Z) ends up at world +X.
    vrm.update(0);
    vrm.scene.updateMatrixWorld(true);
    const hand = vrm.humanoid.getRawBoneNode('leftHand')!.getWorldPosition(new (await import('three')).Vector3());
    expect(hand.x).toBeGreaterThan(0.3);
    disposeAvatar(vrm);
  });

  it('loads the VRM 1.0 debug robot and the project default avatar (from an ArrayBuffer and a Blob)', async () => {
    const robotBytes = read(join(VRM_DIR, 'debug_robot_vrm1.vrm'));
    const robot = await loadAvatar(robotBytes.buffer as ArrayBuffer, NODE);
    expect(robot.meta.metaVersion).toBe('1');
    expect(robot.scene.rotation.y).toBe(0);
    expect(robot.expressionManager?.expressions.length).toBeGreaterThan(10);
    disposeAvatar(robot);

    const teal = await loadAvatar(new Blob([read(join(REPO, 'avatars/default-teal.vrm'))]), NODE);
    expect(teal.meta.metaVersion === '1' && teal.meta.name).toBe('Default Avatar (Teal)');
    expect(teal.humanoid.getNormalizedBoneNode('leftLittleDistal')).not.toBeNull();
    disposeAvatar(teal);
  });

  it('leaves the geometry alone with optimize: false', async () => {
    const bytes = read(join(REPO, 'avatars/default-teal.vrm'));
    const count = (v: Awaited<ReturnType<typeof loadAvatar>>): number => {
      let n = 0;
      v.scene.traverse((o) => {
        if (o instanceof SkinnedMesh) n += o.geometry.getAttribute('position').count;
      });
      return n;
    };
    const raw = await loadAvatar(bytes, { ...NODE, optimize: false });
    const opt = await loadAvatar(bytes, NODE);
    expect(count(opt)).toBeLessThanOrEqual(count(raw));
    expect(count(opt)).toBeGreaterThan(0);
  });
});
