/**
 * The recording panel's state machine (pure, unit-tested in tests/record-ui/panel-logic.test.ts).
 *
 *   idle ──record──▶ recording ──stop──▶ stopped ──preview──▶ previewing ──back-to-live──▶ stopped
 *   (stop with nobody tracked returns to idle)
 *   idle | stopped | previewing ──play-file──▶ playing-file ──back-to-live──▶ idle or stopped
 *
 * `record` is allowed from every phase except `recording` (a preview or file playback ends first and
 * the previous clips are dropped); `play-file` from every phase except `recording` (a dropped motion
 * must not pause live driving while frames are being recorded).
 */

/** Where the panel is. `previewing` and `playing-file` pause live driving of the avatars. */
export type PanelPhase = 'idle' | 'recording' | 'stopped' | 'previewing' | 'playing-file';

/** The panel's state: its phase and whether a finished recording's clips are held. */
export interface PanelState {
  readonly phase: PanelPhase;
  readonly hasClips: boolean;
}

/** What can happen to the panel. `stop` says how many person clips the recording produced. */
export type PanelEvent =
  | { readonly type: 'record' }
  | { readonly type: 'stop'; readonly clipCount: number }
  | { readonly type: 'preview' }
  | { readonly type: 'play-file' }
  | { readonly type: 'back-to-live' };

/** The state before anything happened. */
export const INITIAL_PANEL_STATE: PanelState = Object.freeze({ phase: 'idle', hasClips: false });

/** The live phase to return to: `stopped` while clips are held, else `idle`. */
const livePhase = (hasClips: boolean): PanelPhase => (hasClips ? 'stopped' : 'idle');

/** The state after `event`, or null when `event` is not allowed in `state` (the UI disables it). */
export function transition(state: PanelState, event: PanelEvent): PanelState | null {
  switch (event.type) {
    case 'record':
      return state.phase === 'recording' ? null : { phase: 'recording', hasClips: false };
    case 'stop': {
      if (state.phase !== 'recording') return null;
      const hasClips = event.clipCount > 0;
      return { phase: livePhase(hasClips), hasClips };
    }
    case 'preview':
      return state.hasClips && (state.phase === 'stopped' || state.phase === 'playing-file') ? { ...state, phase: 'previewing' } : null;
    case 'play-file':
      return state.phase === 'recording' ? null : { ...state, phase: 'playing-file' };
    case 'back-to-live':
      return state.phase === 'previewing' || state.phase === 'playing-file' ? { ...state, phase: livePhase(state.hasClips) } : null;
  }
}

/** True while a clip or motion file plays on the avatars, i.e. the camera must not drive them. */
export function isLivePaused(phase: PanelPhase): boolean {
  return phase === 'previewing' || phase === 'playing-file';
}

/** Which controls the panel offers in `state`. */
export interface PanelControls {
  /** The record button reads Stop (and stops) instead of Record. */
  readonly recordIsStop: boolean;
  /** Play / Pause / scrub are shown (something can play). */
  readonly transport: boolean;
  /** Back to live is enabled. */
  readonly backToLive: boolean;
  /** The clip list with its download buttons is shown. */
  readonly clips: boolean;
}

/** The controls of `state` (derived, so the DOM never disagrees with the state). */
export function panelControls(state: PanelState): PanelControls {
  const { phase, hasClips } = state;
  return {
    recordIsStop: phase === 'recording',
    transport: phase !== 'recording' && (hasClips || phase === 'playing-file'),
    backToLive: isLivePaused(phase),
    clips: hasClips && phase !== 'recording',
  };
}
