/** Text formatting of the recording panel (pure, unit-tested in tests/record-ui/panel-logic.test.ts). */

const MS_PER_MINUTE = 60_000;
const MS_PER_SECOND = 1000;
/** The clock shows tenths of a second. */
const MS_PER_TENTH = 100;

/**
 * `mm:ss.s` for a duration in ms, e.g. `01:02.3`. Rounds DOWN to the tenth, like a stopwatch (0.96 s
 * reads 00:00.9, never a second that has not yet passed). Minutes keep counting past 59 (`75:00.0`).
 * Negative, NaN or infinite input reads `00:00.0`.
 */
export function formatClock(ms: number): string {
  const tenths = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / MS_PER_TENTH) : 0;
  const totalMs = tenths * MS_PER_TENTH;
  const minutes = Math.floor(totalMs / MS_PER_MINUTE);
  const seconds = Math.floor((totalMs % MS_PER_MINUTE) / MS_PER_SECOND);
  const tenth = tenths % (MS_PER_SECOND / MS_PER_TENTH);
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}.${tenth}`;
}

/** `1 frame`, `90 frames` (thousands grouped: `18,000 frames`). */
export function formatFrames(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'frame' : 'frames'}`;
}
