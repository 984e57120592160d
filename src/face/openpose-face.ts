/**
 * OpenPose's 70-point face from facemesh's 468-point mesh: a pure index table, no extra model run.
 *
 * OpenPose's face (`face_keypoints_2d`, include/openpose/face/faceParameters.hpp: FACE_NUMBER_PARTS = 70) is
 * the 68 iBUG-300W / dlib landmarks followed by two pupils. Sides are the person's own, as in iBUG: 36–41 and
 * 17–21 are the person's right eye and brow (image left when they face the camera), 42–47 and 22–26 the left.
 * Pupil 68 is the right eye's and 69 the left's: OpenPose's face output figure (doc/02_output.md "Face Output
 * Format") is restated as RIGHT_PUPIL=68 / LEFT_PUPIL=69 next to RIGHT_EYE_* = 36–41 by ros4hri's
 * hri_msgs/msg/FacialLandmarks.msg ("follows dlib and OpenPose convention"), and OpenPose-derived code lists 68
 * with 0–7, 17–21, 36–41 on one side and 69 with 42–47 on the other (FACE_KEYPOINTS_LEFT/RIGHT_SIDE, e.g. in
 * ryan-chen-luxing/openpose faceParameters.hpp).
 *
 * Where the table comes from, and how it was checked (tests/face/openpose-face-real.test.ts):
 * - Started from two published 468 → 68 tables: PeizhiYan/Mediapipe_2_Dlib_Landmarks (one vertex or the mean
 *   of two per point) and @vladmandic/human's VTX68 (src/face/facemeshcoords.ts). They agree on the eyes and
 *   the brows, and differ on the jaw spacing, the nose, the mouth corners and the inner lip.
 * - The ground truth (COCO-WholeBody face annotations of the shared COCO photos) places each contour's points at
 *   fixed fractions of its arc length: the jaw in eighths from the ear (0) to the chin (8), the brows and the
 *   nose bridge evenly, the lower outer lip in thirds, the inner lip's 61/63/65/67 halfway along each half.
 *   Where the references differ, the vertex (or pair of neighbours) chosen here sits at that fraction of the
 *   same contour on facemesh meshes of large frontal faces: the jaw, the nose bridge and the inner lip within
 *   0.03 of the contour's arc. The brows and the lower lip keep the references' shared vertices (the nearest
 *   the mesh has, within 0.07). The nose tip is vertex 4, as both references have it: MediaPipe's "noseTip" 1
 *   sits 0.07 inter-ocular distances below the annotated tip on the ground-truth faces.
 * - Every chosen vertex was drawn over real 80–135 px faces: each lands where its iBUG point belongs; on
 *   MediaPipe's canonical UV layout the table is mirror-symmetric, the person's right-side points on the left.
 * - On the six consistently annotated faces of the test, NME (÷ inter-ocular distance) is 0.092 against
 *   0.094 for PeizhiYan's table and 0.097 for VTX68 (jaw 0.135 against 0.142 and 0.152); the frontal face
 *   40083/230195 scores 0.050. Those faces are 21–37 px, so the figures are mostly annotation and pixel noise
 *   (the two annotation sets differ by 0.089 on the face they share); the table's choices rest on the arc
 *   fractions and the drawings, and the nose tip (above) was checked on these same faces.
 * - Pupils: with the iris model (src/face/iris.ts) 68/69 are its iris centres, so they follow the gaze. Without
 *   it (facemesh has no iris), a pupil is the centre of its eye's 16-vertex lid contour (the eye's centre: right
 *   for a camera-facing eye, off the iris when the person looks aside).
 * Mesh vertices are 3-D anatomical points while iBUG's jaw is the face's visible outline: on a turned head the
 * two part (jaw NME 0.31 on the test's profile face).
 */

import type { IrisPoints } from './iris';

/** Keypoints in OpenPose's face layout: 68 iBUG landmarks + 2 pupils. */
export const OPENPOSE_FACE_KEYPOINTS = 70;
/** Floats of the 70 points as OpenPose writes them: x, y, score each. */
export const OPENPOSE_FACE_FLOATS = 3 * OPENPOSE_FACE_KEYPOINTS;
/** OpenPose face index of the person's right pupil (centre of iBUG 36–41's eye). */
export const OPENPOSE_RIGHT_PUPIL = 68;
/** OpenPose face index of the person's left pupil (centre of iBUG 42–47's eye). */
export const OPENPOSE_LEFT_PUPIL = 69;

/**
 * For each iBUG-68 point, the facemesh vertex it is, or the two vertices whose midpoint it is (MediaPipe
 * canonical face mesh indices; "right"/"left" are the person's own sides).
 */
export const IBUG68_FROM_FACEMESH = [
  // Jaw 0–16, the person's right ear (0) → chin (8) → left ear (16), in eighths of the silhouette's arc:
  // facemesh silhouette 127 234 93 132 58 172 136 150 149 176 148 152 (and its mirror on the left).
  [127], [234], [93, 132], [132, 58], [58, 172], [136], [150, 149], [176, 148],
  [152],
  [400, 377], [379, 378], [365], [288, 397], [361, 288], [323, 361], [454], [356],
  // Right brow 17–21, outer → inner (upper brow edge), and left brow 22–26, inner → outer.
  [70], [63], [105], [66], [107],
  [336], [296], [334], [293], [300],
  // Nose bridge 27–30: nasion (between the eyes) → tip, in thirds of the midline 168 6 197 195 5 4; nostril
  // base 31–35, right → left through the subnasale (33).
  [168], [6, 197], [195, 5], [4],
  [98], [97], [2], [326], [327],
  // Right eye 36–41: outer corner, upper lid (outer, inner), inner corner, lower lid (inner, outer).
  [33], [160], [158], [133], [153], [144],
  // Left eye 42–47: inner corner, upper lid (inner, outer), outer corner, lower lid (outer, inner).
  [362], [385], [387], [263], [373], [380],
  // Outer lips 48–59: right corner, upper lip → left corner (54), lower lip back to the right.
  [61], [40, 39], [37], [0], [267], [269, 270], [291],
  [321], [314], [17], [84], [91],
  // Inner lips 60–67: right inner corner, upper inner lip → left inner corner (64), lower inner lip back.
  [78], [81], [13], [311], [308], [402], [14], [178],
] as const satisfies readonly (readonly [number] | readonly [number, number])[];

/** The person's right eye's lid contour (MediaPipe rightEyeUpper0 + rightEyeLower0): pupil 68 is its centre. */
export const FACEMESH_RIGHT_EYE_CONTOUR = [246, 161, 160, 159, 158, 157, 173, 33, 7, 163, 144, 145, 153, 154, 155, 133] as const;
/** The person's left eye's lid contour (MediaPipe leftEyeUpper0 + leftEyeLower0): pupil 69 is its centre. */
export const FACEMESH_LEFT_EYE_CONTOUR = [466, 388, 387, 386, 385, 384, 398, 263, 249, 390, 373, 374, 380, 381, 382, 362] as const;

/** iBUG-68 regions, `[first, end)` indices (the usual 300W breakdown). */
export const OPENPOSE_FACE_REGIONS = Object.freeze({
  jaw: [0, 17],
  brows: [17, 27],
  nose: [27, 36],
  eyes: [36, 48],
  mouth: [48, 68],
} as const satisfies Record<string, readonly [number, number]>);

function meanOf(landmarks: ArrayLike<number>, vertices: readonly number[], out: Float32Array, o: number): void {
  let x = 0;
  let y = 0;
  for (const v of vertices) {
    x += landmarks[3 * v];
    y += landmarks[3 * v + 1];
  }
  out[o] = x / vertices.length;
  out[o + 1] = y / vertices.length;
}

/**
 * OpenPose's 70 face keypoints from a facemesh (`landmarks`: 468 × (x, y, z), source pixels): flat
 * {@link OPENPOSE_FACE_FLOATS} numbers, 70 × (x, y, score). facemesh scores the face, not its points, so every
 * point carries `score` (the face presence, 0..1), as the hand keypoints carry their hand's. `iris` (the iris
 * model's points, source pixels): the pupils are its iris centres; without it, the eyes' outline centres.
 */
export function openPoseFaceFromMesh(
  landmarks: ArrayLike<number>,
  score: number,
  out = new Float32Array(OPENPOSE_FACE_FLOATS),
  iris?: IrisPoints | null,
): Float32Array {
  IBUG68_FROM_FACEMESH.forEach((vertices, k) => meanOf(landmarks, vertices, out, 3 * k));
  if (iris) {
    // Iris point 0 is the iris centre (src/face/iris.ts).
    out[3 * OPENPOSE_RIGHT_PUPIL] = iris.right.iris[0];
    out[3 * OPENPOSE_RIGHT_PUPIL + 1] = iris.right.iris[1];
    out[3 * OPENPOSE_LEFT_PUPIL] = iris.left.iris[0];
    out[3 * OPENPOSE_LEFT_PUPIL + 1] = iris.left.iris[1];
  } else {
    meanOf(landmarks, FACEMESH_RIGHT_EYE_CONTOUR, out, 3 * OPENPOSE_RIGHT_PUPIL);
    meanOf(landmarks, FACEMESH_LEFT_EYE_CONTOUR, out, 3 * OPENPOSE_LEFT_PUPIL);
  }
  for (let k = 0; k < OPENPOSE_FACE_KEYPOINTS; k++) out[3 * k + 2] = score;
  return out;
}
