/**
 * The project's own default avatars (avatars/default-*.vrm): they load as VRM 1.0 with three-vrm,
 * carry CC0 metadata, a complete humanoid (every VRM 1.0 bone, fingers and eyes included), working
 * skinning and face expressions, and are exactly what tools/make-avatars.ts generates.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Box3, SkinnedMesh, Vector3, type Object3D } from 'three';
import { VRMHumanBoneList, VRMLookAtBoneApplier, type VRM } from '@pixiv/three-vrm';
import { avatarFileName, DEFAULT_OUT_DIR, makeAvatars } from '../../tools/make-avatars.ts';
import { VARIANTS } from '../../tools/avatar/variants.ts';
import { loadVrmFromFile } from '../helpers/load-vrm-node.ts';

const CC0 = 'https://creativecommons.org/publicdomain/zero/1.0/';
const VISEMES_AND_BLINKS = ['blink', 'blinkLeft', 'blinkRight', 'aa', 'ih', 'ou', 'ee', 'oh'] as const;
const MAX_FILE_BYTES = 1024 * 1024;

function skinnedMeshes(root: Object3D): SkinnedMesh[] {
  const out: SkinnedMesh[] = [];
  root.traverse((o) => {
    if (o instanceof SkinnedMesh) out.push(o);
  });
  return out;
}

/** A vertex skinned (almost) only to `bone`, with the mesh it belongs to. */
function vertexOwnedBy(vrm: VRM, bone: Object3D): { mesh: SkinnedMesh; index: number } {
  for (const mesh of skinnedMeshes(vrm.scene)) {
    const b = mesh.skeleton.bones.indexOf(bone as (typeof mesh.skeleton.bones)[number]);
    const idx = mesh.geometry.getAttribute('skinIndex');
    const wt = mesh.geometry.getAttribute('skinWeight');
    for (let i = 0; i < idx.count; i++) {
      for (let k = 0; k < 4; k++) if (idx.getComponent(i, k) === b && wt.getComponent(i, k) > 0.99) return { mesh, index: i };
    }
  }
  throw new Error(`no vertex owned by ${bone.name}`);
}

function skinnedPosition(vrm: VRM, at: { mesh: SkinnedMesh; index: number }): Vector3 {
  vrm.scene.updateMatrixWorld(true);
  return at.mesh.getVertexPosition(at.index, new Vector3());
}

describe.each(VARIANTS.map((v) => [v.id, v] as const))('default avatar %s', (id, variant) => {
  const path = join(DEFAULT_OUT_DIR, avatarFileName(id));
  let vrm: VRM;
  beforeAll(async () => {
    vrm = await loadVrmFromFile(path);
  });

  it('is a small VRM 1.0 file with CC0 metadata', () => {
    expect(readFileSync(path).byteLength).toBeLessThan(MAX_FILE_BYTES);
    const meta = vrm.meta;
    expect(meta.metaVersion).toBe('1');
    if (meta.metaVersion !== '1') return;
    expect(meta.name).toBe(variant.displayName);
    expect(meta.authors).toEqual(['webcam-mocap project']);
    expect(meta.licenseUrl).toBe('https://vrm.dev/licenses/1.0/');
    expect(meta.otherLicenseUrl).toBe(CC0);
    expect(meta.avatarPermission).toBe('everyone');
    expect(meta.commercialUsage).toBe('corporation');
    expect(meta.creditNotation).toBe('unnecessary');
    expect(meta.allowRedistribution).toBe(true);
    expect(meta.modification).toBe('allowModificationRedistribution');
  });

  it('has every VRM 1.0 humanoid bone, in a T-pose with identity rest rotations', () => {
    for (const name of VRMHumanBoneList) {
      const node = vrm.humanoid.getRawBoneNode(name);
      expect(node, name).not.toBeNull();
      expect(node!.quaternion.equals(node!.quaternion.clone().identity()), name).toBe(true);
    }
    const box = new Box3().setFromObject(vrm.scene);
    expect(box.max.y).toBeGreaterThan(1.55);
    expect(box.max.y).toBeLessThan(1.66);
    expect(box.min.y).toBeCloseTo(0, 2);
    const hips = vrm.humanoid.getRawBoneNode('hips')!.getWorldPosition(new Vector3());
    expect(hips.y).toBeCloseTo(0.9, 2);
    // VRM 1.0 faces +Z with the avatar's left hand on +X.
    expect(vrm.humanoid.getRawBoneNode('leftHand')!.getWorldPosition(new Vector3()).x).toBeGreaterThan(0.5);
    expect(vrm.lookAt?.applier).toBeInstanceOf(VRMLookAtBoneApplier);
  });

  it('skins the left hand to the arm: raising the upper arm moves the hand vertices', () => {
    const hand = vertexOwnedBy(vrm, vrm.humanoid.getRawBoneNode('leftHand')!);
    const rest = skinnedPosition(vrm, hand);
    vrm.humanoid.getNormalizedBoneNode('leftUpperArm')!.rotation.z = -Math.PI / 2; // arm straight down
    vrm.update(0);
    const posed = skinnedPosition(vrm, hand);
    vrm.humanoid.resetNormalizedPose();
    vrm.update(0);
    // The hand swings from beside the shoulder (x ≈ 0.7) to below it (x ≈ 0.17, y well under the shoulder).
    expect(rest.x).toBeGreaterThan(0.6);
    expect(posed.x).toBeLessThan(0.3);
    expect(rest.y - posed.y).toBeGreaterThan(0.4);
    expect(skinnedPosition(vrm, hand).distanceTo(rest)).toBeLessThan(1e-5);
  });

  it('has blink and viseme expressions that drive morph targets', () => {
    const em = vrm.expressionManager!;
    for (const name of VISEMES_AND_BLINKS) expect(em.getExpression(name), name).toBeDefined();
    for (const name of ['happy', 'angry', 'sad', 'relaxed', 'surprised', 'neutral', 'lookUp', 'lookDown', 'lookLeft', 'lookRight']) {
      expect(em.getExpression(name), name).toBeDefined();
    }
    const influences = (): number[] => skinnedMeshes(vrm.scene).flatMap((m) => m.morphTargetInfluences ?? []);
    em.setValue('blink', 1);
    em.update();
    const blinking = influences();
    em.setValue('blink', 0);
    em.setValue('aa', 1);
    em.update();
    const talking = influences();
    em.setValue('aa', 0);
    em.update();
    expect(Math.max(...blinking)).toBeCloseTo(1, 5);
    expect(Math.max(...talking)).toBeCloseTo(1, 5);
    expect(blinking).not.toEqual(talking);
    expect(Math.max(...influences())).toBe(0);
  });
});

describe('generator', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'avatars-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('regenerates the committed avatars byte for byte', () => {
    const written = makeAvatars(dir);
    expect(written.map((w) => w.path.split('/').pop())).toEqual(VARIANTS.map((v) => avatarFileName(v.id)));
    for (const { path } of written) {
      const committed = readFileSync(join(DEFAULT_OUT_DIR, path.split('/').pop()!));
      expect(Buffer.compare(readFileSync(path), committed), path).toBe(0);
    }
  });
});
