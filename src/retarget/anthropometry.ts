/**
 * Human body priors. These describe people (not avatars): they seed the per-person calibration before it
 * has seen the person, and give the head model its shape. Lengths are in "torso units": the distance from
 * the hip-joint midpoint to the shoulder-joint midpoint (the COCO neck), ≈ 0.288 × stature.
 *
 * Segment fractions of stature from Winter, "Biomechanics and Motor Control of Human Movement" (4th ed.,
 * 2009), fig. 4.1: shoulder height 0.818, hip (greater trochanter) 0.530, upper arm 0.186, forearm 0.146,
 * thigh 0.245, shank 0.246 (knee 0.285 − ankle 0.039), shoulder width 0.259. The hip-joint spacing is
 * ≈ 0.115 × stature (hip-joint centres sit well inside the 0.191 trochanter breadth).
 */

const TORSO_OF_STATURE = 0.818 - 0.53;

/** Typical segment lengths in torso units: the calibration's starting point. */
export const BODY_PRIOR_RATIOS = {
  upperArm: 0.186 / TORSO_OF_STATURE,
  forearm: 0.146 / TORSO_OF_STATURE,
  thigh: 0.245 / TORSO_OF_STATURE,
  shin: 0.246 / TORSO_OF_STATURE,
  shoulderWidth: 0.259 / TORSO_OF_STATURE,
  hipWidth: 0.115 / TORSO_OF_STATURE,
} as const;

/**
 * Assumed torso length in metres (0.288 × 1.74 m, a mid-range adult). A monocular camera cannot see
 * absolute size, so this only sets the metric scale of the lifted skeleton (distance to the camera and
 * root motion), never a limb direction.
 */
export const ASSUMED_TORSO_M = 0.5;

/**
 * Face landmarks in a head frame, metres: origin at the head pivot (top of the neck, the skull base),
 * +X the person's left, +Y up, +Z forward. Adult averages (Farkas, "Anthropometry of the Head and Face",
 * 1994): ear canals ≈ 14 cm apart and ≈ 3 cm above the pivot; eyes ≈ 6.4 cm apart (interpupillary),
 * ≈ 8.5 cm in front of the ear line and 3.5 cm above it; nose tip ≈ 11 cm in front of the ear line,
 * slightly below it. The solver fits this shape to the detected nose, eyes and ears.
 */
export const FACE_MODEL_M = {
  nose: [0, 0.02, 0.11],
  rightEye: [-0.032, 0.065, 0.085],
  leftEye: [0.032, 0.065, 0.085],
  rightEar: [-0.07, 0.03, 0],
  leftEar: [0.07, 0.03, 0],
} as const;
