/**
 * The face box: where to crop a person's face for the face-mesh network, from the body keypoints.
 *
 * OpenPose's faceDetector.cpp (getFaceFromPoseKeypoints) centres the face rectangle on the mean of the
 * detected nose, eyes and ears and sizes it from the widest of the inter-ocular and inter-aural distances.
 * This does the same, and also:
 *  - rolls the box with the eye line (the ear line without both eyes), so the network sees an upright
 *    face, as MediaPipe's face pipeline rotates its ROI;
 *  - centres it where facemesh was trained to find the face (the middle of the landmark bounding box,
 *    a little below the eyes), not on the eyes;
 *  - enlarges it by the margin facemesh expects (MediaPipe's ROI is the landmark box scaled 1.5).
 * Constants were calibrated against facemesh's own tracking ROI (the box MediaPipe would derive from the
 * landmarks) on the real faces in the shared test photos: that box is 0.96× this one (median, 0.89–1.09) and
 * centred within 0.18 face sizes; see tests/face/face-real.test.ts.
 */
import type { Keypoint, Person } from '../pose/types';
import { KEYPOINT } from '../pose/schema';
import { invertAffine, type CropAffine } from '../hands/hand-crop';

/** Options for choosing and framing faces. */
export interface FaceCropOptions {
  /**
   * Minimum body-keypoint score for a face keypoint (nose, eyes, ears) to count. Default 0.2: Lightweight
   * OpenPose's own detection threshold is 0.1, and face parts under 0.2 are often on hair or a hat.
   */
  minKeypointScore: number;
  /**
   * Minimum face size in source pixels (the box's face height, before the margin). Default 48: below about
   * a quarter of facemesh's 192 px input the eyelids span 1–2 source pixels and blink is noise, while
   * head rotation still costs a full inference.
   */
  minFaceSizePx: number;
  /**
   * How many people get face tracking, largest faces first. Default 1: the webcam's main user; each face
   * costs one facemesh inference. 0 turns faces off; Infinity tracks every eligible face.
   */
  maxPeople: number;
  /**
   * Crop side ÷ face size. Default 1.5: MediaPipe's face-landmark ROI is the landmark bounding box scaled
   * by 1.5, which is the framing facemesh was trained on.
   */
  margin: number;
}

export const DEFAULT_FACE_CROP_OPTIONS: Readonly<FaceCropOptions> = Object.freeze({
  minKeypointScore: 0.2,
  minFaceSizePx: 48,
  maxPeople: 1,
  margin: 1.5,
});

/**
 * Face height (forehead to chin, the long side of facemesh's landmark box) ÷ the distance between the
 * eyes (OpenPose eye keypoints are pupils): ~2.6 on the shared photos; anthropometric faces give
 * 12–13 cm ÷ 6.3 cm ≈ 2.0 for the face height without forehead, and facemesh's landmark 10 sits up on the forehead.
 */
export const FACE_SIZE_PER_EYE_DISTANCE = 2.6;
/** Face height ÷ ear-to-ear distance (tragus to tragus ≈ 14.5 cm, forehead-to-chin ≈ 17 cm ≈ 1.15×). */
export const FACE_SIZE_PER_EAR_DISTANCE = 1.15;
/**
 * Face height ÷ distance from the nose tip to the eyes' line (≈ 4.5 cm): used when the head is turned to
 * profile and both the eye and the ear distances shrink, while this vertical distance does not.
 */
export const FACE_SIZE_PER_NOSE_DROP = 3.6;
/** Box centre below the eyes' midpoint, in face sizes (the landmark box centre is near the nose bridge's foot). */
export const FACE_CENTRE_BELOW_EYES = 0.16;

/** A square, rolled face box in source-image pixels. */
export interface FaceBox {
  /** Centre of the crop, source pixels. */
  cx: number;
  cy: number;
  /** Face size (face height) in source pixels, before the margin. */
  faceSize: number;
  /** Side of the square crop in source pixels (`faceSize × margin`). */
  side: number;
  /**
   * Roll in radians: the angle from the image x axis to the direction from the person's right eye to their
   * left eye (image left → right for a face looking at the camera), positive clockwise on screen (y down).
   */
  roll: number;
}

/** facemesh's input side in pixels. */
export const FACE_MESH_INPUT_SIZE = 192;

/** A person chosen for face tracking, with the crop the network will see. */
export interface FaceCrop extends FaceBox {
  /** Index of the person in the frame's `people`. */
  readonly personIndex: number;
  /** Crop side in pixels (the network's input size). */
  readonly cropSize: number;
  /** crop pixels → image pixels (the box turned upright: crop x runs along the face's left-right axis). */
  readonly toImage: CropAffine;
  /** image pixels → crop pixels. */
  readonly toCrop: CropAffine;
}

const usable = (k: Keypoint | undefined, minScore: number): k is Keypoint => !!k && k.score >= minScore && k.score > 0;

/**
 * The face box of one person from the nose, eyes and ears (`keypoints` in COCO-18 order), or null when
 * too few face keypoints are visible (needs the nose and an eye, or both eyes).
 */
export function faceBoxFromKeypoints(keypoints: readonly Keypoint[], options: Partial<FaceCropOptions> = {}): FaceBox | null {
  const o = { ...DEFAULT_FACE_CROP_OPTIONS, ...options };
  const nose = keypoints[KEYPOINT.nose];
  const rEye = keypoints[KEYPOINT.rightEye];
  const lEye = keypoints[KEYPOINT.leftEye];
  const rEar = keypoints[KEYPOINT.rightEar];
  const lEar = keypoints[KEYPOINT.leftEar];
  const hasNose = usable(nose, o.minKeypointScore);
  const hasR = usable(rEye, o.minKeypointScore);
  const hasL = usable(lEye, o.minKeypointScore);
  const hasREar = usable(rEar, o.minKeypointScore);
  const hasLEar = usable(lEar, o.minKeypointScore);
  if (!(hasR && hasL) && !(hasNose && (hasR || hasL))) return null;

  // Roll: the eye line, else the ear line, else upright.
  let ax = 1;
  let ay = 0;
  if (hasR && hasL) {
    ax = lEye.x - rEye.x;
    ay = lEye.y - rEye.y;
  } else if (hasREar && hasLEar) {
    ax = lEar.x - rEar.x;
    ay = lEar.y - rEar.y;
  }
  let n = Math.hypot(ax, ay);
  if (!(n > 1e-6)) {
    ax = 1;
    ay = 0;
    n = 1;
  }
  ax /= n;
  ay /= n;
  // Face "down" in the image: the across axis turned 90° clockwise on screen (y down).
  const dx = -ay;
  const dy = ax;

  // Eye midpoint (one eye: that eye, moved half an eye distance sideways is unknown, so the nose's column).
  let ex: number;
  let ey: number;
  if (hasR && hasL) {
    ex = (rEye.x + lEye.x) / 2;
    ey = (rEye.y + lEye.y) / 2;
  } else {
    const eye = hasR ? rEye : lEye;
    // Put the eye midpoint above the nose, at the eye's height along the face's down axis.
    const along = (eye.x - nose.x) * dx + (eye.y - nose.y) * dy;
    ex = nose.x + along * dx;
    ey = nose.y + along * dy;
  }

  let size = 0;
  if (hasR && hasL) size = Math.max(size, FACE_SIZE_PER_EYE_DISTANCE * Math.hypot(lEye.x - rEye.x, lEye.y - rEye.y));
  if (hasREar && hasLEar) size = Math.max(size, FACE_SIZE_PER_EAR_DISTANCE * Math.hypot(lEar.x - rEar.x, lEar.y - rEar.y));
  if (hasNose) {
    const drop = (nose.x - ex) * dx + (nose.y - ey) * dy;
    if (drop > 0) size = Math.max(size, FACE_SIZE_PER_NOSE_DROP * drop);
  }
  if (!(size > 0)) return null;
  const cx = ex + FACE_CENTRE_BELOW_EYES * size * dx;
  const cy = ey + FACE_CENTRE_BELOW_EYES * size * dy;
  return { cx, cy, faceSize: size, side: size * o.margin, roll: Math.atan2(ay, ax) };
}

/**
 * The people that get face tracking: those whose face box exists and is at least `minFaceSizePx`,
 * largest first, at most `maxPeople`; returned in the frame's person order with their crops.
 */
export function selectFaces(
  people: readonly Person[],
  options: Partial<FaceCropOptions> = {},
  cropSize: number = FACE_MESH_INPUT_SIZE,
): FaceCrop[] {
  const o = { ...DEFAULT_FACE_CROP_OPTIONS, ...options };
  const all: { personIndex: number; box: FaceBox }[] = [];
  people.forEach((p, personIndex) => {
    const box = faceBoxFromKeypoints(p.keypoints, o);
    if (box && box.faceSize >= o.minFaceSizePx) all.push({ personIndex, box });
  });
  all.sort((a, b) => b.box.faceSize - a.box.faceSize);
  const n = Math.max(0, Math.min(all.length, o.maxPeople));
  return all
    .slice(0, n)
    .sort((a, b) => a.personIndex - b.personIndex)
    .map(({ personIndex, box }) => faceCrop(box, personIndex, cropSize));
}

/** The crop of a face box sampled at `cropSize`×`cropSize` pixels, crop centre at the box centre. */
export function faceCrop(box: FaceBox, personIndex: number, cropSize: number = FACE_MESH_INPUT_SIZE): FaceCrop {
  const s = box.side / cropSize;
  const cos = Math.cos(box.roll);
  const sin = Math.sin(box.roll);
  const a = s * cos;
  const b = -s * sin;
  const c = s * sin;
  const d = s * cos;
  const h = cropSize / 2;
  const toImage: CropAffine = { a, b, c, d, tx: box.cx - (a * h + b * h), ty: box.cy - (c * h + d * h) };
  return { ...box, personIndex, cropSize, toImage, toCrop: invertAffine(toImage) };
}

/** MediaPipe eye outer corners (right eye 33, left eye 263): the roll of a mesh-derived box. */
const MESH_RIGHT_EYE_OUTER = 33;
const MESH_LEFT_EYE_OUTER = 263;

/**
 * The face box MediaPipe's tracking would use for the next frame: the bounding box of the previous mesh
 * (`landmarks`, 468 × (x, y, z) in source pixels) in the face's upright frame, rolled with the eye line.
 * Cheaper and steadier than the body keypoints while the face is tracked.
 */
export function faceBoxFromMesh(landmarks: ArrayLike<number>, options: Partial<FaceCropOptions> = {}): FaceBox {
  const margin = options.margin ?? DEFAULT_FACE_CROP_OPTIONS.margin;
  const rx = landmarks[3 * MESH_RIGHT_EYE_OUTER];
  const ry = landmarks[3 * MESH_RIGHT_EYE_OUTER + 1];
  const roll = Math.atan2(landmarks[3 * MESH_LEFT_EYE_OUTER + 1] - ry, landmarks[3 * MESH_LEFT_EYE_OUTER] - rx);
  const cos = Math.cos(roll);
  const sin = Math.sin(roll);
  let u0 = Infinity;
  let u1 = -Infinity;
  let v0 = Infinity;
  let v1 = -Infinity;
  const n = Math.floor(landmarks.length / 3);
  for (let i = 0; i < n; i++) {
    const x = landmarks[3 * i];
    const y = landmarks[3 * i + 1];
    const u = x * cos + y * sin;
    const v = -x * sin + y * cos;
    if (u < u0) u0 = u;
    if (u > u1) u1 = u;
    if (v < v0) v0 = v;
    if (v > v1) v1 = v;
  }
  const uc = (u0 + u1) / 2;
  const vc = (v0 + v1) / 2;
  const faceSize = Math.max(u1 - u0, v1 - v0);
  return { cx: uc * cos - vc * sin, cy: uc * sin + vc * cos, faceSize, side: faceSize * margin, roll };
}
