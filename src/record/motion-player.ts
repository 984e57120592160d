/**
 * Plays a {@link LoadedMotion} on one VRM with play / pause / scrub. The player only poses the
 * normalized bones (and expressions); the page's render loop keeps calling `vrm.update(delta)`, which
 * copies them onto the mesh.
 */
import { AnimationMixer, LoopRepeat, type AnimationAction } from 'three';
import type { VRM } from '@pixiv/three-vrm';
import type { LoadedMotion } from './load-motion-file';

/** Plays one motion on one avatar. */
export class MotionPlayer {
  private readonly mixer: AnimationMixer;
  private readonly action: AnimationAction;
  private playing = false;

  constructor(
    readonly vrm: VRM,
    readonly motion: LoadedMotion,
  ) {
    this.mixer = new AnimationMixer(vrm.scene);
    this.action = this.mixer.clipAction(motion.clipFor(vrm));
    this.action.setLoop(LoopRepeat, Infinity);
    this.action.play();
    this.mixer.setTime(0);
  }

  /** Seconds. */
  get duration(): number {
    return this.motion.duration;
  }

  /** Current time in seconds, within [0, duration]. */
  get time(): number {
    return this.duration > 0 ? this.action.time % this.duration : 0;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  play(): void {
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  /** Jumps to `seconds` (clamped to the clip) and poses the avatar there, also while paused. */
  seek(seconds: number): void {
    const t = Math.min(Math.max(0, seconds), this.duration);
    this.action.time = t;
    this.mixer.update(0);
  }

  /** Advances by `deltaSeconds` when playing; call once per rendered frame before `vrm.update`. */
  update(deltaSeconds: number): void {
    this.mixer.update(this.playing ? deltaSeconds : 0);
  }

  /** Stops the motion and releases the mixer's bindings (the avatar keeps its last pose). */
  dispose(): void {
    this.action.stop();
    this.mixer.stopAllAction();
    this.mixer.uncacheRoot(this.vrm.scene);
  }
}
