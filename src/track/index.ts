export { OneEuroFilter, DEFAULT_ONE_EURO_PARAMS, ONE_EURO_FALLBACK_DT_S, type OneEuroParams } from './one-euro';
export {
  KeypointSmoother,
  DEFAULT_KEYPOINT_SMOOTHER_OPTIONS,
  personToArray,
  type KeypointSmootherOptions,
} from './keypoint-smoother';
export {
  createTracker,
  trackOpacity,
  DEFAULT_TRACKER_OPTIONS,
  type Tracker,
  type TrackerOptions,
  type TrackedPerson,
  type TrackStatus,
} from './tracker';
export { HandSmoother, HAND_ONE_EURO_PARAMS, HAND_RESET_AFTER_MS } from './hand-smoother';
