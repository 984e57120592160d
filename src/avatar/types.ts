/** Types shared by the avatar scene, its avatar factories and the page. */
import type { VRM, VRMHumanBoneName } from '@pixiv/three-vrm';

/** A tracked person's id (the identity tracker's stable integer id). */
export type PersonId = number;

/** A quaternion as `[x, y, z, w]`. */
export type QuaternionTuple = readonly [x: number, y: number, z: number, w: number];

/** A position as `[x, y, z]`. */
export type Vector3Tuple = readonly [x: number, y: number, z: number];

/**
 * One person's pose for one frame, as {@link AvatarScene.setPersonPose} takes it. Everything is
 * optional: what is not given keeps its last value (bones never given stay in the avatar's rest pose).
 */
export interface AvatarPose {
  /**
   * Local rotations of the avatar's **normalized** humanoid bones (three-vrm's
   * `humanoid.getNormalizedBoneNode(name).quaternion`; identity = rest pose), in that avatar's own
   * model space, e.g. the `rotations` of a retarget solver built for this avatar's humanoid. (VRM 0.x
   * models face −Z in model space, so the same rotation turns a 0.x and a 1.0 limb opposite ways;
   * rebuild the solver when a person's avatar changes.) Bones the avatar lacks (say `upperChest`) are
   * skipped silently.
   */
  readonly bones?: Readonly<Partial<Record<VRMHumanBoneName, QuaternionTuple>>>;
  /**
   * Local position of the normalized hips (root motion; metres, the avatar's model space, so the rest
   * value is the avatar's rest hips position), e.g. the retarget solver's `hipsPosition`. The scene's
   * layout offset is added on top (it moves the person's root, not the hips).
   */
  readonly hips?: Vector3Tuple;
  /** Horizontal centre of the person in the camera image, 0 (left edge) … 1 (right edge). */
  readonly imageX?: number;
  /** The person's height in the image divided by the image height (larger = nearer the camera). */
  readonly scale?: number;
}

/** What an {@link AvatarFactory} is told about the person it makes an avatar for. */
export interface AvatarRequest {
  /** The person. */
  readonly id: PersonId;
  /**
   * The person's colour slot: the lowest index not held by another person present when they appeared
   * (0, 1, 2, … in order of appearance while nobody leaves), for picking a colour variant.
   */
  readonly index: number;
}

/**
 * Makes (usually loads) a fresh VRM for one person. Called once per person (and again for everyone
 * when the factory is replaced); each call must return its own VRM instance, since one VRM can only be
 * in the scene once. The scene owns the returned VRM and disposes of it.
 */
export type AvatarFactory = (request: AvatarRequest) => Promise<VRM> | VRM;

/** A person as {@link AvatarScene.people} reports them. */
export interface PersonInfo {
  readonly id: PersonId;
  /** Colour slot, see {@link AvatarRequest.index}. */
  readonly index: number;
  /** The avatar shown (or spawning) now; null while the first one is still loading or failed. */
  readonly vrm: VRM | null;
  /** True when the avatar was set for this person alone with `setAvatarForPerson`. */
  readonly custom: boolean;
  /** True while the person is despawning after `removePerson`. */
  readonly leaving: boolean;
}
