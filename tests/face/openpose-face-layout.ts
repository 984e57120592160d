/**
 * Facts about OpenPose's 70-point face layout that the tests check against (not needed by the app).
 * Sides are the person's own: iBUG 36–41 is the right eye (image left when the person faces the camera).
 */

/**
 * The point each point becomes on a mirrored face (the person's right ↔ left): iBUG-68's flip pairs, as
 * mmpose's coco_wholebody_face dataset info lists them (`swap`: face-0 ↔ face-16, …), plus pupils 68 ↔ 69.
 */
export const OPENPOSE_FACE_MIRROR: readonly number[] = Object.freeze([
  // jaw 0–16
  16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0,
  // brows 17–26
  26, 25, 24, 23, 22, 21, 20, 19, 18, 17,
  // nose bridge 27–30, nostrils 31–35
  27, 28, 29, 30, 35, 34, 33, 32, 31,
  // right eye 36–41 ↔ left eye 42–47 (corner to corner, lid to lid)
  45, 44, 43, 42, 47, 46, 39, 38, 37, 36, 41, 40,
  // outer lips 48–59
  54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55,
  // inner lips 60–67
  64, 63, 62, 61, 60, 67, 66, 65,
  // pupils
  69, 68,
]);

/** Points on the person's right half (image left for a face looking at the camera). */
export const RIGHT_SIDE_POINTS: readonly number[] = Object.freeze([
  0, 1, 2, 3, 4, 5, 6, 7, 17, 18, 19, 20, 21, 31, 32, 36, 37, 38, 39, 40, 41, 48, 49, 50, 58, 59, 60, 61, 67, 68,
]);
