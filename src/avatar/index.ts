/**
 * Avatars: loading VRM 0.x/1.0 files, the project's default avatars, and the three.js scene that shows
 * one avatar per tracked person.
 *
 * ```ts
 * import { createAvatarScene, loadAvatar } from './avatar';
 * const view = createAvatarScene(canvas);
 * view.start();
 * view.setPersonPose(id, { bones, hips, imageX, scale });
 * ```
 */
export {
  createAvatarScene,
  DEFAULT_CAMERA,
  LAYOUT_FOLLOW_S,
  type AvatarScene,
  type AvatarSceneOptions,
  type RootMotionAxes,
} from './avatar-scene';
export { loadAvatar, disposeAvatar, type AvatarSource, type GltfPluginFactory, type LoadAvatarOptions } from './load-avatar';
export { AvatarLoadError, isAvatarLoadError, type AvatarLoadErrorCode } from './avatar-load-error';
export {
  DEFAULT_AVATAR_VARIANTS,
  defaultAvatarVariant,
  createDefaultAvatarFactory,
  type DefaultAvatarVariant,
} from './default-avatars';
export {
  SceneLayout,
  DEFAULT_SCENE_LAYOUT_OPTIONS,
  stageX,
  depthFromScale,
  approach,
  type SceneLayoutOptions,
  type LayoutSlot,
} from './scene-layout';
export { SPAWN_DURATION_S, SPAWN_MIN_SCALE, SPAWN_RISE_M, stepPresence, spawnEase, spawnTransform, type Presence, type SpawnTransform } from './spawn';
export { DEFAULT_STAGE_OPTIONS, type StageOptions } from './stage';
export type {
  AvatarFactory,
  AvatarPose,
  AvatarRequest,
  PersonId,
  PersonInfo,
  QuaternionTuple,
  Vector3Tuple,
} from './types';
