/**
 * Test-only page for tests/avatar/avatar-scene.browser.test.ts: builds the avatar scene with two
 * default avatars and the shared VRM 0.x avatar, poses them, renders and reports what it measured.
 */
import { Quaternion, Vector3, type Object3D } from 'three';
import type { VRM, VRMHumanBoneName } from '@pixiv/three-vrm';
import { createAvatarScene, loadAvatar, type AvatarPose, type QuaternionTuple } from '../../../src/avatar';

export interface SceneReport {
  people: { id: number; index: number; meta: string; custom: boolean }[];
  /** Person root X/Z by id, after the layout settled. */
  positions: Record<number, [number, number]>;
  /** Spawn scale of each person's avatar group (1 = fully spawned). */
  spawnScales: Record<number, number>;
  /** Hand and head heights (world Y) and left-hand X relative to the hips, by id. */
  limbs: Record<number, { leftHandY: number; rightHandY: number; headY: number; leftHandDX: number }>;
  warnings: string[];
  drawCalls: number;
  /** Time to draw one frame and read a pixel back (SwiftShader: CPU rendering). */
  frameMs: number;
}

export interface ReplaceReport {
  /** The setAvatarForAll promise's error (name, code, message), or null. */
  error: { name: string; code?: string; message: string } | null;
  /** Each person's avatar name and custom flag, after the swap animation. */
  people: { id: number; meta: string; custom: boolean }[];
  /** Avatar groups in the scene per person (old ones must be gone after the swap). */
  avatarGroups: number[];
}

declare global {
  interface Window {
    avatarTest?: {
      setup(): Promise<SceneReport>;
      despawn(id: number, seconds: number): { people: number[]; afterMs: number };
      replaceAll(url: string | null): Promise<ReplaceReport>;
      swapBack(): Promise<{ sameAvatar: boolean; groups: number; attached: boolean; sharedError: string }>;
    };
  }
}

const DEG = Math.PI / 180;
const canvas = document.getElementById('view') as HTMLCanvasElement;
const view = createAvatarScene(canvas, { renderer: { preserveDrawingBuffer: true }, autoResize: false });
view.resize(1280, 720);

/** Rotation about the model's Z axis (arms swing up/down in the frontal plane). */
function aboutZ(deg: number): QuaternionTuple {
  const q = new Quaternion().setFromAxisAngle(new Vector3(0, 0, 1), deg * DEG);
  return [q.x, q.y, q.z, q.w];
}
function aboutY(deg: number): QuaternionTuple {
  const q = new Quaternion().setFromAxisAngle(new Vector3(0, 1, 0), deg * DEG);
  return [q.x, q.y, q.z, q.w];
}

/**
 * Arms lowered by `down` degrees from the T-pose (negative: raised), elbows bent by `elbow`. Normalized
 * VRM 1.0 bones: the left arm points +X, so lowering it turns about −Z; VRM 0.x models face −Z, so that
 * sign flips (the retarget solver does the same from the rest pose).
 */
function arms(vrm: VRM, down: number, elbow: number): AvatarPose['bones'] {
  const s = vrm.meta.metaVersion === '0' ? -1 : 1;
  return {
    leftUpperArm: aboutZ(-s * down),
    rightUpperArm: aboutZ(s * down),
    // A turn about Y is unchanged by the 0.x model's half-turn about Y: elbows bend forward either way.
    leftLowerArm: aboutY(-elbow),
    rightLowerArm: aboutY(elbow),
    upperChest: aboutY(0), // absent on the VRM 0.x avatar: must be skipped silently
  } satisfies Partial<Record<VRMHumanBoneName, QuaternionTuple>>;
}

const metaName = (vrm: VRM | null): string => {
  const meta = vrm?.meta;
  return meta ? (meta.metaVersion === '1' ? meta.name : (meta.title ?? '')) : '';
};

const worldY = (o: Object3D | null): number => (o ? o.getWorldPosition(new Vector3()).y : NaN);
const worldX = (o: Object3D | null): number => (o ? o.getWorldPosition(new Vector3()).x : NaN);

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > timeoutMs) throw new Error('timed out waiting for avatars');
    await new Promise((r) => setTimeout(r, 20));
  }
}

window.avatarTest = {
  async setup() {
    const warnings: string[] = [];
    // Two people with the default avatar (teal, coral), placed by their image position and size.
    view.setPersonPose(1, { imageX: 0.22, scale: 0.62 });
    view.setPersonPose(2, { imageX: 0.5, scale: 0.52 });
    // A third with the shared VRM 0.x avatar, as if dropped on the page.
    const cv = await loadAvatar('/__shared__/vrm/cryptovoxels_vrm0.vrm', { onWarning: (m) => warnings.push(m) });
    view.setAvatarForPerson(3, cv);
    view.setPersonPose(3, { imageX: 0.8, scale: 0.6 });
    await until(() => view.people().every((p) => p.vrm), 20_000);

    const vrmOf = (id: number): VRM => view.people().find((p) => p.id === id)!.vrm!;
    view.setPersonPose(1, { bones: arms(vrmOf(1), -55, 15) }); // arms up in a V
    view.setPersonPose(2, { bones: arms(vrmOf(2), 65, 25) });
    view.setPersonPose(3, { bones: arms(vrmOf(3), 70, 10) });

    // 1 s at 30 fps: spawn (0.3 s) done, layout settled, spring bones running. Only the last frame
    // is drawn (SwiftShader needs a few hundred ms per frame), and timed to the pixels being read.
    for (let i = 0; i < 28; i++) view.update(1 / 30);
    view.tick(1 / 30);
    const t0 = performance.now();
    view.tick(1 / 30);
    view.renderer.getContext().readPixels(0, 0, 1, 1, WebGL2RenderingContext.RGBA, WebGL2RenderingContext.UNSIGNED_BYTE, new Uint8Array(4));
    const frameMs = performance.now() - t0;

    const report: SceneReport = {
      people: view.people().map((p) => ({ id: p.id, index: p.index, meta: metaName(p.vrm), custom: p.custom })),
      positions: {},
      spawnScales: {},
      limbs: {},
      warnings,
      drawCalls: view.renderer.info.render.calls,
      frameMs,
    };
    for (const p of view.people()) {
      const root = view.scene.getObjectByName(`person-${p.id}`)!;
      report.positions[p.id] = [root.position.x, root.position.z];
      report.spawnScales[p.id] = root.children[0].scale.x;
      const h = p.vrm!.humanoid;
      report.limbs[p.id] = {
        leftHandY: worldY(h.getRawBoneNode('leftHand')),
        rightHandY: worldY(h.getRawBoneNode('rightHand')),
        headY: worldY(h.getRawBoneNode('head')),
        leftHandDX: worldX(h.getRawBoneNode('leftHand')) - worldX(h.getRawBoneNode('hips')),
      };
    }
    return report;
  },

  despawn(id, seconds) {
    view.removePerson(id);
    const t0 = performance.now();
    for (let t = 0; t < seconds; t += 1 / 30) view.update(1 / 30);
    view.render();
    return { people: view.people().map((p) => p.id), afterMs: performance.now() - t0 };
  },

  /** Person 1 gets another avatar and, mid-swap, their previous one back; person 3 may not share it. */
  async swapBack() {
    const first = view.people().find((p) => p.id === 1)!.vrm!;
    view.setAvatarForPerson(1, await loadAvatar('/__shared__/vrm/debug_robot_vrm1.vrm'));
    for (let t = 0; t < 0.1; t += 1 / 30) view.update(1 / 30);
    view.setAvatarForPerson(1, first);
    let sharedError = '';
    try {
      view.setAvatarForPerson(3, first);
    } catch (e) {
      sharedError = (e as Error).message;
    }
    for (let t = 0; t < 0.5; t += 1 / 30) view.update(1 / 30);
    return {
      sameAvatar: view.people().find((p) => p.id === 1)!.vrm === first,
      groups: view.scene.getObjectByName('person-1')!.children.length,
      attached: first.scene.parent?.parent?.name === 'person-1',
      sharedError,
    };
  },

  async replaceAll(url) {
    let error: ReplaceReport['error'] = null;
    try {
      await view.setAvatarForAll(url === null ? null : () => loadAvatar(url));
    } catch (e) {
      const err = e as Error & { code?: string };
      error = { name: err.name, code: err.code, message: err.message };
    }
    for (let t = 0; t < 0.5; t += 1 / 30) view.update(1 / 30);
    return {
      error,
      people: view.people().map((p) => ({ id: p.id, meta: metaName(p.vrm), custom: p.custom })),
      avatarGroups: view.people().map((p) => view.scene.getObjectByName(`person-${p.id}`)!.children.length),
    };
  },
};
document.body.dataset.ready = 'true';
