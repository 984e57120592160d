/**
 * Hands (ISSUE 6): body-pose-driven hand crops → MediaPipe hand landmarks (ONNX) → VRM finger bones.
 * Worker: `HandLandmarkEngine.create(ort, bytes)` once, then `estimate(rgba, w, h, frame.people)` per
 * frame. Avatar: `solveHandPose(hand.world, hand.side)` → `applyHandPoseToVRM(vrm.humanoid, side, pose)`.
 */
export * from './hand-crop';
export * from './crop-sampler';
export * from './hand-landmark-engine';
export * from './finger-pose';
