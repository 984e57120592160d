/** Pure logic of the recording panel: clock text, state machine, transport clock. */
import { describe, expect, it } from 'vitest';
import { formatClock, formatFrames } from '../../src/app/record/format';
import { INITIAL_PANEL_STATE, isLivePaused, panelControls, transition, type PanelEvent, type PanelState } from '../../src/app/record/panel-state';
import { Timeline } from '../../src/app/record/timeline';

describe('formatClock', () => {
  it('writes mm:ss.s, rounding down like a stopwatch', () => {
    expect(formatClock(0)).toBe('00:00.0');
    expect(formatClock(960)).toBe('00:00.9');
    expect(formatClock(1000)).toBe('00:01.0');
    expect(formatClock(62_345)).toBe('01:02.3');
    expect(formatClock(599_999)).toBe('09:59.9');
    expect(formatClock(600_000)).toBe('10:00.0');
    expect(formatClock(75 * 60_000)).toBe('75:00.0');
  });

  it('reads 00:00.0 for negative or invalid input', () => {
    for (const v of [-5, NaN, Infinity, -Infinity]) expect(formatClock(v)).toBe('00:00.0');
  });
});

describe('formatFrames', () => {
  it('counts frames with the right plural and grouped thousands', () => {
    expect(formatFrames(0)).toBe('0 frames');
    expect(formatFrames(1)).toBe('1 frame');
    expect(formatFrames(18_000)).toBe('18,000 frames');
  });
});

describe('panel state machine', () => {
  const run = (events: PanelEvent[], from: PanelState = INITIAL_PANEL_STATE): PanelState => {
    let s = from;
    for (const e of events) {
      const next = transition(s, e);
      if (!next) throw new Error(`${e.type} refused in ${s.phase}`);
      s = next;
    }
    return s;
  };

  it('goes idle → recording → stopped → previewing → live (stopped, clips kept)', () => {
    let s = run([{ type: 'record' }]);
    expect(s).toEqual({ phase: 'recording', hasClips: false });
    expect(isLivePaused(s.phase)).toBe(false);
    s = run([{ type: 'stop', clipCount: 3 }], s);
    expect(s).toEqual({ phase: 'stopped', hasClips: true });
    s = run([{ type: 'preview' }], s);
    expect(s.phase).toBe('previewing');
    expect(isLivePaused(s.phase)).toBe(true);
    s = run([{ type: 'back-to-live' }], s);
    expect(s).toEqual({ phase: 'stopped', hasClips: true });
    expect(isLivePaused(s.phase)).toBe(false);
  });

  it('returns to idle after a recording in which nobody was tracked', () => {
    expect(run([{ type: 'record' }, { type: 'stop', clipCount: 0 }])).toEqual({ phase: 'idle', hasClips: false });
  });

  it('refuses what makes no sense in a phase', () => {
    expect(transition(INITIAL_PANEL_STATE, { type: 'stop', clipCount: 1 })).toBeNull();
    expect(transition(INITIAL_PANEL_STATE, { type: 'preview' })).toBeNull();
    expect(transition(INITIAL_PANEL_STATE, { type: 'back-to-live' })).toBeNull();
    const recording = run([{ type: 'record' }]);
    expect(transition(recording, { type: 'record' })).toBeNull();
    expect(transition(recording, { type: 'play-file' })).toBeNull();
    expect(transition(recording, { type: 'preview' })).toBeNull();
  });

  it('plays dropped files from any live or playback phase and returns to the right live phase', () => {
    const file = run([{ type: 'play-file' }]);
    expect(file).toEqual({ phase: 'playing-file', hasClips: false });
    expect(run([{ type: 'back-to-live' }], file).phase).toBe('idle');
    const withClips = run([{ type: 'record' }, { type: 'stop', clipCount: 1 }, { type: 'preview' }, { type: 'play-file' }]);
    expect(withClips).toEqual({ phase: 'playing-file', hasClips: true });
    expect(run([{ type: 'preview' }], withClips).phase).toBe('previewing');
    expect(run([{ type: 'back-to-live' }], withClips).phase).toBe('stopped');
  });

  it('a new recording from a preview drops the previous clips', () => {
    const s = run([{ type: 'record' }, { type: 'stop', clipCount: 2 }, { type: 'preview' }, { type: 'record' }]);
    expect(s).toEqual({ phase: 'recording', hasClips: false });
  });

  it('derives the controls from the state', () => {
    expect(panelControls(INITIAL_PANEL_STATE)).toEqual({ recordIsStop: false, transport: false, backToLive: false, clips: false });
    expect(panelControls({ phase: 'recording', hasClips: false })).toEqual({ recordIsStop: true, transport: false, backToLive: false, clips: false });
    expect(panelControls({ phase: 'stopped', hasClips: true })).toEqual({ recordIsStop: false, transport: true, backToLive: false, clips: true });
    expect(panelControls({ phase: 'previewing', hasClips: true })).toEqual({ recordIsStop: false, transport: true, backToLive: true, clips: true });
    expect(panelControls({ phase: 'playing-file', hasClips: false })).toEqual({ recordIsStop: false, transport: true, backToLive: true, clips: false });
  });
});

describe('Timeline', () => {
  it('advances only while playing and loops at the end', () => {
    const t = new Timeline(2);
    t.advance(0.5);
    expect(t.time).toBe(0);
    t.play();
    t.advance(0.5);
    expect(t.time).toBeCloseTo(0.5);
    t.advance(1.75);
    expect(t.time).toBeCloseTo(0.25);
    t.pause();
    t.advance(1);
    expect(t.time).toBeCloseTo(0.25);
  });

  it('clamps seeks and holds a still pose at 0', () => {
    const t = new Timeline(3);
    t.seek(5);
    expect(t.time).toBe(3);
    t.seek(-1);
    expect(t.time).toBe(0);
    t.seek(NaN);
    expect(t.time).toBe(0);
    const still = new Timeline(0);
    still.play();
    still.advance(1);
    expect(still.time).toBe(0);
    expect(new Timeline(NaN).duration).toBe(0);
  });
});
