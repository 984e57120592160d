/** The transport clock shared by every avatar of a preview (pure, unit-tested in tests/record-ui/panel-logic.test.ts). */

/**
 * A looping play head over `[0, duration]` seconds. Every player of a preview is seeked from this one
 * clock, so people recorded together stay in step and a person who entered late starts late.
 */
export class Timeline {
  private t = 0;
  private running = false;

  /** @param duration seconds; 0 (a still pose) or invalid keeps the head at 0. */
  constructor(readonly duration: number) {
    if (!(duration > 0) || !Number.isFinite(duration)) this.duration = 0;
  }

  /** Seconds, within [0, duration]. */
  get time(): number {
    return this.t;
  }

  get playing(): boolean {
    return this.running;
  }

  play(): void {
    this.running = true;
  }

  pause(): void {
    this.running = false;
  }

  /** Moves the head to `seconds`, clamped to the clip. */
  seek(seconds: number): void {
    this.t = Number.isFinite(seconds) ? Math.min(Math.max(0, seconds), this.duration) : 0;
  }

  /** Advances by `dt` seconds while playing, wrapping at the end (the preview loops). */
  advance(dt: number): void {
    if (!this.running || !(dt > 0) || this.duration === 0) return;
    this.t += dt;
    if (this.t > this.duration) this.t %= this.duration;
  }
}
