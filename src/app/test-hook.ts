/**
 * A tiny read-only view of the app for the browser tests and the benchmark, installed as
 * `window.__mocap` only when the page's URL has `?test` (never in normal use):
 *   frames      processed frames;           ids     ids shown (driving avatars) after the latest frame;
 *   idLog       ids shown per frame (last 2000);   messages  every message shown (text, severity);
 *   scene       the AvatarScene (people(), camera);   stats()  HUD medians (fps, inference, latency);
 *   keypoints(id)  the person's latest 18 × (x, y, score) in source pixels;
 *   fingers(id)    the person's latest finger bone rotations (VRM name → [x, y, z, w]; empty without hands);
 *   hands(id)      the person's latest 126 hand keypoint floats (left, right 21 × (x, y, score)), or null;
 *   expressions(id)  the person's latest smoothed VRM expression weights (face on), or null;
 *   imageSize   the source's width and height;
 *   armDirections(id)  screen-space unit directions (x right, y down) of the avatar's upper arms,
 *                      shoulder joint → elbow joint, as rendered by the scene's camera.
 */
import { Vector3 } from 'three';
import type { AvatarScene } from '../avatar';
import { RECORDED_FINGER_BONES } from '../record/bones';
import type { HudStats } from './hud';
import type { ShownMessage } from './messages';
import type { People } from './people';

type Vec2 = [number, number];

export interface MocapTestHook {
  frames: number;
  ids: number[];
  idLog: number[][];
  readonly messages: readonly ShownMessage[];
  readonly scene: AvatarScene;
  imageSize: [number, number];
  stats(): HudStats;
  keypoints(id: number): number[] | null;
  fingers(id: number): Record<string, number[]> | null;
  hands(id: number): number[] | null;
  expressions(id: number): Record<string, number> | null;
  armDirections(id: number): { left: Vec2; right: Vec2 } | null;
}

declare global {
  interface Window {
    __mocap?: MocapTestHook;
  }
}

/** Frames kept in `idLog`: a minute at 30 fps, bounded so a long test cannot grow it without end. */
const ID_LOG_MAX = 2000;

export interface TestHookUpdater {
  /** Records one processed frame. */
  frame(imageWidth: number, imageHeight: number): void;
}

/** Installs `window.__mocap` when `search` has `test`; returns its updater (a no-op otherwise). */
export function installTestHook(search: string, scene: AvatarScene, people: People, messages: readonly ShownMessage[], stats: () => HudStats): TestHookUpdater {
  if (!new URLSearchParams(search).has('test')) return { frame: () => undefined };
  const a = new Vector3();
  const b = new Vector3();
  const direction = (vrm: NonNullable<ReturnType<AvatarScene['people']>[number]['vrm']>, upper: 'leftUpperArm' | 'rightUpperArm', lower: 'leftLowerArm' | 'rightLowerArm'): Vec2 => {
    const u = vrm.humanoid.getRawBoneNode(upper);
    const l = vrm.humanoid.getRawBoneNode(lower);
    if (!u || !l) return [NaN, NaN];
    u.getWorldPosition(a).project(scene.camera);
    l.getWorldPosition(b).project(scene.camera);
    // NDC y points up; the image's y points down. Scale x by the aspect so angles are true on screen.
    const dx = (b.x - a.x) * scene.camera.aspect;
    const dy = -(b.y - a.y);
    const n = Math.hypot(dx, dy) || 1;
    return [dx / n, dy / n];
  };
  const hook: MocapTestHook = {
    frames: 0,
    ids: [],
    idLog: [],
    messages,
    scene,
    imageSize: [0, 0],
    stats,
    keypoints: (id) => {
      const p = people.solvedPerson(id);
      return p ? Array.from(p.keypoints) : null;
    },
    fingers: (id) => {
      const p = people.solvedPerson(id);
      if (!p) return null;
      const out: Record<string, number[]> = {};
      for (const bone of RECORDED_FINGER_BONES) {
        const q = p.rotations[bone];
        if (q) out[bone] = [...q];
      }
      return out;
    },
    hands: (id) => {
      const h = people.solvedPerson(id)?.handKeypoints;
      return h ? Array.from(h) : null;
    },
    expressions: (id) => {
      const e = people.solvedPerson(id)?.expressions;
      return e ? { ...e } : null;
    },
    armDirections: (id) => {
      const vrm = scene.people().find((p) => p.id === id)?.vrm;
      if (!vrm) return null;
      scene.scene.updateMatrixWorld(true);
      return { left: direction(vrm, 'leftUpperArm', 'leftLowerArm'), right: direction(vrm, 'rightUpperArm', 'rightLowerArm') };
    },
  };
  window.__mocap = hook;
  return {
    frame(w, h) {
      hook.frames++;
      hook.ids = [...people.shownIds];
      hook.idLog.push(hook.ids);
      if (hook.idLog.length > ID_LOG_MAX) hook.idLog.shift();
      hook.imageSize = [w, h];
    },
  };
}
