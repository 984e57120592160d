export { parseBvh, BvhParseError, type BvhClip, type BvhJoint, type BvhChannel } from './parse';
export { computeBvhPose, createBvhPose, bvhEndSitePosition, type BvhPose } from './fk';
export {
  BVH_BODY_POINTS,
  BVH_SKELETON_MAPS,
  resolveBvhJointMap,
  normalizeBvhJointName,
  UnknownBvhSkeletonError,
  type BvhBodyPoint,
  type BvhSkeletonMap,
  type BvhJointMapping,
} from './joint-map';
