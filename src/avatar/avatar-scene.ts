/**
 * The avatar scene: one VRM avatar per tracked person on a lit stage, viewed through an orbit camera.
 *
 * ```ts
 * const view = createAvatarScene(canvas, { mirror: true });
 * view.start();                                   // requestAnimationFrame loop
 * // per pose frame, per tracked person:
 * view.setPersonPose(person.id, { bones: solved.rotations, hips, imageX, scale });
 * // when the tracker drops someone:
 * view.removePerson(id);
 * // a .vrm dropped on the page:
 * view.setAvatarForPerson(id, await loadAvatar(file));          // one person
 * await view.setAvatarForAll(() => loadAvatar(bytes, { name })); // everyone, and everyone who comes later
 * ```
 *
 * People appear when first posed (or given an avatar) with the default avatar in their own colour,
 * grow into place (~0.3 s), follow their image position and size (smoothly), and shrink away when
 * removed. Every frame every avatar gets its pose and `vrm.update(dt)` (spring bones, expressions,
 * look-at). The per-frame path does not allocate.
 */
import {
  Group,
  Mesh,
  PerspectiveCamera,
  Scene,
  Vector3,
  WebGLRenderer,
  type Object3D,
  type ColorRepresentation,
  type WebGLRendererParameters,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { VRMHumanBoneList, type VRM, type VRMHumanBoneName } from '@pixiv/three-vrm';
import { createDefaultAvatarFactory } from './default-avatars';
import { disposeAvatar } from './load-avatar';
import { approach, SceneLayout, type LayoutSlot, type SceneLayoutOptions } from './scene-layout';
import { SPAWN_DURATION_S, spawnTransform, stepPresence, type Presence, type SpawnTransform } from './spawn';
import { createStage, type Stage } from './stage';
import type { AvatarFactory, AvatarPose, PersonId, PersonInfo, Vector3Tuple } from './types';

/** Which axes of `pose.hips` (root motion) the scene applies; the others stay at the avatar's rest. */
export interface RootMotionAxes {
  /** Model X (sideways). Default true. Turn off when `imageX` already places the person. */
  horizontal?: boolean;
  /** Model Y (up: crouching, jumping). Default true. */
  vertical?: boolean;
  /** Model Z (toward/away from the camera). Default true. Turn off when `scale` already sets depth. */
  depth?: boolean;
}

/** Options of {@link createAvatarScene}. */
export interface AvatarSceneOptions {
  /**
   * Mirror mode: flip left and right of the image layout (selfie view). Default false. Only the
   * placement is flipped; mirror the bone rotations in the solver (its `mirror` option).
   */
  mirror?: boolean;
  /** Layout tuning (stage width, spacing, depth from scale); defaults in `DEFAULT_SCENE_LAYOUT_OPTIONS`. */
  layout?: Partial<Omit<SceneLayoutOptions, 'mirror'>>;
  /**
   * Root-motion axes to apply from `pose.hips`. Default: all. When the page passes both `imageX`/`scale`
   * and a solver's full root motion, the person moves twice as far sideways/in depth: turn
   * `horizontal`/`depth` off here or in the solver.
   */
  rootMotion?: RootMotionAxes;
  /**
   * Makes the avatar of each new person. Default: the project's default avatar, colour variant by the
   * person's colour slot (`createDefaultAvatarFactory()`).
   */
  avatarFactory?: AvatarFactory;
  /**
   * Called when an avatar factory fails for a person outside {@link AvatarScene.setAvatarForAll}
   * (e.g. a default avatar that cannot be downloaded); the person keeps their previous avatar, or has
   * none. Default: ignored.
   */
  onAvatarError?: (id: PersonId, error: unknown) => void;
  /** Background colour, or null for a transparent canvas. Default `#1b2029`. */
  background?: ColorRepresentation | null;
  /** Avatar shadows on the floor. Default true. */
  shadows?: boolean;
  /** Spawn/despawn duration (s). Default {@link SPAWN_DURATION_S} (0.3 s). */
  spawnDurationS?: number;
  /** Time constant (s) with which avatars follow their layout position. Default {@link LAYOUT_FOLLOW_S}. */
  layoutFollowS?: number;
  /** Initial camera. Defaults: {@link DEFAULT_CAMERA}. */
  camera?: { fovDeg?: number; position?: Vector3Tuple; target?: Vector3Tuple };
  /** Device pixel ratio for rendering. Default `min(devicePixelRatio, 2)` (sharper costs fill rate). */
  pixelRatio?: number;
  /** Resize with the canvas's CSS size via ResizeObserver. Default true; otherwise call `resize()`. */
  autoResize?: boolean;
  /** Extra WebGLRenderer parameters (e.g. `preserveDrawingBuffer`). Default: antialias on. */
  renderer?: Omit<WebGLRendererParameters, 'canvas'>;
}

/**
 * Time constant of following the layout: smooths detector jitter in position and size (a few px per
 * frame) while a person walking across the image is followed within a few frames.
 */
export const LAYOUT_FOLLOW_S = 0.25;

/**
 * Default view: eye height at the avatars' shoulders looking at their waists, far enough back that
 * four people across the 3.6 m stage (arms relaxed) fit a 16:9 canvas, and still a 4:3 one, with a
 * narrow, low-distortion field of view.
 */
export const DEFAULT_CAMERA = Object.freeze({
  fovDeg: 30,
  position: Object.freeze([0, 1.3, 5.4]) as Vector3Tuple,
  target: Object.freeze([0, 0.9, 0]) as Vector3Tuple,
});

/** Frames longer than this (s) are clamped: after a hidden tab, spring bones would otherwise explode. */
const MAX_FRAME_DT_S = 0.1;
/** Orbit limits: never below the floor, never inside an avatar, never lost in the fog. */
const ORBIT_MIN_DISTANCE_M = 1;
const ORBIT_MAX_DISTANCE_M = 14;
const ORBIT_MAX_POLAR_RAD = Math.PI * 0.495;
/** Camera clip planes (m): the stage spans ~20 m including the fogged floor. */
const CAMERA_NEAR_M = 0.05;
const CAMERA_FAR_M = 60;
/** Highest default pixel ratio: beyond 2, cost rises with no visible gain at avatar scale. */
const MAX_DEFAULT_PIXEL_RATIO = 2;

const BONE_NAMES: readonly VRMHumanBoneName[] = VRMHumanBoneList;
const BONE_COUNT = BONE_NAMES.length;
const BONE_INDEX: ReadonlyMap<string, number> = new Map(BONE_NAMES.map((b, i) => [b, i]));
const HIPS_INDEX = BONE_INDEX.get('hips')!;

/** The public handle of an avatar scene. */
export interface AvatarScene {
  /** The WebGL renderer drawing into the canvas (shadow maps on unless `shadows: false`). */
  readonly renderer: WebGLRenderer;
  /** The scene: stage (lights, floor) and an `avatars` group with one `person-<id>` group per person. */
  readonly scene: Scene;
  /** The perspective camera, driven by {@link controls}. */
  readonly camera: PerspectiveCamera;
  /** Orbit controls on the canvas (damped; cannot go below the floor). */
  readonly controls: OrbitControls;
  /**
   * Gives person `id` their own avatar (registering the person if new, reviving them if leaving). The
   * scene takes ownership of `vrm` and disposes of it when it is replaced or removed; a VRM instance
   * can be shown for one person only (throws otherwise). `null` returns the person to the shared
   * avatar factory's avatar.
   */
  setAvatarForPerson(id: PersonId, vrm: VRM | null): void;
  /**
   * Replaces everyone's avatar (custom ones included), and that of everyone who appears later, with
   * avatars made by `factory`; `null` restores the default avatars. Resolves once every present person
   * has their new avatar; rejects with the first failure (those people keep their previous avatar).
   */
  setAvatarForAll(factory: AvatarFactory | null): Promise<void>;
  /**
   * Sets person `id`'s pose (registering the person if new, reviving them if leaving). Values are
   * copied; what `pose` leaves out keeps its previous value. Applied on the next `tick`.
   */
  setPersonPose(id: PersonId, pose: AvatarPose): void;
  /** Lets person `id` despawn (shrink away), then disposes of their avatar. Unknown ids are ignored. */
  removePerson(id: PersonId): void;
  /** The people in the scene, leaving ones included, in order of appearance. */
  people(): PersonInfo[];
  /** Mirror mode (see {@link AvatarSceneOptions.mirror}); avatars glide to their new places. */
  mirror: boolean;
  /** Starts the requestAnimationFrame loop (no-op when running). */
  start(): void;
  /** Stops the loop (no-op when stopped). */
  stop(): void;
  /** Whether the loop runs. */
  readonly running: boolean;
  /** One frame: {@link update} by `dt` seconds, then {@link render}. What the loop calls. */
  tick(dt: number): void;
  /**
   * Advances layout, spawn/despawn, poses and every `vrm.update` by `dt` seconds (clamped to
   * 0…0.1 s) without drawing, e.g. to step a simulation faster than it can be rendered.
   */
  update(dt: number): void;
  /** Draws the scene as it is now (orbit damping included). */
  render(): void;
  /** Sets the drawing size (CSS px). Default: the canvas's client size. */
  resize(width?: number, height?: number): void;
  /** Stops, disposes of every avatar, the stage and the renderer. The scene is unusable afterwards. */
  dispose(): void;
}

interface Slot {
  readonly vrm: VRM;
  /** Carries the spawn scale and rise; the VRM's own scene (with rotateVRM0's turn) sits inside. */
  readonly group: Group;
  readonly presence: Presence;
  /** Normalized bone nodes by BONE_NAMES index (null where the avatar lacks the bone). */
  readonly nodes: (Object3D | null)[];
  readonly hipsRest: Vector3;
  /** No frame rendered yet: spring bones are reset once placed. */
  fresh: boolean;
}

interface Person {
  readonly id: PersonId;
  readonly index: number;
  /** Positioned by the layout. */
  readonly group: Group;
  slot: Slot | null;
  /** Previous avatars shrinking away. */
  readonly outgoing: Slot[];
  custom: boolean;
  leaving: boolean;
  /** Incremented by every avatar request; a load finishing under an older generation is discarded. */
  generation: number;
  readonly rotations: Float64Array;
  readonly hasRotation: Uint8Array;
  readonly hips: Float64Array;
  hasHips: boolean;
  imageX: number;
  scale: number;
  readonly layout: LayoutSlot;
  placed: boolean;
}

/**
 * Creates the scene on `canvas`: WebGL renderer, stage (lights, floor), orbit camera, and the avatar
 * management described in the module comment. Nothing renders until `start()` or `tick()`.
 */
export function createAvatarScene(canvas: HTMLCanvasElement, options: AvatarSceneOptions = {}): AvatarScene {
  const renderer = new WebGLRenderer({ antialias: true, alpha: options.background === null, ...options.renderer, canvas });
  const dpr = typeof devicePixelRatio === 'number' ? devicePixelRatio : 1;
  renderer.setPixelRatio(options.pixelRatio ?? Math.min(dpr, MAX_DEFAULT_PIXEL_RATIO));
  renderer.shadowMap.enabled = options.shadows !== false;

  const scene = new Scene();
  const stage: Stage = createStage(scene, {
    ...(options.background !== undefined && { background: options.background }),
    shadows: options.shadows !== false,
  });

  const camOpt = { ...DEFAULT_CAMERA, ...options.camera };
  const camera = new PerspectiveCamera(camOpt.fovDeg, 1, CAMERA_NEAR_M, CAMERA_FAR_M);
  camera.position.set(...camOpt.position);
  const controls = new OrbitControls(camera, canvas);
  controls.target.set(...camOpt.target);
  controls.enableDamping = true;
  controls.minDistance = ORBIT_MIN_DISTANCE_M;
  controls.maxDistance = ORBIT_MAX_DISTANCE_M;
  controls.maxPolarAngle = ORBIT_MAX_POLAR_RAD;
  controls.update();

  const avatarsRoot = new Group();
  avatarsRoot.name = 'avatars';
  scene.add(avatarsRoot);

  const layout = new SceneLayout({ ...options.layout, mirror: options.mirror ?? false });
  const spawnDurationS = options.spawnDurationS ?? SPAWN_DURATION_S;
  const followS = options.layoutFollowS ?? LAYOUT_FOLLOW_S;
  const axes = { horizontal: true, vertical: true, depth: true, ...options.rootMotion };
  const defaultFactory = options.avatarFactory ?? createDefaultAvatarFactory();
  let factory: AvatarFactory = defaultFactory;

  const persons = new Map<PersonId, Person>();
  /** Same people as `persons`, for index-based (iterator-free) per-frame loops. */
  const personList: Person[] = [];
  let layoutSlots: LayoutSlot[] = [];
  const spawnOut: SpawnTransform = { scale: 1, offsetY: 0 };
  let disposed = false;

  // --- people and avatars ----------------------------------------------------------------------------

  function lowestFreeIndex(): number {
    for (let i = 0; ; i++) if (!personList.some((p) => p.index === i)) return i;
  }

  function getOrCreate(id: PersonId): { person: Person; created: boolean } {
    const existing = persons.get(id);
    if (existing) return { person: existing, created: false };
    const group = new Group();
    group.name = `person-${id}`;
    avatarsRoot.add(group);
    const person: Person = {
      id,
      index: lowestFreeIndex(),
      group,
      slot: null,
      outgoing: [],
      custom: false,
      leaving: false,
      generation: 0,
      rotations: new Float64Array(4 * BONE_COUNT),
      hasRotation: new Uint8Array(BONE_COUNT),
      hips: new Float64Array(3),
      hasHips: false,
      imageX: NaN,
      scale: NaN,
      layout: { imageX: 0.5, scale: NaN, x: 0, z: 0 },
      placed: false,
    };
    persons.set(id, person);
    personList.push(person);
    return { person, created: true };
  }

  function makeSlot(vrm: VRM): Slot {
    const group = new Group();
    group.name = `avatar-${vrm.scene.name}`;
    group.scale.setScalar(spawnTransform(0, spawnOut).scale);
    group.add(vrm.scene);
    vrm.scene.traverse((o) => {
      if (o instanceof Mesh) o.castShadow = true;
    });
    const nodes = BONE_NAMES.map((b) => vrm.humanoid.getNormalizedBoneNode(b));
    const rest = vrm.humanoid.normalizedRestPose.hips?.position;
    const hipsRest = new Vector3(rest?.[0] ?? 0, rest?.[1] ?? 0, rest?.[2] ?? 0);
    return { vrm, group, presence: { progress: 0, target: 1 }, nodes, hipsRest, fresh: true };
  }

  /** Throws when `vrm` is shown for a person other than `id` (one Object3D cannot be in two places). */
  function assertNotShownElsewhere(id: PersonId, vrm: VRM): void {
    const holder = personList.find((p) => p.id !== id && (p.slot?.vrm === vrm || p.outgoing.some((o) => o.vrm === vrm)));
    if (holder) throw new Error(`This VRM is already shown for person ${holder.id}: each person needs a VRM instance of their own`);
  }

  function attach(person: Person, vrm: VRM): void {
    if (person.slot?.vrm === vrm) return;
    assertNotShownElsewhere(person.id, vrm);
    if (person.slot) {
      person.slot.presence.target = 0;
      person.outgoing.push(person.slot);
    }
    // An avatar given back while it is still shrinking away grows back from where it is.
    const k = person.outgoing.findIndex((o) => o.vrm === vrm);
    if (k >= 0) {
      person.slot = person.outgoing.splice(k, 1)[0];
      person.slot.presence.target = 1;
      return;
    }
    const slot = makeSlot(vrm);
    person.slot = slot;
    person.group.add(slot.group);
  }

  function dropSlot(person: Person, slot: Slot): void {
    person.group.remove(slot.group);
    disposeAvatar(slot.vrm);
  }

  /** Asks `make` for person's avatar; a result arriving after a newer request or removal is disposed. */
  function request(person: Person, make: AvatarFactory, report: boolean): Promise<void> {
    const generation = ++person.generation;
    const current = (): boolean => !disposed && persons.get(person.id) === person && person.generation === generation;
    return Promise.resolve()
      .then(() => make({ id: person.id, index: person.index }))
      .then((vrm) => {
        if (current()) attach(person, vrm);
        else disposeAvatar(vrm);
      })
      .catch((error: unknown) => {
        if (!current()) return;
        if (!report) throw error;
        options.onAvatarError?.(person.id, error);
      });
  }

  function revive(person: Person): void {
    if (!person.leaving) return;
    person.leaving = false;
    if (person.slot) person.slot.presence.target = 1;
  }

  function removeNow(person: Person): void {
    person.generation++;
    if (person.slot) dropSlot(person, person.slot);
    for (const s of person.outgoing) dropSlot(person, s);
    person.slot = null;
    person.outgoing.length = 0;
    avatarsRoot.remove(person.group);
    persons.delete(person.id);
    personList.splice(personList.indexOf(person), 1);
  }

  function ensurePersonWithAvatar(id: PersonId): Person {
    const { person, created } = getOrCreate(id);
    if (person.leaving) {
      revive(person);
      if (!person.slot) void request(person, factory, true);
    } else if (created) {
      void request(person, factory, true);
    }
    return person;
  }

  // --- per frame -----------------------------------------------------------------------------------

  function computeLayout(): void {
    if (layoutSlots.length < personList.length) {
      layoutSlots = personList.map((p) => p.layout);
    }
    let n = 0;
    for (let i = 0; i < personList.length; i++) {
      const p = personList[i];
      if (p.slot || p.outgoing.length) layoutSlots[n++] = p.layout;
    }
    // People without an image position spread evenly, in order of appearance.
    for (let i = 0, k = 0; i < personList.length; i++) {
      const p = personList[i];
      if (!p.slot && !p.outgoing.length) continue;
      p.layout.imageX = Number.isFinite(p.imageX) ? p.imageX : (k + 0.5) / n;
      p.layout.scale = p.scale;
      k++;
    }
    layout.solve(layoutSlots, n);
  }

  function applyPose(person: Person, slot: Slot): void {
    const r = person.rotations;
    for (let i = 0; i < BONE_COUNT; i++) {
      const node = slot.nodes[i];
      if (node && person.hasRotation[i]) node.quaternion.set(r[4 * i], r[4 * i + 1], r[4 * i + 2], r[4 * i + 3]);
    }
    const hips = slot.nodes[HIPS_INDEX];
    if (hips && person.hasHips) {
      const h = person.hips;
      const rest = slot.hipsRest;
      hips.position.set(axes.horizontal ? h[0] : rest.x, axes.vertical ? h[1] : rest.y, axes.depth ? h[2] : rest.z);
    }
  }

  function updateSlot(person: Person, slot: Slot, dt: number): void {
    stepPresence(slot.presence, dt, spawnDurationS);
    spawnTransform(slot.presence.progress, spawnOut);
    slot.group.scale.setScalar(spawnOut.scale);
    slot.group.position.y = spawnOut.offsetY;
    applyPose(person, slot);
    if (slot.fresh) {
      // Spring bones start from where the avatar actually stands, not from the origin at load time.
      slot.fresh = false;
      slot.vrm.humanoid.update();
      person.group.updateMatrixWorld(true);
      slot.vrm.springBoneManager?.reset();
    }
    slot.vrm.update(dt);
  }

  function update(dtIn: number): void {
    if (disposed) return;
    const dt = Number.isFinite(dtIn) ? Math.min(MAX_FRAME_DT_S, Math.max(0, dtIn)) : 0;
    computeLayout();
    for (let i = 0; i < personList.length; i++) {
      const person = personList[i];
      if (person.slot || person.outgoing.length) {
        const g = person.group.position;
        if (!person.placed) {
          g.set(person.layout.x, 0, person.layout.z);
          person.placed = true;
        } else {
          g.x = approach(g.x, person.layout.x, dt, followS);
          g.z = approach(g.z, person.layout.z, dt, followS);
        }
      }
      if (person.slot) updateSlot(person, person.slot, dt);
      for (let k = person.outgoing.length - 1; k >= 0; k--) {
        const s = person.outgoing[k];
        updateSlot(person, s, dt);
        if (s.presence.progress <= 0) {
          dropSlot(person, s);
          person.outgoing.splice(k, 1);
        }
      }
      if (person.leaving && person.slot && person.slot.presence.progress <= 0) {
        dropSlot(person, person.slot);
        person.slot = null;
      }
      if (person.leaving && !person.slot && !person.outgoing.length) {
        removeNow(person);
        i--;
      }
    }
  }

  function render(): void {
    if (disposed) return;
    controls.update();
    renderer.render(scene, camera);
  }

  function tick(dt: number): void {
    update(dt);
    render();
  }

  // --- size and loop -------------------------------------------------------------------------------

  function resize(width?: number, height?: number): void {
    if (disposed) return;
    const w = width ?? (canvas.clientWidth || canvas.width);
    const h = height ?? (canvas.clientHeight || canvas.height);
    if (!(w > 0 && h > 0)) return;
    renderer.setSize(w, h, false);
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
  }
  resize();
  let observer: ResizeObserver | null = null;
  if (options.autoResize !== false && typeof ResizeObserver !== 'undefined') {
    observer = new ResizeObserver(() => resize());
    observer.observe(canvas);
  }

  let frame: number | null = null;
  let last = 0;
  const loop = (t: number): void => {
    frame = requestAnimationFrame(loop);
    const dt = last ? (t - last) / 1000 : 0;
    last = t;
    tick(dt);
  };

  // --- the handle ----------------------------------------------------------------------------------

  const handle: AvatarScene = {
    renderer,
    scene,
    camera,
    controls,
    setAvatarForPerson(id, vrm) {
      if (disposed) {
        if (vrm) disposeAvatar(vrm);
        return;
      }
      if (vrm) assertNotShownElsewhere(id, vrm);
      const { person } = getOrCreate(id);
      revive(person);
      if (vrm) {
        person.generation++;
        person.custom = true;
        attach(person, vrm);
      } else {
        person.custom = false;
        void request(person, factory, true);
      }
    },
    async setAvatarForAll(next) {
      if (disposed) return;
      factory = next ?? defaultFactory;
      const pending: Promise<void>[] = [];
      for (const person of personList) {
        if (person.leaving) continue;
        person.custom = false;
        pending.push(request(person, factory, false));
      }
      const results = await Promise.allSettled(pending);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    },
    setPersonPose(id, pose) {
      if (disposed) return;
      const person = ensurePersonWithAvatar(id);
      const bones = pose.bones;
      if (bones) {
        for (const name in bones) {
          const i = BONE_INDEX.get(name);
          const v = bones[name as VRMHumanBoneName];
          if (i === undefined || !v) continue;
          const x = v[0];
          const y = v[1];
          const z = v[2];
          const w = v[3];
          if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(z) && Number.isFinite(w))) continue;
          const r = person.rotations;
          r[4 * i] = x;
          r[4 * i + 1] = y;
          r[4 * i + 2] = z;
          r[4 * i + 3] = w;
          person.hasRotation[i] = 1;
        }
      }
      const hips = pose.hips;
      if (hips && Number.isFinite(hips[0]) && Number.isFinite(hips[1]) && Number.isFinite(hips[2])) {
        person.hips[0] = hips[0];
        person.hips[1] = hips[1];
        person.hips[2] = hips[2];
        person.hasHips = true;
      }
      if (pose.imageX !== undefined && Number.isFinite(pose.imageX)) person.imageX = pose.imageX;
      if (pose.scale !== undefined && Number.isFinite(pose.scale)) person.scale = pose.scale;
    },
    removePerson(id) {
      const person = persons.get(id);
      if (!person || person.leaving) return;
      person.leaving = true;
      person.generation++;
      if (person.slot) person.slot.presence.target = 0;
      else if (!person.outgoing.length) removeNow(person);
    },
    people() {
      return personList.map((p) => ({
        id: p.id,
        index: p.index,
        vrm: p.slot?.vrm ?? null,
        custom: p.custom,
        leaving: p.leaving,
      }));
    },
    get mirror() {
      return layout.options.mirror;
    },
    set mirror(value: boolean) {
      layout.options.mirror = value;
    },
    start() {
      if (disposed || frame !== null) return;
      last = 0;
      frame = requestAnimationFrame(loop);
    },
    stop() {
      if (frame !== null) cancelAnimationFrame(frame);
      frame = null;
    },
    get running() {
      return frame !== null;
    },
    tick,
    update,
    render,
    resize,
    dispose() {
      if (disposed) return;
      handle.stop();
      disposed = true;
      observer?.disconnect();
      for (let i = personList.length - 1; i >= 0; i--) removeNow(personList[i]);
      scene.remove(avatarsRoot);
      stage.dispose();
      controls.dispose();
      renderer.dispose();
    },
  };
  return handle;
}
