export {
  groundTruthFromBvh,
  groundTruthFromBvhText,
  placeCamera,
  cameraPath,
  projectFrame,
  createRng,
  SYNTH_VISIBLE_SCORE,
  type GroundTruthClip,
  type SynthCamera,
  type CameraMode,
} from './synth';
export {
  runRoundTrip,
  formatRoundTripReport,
  EVAL_LIMBS,
  EVAL_TORSO_ROWS,
  SIGN_FLIP_MIN_OUT_OF_PLANE_DEG,
  DEFAULT_ROUND_TRIP_OPTIONS,
  type RoundTripOptions,
  type RoundTripReport,
  type LimbStats,
} from './roundtrip';
