/**
 * Test-only page for tests/record-ui/record-panel.test.ts: a real AvatarScene with the default
 * avatars, the recording panel below it, and a stand-in for the app: it drives the avatars from
 * synthetic "solved" poses (unless the panel paused live driving), feeds the same poses to
 * `panel.onFrame`, records the panel's messages, and routes files dropped on the page to the panel.
 */
import { Quaternion, Vector3 } from 'three';
import type { VRMHumanBoneName } from '@pixiv/three-vrm';
import { createAvatarScene } from '../../../src/avatar';
import { createRecordPanel, type RecordedPerson } from '../../../src/app/record-panel';
import { FPS, T0_MS } from './constants';

export interface PersonState {
  id: number;
  leaving: boolean;
  loaded: boolean;
}

declare global {
  interface Window {
    recordTest?: {
      /** Poses people 1 and 2 and waits for both default avatars. */
      setup(): Promise<PersonState[]>;
      /**
       * Feeds frames `from … to-1` (person 1 always, 2 before `leaveAt`, 3 from `enterAt`), as the app
       * would: pose the avatars (when live), then panel.onFrame.
       */
      feed(from: number, to: number, leaveAt: number, enterAt: number): Promise<void>;
      /** The synthetic leftUpperArm / spine rotation of `id` at frame `frame`. */
      expected(id: number, frame: number): { leftUpperArm: number[]; spine: number[] };
      /** The normalized leftUpperArm / spine rotation now on `id`'s avatar, or null without one. */
      pose(id: number): { leftUpperArm: number[]; spine: number[] } | null;
      people(): PersonState[];
      /** Every setLivePaused call so far. */
      livePaused: boolean[];
      messages: { text: string; severity: string }[];
      /** Drops a file on the page (a real drop event); resolves when the panel handled it. */
      drop(bytes: number[] | null, url: string | null, name: string): Promise<void>;
      /** Waits for `n` animation frames. */
      frames(n: number): Promise<void>;
      dispose(): { panelInDom: boolean; livePaused: boolean[] };
    };
  }
}

const DEG = Math.PI / 180;
const canvas = document.getElementById('view') as HTMLCanvasElement;
const scene = createAvatarScene(canvas, { autoResize: false });
scene.resize(1068, 460);
scene.start();

let live = true;
const livePaused: boolean[] = [];
const messages: { text: string; severity: string }[] = [];
const panel = createRecordPanel(document.getElementById('panel')!, {
  scene,
  setLivePaused(paused) {
    livePaused.push(paused);
    live = !paused;
  },
  showMessage(text, severity) {
    messages.push({ text, severity });
  },
});

// What the app does with dropped files: motion files go to the panel.
let lastDrop: Promise<void> = Promise.resolve();
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', (e) => {
  e.preventDefault();
  for (const file of e.dataTransfer?.files ?? []) {
    if (/\.(vrma|bvh)$/i.test(file.name)) lastDrop = panel.handleDroppedMotion(file);
  }
});

const quat = (axis: Vector3, deg: number): [number, number, number, number] => {
  const q = new Quaternion().setFromAxisAngle(axis, deg * DEG);
  return [q.x, q.y, q.z, q.w];
};
const Z = new Vector3(0, 0, 1);
const Y = new Vector3(0, 1, 0);

/** Arms swinging at a per-person phase and a slow torso twist: every frame differs from the last. */
function solved(id: number, frame: number): RecordedPerson {
  const phase = (2 * Math.PI * frame) / FPS + id;
  const rotations: Partial<Record<VRMHumanBoneName, [number, number, number, number]>> = {
    leftUpperArm: quat(Z, -(55 + 25 * Math.sin(phase))),
    rightUpperArm: quat(Z, 55 + 25 * Math.sin(phase + 1)),
    spine: quat(Y, 20 * Math.sin(phase / 3)),
  };
  const keypoints = new Float32Array(54);
  for (let k = 0; k < 18; k++) {
    keypoints[3 * k] = 100 * id + 10 * k + frame;
    keypoints[3 * k + 1] = 50 + 20 * k;
    keypoints[3 * k + 2] = 0.5 + k / 40;
  }
  return { id, rotations, hipsPosition: [0.02 * Math.sin(phase), 0.95, 0], keypoints };
}

const imageX: Record<number, number> = { 1: 0.25, 2: 0.5, 3: 0.75 };
const people = (): PersonState[] => scene.people().map((p) => ({ id: p.id, leaving: p.leaving, loaded: !!p.vrm }));

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const frames = (n: number): Promise<void> =>
  new Promise((resolve) => {
    const step = (): void => {
      if (n-- <= 0) resolve();
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });

const poseOf = (id: number): { leftUpperArm: number[]; spine: number[] } | null => {
  const vrm = scene.people().find((p) => p.id === id && !p.leaving)?.vrm;
  if (!vrm) return null;
  const q = (b: VRMHumanBoneName): number[] => vrm.humanoid.getNormalizedBoneNode(b)!.quaternion.toArray();
  return { leftUpperArm: q('leftUpperArm'), spine: q('spine') };
};

window.recordTest = {
  async setup() {
    scene.setPersonPose(1, { imageX: imageX[1], scale: 0.6 });
    scene.setPersonPose(2, { imageX: imageX[2], scale: 0.6 });
    await until(() => people().length === 2 && people().every((p) => p.loaded), 20_000);
    return people();
  },
  async feed(from, to, leaveAt, enterAt) {
    for (let i = from; i < to; i++) {
      if (i === leaveAt) scene.removePerson(2);
      const persons: RecordedPerson[] = [solved(1, i)];
      if (i < leaveAt) persons.push(solved(2, i));
      if (i >= enterAt) persons.push(solved(3, i));
      if (live) {
        for (const p of persons) scene.setPersonPose(p.id, { bones: p.rotations, hips: p.hipsPosition, imageX: imageX[p.id], scale: 0.6 });
      }
      panel.onFrame(T0_MS + (i * 1000) / FPS, persons);
      // Let the page breathe (avatar loads, timer) as a real capture loop would.
      await new Promise((r) => setTimeout(r, 4));
    }
  },
  expected(id, frame) {
    const r = solved(id, frame).rotations;
    return { leftUpperArm: [...r.leftUpperArm!], spine: [...r.spine!] };
  },
  pose: poseOf,
  people,
  livePaused,
  messages,
  async drop(bytes, url, name) {
    const data = bytes ? new Uint8Array(bytes) : new Uint8Array(await (await fetch(url!)).arrayBuffer());
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], name));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    await lastDrop;
  },
  frames,
  dispose() {
    panel.dispose();
    return { panelInDom: !!document.querySelector('.record-panel'), livePaused: [...livePaused] };
  },
};
document.body.dataset.ready = 'true';
