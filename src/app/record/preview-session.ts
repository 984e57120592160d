/**
 * Plays motions on the avatars of an {@link AvatarScene} from one transport clock.
 *
 * The scene re-applies every person's last pose in each `update`, so a mixer posing the normalized
 * bones directly would be overwritten. Instead each frame the session seeks a {@link MotionPlayer} per
 * person (which poses the normalized bones), reads those bones back and hands them to the scene with
 * `setPersonPose`, exactly as live tracking does. The scene's own loop then applies and renders them.
 */
import { VRMHumanBoneList, type VRM, type VRMHumanBoneName } from '@pixiv/three-vrm';
import type { Object3D } from 'three';
import type { AvatarScene, PersonId, PersonInfo } from '../../avatar';
import { MotionPlayer, type LoadedMotion } from '../../record';
import { Timeline } from './timeline';

/** One person the session plays a motion on. */
export interface PreviewTarget {
  readonly personId: PersonId;
  readonly motion: LoadedMotion;
  /** Where the motion starts on the session's clock (s); before it the first pose holds, after its end the last. */
  readonly offsetS: number;
}

/** Options of {@link PreviewSession}. */
export interface PreviewSessionOptions {
  /** Length of the shared clock (s). Default: the longest `offsetS + duration` of the targets. */
  readonly duration?: number;
  /** Called after each frame the session posed (e.g. to move the scrub slider). */
  readonly onFrame?: (time: number) => void;
}

/** rAF gaps longer than this (a hidden tab) do not jump the play head. */
const MAX_FRAME_DT_S = 0.1;

type Quat = [number, number, number, number];

/** A player and the reusable pose it hands to the scene. */
interface Binding {
  readonly vrm: VRM;
  readonly player: MotionPlayer;
  readonly nodes: readonly (readonly [VRMHumanBoneName, Object3D, Quat])[];
  readonly hipsNode: Object3D | null;
  readonly pose: { bones: Partial<Record<VRMHumanBoneName, Quat>>; hips: [number, number, number] };
}

interface TargetState {
  readonly target: PreviewTarget;
  binding: Binding | null;
}

function bind(vrm: VRM, motion: LoadedMotion): Binding {
  const player = new MotionPlayer(vrm, motion);
  const bones: Partial<Record<VRMHumanBoneName, Quat>> = {};
  const nodes: (readonly [VRMHumanBoneName, Object3D, Quat])[] = [];
  for (const name of VRMHumanBoneList) {
    const node = vrm.humanoid.getNormalizedBoneNode(name);
    if (!node) continue;
    const q: Quat = [0, 0, 0, 1];
    bones[name] = q;
    nodes.push([name, node, q]);
  }
  return { vrm, player, nodes, hipsNode: vrm.humanoid.getNormalizedBoneNode('hips'), pose: { bones, hips: [0, 0, 0] } };
}

/**
 * Plays `targets` on their people's avatars. People missing from the scene (or leaving it) when the
 * session starts are brought (back) in with the scene's avatar for them, and removed again by
 * {@link dispose}; after that the session follows the scene (a swapped avatar gets a new player, a
 * removed person stops playing).
 */
export class PreviewSession {
  readonly timeline: Timeline;
  private readonly states: TargetState[];
  /** People this session brought into the scene (removed again on dispose). */
  private readonly spawned = new Set<PersonId>();
  private frame: number | null = null;
  private lastT = 0;
  private disposed = false;

  constructor(
    private readonly scene: AvatarScene,
    targets: readonly PreviewTarget[],
    private readonly options: PreviewSessionOptions = {},
  ) {
    this.states = targets.map((target) => ({ target, binding: null }));
    const longest = targets.reduce((m, t) => Math.max(m, t.offsetS + t.motion.duration), 0);
    this.timeline = new Timeline(options.duration ?? longest);
    const people = scene.people();
    for (const { personId } of targets) {
      const info = people.find((p) => p.id === personId);
      if (info && !info.leaving) continue;
      // Registers (or revives) the person; the scene loads their avatar asynchronously.
      scene.setPersonPose(personId, {});
      this.spawned.add(personId);
    }
    this.sync();
    this.applyPoses();
    this.frame = requestAnimationFrame(this.loop);
  }

  /** Ids of the people being played on (avatar present), in target order. */
  playingIds(): PersonId[] {
    return this.states.filter((s) => s.binding).map((s) => s.target.personId);
  }

  play(): void {
    this.timeline.play();
  }

  pause(): void {
    this.timeline.pause();
  }

  /** Moves the play head and poses the avatars there at once (also while paused). */
  seek(seconds: number): void {
    this.timeline.seek(seconds);
    this.applyPoses();
  }

  /** Stops playing; the avatars keep the last pose; people the session brought in despawn. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    for (const s of this.states) s.binding?.player.dispose();
    for (const id of this.spawned) this.scene.removePerson(id);
    this.spawned.clear();
  }

  private readonly loop = (now: number): void => {
    if (this.disposed) return;
    this.frame = requestAnimationFrame(this.loop);
    const dt = this.lastT ? Math.min(MAX_FRAME_DT_S, (now - this.lastT) / 1000) : 0;
    this.lastT = now;
    // Every frame (a few small objects for a handful of people): a person the app removed must not be
    // revived by the next setPersonPose, and a swapped avatar must get its player at once.
    this.sync();
    this.timeline.advance(dt);
    this.applyPoses();
    this.options.onFrame?.(this.timeline.time);
  };

  /** Matches players to the avatars the scene shows now. */
  private sync(): void {
    const people: PersonInfo[] = this.scene.people();
    for (const s of this.states) {
      const info = people.find((p) => p.id === s.target.personId);
      const vrm = info && !info.leaving ? info.vrm : null;
      if (s.binding?.vrm === vrm) continue;
      s.binding?.player.dispose();
      s.binding = vrm ? bind(vrm, s.target.motion) : null;
    }
  }

  /** Poses every bound avatar at the clock's time and hands the pose to the scene. */
  private applyPoses(): void {
    const t = this.timeline.time;
    for (const s of this.states) {
      const b = s.binding;
      if (!b) continue;
      b.player.seek(t - s.target.offsetS);
      for (const [, node, q] of b.nodes) {
        const r = node.quaternion;
        q[0] = r.x;
        q[1] = r.y;
        q[2] = r.z;
        q[3] = r.w;
      }
      if (b.hipsNode) {
        const p = b.hipsNode.position;
        b.pose.hips[0] = p.x;
        b.pose.hips[1] = p.y;
        b.pose.hips[2] = p.z;
      }
      this.scene.setPersonPose(s.target.personId, b.pose);
    }
  }
}
