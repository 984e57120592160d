/**
 * Retargeting: 2D COCO-18 skeletons → VRM humanoid bone rotations.
 *
 * ```ts
 * const solver = createPoseSolver(vrm.humanoid, { camera: { verticalFovDeg: 50 } });
 * // per frame, per person:
 * const result = solver.solve(person, frame.imageWidth, frame.imageHeight, frame.timestamp);
 * applyPoseToVRM(vrm, result);
 * vrm.update(dt);
 * ```
 */
export {
  createPoseSolver,
  DEFAULT_POSE_SOLVER_OPTIONS,
  type PoseSolver,
  type PoseSolverOptions,
  type PoseSolverInit,
  type PoseSolveResult,
  type RootMotionOptions,
} from './solver';
export { applyPoseToVRM, type ApplyPoseOptions } from './apply';
export { createRetargetRig, createRetargetRigFromHumanoid, RigError, type RetargetRig } from './rig';
export { SOLVED_BONES, BONE, REQUIRED_BONES, type SolvedBoneName } from './bones';
export {
  cameraFocalPx,
  cameraPitchRad,
  cameraToLevel,
  cameraToLevelRotation,
  DEFAULT_CAMERA_OPTIONS,
  focalLengthPx,
  levelToCamera,
  MAX_CAMERA_PITCH_DEG,
  MAX_FOV_DEG,
  MIN_FOV_DEG,
  opticalDepth,
  pixelRay,
  projectPoint,
  type CameraOptions,
} from './camera';
export {
  BodyCalibration,
  CALIBRATED_SEGMENTS,
  DEFAULT_CALIBRATION_OPTIONS,
  type CalibrationOptions,
  type CalibratedSegment,
} from './calibration';
export { BODY_PRIOR_RATIOS, ASSUMED_TORSO_M, FACE_MODEL_M } from './anthropometry';
export { fitHeadRotation } from './head';
