/** Face tracking: face crops from the body keypoints, facemesh landmarks, and the features they drive. */
export * from './face-crop';
export * from './face-mesh-engine';
export * from './face-features';
export * from './person-face';
export * from './openpose-face';
export * from './iris';
