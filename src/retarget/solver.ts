/**
 * The retargeting solver: one person's COCO-18 2D keypoints → VRM normalized-bone rotations and hips
 * translation, so that the avatar's limbs point where the person's do.
 *
 * Pipeline per frame (all allocation-free):
 * 1. Sanitise and smooth the keypoints (One Euro filter per keypoint, {@link KeypointSmoother}).
 * 2. Calibrate the person's segment lengths from the longest 2D projections relative to the torso.
 * 3. Scale and depth: pixels per torso unit from the torso (raised when two other segments say the
 *    torso is foreshortened); the hip centre sits on its pixel ray at the depth this scale implies.
 *    Pixel rays are turned into level view space by the camera's tilt, so everything below is level.
 * 4. Torso: facing from the shoulder and hip widths, the sign of the turn from the nose offset, which
 *    ears/eyes are visible and the previous frame; neck, shoulders and hips placed on their pixel rays at
 *    their calibrated distances (exact perspective, no weak-perspective assumption).
 * 5. Limbs: each elbow/knee and wrist/ankle has two points on its ray at the right distance (nearer or
 *    farther; lengths erring 1 % short, the safer side when the sign is uncertain); the four
 *    combinations per limb are scored by near-hard joint limits (knees and elbows bend one way),
 *    range-of-motion priors (asymmetric sideways limits: thighs and upper arms move outward freely,
 *    inward hardly) and, for arms, a humeral-rotation prior on the elbow's hinge axis (forearm forward
 *    or across the body; the elbow's fold limit uses the same neutral hinge) and for legs a hip-rotation
 *    prior on the knee's hinge axis; the two legs are scored
 *    together (4 × 4) with floor cues (the lower ankle is the nearer; no ankle under the floor). Each
 *    arm and the leg pair keep every combination alive over frames in a {@link BranchFilter} (depth-sign
 *    changes are free only near the image plane, where the projected length is full), which reports
 *    the cheapest history; a joint whose sign that history barely prefers is drawn toward the image
 *    plane (soft placement), and no limb segment turns faster than a limb can (no snaps).
 * 6. Head: the face model fitted to nose, eyes and ears (head.ts).
 * 7. Bone rotations: world rotations aligned to the 3D skeleton (upper-limb twist from the bend plane),
 *    converted to normalized local rotations using the avatar's own rest pose; root motion from the hips.
 * 8. Low-confidence parts ease toward rest (or hold); nothing non-finite ever leaves the solver.
 */
import { Quaternion, Vector3 } from 'three';
import type { VRMHumanoid } from '@pixiv/three-vrm';
import { KEYPOINT, NUM_KEYPOINTS } from '../pose/schema';
import type { Person } from '../pose/types';
import { KeypointSmoother, personToArray, type KeypointSmootherOptions } from '../track/keypoint-smoother';
import { OneEuroFilter } from '../track/one-euro';
import { ASSUMED_TORSO_M } from './anthropometry';
import { BONE, SOLVED_BONES, type SolvedBoneName } from './bones';
import { BranchFilter, type BranchFilterOptions } from './branch-filter';
import { BodyCalibration, SEGMENT, type CalibrationOptions } from './calibration';
import { cameraFocalPx, cameraPitchRad, cameraToLevelRotation, DEFAULT_CAMERA_OPTIONS, levelToCamera, opticalDepth, pixelRay, projectPoint, type CameraOptions } from './camera';
import { fitHeadRotation } from './head';
import { alignWithTwist, basisFromLeftUp, clampRotationAngle, isFiniteQuat, signedAngleAbout } from './orient';
import { createRetargetRigFromHumanoid, type RetargetRig } from './rig';

// ---------------------------------------------------------------------------------------------------
// Named constants (each with its reason)
// ---------------------------------------------------------------------------------------------------

const DEG = Math.PI / 180;
/** Torso shorter than this in pixels is too small to measure anything (≈ a 25 px tall person). */
const MIN_TORSO_PX = 8;
/** The torso must be this close to upright in the image to calibrate against (people rarely lean more). */
const CALIBRATION_MAX_TORSO_TILT_DEG = 35;
/**
 * Body scale from the limbs: when two limb segments each project longer than their calibrated length
 * would at the torso's scale, the torso is foreshortened (a lean toward or away from the camera, a flexed
 * spine: the walk subject's hip–neck distance varies by 3–10 %), so the scale is raised to the second
 * longest segment's, less this margin for calibration error and 2D noise (≈ ±2–5 %). Measured on the
 * round-trip average (32 runs): 10.59° → 10.50°, flips 6.65 → 6.41 %; with perfect depth signs (the
 * oracle bound) 7.87° → 7.60°, flips 1.69 → 1.19 %. Margin 1 (no allowance): 11.10°; 0.98: 10.66°; 0.93:
 * 10.51°; 0.9: 10.53°; the longest segment alone (margin 1): 13.5°.
 */
const LIMB_SCALE_MARGIN = 0.95;
/** Joints are never placed closer to the camera than this (m): guards the ray maths. */
const MIN_DEPTH_M = 0.05;
/** Temporal history older than this (s) is not used to predict (the limb may have moved anywhere). */
const HISTORY_MAX_AGE_S = 0.3;
/** Fraction of the last frame's angular velocity carried into the prediction (damped: noise, decelerations). */
const PREDICTION_VELOCITY_GAIN = 0.8;
/** Weight of agreement with the predicted torso direction (cost per squared unit-vector distance). */
const W_TEMPORAL = 1;
/** Weight of the torso's forward lean (cost per unit of its forward component): people bend forward. */
const W_LEAN_FORWARD = 0.5;
/**
 * Weight of the torso's uprightness (cost per unit of its level-up component). The neck has two places on
 * its ray at the torso's length from the hips. Facing a level camera they mirror each other about the
 * vertical and the lean prior picks; a tilted camera's rays are not level, so one place is the upright
 * torso and the other leans by about twice the tilt, toward the camera when it looks up at the person
 * (where the lean prior alone picked it: torso 30° off at a 15° tilt). Measured on the round-trip
 * average (32 runs): level 9.240° → 9.218°, camera tilted 15° up 15.26° → 12.41°, 15° down
 * 10.32° → 10.23° (weight 0.5: 9.232°, 14.82°; 4: 9.224°, 12.43°; 8: 9.364°).
 */
const W_TORSO_UPRIGHT = 2;
/**
 * Weight of agreement with the predicted limb branch offsets (cost per squared offset difference, after
 * {@link BRANCH_FREE} is taken off both), i.e. the cost of a depth-sign change along one hypothesis of
 * the limbs' {@link BranchFilter}s. Since every hypothesis is kept alive there (a wrong pick at a
 * crossing is taken back once the right one has been cheaper for a few frames), continuity can be
 * stricter than with a greedy choice: 0.7 → 1.5 with the band 0.3 → 0.1 took the round-trip average
 * from 10.46° / 6.30 % flips to 10.30° / 6.07 % (1: 10.31°, 2: 10.31°; band 0: 10.32°, 0.2: 10.31°).
 */
const W_BRANCH = 1.5;
/**
 * A limb can only change its depth sign where it crosses the image plane, i.e. where its projected
 * length reaches its full length (branch offset u = 0). Calibrated lengths are a few % off (±2 % frontal,
 * shins 5–7 % long from the side) and 2 px of noise is ≈ 3 % of a 60 px segment, so a limb crossing the
 * plane may never show u = 0. Offsets within this band of the plane count as on it: sign changes there
 * are free (anatomy decides), and cost more the farther out the limb is. With a greedy choice a wide band
 * (0.3) paid; with the branch filters, which keep the other hypothesis alive, a narrower one keeps more
 * of the motion's continuity (see {@link W_BRANCH}; with offsets from the full length, `fullOffset`,
 * 0.2 is best: 0: 10.19°, 0.1: 10.12°, 0.2: 10.05°, 0.3: 10.10°).
 */
const BRANCH_FREE = 0.2;
/**
 * Knee hinge: a knee bends backward only (hyperextension ≲ 5°); cost per squared sine of forward bend.
 * Near-hard: 5° the wrong way (sin² ≈ 0.0076) costs ≈ 0.76, a branch disagreement of ~0.9 — anatomy
 * outranks temporal continuity, which otherwise keeps a limb bouncing off the image plane on the wrong
 * side when its calibrated length is slightly long. Raising it from 10 (and the elbow's from 3) took the
 * round-trip average (walk + hop, both cameras, 4 yaws, 0/2 px) from 18.9° to 17.0°.
 * Tried and not kept: a prior toward straight knees (cost W · sin²(flexion / 2), for the standing leg
 * that the solver bends forward-then-back instead of swinging straight back): W 0.3: 9.26° / 4.34 %,
 * 1: 9.30° / 4.58 %, 3: 9.56° / 5.30 % against 9.24° / 4.26 % (32 runs); the same for elbows is far
 * worse (0.3: 10.06°, 1: 11.17°).
 */
const W_KNEE = 100;
/**
 * Forward bend a knee takes for free before {@link W_KNEE} charges it. Knees hyperextend by up to
 * 5–10° (AAOS normal joint motion; locked knees in stance), and a standing leg lifted with lengths a few
 * % long leaves its thigh and shin each ≈ 5° off vertical on opposite sides, which reads as a ~10°
 * hyperextension. Charged from 0°, that straight leg cost ≈ 1.9 and lost to a thigh raised 50° toward
 * the camera (the other place of the knee on its ray when the camera looks down): in the shared NTU
 * clip (a woman standing still, camera ≈ 20° down, input 368) the left thigh swung up to 52° for half a
 * second while its keypoints did not move; with 8° free the legs stay within 12.7° of vertical
 * (tests/retarget/real-video.test.ts). Round-trip average (32 runs): 9.065° / 4.05 % → 9.077° / 4.07 %
 * (camera 20° down: 10.859° → 10.945°; 2°: 9.068°, 5° left a 19° swing in the clip).
 */
const KNEE_HYPEREXTENSION_FREE = Math.sin(8 * DEG);
/**
 * Elbow: the forearm folds toward the front of the upper arm (hyperextension ≲ 5–10°); cost per squared
 * sine of backward fold. Near-hard like the knee, a little stronger: a straight-ish arm swinging through
 * the image plane is decided by its slight flexion alone. The upper arm's "front" is the fold
 * direction of the neutral hinge of {@link W_HUMERAL_ROTATION} (the hanging arm's forward fold carried by
 * the minimal swing), so both priors agree on what neutral is and the elbow forbids exactly the humeral
 * rotations beyond ±90°. Before, a front from the sagittal plane blended with the body's forward (for
 * raised arms) disagreed with that neutral for arms raised to the side, and flagged true poses (forearm
 * up, external rotation ≈ 60°) as hyperextended. Measured on the round-trip average: 12.39° → 12.06°,
 * flips 9.3 % → 8.8 % (right forearm 20.7° → 19.2°).
 */
const W_ELBOW = 300;
/**
 * Thighs and shins stay close to the body's sagittal plane (hip abduction/adduction is small in
 * standing, walking and squatting); arms leave it more freely. Cost per squared sideways component.
 * Used for the shin, whose limit is symmetric (knees go in and out alike); the thigh's and the upper
 * arm's are below.
 */
const W_LEG_LATERAL = 1.5;
/**
 * The thigh's sideways limit is not symmetric: abduction (outward) reaches ≈ 45°, adduction ≈ 30°
 * passively, but the other leg blocks a thigh from swinging inward past the midline while standing or
 * walking (AAOS normal joint motion). So the thigh pays little for leaning outward and much for leaning
 * inward (cost per squared sine). Measured on the round-trip average (walk + hop, both cameras, 4 yaws,
 * 0/2 px), replacing the symmetric 1.5: 12.06° → 11.65°, flips 8.8 % → 8.1 % (3 / 1: 11.69°;
 * 9 / 0.5: 11.58° but worse frontal).
 */
const W_THIGH_ABDUCTION = 0.75;
const W_THIGH_ADDUCTION = 6;
/**
 * Weight of a thigh's turn away from hanging straight down (cost per unit of 1 − cos): people stand and
 * walk with their thighs near vertical. Facing a level camera both depth candidates of a limb mirror each
 * other about a nearly vertical plane, so this hardly tells them apart; a tilted camera's mirror plane is
 * tilted, and a hanging thigh's other candidate is raised by twice the tilt, which this now loses.
 * Measured (32 runs, level / 20° down / 20° up / 10° down / 10° up): 9.083° / 11.053° / 11.271° / 9.841° /
 * 9.917° → 9.065° / 10.859° / 11.254° / 9.806° / 9.913°, flips and clear flips no worse anywhere (1: level
 * flips 4.05 → 4.10 %). The same prior on upper arms helped looking down and hurt looking up (0.3: 20° up
 * 11.27° → 11.81°).
 */
const W_THIGH_HANG = 0.5;
/**
 * Upper arm sideways: abduction (arm raised to the side) is free up to 180°, adduction across the body
 * is blocked by the torso unless the arm is in front of it (reaching across the chest). So outward
 * costs little and inward costs more, scaled down as the arm comes forward (by 1 − max(0, forward
 * component)). Replacing the symmetric 0.3: 11.65° → 11.07°, flips 8.1 % → 7.2 % on the round-trip
 * average (ungated inward weight: 11.01°; inward 0.6 / outward 0.21: 11.27°; inward 3: 11.05°).
 */
const W_ARM_ABDUCTION = 0.15;
const W_ARM_ADDUCTION = 1.8;
/**
 * Limbs are lifted with their calibrated lengths shortened by 1 %. Length errors cost asymmetrically
 * when the depth sign is uncertain: a length ε too long cannot put a limb into the image plane (it
 * leaves it by ≈ √(2ε), 16° for 4 %) and a near-plane limb's sign is a coin toss, so the error is
 * doubled half the time; a length ε too short puts near-plane limbs into the plane (no sign to get
 * wrong) and costs at most ≈ √(2ε) once. The calibration is ±2 % frontal and up to 7 % long from the side.
 * Without {@link SIGN_CONFIDENCE_COST} 3 % short was best (round-trip average 14.24° → 13.43°, flips
 * 11.3 → 10.8 %, when it was introduced); with it the uncertain signs are hedged where they are
 * uncertain, and 1 % keeps the rest of the depth (0.97: 9.29°, 0.98: 9.29°, 1.0: 9.38°, 1.01: 9.75°).
 * Only the lifting uses it; the reported calibration stays the person's estimate.
 */
const LIFT_LENGTH_SCALE = 0.99;
/**
 * Soft placement: a joint is placed between its chosen depth and the image plane by its sign
 * confidence 1 − e^(−Δ/T), Δ being how much more the cheapest history with that joint's sign flipped
 * costs in its {@link BranchFilter} (`signConfidence`), and T this cost. A tie puts the joint in the
 * plane (error at most the out-of-plane angle, never twice it); a clear choice keeps its full depth.
 * The blanket hedge of {@link LIFT_LENGTH_SCALE} did the same for every limb, sure or not. Measured on
 * the round-trip average (32 runs): 9.66° → 9.21°, flips 4.52 → 4.23 % (with the lift at 0.99; T 0.1:
 * 9.77°, 0.2: 9.50°, 0.5: 9.27°, 1: 9.60°); at 30 Hz (every 4th frame) 11.10° → 10.70°.
 */
const SIGN_CONFIDENCE_COST = 0.3;
/**
 * Fastest a limb segment's direction may turn, rad/s. The limbs of the shared mocap turn at up to
 * 1055°/s (p99.9 953°/s) and fast real motion (a throw's elbow) reaches ≈ 2000°/s, so 1500°/s leaves
 * motion alone and turns a depth-sign change the filters were sure of, which flips a limb through the
 * image plane in one frame, into a swing of ≈ 0.1 s. Measured over walk + hop × both cameras × 4 yaws
 * at 120 and 30 Hz with 2 px noise, the largest turn in 1/120 s went from 133° to 12.5°; the round-trip
 * average moved 9.21° → 9.24° (1000°/s: 9.29°).
 */
const MAX_LIMB_TURN_RAD_S = 1500 * DEG;

/**
 * Humeral (shoulder) rotation prior for the forearm's depth sign. With the upper arm's direction fixed,
 * the two forearm candidates differ in where the elbow's hinge axis points about the upper arm, i.e. in
 * the humerus's internal/external rotation; seen from the side, "forearm across the body" vs "pointing
 * outward" is exactly this, and the elbow's hinge limit cannot tell them apart. Rotation is measured
 * from a neutral hinge: the hanging arm's (forearm folding straight forward, axis along the body's
 * right) carried to the current upper-arm direction by the minimal swing. Passive limits are ≈ 70°
 * internal and ≈ 90° external (AAOS normal joint motion; Norkin & White, "Measurement of Joint Motion");
 * everyday hand use stays in front of the body, forearm forward or across it (internal rotation), and
 * external rotation beyond ≈ 20° (forearm pointing outward) is uncommon. Outside [−20°, +70°] each
 * combination costs W · sin²(excess), scaled by how well the bend defines the hinge (as the twist).
 * Measured on the round-trip average (walk + hop, both cameras, 4 yaws, 0/2 px): 13.43° → 12.39°,
 * flips 10.8 % → 9.3 % (weight 1: 12.45°, 4: 12.59°; external limit 10° or 30°: 12.50°; internal 60°:
 * 12.35°, 100°: 12.43°). The walk subject's right arm is held externally rotated (5th percentile −52°),
 * which this prior works against; the prior follows anatomy, not the subject. Tried and not kept:
 * continuity of the hinge axis (last frame's, carried by the upper arm's swing): 13.10° alone, 12.73° on
 * top of this prior (it carries a wrong start along); the shoulder-extension prior measured from the
 * scapular plane (30° forward) instead of the coronal plane: ±0.01°. With the branch filters (which let a
 * consistent small preference win over a wrong history) weight 2 → 4 took the average from 10.05° to
 * 9.92°, flips 5.40 → 5.30 % (3: 9.99°, 8: 9.96°, 16: 10.56°); loosening the external limit for the
 * right arm alone, which fits this subject, did not help (40°: 10.00°, 55°: 10.02°). Nor did a free
 * external range growing with the arm's elevation (20° hanging → X at horizontal, the waving pose):
 * X 40°: 9.34° / 4.39 %, 60°: 9.44° / 4.71 %, 90°: 9.56° / 5.21 % against 9.24° / 4.26 % (32 runs).
 * A per-person prior learned online (a decaying density of upper-limb directions in the torso frame,
 * from frames where the elbow or knee limit alone decides the sign; those picks were right in 1,659 of
 * 1,666 frames over both clips at yaw 0° and 45°, follow camera) made it worse too (weight 1: 9.41° / 4.45 %): those are the bent-elbow frames, arm
 * forward, while the ambiguous frames are straight arms swung back, so what it learns is biased.
 * Rechecked against 9.065° / 4.05 %: external limit 30°: 9.091° / 4.07 %; 40° with weight 8: 9.099° /
 * 4.23 %; weight 2: 9.220°; 8: 9.122°. Most clear forearm flips left are the walk's right arm raised
 * sideways at yaw 45° (its last 1.5 s), and no temporal cue can rescue them: where the forearm crosses
 * the image plane both hypotheses have the same rotation (−17° and −19°) and both move on smoothly,
 * the wrong one to −22°, the true one to −38…−57°, which this prior charges ≈ 0.4 more per frame. That
 * subject's right arm (rotation of the candidate matching the mocap, walk, 4 yaws) has quartiles −46° /
 * −10° / 14°, the left −9° / 15° / 35°: no one range suits both arms of one person.
 */
const W_HUMERAL_ROTATION = 4;
/**
 * Hip rotation prior for the knee's hinge, the leg's counterpart of {@link W_HUMERAL_ROTATION}: with the
 * thigh's direction fixed, a bent knee's hinge axis turns with the thigh's internal/external rotation,
 * which is small (passive ≈ 40–45° each way, AAOS; ≈ ±10° in gait), so the hinge stays close to the
 * pelvis's left–right axis carried by the thigh's swing. The knee limit ({@link W_KNEE}) only rules out
 * a hinge turned past 90° (a knee bending forward); a knee pointing sideways was free, and it is how a
 * wrong knee place fits the same ankle: with the hip and ankle fixed, the knee's two places on its ray
 * are the knee forward (flexed toward the camera) and the knee turned about the hip–ankle line. Each
 * combination costs W · sin²(rotation beyond the free range), scaled by how well the bend defines the
 * hinge (as the twist). Measured on the round-trip average (32 runs): 9.92° → 9.66°, flips 5.30 →
 * 4.52 % (free 30°: 9.66°; 15°: 9.67°; weight 4: 9.64°/4.54 %, 64: 9.72°).
 */
const W_HIP_ROTATION = 16;
const HIP_ROTATION_FREE = 20 * DEG;
const HUMERAL_EXTERNAL_FREE = 20 * DEG;
const HUMERAL_INTERNAL_FREE = 70 * DEG;
/** Range of motion: cost per squared sine beyond the comfortable extension below. */
const W_RANGE = 4;
/** Hip extension beyond ~15° behind the body is rare in daily motion (hip flexion reaches 120°). */
const HIP_EXTENSION_FREE = Math.sin(15 * DEG);
/** Shoulder extension (arm behind the torso) beyond ~35° is rare (flexion reaches 180°). */
const ARM_EXTENSION_FREE = Math.sin(35 * DEG);
/** Bends smaller than this leave the bend plane too noisy to set the upper-limb twist. */
const TWIST_BEND_MIN = Math.sin(8 * DEG);
/** Bends larger than this set the twist fully from the bend plane. */
const TWIST_BEND_FULL = Math.sin(25 * DEG);
/** Facing cue weights: nose offset (per unit sine of head yaw), ear and eye visibility, previous facing. */
const FACING_W_NOSE = 1.5;
const FACING_W_EAR = 0.6;
const FACING_W_EYE = 0.3;
const FACING_W_PREVIOUS = 1.0;
/** Weight of the fitted head's yaw in the facing sign (per unit sine). */
const FACING_W_HEAD = 2.0;
/** Trust in the head's yaw for the torso's yaw magnitude, against the width estimate (weight sin² of it). */
const HEAD_YAW_TRUST = 1.0;
/** Floor of the width estimate's weight: keeps it in play when the head is unavailable. */
const WIDTH_YAW_FLOOR = 0.05;
/** Hips are narrow and their keypoints loose: half the weight of the shoulders in the facing. */
const HIP_WIDTH_WEIGHT = 0.5;
/** Widths are calibrated only while the head faces within 35° of the camera (cos ≥ 0.82: little error). */
const WIDTH_CALIBRATION_MAX_YAW = 35 * DEG;
/** Nose tip in front of the neck keypoint, torso units (≈ 11 cm + neck offset of an adult, 0.5 m torso). */
const NOSE_FORWARD_TORSO = 0.24;
/** The skull base sits ≈ 10 cm above the shoulder midpoint (torso units): where the head fit is anchored. */
const HEAD_PIVOT_ABOVE_NECK_TORSO = 0.2;
/** Share of the head's rotation (relative to the chest) taken by the neck bone (cervical spine ≈ half). */
export const NECK_SHARE = 0.5;
/** Feet are kept flat within this ankle range (degrees), beyond it they follow the shin. */
const MAX_ANKLE_DEG = 40;
/** Ankle height above the floor estimate (m) below which the person counts as standing. */
const GROUND_TOLERANCE_M = 0.05;
/** Floor estimate: follows a lower ankle within 0.05 s, rises (ankles lifted) only over 4 s. */
const FLOOR_FALL_S = 0.05;
const FLOOR_RISE_S = 4;
/**
 * Floor contact cue (see `chooseLegs`): cost of placing the lower ankle (in the image) a full
 * {@link FLOOR_DEPTH_FULL_TORSO} farther than the other, at full confidence. Comparable to a knee bent
 * the wrong way by ~10° (W_KNEE · sin² 10° ≈ 3), so clear joint limits still win; it is a tie-breaker
 * (measured: −0.2° and −0.5 % flips on the round-trip average; stronger weights do worse, since a lifted
 * swing foot also changes the image order).
 */
const FLOOR_CUE_WEIGHT = 3;
/**
 * Vertical ankle gaps (torso units) over which the cue's confidence ramps from 0 to 1: a swing foot's
 * lift alone gives ≲ 0.2 (an ankle rises ≈ 0.1 m), a full stride's depth difference ≈ 0.5
 * (camera ≈ 1.2 m above the feet, 0.6 m stride at 2.5–3 m).
 */
const FLOOR_GAP_MIN_TORSO = 0.1;
const FLOOR_GAP_FULL_TORSO = 0.4;
/** Depth error (torso units) at which the cue's cost saturates. */
const FLOOR_DEPTH_FULL_TORSO = 0.2;
/**
 * Feet do not go through the floor: a leg combination that puts an ankle below the floor estimate (the
 * lowest ankle of recent frames, see `solveRoot`) costs this per squared torso length beyond
 * {@link FLOOR_PENETRATION_FREE_TORSO}. The camera sits above the ankles, so of an ankle's two places on
 * its ray the farther is the lower: a knee or ankle put behind its true place often lands under the
 * floor. Near-hard: 3 cm under (0.5 m torso) costs ≈ 1.6, a knee bent the wrong way by ≈ 7°. Measured on
 * the round-trip average (32 runs): 10.30° → 10.13°, flips 6.07 → 5.54 % (500: 10.12°, 2000: 10.16°); with
 * the true floor instead of the estimate it reaches 10.08° / 5.4 %, so the estimate is not what limits it.
 */
const W_FLOOR_PENETRATION = 1000;
/**
 * Free margin under the floor estimate, torso units (1 cm at a 0.5 m torso): the estimate follows the
 * lowest ankle, so noise already puts it a little low (0.01: 10.12°; 0.04: 10.24°).
 */
const FLOOR_PENETRATION_FREE_TORSO = 0.02;
/** One Euro parameters for root motion, metres: 1 Hz at rest, opening with speed. */
const ROOT_FILTER = { minCutoff: 1, beta: 1.5, dCutoff: 1 } as const;

// ---------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------

/** Root motion switches. */
export interface RootMotionOptions {
  /** Move the hips left/right with the person in the image. Default true. */
  horizontal: boolean;
  /** Move the hips toward/away from the camera with the person's distance (from body scale). Default true. */
  depth: boolean;
  /** Raise the hips when the person leaves the floor (jumps); feet stay on the floor otherwise. Default true. */
  vertical: boolean;
}

/** Options of {@link createPoseSolver}; every field has a default. */
export interface PoseSolverOptions {
  /** Assumed camera: field of view (default 50° vertical; or diagonal, as webcams print it) and tilt (default 0°, level). */
  camera: CameraOptions;
  /** One Euro smoothing of the keypoints (`false` to feed already-smoothed keypoints). Default on. */
  smoothing: boolean | Partial<KeypointSmootherOptions>;
  /** Keypoints scoring below this count as missing. Default 0.2. */
  minScore: number;
  /** What missing or low-confidence parts do: ease toward the rest pose, or hold the last pose. Default 'rest'. */
  missing: 'rest' | 'hold';
  /** Time constant (s) of easing toward rest (or of settling after a hold). Default 0.35 s. */
  easeTimeS: number;
  /** Time constant (s) over which a part that reappears blends in, so it never snaps. Default 0.08 s. */
  reacquireTimeS: number;
  /** How long (s) after reappearing a part keeps blending. Default 0.25 s. */
  reacquireWindowS: number;
  /** Mirror the input horizontally (selfie view: the avatar moves like a mirror image). Default false. */
  mirror: boolean;
  /** Assumed torso length (m); sets the metric scale of depth and root motion only. Default 0.5. */
  torsoLengthM: number;
  /** Root motion switches. */
  rootMotion: RootMotionOptions;
  /** Bone-length calibration. */
  calibration: Partial<CalibrationOptions>;
}

export const DEFAULT_POSE_SOLVER_OPTIONS: Readonly<PoseSolverOptions> = Object.freeze({
  camera: DEFAULT_CAMERA_OPTIONS,
  smoothing: true,
  minScore: 0.2,
  missing: 'rest',
  easeTimeS: 0.35,
  reacquireTimeS: 0.08,
  reacquireWindowS: 0.25,
  mirror: false,
  torsoLengthM: ASSUMED_TORSO_M,
  rootMotion: Object.freeze({ horizontal: true, depth: true, vertical: true }),
  calibration: Object.freeze({}),
});

/**
 * What {@link createPoseSolver} accepts: any subset of {@link PoseSolverOptions}; the `camera` and
 * `rootMotion` fields given are merged with their defaults.
 */
export type PoseSolverInit = Partial<Omit<PoseSolverOptions, 'camera' | 'rootMotion'>> & {
  camera?: Partial<CameraOptions>;
  rootMotion?: Partial<RootMotionOptions>;
};

/**
 * One solve's output. The object is owned by the solver and overwritten by the next `solve` call;
 * copy what you keep.
 */
export interface PoseSolveResult {
  /** Local rotations for the avatar's normalized bones, ready for `applyPoseToVRM` (identity = rest). */
  readonly rotations: { readonly [K in SolvedBoneName]: Quaternion };
  /** Whether the avatar has each bone (rotations of absent bones stay identity). */
  readonly hasBone: { readonly [K in SolvedBoneName]: boolean };
  /** Per-bone tracking weight 0..1 (1 = solved this frame, lower while easing), by {@link BONE} index. */
  readonly confidence: Float32Array;
  /** Local position for the normalized hips (avatar units, avatar model space). */
  readonly hipsPosition: Vector3;
  /**
   * The lifted skeleton: COCO-18 joints in level view space (metres; camera at the origin, +Y up against
   * gravity, -Z the camera's heading on the floor: camera space itself for a level camera; see camera.ts),
   * `(x, y, z) × 18`; meaningful where `jointValid[k]` is 1.
   */
  readonly joints3d: Float64Array;
  readonly jointValid: Uint8Array;
  /** Whether a body (torso) was found this frame. */
  tracked: boolean;
  /** The timestamp passed to `solve`. */
  timestampMs: number;
}

/** A per-person solver; create one per tracked person. */
export interface PoseSolver {
  readonly rig: RetargetRig;
  readonly options: PoseSolverOptions;
  /**
   * Solves one frame. `person` may be null (nobody seen: parts ease toward rest or hold). Timestamps in ms,
   * increasing; image size in pixels.
   */
  solve(person: Person | null | undefined, imageWidth: number, imageHeight: number, timestampMs: number): PoseSolveResult;
  /** Same as `solve`, from a flat `(x, y, score) × 18` array. */
  solveKeypoints(keypoints: ArrayLike<number>, imageWidth: number, imageHeight: number, timestampMs: number): PoseSolveResult;
  /** Forgets calibration, filters, history and root anchor. */
  reset(): void;
  /** The current calibrated segment ratios (torso units), by `CALIBRATED_SEGMENTS` order. */
  readonly calibration: BodyCalibration;
}

/**
 * Creates a solver for one person driving one avatar.
 * @param target the avatar's humanoid (`vrm.humanoid`) or a rig from `createRetargetRig*`.
 */
export function createPoseSolver(target: VRMHumanoid | RetargetRig, options: PoseSolverInit = {}): PoseSolver {
  const rig = 'rest' in target && 'facesMinusZ' in target ? target : createRetargetRigFromHumanoid(target as VRMHumanoid);
  return new PoseSolverImpl(rig, options);
}

// ---------------------------------------------------------------------------------------------------
// Implementation
// ---------------------------------------------------------------------------------------------------

/** Temporal history slots (limbs keep theirs in their {@link BranchFilter}s). */
const H_UP = 0;
const HISTORY_SLOTS = 1;
/** The branch filters' parameters: the limb-continuity constants above. */
const BRANCH_FILTER: Partial<BranchFilterOptions> = {
  weight: W_BRANCH,
  freeBand: BRANCH_FREE,
  maxAgeS: HISTORY_MAX_AGE_S,
  velocityGain: PREDICTION_VELOCITY_GAIN,
};
/** Segments of a limb's filter (upper, lower) and of the legs' joint filter (left thigh, shin, right thigh, shin). */
const LIMB_SEGMENTS = 2;
const LEG_PAIR_SEGMENTS = 4;

const X_AXIS = new Vector3(1, 0, 0);
const Y_AXIS = new Vector3(0, 1, 0);
const v3 = (a: readonly [number, number, number] | null): Vector3 => (a ? new Vector3(a[0], a[1], a[2]) : new Vector3());

interface LimbRest {
  /** Rest direction of the upper and lower segment, and the shared hinge normal. */
  d0Upper: Vector3;
  d0Lower: Vector3;
  n0: Vector3;
}

class PoseSolverImpl implements PoseSolver {
  readonly rig: RetargetRig;
  readonly options: PoseSolverOptions;
  readonly calibration: BodyCalibration;
  private readonly smoother: KeypointSmoother | null;
  private readonly result: PoseSolveResult & { rotations: Record<SolvedBoneName, Quaternion> };

  // Rig-derived constants.
  private readonly restPelvisInv = new Quaternion();
  private readonly restChestInv = new Quaternion();
  private readonly spineChain: number[] = [];
  private readonly limbs: LimbRest[];
  private readonly legOffsets: { hipToUpper: Vector3; thigh: Vector3; shin: Vector3 }[];
  private readonly restHips = new Vector3();
  private readonly restAnkleY: number;
  private readonly avatarLegLength: number;

  // Per-frame buffers.
  private readonly raw = new Float64Array(NUM_KEYPOINTS * 3);
  private readonly kp = new Float64Array(NUM_KEYPOINTS * 3);
  private readonly world: Quaternion[] = SOLVED_BONES.map(() => new Quaternion());
  private readonly target: Quaternion[] = SOLVED_BONES.map(() => new Quaternion());
  private readonly solvedThisFrame = new Uint8Array(SOLVED_BONES.length);
  private readonly lostAtS = new Float64Array(SOLVED_BONES.length).fill(-Infinity);
  private readonly foundAtS = new Float64Array(SOLVED_BONES.length).fill(-Infinity);
  private readonly everSolved = new Uint8Array(SOLVED_BONES.length);

  // Temporal state.
  private readonly hist1 = new Float64Array(HISTORY_SLOTS * 3);
  private readonly hist2 = new Float64Array(HISTORY_SLOTS * 3);
  private readonly histT1 = new Float64Array(HISTORY_SLOTS).fill(-Infinity);
  private readonly histT2 = new Float64Array(HISTORY_SLOTS).fill(-Infinity);
  private prevFacing = 0;
  private prevFacingT = -Infinity;
  private readonly headPrev = new Quaternion();
  private headT = -Infinity;
  private readonly prevJointValid = new Uint8Array(NUM_KEYPOINTS);
  private lastT = -Infinity;
  private floorY = NaN;
  private readonly anchor = new Vector3();
  private anchored = false;
  private readonly rootFilters = [new OneEuroFilter(ROOT_FILTER), new OneEuroFilter(ROOT_FILTER), new OneEuroFilter(ROOT_FILTER)];
  private readonly hipsPos = new Vector3();

  // Scratch.
  private readonly s = Array.from({ length: 24 }, () => new Vector3());
  private readonly q = Array.from({ length: 8 }, () => new Quaternion());
  private readonly cand = Array.from({ length: 6 }, () => new Vector3());
  /** Per limb: the six joint candidates (mid near/far, end near/far for each mid), their costs and offsets. */
  private readonly limbCand = Array.from({ length: 4 }, () => Array.from({ length: 6 }, () => new Vector3()));
  private readonly comboCost = new Float64Array(16);
  private readonly limbU = new Float64Array(12);
  private readonly limbHasEnd = new Uint8Array(4);
  /** Per limb: the lifted lower-segment length and the end joint's pixel ray (soft placement). */
  private readonly limbLenLower = new Float64Array(4);
  private readonly limbEndRay = Array.from({ length: 4 }, () => new Vector3());
  /** Depth-sign hypotheses: one filter per arm (4 states), one for both legs together (16 states). */
  private readonly armFilters = [new BranchFilter(4, LIMB_SEGMENTS, BRANCH_FILTER), new BranchFilter(4, LIMB_SEGMENTS, BRANCH_FILTER)];
  private readonly legFilter = new BranchFilter(16, LEG_PAIR_SEGMENTS, BRANCH_FILTER);
  /** Last direction (view space) and time of each limb segment, for {@link limitTurn}. */
  private readonly segDir = Array.from({ length: 8 }, () => new Vector3());
  private readonly segT = new Float64Array(8).fill(-Infinity);
  /** Scratch for the humeral rotation prior. */
  private readonly hv = Array.from({ length: 3 }, () => new Vector3());
  /** This frame's camera tilt (rad, > 0 looking down) and its camera → level rotation. */
  private pitch = 0;
  private readonly qPitch = new Quaternion();
  private readonly qPitchInv = new Quaternion();

  constructor(rig: RetargetRig, options: PoseSolverInit) {
    this.rig = rig;
    this.options = {
      ...DEFAULT_POSE_SOLVER_OPTIONS,
      ...options,
      camera: { ...DEFAULT_CAMERA_OPTIONS, ...options.camera },
      rootMotion: { ...DEFAULT_POSE_SOLVER_OPTIONS.rootMotion, ...options.rootMotion },
    };
    this.calibration = new BodyCalibration(this.options.calibration);
    const sm = this.options.smoothing;
    this.smoother = sm === false ? null : new KeypointSmoother({ minScore: this.options.minScore, ...(sm === true ? {} : sm) });

    const R = rig.rest;
    const lUA = v3(R.leftUpperArm), rUA = v3(R.rightUpperArm), lUL = v3(R.leftUpperLeg), rUL = v3(R.rightUpperLeg);
    const up = new Vector3().addVectors(lUA, rUA).multiplyScalar(0.5).sub(new Vector3().addVectors(lUL, rUL).multiplyScalar(0.5));
    const qb = new Quaternion();
    basisFromLeftUp(new Vector3().subVectors(lUL, rUL), up, qb);
    this.restPelvisInv.copy(qb).invert();
    basisFromLeftUp(new Vector3().subVectors(lUA, rUA), up, qb);
    this.restChestInv.copy(qb).invert();
    for (const b of ['spine', 'chest', 'upperChest'] as const) if (R[b]) this.spineChain.push(BONE[b]);

    const fwd = new Vector3(0, 0, 1);
    const limb = (u: SolvedBoneName, l: SolvedBoneName, e: SolvedBoneName, leg: boolean): LimbRest => {
      const d0Upper = v3(R[l]).sub(v3(R[u])).normalize();
      const d0Lower = v3(R[e]).sub(v3(R[l])).normalize();
      // Rest hinge normal: elbows fold forward, knees backward, about the axis ⟂ to the limb and forward.
      const n0 = new Vector3().crossVectors(d0Upper, fwd);
      if (leg) n0.negate();
      if (n0.lengthSq() < 1e-8) n0.set(1, 0, 0);
      return { d0Upper, d0Lower, n0: n0.normalize() };
    };
    this.limbs = [
      limb('leftUpperArm', 'leftLowerArm', 'leftHand', false),
      limb('rightUpperArm', 'rightLowerArm', 'rightHand', false),
      limb('leftUpperLeg', 'leftLowerLeg', 'leftFoot', true),
      limb('rightUpperLeg', 'rightLowerLeg', 'rightFoot', true),
    ];
    this.restHips.copy(v3(R.hips));
    this.legOffsets = (['left', 'right'] as const).map((side) => ({
      hipToUpper: v3(R[`${side}UpperLeg`]).sub(this.restHips),
      thigh: v3(R[`${side}LowerLeg`]).sub(v3(R[`${side}UpperLeg`])),
      shin: v3(R[`${side}Foot`]).sub(v3(R[`${side}LowerLeg`])),
    }));
    this.restAnkleY = Math.min(R.leftFoot![1], R.rightFoot![1]);
    this.avatarLegLength = 0.5 * (this.legOffsets[0].thigh.length() + this.legOffsets[0].shin.length() + this.legOffsets[1].thigh.length() + this.legOffsets[1].shin.length());

    const rotations = {} as Record<SolvedBoneName, Quaternion>;
    const hasBone = {} as Record<SolvedBoneName, boolean>;
    for (const b of SOLVED_BONES) {
      rotations[b] = new Quaternion();
      hasBone[b] = rig.rest[b] !== null;
    }
    this.result = {
      rotations,
      hasBone,
      confidence: new Float32Array(SOLVED_BONES.length),
      hipsPosition: new Vector3().copy(this.restHips),
      joints3d: new Float64Array(NUM_KEYPOINTS * 3),
      jointValid: new Uint8Array(NUM_KEYPOINTS),
      tracked: false,
      timestampMs: 0,
    };
    this.toAvatarPosition(this.restHips, this.result.hipsPosition);
  }

  reset(): void {
    this.calibration.reset();
    this.smoother?.reset();
    this.histT1.fill(-Infinity);
    this.histT2.fill(-Infinity);
    this.prevFacingT = -Infinity;
    this.prevFacing = 0;
    for (const bf of this.armFilters) bf.reset();
    this.segT.fill(-Infinity);
    this.legFilter.reset();
    this.headT = -Infinity;
    this.lastT = -Infinity;
    this.floorY = NaN;
    this.anchored = false;
    for (const f of this.rootFilters) f.reset();
    this.lostAtS.fill(-Infinity);
    this.foundAtS.fill(-Infinity);
    this.everSolved.fill(0);
    for (const b of SOLVED_BONES) this.result.rotations[b].identity();
    this.toAvatarPosition(this.restHips, this.result.hipsPosition);
    this.result.confidence.fill(0);
    this.result.jointValid.fill(0);
    this.result.tracked = false;
  }

  solve(person: Person | null | undefined, imageWidth: number, imageHeight: number, timestampMs: number): PoseSolveResult {
    personToArray(person ?? null, this.raw);
    return this.solveKeypoints(this.raw, imageWidth, imageHeight, timestampMs);
  }

  solveKeypoints(input: ArrayLike<number>, imageWidth: number, imageHeight: number, timestampMs: number): PoseSolveResult {
    const o = this.options;
    const res = this.result;
    const tS = Number.isFinite(timestampMs) ? timestampMs / 1000 : this.lastT + 1 / 30;
    let dt = tS - this.lastT;
    if (!(dt > 0) || !Number.isFinite(dt)) dt = 1 / 30;
    dt = Math.min(dt, 1);
    this.lastT = tS;
    res.timestampMs = timestampMs;
    this.solvedThisFrame.fill(0);
    this.prevJointValid.set(res.jointValid);
    res.jointValid.fill(0);
    res.tracked = false;

    const W = imageWidth > 0 && Number.isFinite(imageWidth) ? imageWidth : 0;
    const Hh = imageHeight > 0 && Number.isFinite(imageHeight) ? imageHeight : 0;
    if (W > 0 && Hh > 0) {
      this.prepareKeypoints(input, W, Hh, timestampMs);
      this.solveBody(W, Hh, tS, dt);
    }
    this.finish(tS, dt);
    return res;
  }

  // -------------------------------------------------------------------------------------------------

  private prepareKeypoints(input: ArrayLike<number>, W: number, H: number, timestampMs: number): void {
    const kp = this.kp;
    const min = this.options.minScore;
    const mirror = this.options.mirror;
    for (let k = 0; k < NUM_KEYPOINTS; k++) {
      // Mirroring swaps the person's sides as well as the image x.
      const src = mirror ? MIRROR_INDEX[k] : k;
      let x = Number(input[3 * src]);
      const y = Number(input[3 * src + 1]);
      const sc = Number(input[3 * src + 2]);
      if (mirror) x = W - x;
      const ok = sc >= min && Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(sc);
      kp[3 * k] = ok ? x : 0;
      kp[3 * k + 1] = ok ? y : 0;
      kp[3 * k + 2] = ok ? Math.min(sc, 1) : 0;
    }
    if (this.smoother) this.smoother.smooth(kp, H, timestampMs, kp);
  }

  private valid(k: number): boolean {
    return this.kp[3 * k + 2] > 0;
  }

  private px(k: number): number {
    return this.kp[3 * k];
  }

  private py(k: number): number {
    return this.kp[3 * k + 1];
  }

  private dist2D(a: number, b: number): number {
    return Math.hypot(this.px(a) - this.px(b), this.py(a) - this.py(b));
  }

  /** Predicted unit direction for a history slot, or false when there is no recent history. */
  private predict(slot: number, tS: number, out: Vector3): boolean {
    const t1 = this.histT1[slot];
    if (!(tS - t1 <= HISTORY_MAX_AGE_S)) return false;
    const h1 = this.hist1, h2 = this.hist2;
    out.set(h1[3 * slot], h1[3 * slot + 1], h1[3 * slot + 2]);
    const t2 = this.histT2[slot];
    if (t1 - t2 > 0 && t1 - t2 <= HISTORY_MAX_AGE_S) {
      const k = (PREDICTION_VELOCITY_GAIN * (tS - t1)) / (t1 - t2);
      out.x += (h1[3 * slot] - h2[3 * slot]) * k;
      out.y += (h1[3 * slot + 1] - h2[3 * slot + 1]) * k;
      out.z += (h1[3 * slot + 2] - h2[3 * slot + 2]) * k;
    }
    return out.lengthSq() > 1e-12 && out.normalize() !== null;
  }

  private remember(slot: number, d: Vector3, tS: number): void {
    const h1 = this.hist1, h2 = this.hist2;
    h2[3 * slot] = h1[3 * slot];
    h2[3 * slot + 1] = h1[3 * slot + 1];
    h2[3 * slot + 2] = h1[3 * slot + 2];
    this.histT2[slot] = this.histT1[slot];
    h1[3 * slot] = d.x;
    h1[3 * slot + 1] = d.y;
    h1[3 * slot + 2] = d.z;
    this.histT1[slot] = tS;
  }

  /** Two points on `ray` at distance `len` from `anchor` (nearer, farther). Returns the discriminant. */
  private sphere(anchor: Vector3, ray: Vector3, len: number, near: Vector3, far: Vector3): number {
    const b = ray.dot(anchor);
    const disc = b * b - (anchor.lengthSq() - len * len);
    const sq = disc > 0 ? Math.sqrt(disc) : 0;
    near.copy(ray).multiplyScalar(Math.max(MIN_DEPTH_M, b - sq));
    far.copy(ray).multiplyScalar(Math.max(MIN_DEPTH_M, b + sq));
    return disc;
  }

  private setJoint(k: number, p: Vector3): void {
    this.result.joints3d[3 * k] = p.x;
    this.result.joints3d[3 * k + 1] = p.y;
    this.result.joints3d[3 * k + 2] = p.z;
    this.result.jointValid[k] = 1;
  }

  private joint(k: number, out: Vector3): Vector3 {
    const j = this.result.joints3d;
    return out.set(j[3 * k], j[3 * k + 1], j[3 * k + 2]);
  }

  private solveBody(W: number, H: number, tS: number, dt: number): void {
    const K = KEYPOINT;
    const cal = this.calibration;
    const ratios = cal.ratios;
    const f = cameraFocalPx(W, H, this.options.camera);
    const cx = W / 2, cy = H / 2;
    // Read every frame, so a tilt changed in the options applies at once.
    const pitch = (this.pitch = cameraPitchRad(this.options.camera.pitchDeg));
    const torsoM = this.options.torsoLengthM > 0 ? this.options.torsoLengthM : ASSUMED_TORSO_M;
    const s = this.s;

    // --- 2D torso -------------------------------------------------------------------------------
    const hasLS = this.valid(K.leftShoulder), hasRS = this.valid(K.rightShoulder);
    const hasLH = this.valid(K.leftHip), hasRH = this.valid(K.rightHip);
    let neckOk = this.valid(K.neck);
    let nx = this.px(K.neck), ny = this.py(K.neck);
    if (!neckOk && hasLS && hasRS) {
      nx = 0.5 * (this.px(K.leftShoulder) + this.px(K.rightShoulder));
      ny = 0.5 * (this.py(K.leftShoulder) + this.py(K.rightShoulder));
      neckOk = true;
    }
    if (!neckOk) return;
    let hipOk = hasLH || hasRH;
    let hx = 0, hy = 0;
    if (hasLH && hasRH) {
      hx = 0.5 * (this.px(K.leftHip) + this.px(K.rightHip));
      hy = 0.5 * (this.py(K.leftHip) + this.py(K.rightHip));
    } else if (hipOk) {
      const k = hasLH ? K.leftHip : K.rightHip;
      hx = this.px(k);
      hy = this.py(k);
    }
    let torso2D = hipOk ? Math.hypot(nx - hx, ny - hy) : 0;
    if (hipOk && torso2D < MIN_TORSO_PX) hipOk = false;
    // The torso's image length as an upright torso's at this place in the image: a tilted camera sees an
    // upright torso foreshortened (its image plane is not vertical), which would read as the person
    // being farther away and every limb longer than it is. A level camera never foreshortens it.
    const torsoRef = hipOk && pitch !== 0 ? torso2D / uprightForeshortening(0.5 * (nx + hx), 0.5 * (ny + hy), cx, cy, f, pitch) : torso2D;
    // Image-space torso "up" (toward the neck) and its right-pointing perpendicular ê.
    let ux = 0, uy = -1;
    if (hipOk) {
      ux = (nx - hx) / torso2D;
      uy = (ny - hy) / torso2D;
    }
    const ex = -uy, ey = ux;

    // --- calibration (limb lengths: longest projections, perspective-corrected) ------------------
    const upright = hipOk && hasLH && hasRH && -uy >= Math.cos(CALIBRATION_MAX_TORSO_TILT_DEG * DEG);
    if (upright) {
      // Depth of the torso in the previous frame, to undo perspective (a limb nearer the camera than
      // the torso looks longer than it is). Image scale goes with the optical depth (along the camera's
      // axis), not the level one: a camera tilted up sees the legs, nearer the foot of its axis, larger
      // (with level depths the walk's shins came out 12 % long at a 20° tilt up).
      const jd = this.result.joints3d;
      const jv = this.prevJointValid;
      const optZ = (k: number): number => opticalDepth(s[0].set(jd[3 * k], jd[3 * k + 1], jd[3 * k + 2]), pitch);
      const zT = jv[K.neck] && jv[K.leftHip] && jv[K.rightHip] ? (2 * optZ(K.neck) + optZ(K.leftHip) + optZ(K.rightHip)) / 4 : 0;
      const obs = (sg: number, a: number, b: number): void => {
        if (!this.valid(a) || !this.valid(b)) return;
        let persp = 1;
        if (zT > 0 && jv[a] && jv[b]) {
          const zS = (optZ(a) + optZ(b)) / 2;
          if (zS > 0) persp = zS / zT;
        }
        // A pinhole stretches what lies off its axis (see offAxisStretch): taken off, so that the
        // percentile measures the segment and not where in the image it was seen.
        const stretch = offAxisStretch(this.px(a), this.py(a), this.px(b), this.py(b), cx, cy, f);
        cal.observe(sg, (this.dist2D(a, b) / stretch / torsoRef) * persp, dt * 0.5);
      };
      obs(SEGMENT.upperArm, K.leftShoulder, K.leftElbow);
      obs(SEGMENT.upperArm, K.rightShoulder, K.rightElbow);
      obs(SEGMENT.forearm, K.leftElbow, K.leftWrist);
      obs(SEGMENT.forearm, K.rightElbow, K.rightWrist);
      obs(SEGMENT.thigh, K.leftHip, K.leftKnee);
      obs(SEGMENT.thigh, K.rightHip, K.rightKnee);
      obs(SEGMENT.shin, K.leftKnee, K.leftAnkle);
      obs(SEGMENT.shin, K.rightKnee, K.rightAnkle);
    }

    // --- scale: pixels per torso unit -----------------------------------------------------------
    // The torso is the reference; two other segments that both say it is foreshortened raise it.
    let best1 = 0, best2 = 0;
    const seg = (sg: number, a: number, b: number): void => {
      if (!this.valid(a) || !this.valid(b)) return;
      const e = this.dist2D(a, b) / ratios[sg];
      if (e > best1) {
        best2 = best1;
        best1 = e;
      } else if (e > best2) best2 = e;
    };
    seg(SEGMENT.thigh, K.leftHip, K.leftKnee);
    seg(SEGMENT.thigh, K.rightHip, K.rightKnee);
    seg(SEGMENT.shin, K.leftKnee, K.leftAnkle);
    seg(SEGMENT.shin, K.rightKnee, K.rightAnkle);
    seg(SEGMENT.upperArm, K.leftShoulder, K.leftElbow);
    seg(SEGMENT.upperArm, K.rightShoulder, K.rightElbow);
    let scale: number;
    // A torso leaning toward or away from the camera, or flexed, is shorter in the image than its length;
    // taken as the scale it places the person too far and every limb too near the image plane.
    if (hipOk) scale = Math.max(torsoRef, best2 * LIMB_SCALE_MARGIN);
    else {
      // No hips (e.g. a desk webcam): shoulder width or the longest arm segment sets the scale.
      if (hasLS && hasRS) seg(SEGMENT.shoulderWidth, K.leftShoulder, K.rightShoulder);
      scale = best1;
    }
    if (!(scale >= MIN_TORSO_PX) || !Number.isFinite(scale)) return;
    const depth = (f * torsoM) / scale;
    const L = (sg: number): number => ratios[sg] * torsoM;

    // --- head (first: its yaw helps the torso's) ------------------------------------------------
    const ray = s[1];
    const hipC = s[2], neck = s[3];
    pixelRay(nx, ny, cx, cy, f, ray, pitch);
    neck.copy(ray).multiplyScalar(depth / opticalDepth(ray, pitch)); // provisional, refined below
    const pivot = s[16].copy(neck);
    pivot.y += HEAD_PIVOT_ABOVE_NECK_TORSO * torsoM;
    const recentHead = tS - this.headT <= HISTORY_MAX_AGE_S;
    const qInit = this.q[2];
    if (recentHead) qInit.copy(this.headPrev);
    else qInit.setFromAxisAngle(s[17].set(0, 1, 0), this.initialYawGuess(nx, ny, ex, ey, scale));
    const qHead = this.q[3];
    // The face fit projects through the real camera: pivot and rotations go to camera space and back.
    if (pitch !== 0) {
      cameraToLevelRotation(pitch, this.qPitch);
      qInit.premultiply(this.qPitchInv.copy(this.qPitch).invert());
    }
    const faceUsed = fitHeadRotation(this.kp, levelToCamera(s[17].copy(pivot), pitch), f, cx, cy, qInit, qHead);
    if (pitch !== 0) qHead.premultiply(this.qPitch);
    const headOk = faceUsed >= 2 && isFiniteQuat(qHead);
    let headYaw = 0, headYawW = 0;
    if (headOk) {
      this.headPrev.copy(qHead);
      this.headT = tS;
      const hf = s[17].set(0, 0, 1).applyQuaternion(qHead);
      headYaw = Math.atan2(hf.x, hf.z);
      // Trust in the head's yaw for the torso: high facing the camera (the nose offset measures yaw
      // well there), none when the face is turned away or barely seen.
      headYawW = faceUsed >= 3 ? HEAD_YAW_TRUST * Math.max(0, Math.cos(headYaw)) ** 2 : 0;
    }

    // --- facing (torso yaw about the vertical) --------------------------------------------------
    const wShoulder = hasLS && hasRS ? ((this.px(K.leftShoulder) - this.px(K.rightShoulder)) * ex + (this.py(K.leftShoulder) - this.py(K.rightShoulder)) * ey) / scale : NaN;
    const wHip = hasLH && hasRH ? ((this.px(K.leftHip) - this.px(K.rightHip)) * ex + (this.py(K.leftHip) - this.py(K.rightHip)) * ey) / scale : NaN;
    // Widths are calibrated by de-rotating with the head's yaw while the person faces the camera.
    if (upright && headYawW > 0 && Math.abs(headYaw) < WIDTH_CALIBRATION_MAX_YAW) {
      const c = Math.cos(headYaw);
      if (Number.isFinite(wShoulder)) cal.observeMean(SEGMENT.shoulderWidth, wShoulder / c, dt);
      if (Number.isFinite(wHip)) cal.observeMean(SEGMENT.hipWidth, wHip / c, dt);
    }
    let cosSum = 0, cosW = 0;
    if (Number.isFinite(wShoulder)) {
      cosSum += wShoulder / ratios[SEGMENT.shoulderWidth];
      cosW += 1;
    }
    if (Number.isFinite(wHip)) {
      cosSum += (HIP_WIDTH_WEIGHT * wHip) / ratios[SEGMENT.hipWidth];
      cosW += HIP_WIDTH_WEIGHT;
    }
    const cosFacing = cosW > 0 ? Math.max(-1, Math.min(1, cosSum / cosW)) : 1;
    let cue = 0;
    if (this.valid(K.nose)) {
      const off = ((this.px(K.nose) - nx) * ex + (this.py(K.nose) - ny) * ey) / scale;
      cue += FACING_W_NOSE * Math.max(-1, Math.min(1, off / NOSE_FORWARD_TORSO));
    }
    cue += FACING_W_EAR * ((this.valid(K.rightEar) ? 1 : 0) - (this.valid(K.leftEar) ? 1 : 0));
    cue += FACING_W_EYE * ((this.valid(K.rightEye) ? 1 : 0) - (this.valid(K.leftEye) ? 1 : 0));
    if (headOk) cue += FACING_W_HEAD * Math.sin(headYaw);
    if (tS - this.prevFacingT <= HISTORY_MAX_AGE_S) cue += FACING_W_PREVIOUS * Math.sin(this.prevFacing);
    const sign = cue >= 0 ? 1 : -1;
    const yawW = Math.acos(cosFacing); // 0..π from the widths
    const wW = Math.sin(yawW) ** 2 + WIDTH_YAW_FLOOR;
    // Blend magnitudes: widths measure yaw well near profile, the head near frontal.
    const yawMag = headYawW > 0 && Math.abs(headYaw) < Math.PI / 2 ? (wW * yawW + headYawW * Math.abs(headYaw)) / (wW + headYawW) : yawW;
    const facing = sign * yawMag;
    this.prevFacing = facing;
    this.prevFacingT = tS;
    const sinFacing = Math.sin(facing);
    const fwdEst = s[0].set(sinFacing, 0, Math.cos(facing));

    // --- torso in 3D ----------------------------------------------------------------------------
    const near = this.cand[0], far = this.cand[1];
    if (hipOk) {
      pixelRay(hx, hy, cx, cy, f, ray, pitch);
      hipC.copy(ray).multiplyScalar(depth / opticalDepth(ray, pitch));
      pixelRay(nx, ny, cx, cy, f, ray, pitch);
      this.sphere(hipC, ray, torsoM, near, far);
      // Lean: prefer the more upright candidate, then the one toward the facing direction (people bend
      // forward), then history.
      const pred = s[4];
      const hasPred = this.predict(H_UP, tS, pred);
      const cost = (p: Vector3): number => {
        const u = s[5].subVectors(p, hipC).normalize();
        let c = -W_LEAN_FORWARD * u.dot(fwdEst) - W_TORSO_UPRIGHT * u.y;
        if (hasPred) c += W_TEMPORAL * u.distanceToSquared(pred);
        return c;
      };
      neck.copy(cost(near) <= cost(far) ? near : far);
    } else {
      hipC.copy(neck);
      hipC.y -= torsoM;
    }
    const up = s[6].subVectors(neck, hipC).normalize();
    this.remember(H_UP, up, tS);
    this.setJoint(K.neck, neck);

    // Shoulder and hip pairs on their pixel rays, their depth offsets set by the facing.
    const lS = s[7], rS = s[8], lH = s[9], rH = s[10];
    this.placePair(neck, K.leftShoulder, K.rightShoulder, 0.5 * L(SEGMENT.shoulderWidth), fwdEst, up, lS, rS, cx, cy, f, true);
    this.placePair(hipC, K.leftHip, K.rightHip, 0.5 * L(SEGMENT.hipWidth), fwdEst, up, lH, rH, cx, cy, f, hipOk);
    this.setJoint(K.leftShoulder, lS);
    this.setJoint(K.rightShoulder, rS);
    if (hipOk) {
      this.setJoint(K.leftHip, lH);
      this.setJoint(K.rightHip, rH);
    }

    // Torso frames.
    const qPelvis = this.q[0], qChest = this.q[1];
    const leftVec = s[11];
    basisFromLeftUp(leftVec.subVectors(lS, rS), up, qChest);
    qChest.multiply(this.restChestInv);
    if (!basisFromLeftUp(leftVec.subVectors(lH, rH), up, qPelvis)) qPelvis.copy(qChest);
    else qPelvis.multiply(this.restPelvisInv);
    const res = this.result;
    res.tracked = true;
    this.setTorso(qPelvis, qChest);

    // Frame axes for priors.
    const chestLeft = s[12].set(1, 0, 0).applyQuaternion(qChest);
    const chestFwd = s[13].set(0, 0, 1).applyQuaternion(qChest);
    const pelvisLeft = s[14].set(1, 0, 0).applyQuaternion(qPelvis);
    const pelvisFwd = s[15].set(0, 0, 1).applyQuaternion(qPelvis);

    // --- limbs ----------------------------------------------------------------------------------
    // Arm states are 2·i + j (bit 2: elbow sign, bit 1: wrist sign).
    if (this.scoreLimb(0, lS, K.leftElbow, K.leftWrist, L(SEGMENT.upperArm), L(SEGMENT.forearm), chestLeft, chestFwd, false, cx, cy, f)) {
      const st = this.chooseArm(0, tS), bf = this.armFilters[0];
      this.commitLimb(0, st, lS, K.leftElbow, K.leftWrist, tS, signConfidence(bf, st, 2, 0), signConfidence(bf, st, 1, 2));
    }
    if (this.scoreLimb(1, rS, K.rightElbow, K.rightWrist, L(SEGMENT.upperArm), L(SEGMENT.forearm), chestLeft, chestFwd, false, cx, cy, f)) {
      const st = this.chooseArm(1, tS), bf = this.armFilters[1];
      this.commitLimb(1, st, rS, K.rightElbow, K.rightWrist, tS, signConfidence(bf, st, 2, 0), signConfidence(bf, st, 1, 2));
    }
    if (hipOk) {
      const okL = this.scoreLimb(2, lH, K.leftKnee, K.leftAnkle, L(SEGMENT.thigh), L(SEGMENT.shin), pelvisLeft, pelvisFwd, true, cx, cy, f);
      const okR = this.scoreLimb(3, rH, K.rightKnee, K.rightAnkle, L(SEGMENT.thigh), L(SEGMENT.shin), pelvisLeft, pelvisFwd, true, cx, cy, f);
      if (okL || okR) {
        // Leg-pair states are 4·left + right (bits 8, 4: left knee, ankle; bits 2, 1: right knee, ankle).
        const legs = this.chooseLegs(scale, facing, torsoM, tS), bf = this.legFilter;
        if (okL) this.commitLimb(2, legs >> 2, lH, K.leftKnee, K.leftAnkle, tS, signConfidence(bf, legs, 8, 0), signConfidence(bf, legs, 4, 8));
        if (okR) this.commitLimb(3, legs & 3, rH, K.rightKnee, K.rightAnkle, tS, signConfidence(bf, legs, 2, 0), signConfidence(bf, legs, 1, 2));
      }
    }

    // --- head -----------------------------------------------------------------------------------
    if (headOk) {
      this.setHead(qHead);
      for (let i = 0; i < FACE_KEYPOINTS.length; i++) {
        const k = FACE_KEYPOINTS[i];
        if (this.valid(k)) {
          pixelRay(this.px(k), this.py(k), cx, cy, f, ray, this.pitch);
          this.setJoint(k, s[17].copy(ray).multiplyScalar(-pivot.z / -ray.z));
        }
      }
    }

    // --- root motion ----------------------------------------------------------------------------
    this.solveRoot(hipC, hipOk, torsoM, tS, dt);
  }

  /** Index of the top spine bone present (the shoulders' and neck's parent). */
  private topSpine(): number {
    return this.spineChain.length > 0 ? this.spineChain[this.spineChain.length - 1] : BONE.hips;
  }

  /**
   * Places a left/right pair about `center` (half-width `half`): each point on its pixel ray at the
   * depth the facing implies (the person's left lies along up × forward). A missing side mirrors the
   * other through the centre; with neither, both come from the facing alone.
   */
  private placePair(
    center: Vector3,
    kl: number,
    kr: number,
    half: number,
    fwd: Vector3,
    up: Vector3,
    outL: Vector3,
    outR: Vector3,
    cx: number,
    cy: number,
    f: number,
    fromImage: boolean,
  ): void {
    const ray = this.s[18];
    const left = this.s[19].crossVectors(up, fwd);
    if (left.lengthSq() < 1e-9) left.set(1, 0, 0);
    left.normalize().multiplyScalar(half);
    const okL = fromImage && this.valid(kl), okR = fromImage && this.valid(kr);
    if (okL) {
      pixelRay(this.px(kl), this.py(kl), cx, cy, f, ray, this.pitch);
      outL.copy(ray).multiplyScalar(Math.max(MIN_DEPTH_M, -(center.z + left.z)) / -ray.z);
    }
    if (okR) {
      pixelRay(this.px(kr), this.py(kr), cx, cy, f, ray, this.pitch);
      outR.copy(ray).multiplyScalar(Math.max(MIN_DEPTH_M, -(center.z - left.z)) / -ray.z);
    }
    if (okL && !okR) outR.copy(center).multiplyScalar(2).sub(outL);
    else if (okR && !okL) outL.copy(center).multiplyScalar(2).sub(outR);
    else if (!okL && !okR) {
      outL.copy(center).add(left);
      outR.copy(center).sub(left);
    }
  }

  /** Yaw guess (radians) from 2D cues alone, for the first head fit. */
  private initialYawGuess(nx: number, ny: number, ex: number, ey: number, scale: number): number {
    const K = KEYPOINT;
    let sin = 0;
    if (this.valid(K.nose)) sin = Math.max(-1, Math.min(1, ((this.px(K.nose) - nx) * ex + (this.py(K.nose) - ny) * ey) / scale / NOSE_FORWARD_TORSO));
    else sin = (this.valid(K.rightEar) ? 1 : 0) - (this.valid(K.leftEar) ? 1 : 0);
    const away = !this.valid(K.nose) && this.valid(K.leftEar) && this.valid(K.rightEar);
    const yaw = Math.asin(Math.max(-1, Math.min(1, sin)));
    return away ? Math.PI - yaw : yaw;
  }

  /**
   * Scores one limb (0 left arm, 1 right arm, 2 left leg, 3 right leg): the depth-sign combinations of
   * its middle and end joints, chosen later (arms alone, legs jointly with the floor cue) by
   * {@link commitLimb}. Returns false when the middle joint is missing (nothing to solve).
   *
   * Each joint has two candidates on its ray, nearer and farther than the point where the segment is
   * perpendicular to the line of sight. The branch is tracked as a signed offset u ∈ [-1, 1] (depth
   * beyond that point over the segment length), which moves smoothly through 0 when a limb crosses the
   * image plane; its constant-velocity prediction carries the choice through crossings, and body priors
   * (joint limits, range of motion) decide when there is no history. Costs land in `comboCost[4·limb +
   * 2·i + j]` (i: middle joint nearer/farther, j: end joint); without an end joint only j = 0 is scored.
   */
  private scoreLimb(
    limb: number,
    root: Vector3,
    kMid: number,
    kEnd: number,
    lenUpper: number,
    lenLower: number,
    frameLeft: Vector3,
    frameFwd: Vector3,
    leg: boolean,
    cx: number,
    cy: number,
    f: number,
  ): boolean {
    const cost4 = this.comboCost;
    lenUpper *= LIFT_LENGTH_SCALE; // see LIFT_LENGTH_SCALE: erring short is the safer side
    lenLower *= LIFT_LENGTH_SCALE;
    for (let k = 0; k < 4; k++) cost4[4 * limb + k] = Infinity;
    this.limbHasEnd[limb] = 0;
    if (!this.valid(kMid)) return false;
    const s = this.s;
    const c = this.limbCand[limb];
    const u = this.limbU;
    const ray = s[18];
    pixelRay(this.px(kMid), this.py(kMid), cx, cy, f, ray, this.pitch);
    const discU = this.sphere(root, ray, lenUpper, c[0], c[1]);
    const uU = this.fullOffset(discU, lenUpper);
    u[3 * limb] = uU;
    const hasEnd = this.valid(kEnd);
    this.limbHasEnd[limb] = hasEnd ? 1 : 0;
    // The end joint's ray and lifted length, shared by both middle candidates (and by commitLimb).
    const endRay = this.limbEndRay[limb];
    if (hasEnd) pixelRay(this.px(kEnd), this.py(kEnd), cx, cy, f, endRay, this.pitch);
    this.limbLenLower[limb] = lenLower;
    const a = s[22], b = s[23];
    const arm = !leg && hasEnd;
    const nNeutral = this.hv[0];
    const down = this.hv[1].crossVectors(frameLeft, frameFwd); // −up (left × fwd)
    for (let i = 0; i < 2; i++) {
      const mid = c[i];
      a.subVectors(mid, root).normalize();
      // Neutral hinge for this upper-arm or thigh direction (see W_HUMERAL_ROTATION, W_HIP_ROTATION).
      if (arm) swingVector(down, a, nNeutral.copy(frameLeft).negate());
      else if (leg) swingVector(down, a, nNeutral.copy(frameLeft));
      let base = 0;
      const back = -a.dot(frameFwd) - (leg ? HIP_EXTENSION_FREE : ARM_EXTENSION_FREE);
      if (back > 0) base += W_RANGE * back * back;
      // Sideways component, > 0 outward (away from the body's midline) for either side.
      const lateral = a.dot(frameLeft) * (limb === 0 || limb === 2 ? 1 : -1);
      const wLat = leg
        ? lateral > 0 ? W_THIGH_ABDUCTION : W_THIGH_ADDUCTION
        : lateral > 0 ? W_ARM_ABDUCTION : W_ARM_ADDUCTION * (1 - Math.max(0, a.dot(frameFwd)));
      base += wLat * lateral * lateral;
      // Thighs: 1 − cos of the angle from straight down (level space: down is −y).
      if (leg) base += W_THIGH_HANG * (1 + a.y);
      if (!hasEnd) {
        cost4[4 * limb + 2 * i] = base;
        continue;
      }
      const discL = this.sphere(mid, endRay, lenLower, c[2 + 2 * i], c[3 + 2 * i]);
      const uLi = this.fullOffset(discL, lenLower);
      u[3 * limb + 1 + i] = uLi;
      for (let j = 0; j < 2; j++) {
        b.subVectors(c[2 + 2 * i + j], mid).normalize();
        let cost = base;
        if (arm) {
          const nb = s[19].crossVectors(a, b);
          const sb = nb.length();
          const wb = smoothstep(TWIST_BEND_MIN, TWIST_BEND_FULL, sb);
          if (wb > 0) {
            nb.divideScalar(sb);
            // > 0: internal rotation (the left arm's hinge turns right-handedly about a, the right arm's the other way).
            const th = signedAngleAbout(nNeutral, nb, a) * (limb === 0 ? 1 : -1);
            const ex = th > HUMERAL_INTERNAL_FREE ? th - HUMERAL_INTERNAL_FREE : th < -HUMERAL_EXTERNAL_FREE ? -HUMERAL_EXTERNAL_FREE - th : 0;
            if (ex > 0) cost += W_HUMERAL_ROTATION * wb * Math.sin(Math.min(ex, Math.PI / 2)) ** 2;
          }
        }
        if (leg) {
          // Knee: (thigh × shin)·left > 0 for a backward bend.
          const nb = s[19].crossVectors(a, b);
          const m = nb.dot(frameLeft);
          if (m < -KNEE_HYPEREXTENSION_FREE) cost += W_KNEE * (m + KNEE_HYPEREXTENSION_FREE) ** 2;
          // Hip rotation: the hinge's turn about the thigh from the neutral hinge (see W_HIP_ROTATION).
          const sb = nb.length();
          const wb = smoothstep(TWIST_BEND_MIN, TWIST_BEND_FULL, sb);
          if (wb > 0) {
            const ex = Math.abs(signedAngleAbout(nNeutral, nb.divideScalar(sb), a)) - HIP_ROTATION_FREE;
            if (ex > 0) cost += W_HIP_ROTATION * wb * Math.sin(Math.min(ex, Math.PI / 2)) ** 2;
          }
          const latL = b.dot(frameLeft);
          cost += W_LEG_LATERAL * latL * latL;
        } else {
          // Elbow: the fold (b ⟂ a) should not point behind the upper arm's front.
          // The neutral hinge's fold direction: n × a (hanging arm: (−left) × down = forward).
          const ant = s[19].crossVectors(nNeutral, a);
          const al = ant.length();
          if (al > 1e-9) ant.divideScalar(al);
          const fold = b.dot(ant) - a.dot(b) * a.dot(ant);
          if (fold < 0) cost += W_ELBOW * fold * fold;
        }
        cost4[4 * limb + 2 * i + j] = cost;
      }
    }
    return true;
  }

  /**
   * Branch offset for the person's full (calibrated) length, from the discriminant of the shortened
   * lift: the branch filters judge continuity on it. With the shortened length a limb near the image
   * plane (within ≈ 14° at 3 % short, 8° at 1 %) reads u = 0 for every frame it stays there, so a limb
   * that dips toward the plane and comes back looks the same as one that crosses it; the full length
   * keeps the dip's true depth (measured with the 3 % lift: 10.13° → 10.05°, flips 5.54 → 5.40 % on the
   * round-trip average, with the band 0.2).
   */
  private fullOffset(disc: number, lenShort: number): number {
    const len = lenShort / LIFT_LENGTH_SCALE;
    return Math.sqrt(Math.max(0, disc + len * len - lenShort * lenShort)) / len;
  }

  /**
   * Writes the signed branch offsets of a scored limb's four combinations (2·i + j) into a filter's
   * offsets, from segment `g0` on: the middle joint nearer (i = 0) or farther, then the end joint's.
   * Combination k is the filter's state `base + mul · k`. Segments not seen this frame are NaN.
   */
  private limbOffsets(limb: number, off: Float64Array, stride: number, mul: number, base: number, g0: number): void {
    const u = this.limbU;
    const scored = this.comboCost[4 * limb] < Infinity || this.comboCost[4 * limb + 2] < Infinity;
    const hasEnd = scored && this.limbHasEnd[limb] === 1;
    for (let combo = 0; combo < 4; combo++) {
      const i = combo >> 1, j = combo & 1;
      const o = (base + mul * combo) * stride + g0;
      off[o] = scored ? (i === 0 ? -u[3 * limb] : u[3 * limb]) : NaN;
      const uL = u[3 * limb + 1 + i];
      off[o + 1] = hasEnd ? (j === 0 ? -uL : uL) : NaN;
    }
  }

  /** Chooses an arm's depth signs (its filter over the four combinations), as 2·i + j. */
  private chooseArm(limb: number, tS: number): number {
    const bf = this.armFilters[limb];
    for (let k = 0; k < 4; k++) bf.emission[k] = this.comboCost[4 * limb + k];
    this.limbOffsets(limb, bf.offset, LIMB_SEGMENTS, 1, 0, 0);
    return bf.step(tS);
  }

  /**
   * Places the chosen candidates of a scored limb and sets its bone rotations. A joint whose depth sign
   * is uncertain (confidence `cm` of the middle joint, `ce` of the end joint, below 1; see
   * `signConfidence`) is drawn toward the image plane (the point of its ray nearest its parent, between
   * both candidates), and the end joint is lifted again from the moved middle joint.
   */
  private commitLimb(limb: number, combo: number, root: Vector3, kMid: number, kEnd: number, tS: number, cm: number, ce: number): void {
    const c = this.limbCand[limb];
    const bestI = combo >> 1, bestJ = combo & 1;
    const hasEnd = this.limbHasEnd[limb] === 1;
    const a = this.s[22], b = this.s[23];
    const mid = this.s[20].copy(c[bestI]);
    if (cm < 1) mid.lerpVectors(this.s[21].addVectors(c[0], c[1]).multiplyScalar(0.5), c[bestI], cm);
    const lenU = a.subVectors(mid, root).length();
    if (lenU > 0) a.divideScalar(lenU);
    if (this.limitTurn(2 * limb, a, tS)) mid.copy(root).addScaledVector(a, lenU);
    this.setJoint(kMid, mid);
    if (hasEnd) {
      let end = c[2 + 2 * bestI + bestJ];
      if (cm < 1 || ce < 1) {
        const near = this.cand[2], far = this.cand[3];
        this.sphere(mid, this.limbEndRay[limb], this.limbLenLower[limb], near, far);
        end = this.cand[4].copy(bestJ === 0 ? near : far);
        if (ce < 1) end.lerpVectors(this.s[21].addVectors(near, far).multiplyScalar(0.5), end, ce);
      }
      const lenL = b.subVectors(end, mid).length();
      if (lenL > 0) b.divideScalar(lenL);
      if (this.limitTurn(2 * limb + 1, b, tS)) end = this.cand[4].copy(mid).addScaledVector(b, lenL);
      this.setJoint(kEnd, end);
    }
    this.setLimbRotations(limb, a, hasEnd ? b : null);
  }

  /**
   * Limits how fast segment `seg` (2·limb + 0 upper, + 1 lower) turns: `dir` (unit, view space) is turned
   * back toward the segment's last direction so that it moves at most {@link MAX_LIMB_TURN_RAD_S} since
   * then. A depth-sign change the filters were sure of flips a limb through the image plane at once; this
   * makes it a fast swing instead of a snap. Returns whether `dir` was changed.
   */
  private limitTurn(seg: number, dir: Vector3, tS: number): boolean {
    const prev = this.segDir[seg];
    const dt = tS - this.segT[seg];
    this.segT[seg] = tS;
    let changed = false;
    if (dt > 0 && dt <= HISTORY_MAX_AGE_S) {
      const max = MAX_LIMB_TURN_RAD_S * dt;
      const cos = Math.max(-1, Math.min(1, prev.dot(dir)));
      const ang = Math.acos(cos);
      if (ang > max) {
        // Rotate prev toward dir by max about their common normal (any normal when they are opposite).
        const axis = this.s[19].crossVectors(prev, dir);
        if (axis.lengthSq() < 1e-12) axis.crossVectors(prev, Math.abs(prev.x) < 0.9 ? X_AXIS : Y_AXIS);
        axis.normalize();
        dir.copy(prev).applyAxisAngle(axis, max);
        changed = true;
      }
    }
    prev.copy(dir);
    return changed;
  }

  /**
   * Chooses both legs' depth signs together (4 × 4 combinations, one {@link BranchFilter}): each leg's
   * own cost, no ankle under the floor ({@link W_FLOOR_PENETRATION}), and the floor contact cue. A level camera above the floor sees a foot on the floor lower in the image the nearer it
   * is (v − cy = f·(camera height − foot height)/depth), so with both ankles seen, the lower one (the
   * stance foot) should not be placed farther than the other. Only the order is used, no camera height;
   * its confidence grows with the vertical gap in torso units (a swing foot's lift is ≈ 0.2 torso, a full
   * stride's depth gap ≈ 0.5) and with cos² of the facing (seen from the side, stride is in the image
   * plane and the feet's depth order says nothing about the legs' signs).
   */
  private chooseLegs(scale: number, facing: number, torsoM: number, tS: number): number {
    const K = KEYPOINT;
    const cost = this.comboCost;
    const bf = this.legFilter;
    // A leg not seen this frame has one state (no sign to choose) and no offsets.
    const seenL = cost[8] < Infinity || cost[10] < Infinity, seenR = cost[12] < Infinity || cost[14] < Infinity;
    this.limbOffsets(2, bf.offset, LEG_PAIR_SEGMENTS, 4, 0, 0);
    for (let i = 0; i < 4; i++) this.limbOffsets(3, bf.offset, LEG_PAIR_SEGMENTS, 1, 4 * i, 2);
    let conf = 0, gap = 0;
    const both = cost[8] < Infinity && cost[12] < Infinity && this.limbHasEnd[2] === 1 && this.limbHasEnd[3] === 1;
    if (both && FLOOR_CUE_WEIGHT > 0) {
      gap = (this.py(K.leftAnkle) - this.py(K.rightAnkle)) / scale; // > 0: left ankle lower = nearer
      const cf = Math.cos(facing);
      conf = FLOOR_CUE_WEIGHT * smoothstep(FLOOR_GAP_MIN_TORSO, FLOOR_GAP_FULL_TORSO, Math.abs(gap)) * cf * cf;
    }
    const cL = this.limbCand[2], cR = this.limbCand[3];
    for (let i = 0; i < 4; i++) {
      const dL = -cL[2 + i].z; // ankle depth of combo i (index 2 + 2·iMid + jEnd = 2 + i)
      for (let j = 0; j < 4; j++) {
        let c = (seenL ? cost[8 + i] : i === 0 ? 0 : Infinity) + (seenR ? cost[12 + j] : j === 0 ? 0 : Infinity);
        if (conf > 0 && c < Infinity) {
          const dR = -cR[2 + j].z;
          // Depth by which the lower ankle lies beyond the other, in torso lengths.
          const wrong = (gap > 0 ? dL - dR : dR - dL) / torsoM;
          if (wrong > 0) c += conf * Math.min(1, wrong / FLOOR_DEPTH_FULL_TORSO);
        }
        if (Number.isFinite(this.floorY) && c < Infinity) {
          // Depth below the floor estimate (torso units) of each ankle, beyond the free margin.
          const bl = (this.floorY - cL[2 + i].y) / torsoM - FLOOR_PENETRATION_FREE_TORSO;
          const br = (this.floorY - cR[2 + j].y) / torsoM - FLOOR_PENETRATION_FREE_TORSO;
          if (seenL && bl > 0) c += W_FLOOR_PENETRATION * bl * bl;
          if (seenR && br > 0) c += W_FLOOR_PENETRATION * br * br;
        }
        bf.emission[4 * i + j] = c;
      }
    }
    return bf.step(tS);
  }

  // --- bone rotations (world, VRM 1.0 convention = view space) -----------------------------------

  private markSolved(bone: number): void {
    this.solvedThisFrame[bone] = 1;
  }

  private setTorso(qPelvis: Quaternion, qChest: Quaternion): void {
    const w = this.world;
    w[BONE.hips].copy(qPelvis);
    this.markSolved(BONE.hips);
    // Distribute the pelvis→chest rotation evenly over the spine bones the avatar has.
    const n = this.spineChain.length;
    const delta = this.q[4].copy(qPelvis).invert().multiply(qChest);
    const step = this.q[5].identity().slerp(delta, 1 / Math.max(1, n));
    let prev = BONE.hips;
    for (const b of this.spineChain) {
      w[b].copy(w[prev]).multiply(step);
      this.markSolved(b);
      prev = b;
    }
    const top = this.topSpine();
    w[BONE.leftShoulder].copy(w[top]);
    w[BONE.rightShoulder].copy(w[top]);
    this.markSolved(BONE.leftShoulder);
    this.markSolved(BONE.rightShoulder);
  }

  private setHead(qHead: Quaternion): void {
    const w = this.world;
    const top = w[this.topSpine()];
    if (this.rig.rest.neck) {
      const rel = this.q[4].copy(top).invert().multiply(qHead);
      const neckLocal = this.q[5].identity().slerp(rel, NECK_SHARE);
      w[BONE.neck].copy(top).multiply(neckLocal);
      this.markSolved(BONE.neck);
    }
    w[BONE.head].copy(qHead);
    this.markSolved(BONE.head);
  }

  private setLimbRotations(limb: number, a: Vector3, b: Vector3 | null): void {
    const rest = this.limbs[limb];
    const leg = limb >= 2;
    const left = limb === 0 || limb === 2;
    const parentWorld = leg ? this.world[BONE.hips] : this.world[this.topSpine()];
    const upperBone = leg ? (left ? BONE.leftUpperLeg : BONE.rightUpperLeg) : left ? BONE.leftUpperArm : BONE.rightUpperArm;
    const lowerBone = upperBone + 1;
    const endBone = upperBone + 2;
    const s = this.s;
    // Default hinge normal: the rest normal carried by the swing from the rest direction (in the parent frame).
    const qParentInv = this.q[6].copy(parentWorld).invert();
    const dLocal = s[4].copy(a).applyQuaternion(qParentInv);
    const swing = this.q[7].setFromUnitVectors(rest.d0Upper, dLocal);
    const nDef = s[5].copy(rest.n0).applyQuaternion(swing).applyQuaternion(parentWorld);
    const n = s[17].copy(nDef);
    if (b) {
      const nb = s[11].crossVectors(a, b);
      const bend = nb.length();
      const wgt = smoothstep(TWIST_BEND_MIN, TWIST_BEND_FULL, bend);
      if (wgt > 0) {
        nb.divideScalar(bend);
        const ang = signedAngleAbout(nDef, nb, a);
        n.applyQuaternion(this.q[7].setFromAxisAngle(a, ang * wgt));
      }
    }
    alignWithTwist(rest.d0Upper, rest.n0, a, n, this.world[upperBone]);
    this.markSolved(upperBone);
    if (!b) return;
    alignWithTwist(rest.d0Lower, rest.n0, b, n, this.world[lowerBone]);
    this.markSolved(lowerBone);
    if (!leg) {
      this.world[endBone].copy(this.world[lowerBone]);
    } else {
      // Foot flat on the floor, pointing where the pelvis faces (limited by the ankle's range).
      const fwd = s[4].set(0, 0, 1).applyQuaternion(this.world[BONE.hips]);
      const yaw = Math.atan2(fwd.x, fwd.z);
      const qFoot = this.q[6].setFromAxisAngle(s[5].set(0, 1, 0), yaw);
      const local = this.q[7].copy(this.world[lowerBone]).invert().multiply(qFoot);
      clampRotationAngle(local, MAX_ANKLE_DEG * DEG);
      this.world[endBone].copy(this.world[lowerBone]).multiply(local);
    }
    this.markSolved(endBone);
  }

  // --- root motion ---------------------------------------------------------------------------------

  private solveRoot(hipC: Vector3, hipOk: boolean, torsoM: number, tS: number, dt: number): void {
    const o = this.options.rootMotion;
    const K = KEYPOINT;
    const personLeg = (this.calibration.ratios[SEGMENT.thigh] + this.calibration.ratios[SEGMENT.shin]) * torsoM;
    const k = this.avatarLegLength / personLeg;
    const ms = tS * 1000;
    const x = this.rootFilters[0].filter(hipC.x, ms);
    const z = this.rootFilters[2].filter(hipC.z, ms);
    if (!this.anchored) {
      this.anchor.set(x, 0, z);
      this.anchored = true;
    }
    // Lowest ankle (person) vs the floor estimate.
    let lift = 0;
    const jl = this.result.jointValid[K.leftAnkle] ? this.result.joints3d[3 * K.leftAnkle + 1] : Infinity;
    const jr = this.result.jointValid[K.rightAnkle] ? this.result.joints3d[3 * K.rightAnkle + 1] : Infinity;
    const low = Math.min(jl, jr);
    if (hipOk && Number.isFinite(low)) {
      if (!Number.isFinite(this.floorY)) this.floorY = low;
      const tau = low < this.floorY ? FLOOR_FALL_S : FLOOR_RISE_S;
      this.floorY += (low - this.floorY) * (1 - Math.exp(-dt / tau));
      lift = Math.max(0, this.rootFilters[1].filter(low - this.floorY, ms) - GROUND_TOLERANCE_M);
    }
    // Avatar hips height that puts its lower ankle on the floor for the solved leg rotations.
    const drop = Math.max(this.legDrop(0), this.legDrop(1));
    const p = this.hipsPos;
    p.x = this.restHips.x + (o.horizontal ? (x - this.anchor.x) * k : 0);
    p.z = this.restHips.z + (o.depth ? (z - this.anchor.z) * k : 0);
    p.y = this.restAnkleY + drop + (o.vertical ? lift * k : 0);
    if (Number.isFinite(p.x) && Number.isFinite(p.y) && Number.isFinite(p.z)) this.toAvatarPosition(p, this.result.hipsPosition);
  }

  /** Height of the hips above the ankle of leg `side` (0 left, 1 right) for the current world rotations. */
  private legDrop(side: number): number {
    const off = this.legOffsets[side];
    const w = this.world;
    const upper = side === 0 ? BONE.leftUpperLeg : BONE.rightUpperLeg;
    const solved = this.solvedThisFrame;
    const qh = solved[BONE.hips] ? w[BONE.hips] : this.q[4].identity();
    const qu = solved[upper] ? w[upper] : qh;
    const ql = solved[upper + 1] ? w[upper + 1] : qu;
    const v = this.s[19];
    let y = v.copy(off.hipToUpper).applyQuaternion(qh).y;
    y += v.copy(off.thigh).applyQuaternion(qu).y;
    y += v.copy(off.shin).applyQuaternion(ql).y;
    return -y;
  }

  private toAvatarPosition(p: Vector3, out: Vector3): void {
    if (this.rig.facesMinusZ) out.set(-p.x, p.y, -p.z);
    else out.copy(p);
  }

  // --- world → local, easing, output -------------------------------------------------------------

  private finish(tS: number, dt: number): void {
    const o = this.options;
    const res = this.result;
    const rig = this.rig;
    const local = this.q[4];
    const parentInv = this.q[5];
    for (let i = 0; i < SOLVED_BONES.length; i++) {
      const name = SOLVED_BONES[i];
      if (!rig.rest[name]) continue;
      const out = res.rotations[name];
      const solved = this.solvedThisFrame[i] === 1;
      const tgt = this.target[i];
      let alpha: number;
      if (solved) {
        const parent = rig.parent[name];
        if (parent) parentInv.copy(this.world[BONE[parent]]).invert();
        else parentInv.identity();
        local.copy(parentInv).multiply(this.world[i]);
        if (rig.facesMinusZ) local.set(-local.x, local.y, -local.z, local.w);
        if (!isFiniteQuat(local)) {
          alpha = 0;
        } else {
          tgt.copy(local).normalize();
          if (this.lostAtS[i] >= this.foundAtS[i]) this.foundAtS[i] = tS;
          const sinceFound = tS - this.foundAtS[i];
          alpha = this.everSolved[i] && sinceFound < o.reacquireWindowS && this.lostAtS[i] > -Infinity ? 1 - Math.exp(-dt / o.reacquireTimeS) : 1;
          this.everSolved[i] = 1;
        }
        res.confidence[i] = alpha === 1 ? 1 : Math.min(1, res.confidence[i] + alpha);
      } else {
        if (this.foundAtS[i] >= this.lostAtS[i]) this.lostAtS[i] = tS;
        if (o.missing === 'rest') tgt.identity();
        else tgt.copy(out);
        alpha = 1 - Math.exp(-dt / o.easeTimeS);
        res.confidence[i] *= 1 - alpha;
      }
      if (alpha >= 1) out.copy(tgt);
      else if (alpha > 0) out.slerp(tgt, alpha);
      if (!isFiniteQuat(out)) out.identity();
    }
    const hp = res.hipsPosition;
    if (!(Number.isFinite(hp.x) && Number.isFinite(hp.y) && Number.isFinite(hp.z))) this.toAvatarPosition(this.restHips, hp);
  }
}

/**
 * Carries `w` (in place) by the minimal rotation that takes unit `from` to unit `to`:
 * R w = w + 2 (from·w) to − ((from + to)·w / (1 + from·to)) (from + to). Near-opposite directions leave w as is.
 */
function swingVector(from: Vector3, to: Vector3, w: Vector3): Vector3 {
  const c = 1 + from.dot(to);
  if (c < 1e-6) return w;
  const fw = from.dot(w);
  const k = (fw + to.dot(w)) / c;
  const x = w.x + 2 * fw * to.x - k * (from.x + to.x);
  const y = w.y + 2 * fw * to.y - k * (from.y + to.y);
  const z = w.z + 2 * fw * to.z - k * (from.z + to.z);
  return w.set(x, y, z);
}

/**
 * Confidence 0..1 in the depth sign of one joint of a filter's chosen state: from the cost of the
 * cheapest state with that joint's sign flipped (`flip` bits differ) and the parent's kept (`keep` bits
 * equal), relative to the chosen one (cost 0). 1 − e^(−Δ/T): 0 for a tie, → 1 when clear.
 */
function signConfidence(bf: BranchFilter, chosen: number, flip: number, keep: number): number {
  let alt = Infinity;
  for (let st = 0; st < bf.states; st++) {
    const d = st ^ chosen;
    if ((d & flip) !== 0 && (d & keep) === 0) alt = Math.min(alt, bf.stateCost(st));
  }
  const delta = alt - bf.stateCost(chosen);
  return delta < Infinity ? 1 - Math.exp(-Math.max(0, delta) / SIGN_CONFIDENCE_COST) : 1;
}

/**
 * Image length of a short level-vertical segment at pixel (u, v), relative to a segment of the same
 * length parallel to the image plane at the same optical depth: 1 for a level camera, about
 * cos(pitch + elevation) / cos(elevation) for one tilted by `pitch`.
 */
function uprightForeshortening(u: number, v: number, cx: number, cy: number, f: number, pitch: number): number {
  const r = pixelRay(u, v, cx, cy, f, FS_RAY, pitch);
  r.divideScalar(opticalDepth(r, pitch)); // optical depth 1
  const eps = 1e-3; // a 1 mm segment at 1 m: small enough to be linear
  if (!projectPoint(r, cx, cy, f, FS_P0, pitch)) return 1;
  r.y += eps;
  if (!projectPoint(r, cx, cy, f, FS_P1, pitch)) return 1;
  const k = Math.hypot(FS_P1.x - FS_P0.x, FS_P1.y - FS_P0.y) / (f * eps);
  // A torso seen nearly end-on (camera straight above or below) has no usable length.
  return k > MIN_UPRIGHT_FORESHORTENING ? k : MIN_UPRIGHT_FORESHORTENING;
}
const FS_RAY = new Vector3();
const FS_P0 = { x: 0, y: 0 }, FS_P1 = { x: 0, y: 0 };
/** Floor of {@link uprightForeshortening}: cos 75°, beyond what the steepest accepted tilt (60°) plus a webcam's half view reaches. */
const MIN_UPRIGHT_FORESHORTENING = 0.25;

/**
 * Image length of a segment perpendicular to its line of sight, seen between pixels (u1, v1) and (u2, v2),
 * relative to one at the image centre at the same optical depth: a pinhole stretches the radial direction by
 * 1 / cos θ at θ off the optical axis and leaves the tangential one alone.
 */
function offAxisStretch(u1: number, v1: number, u2: number, v2: number, cx: number, cy: number, f: number): number {
  const mx = 0.5 * (u1 + u2) - cx, my = 0.5 * (v1 + v2) - cy;
  const rho2 = mx * mx + my * my;
  const dx = u2 - u1, dy = v2 - v1;
  const len2 = dx * dx + dy * dy;
  if (!(rho2 > 1e-9) || !(len2 > 1e-9)) return 1;
  const cos2Phi = (mx * dx + my * dy) ** 2 / (rho2 * len2); // along the radial direction
  const sec2Theta = 1 + rho2 / (f * f); // 1 / cos² of the angle off the axis
  return Math.sqrt(cos2Phi * sec2Theta + (1 - cos2Phi));
}

function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.max(0, Math.min(1, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

const FACE_KEYPOINTS: readonly number[] = [KEYPOINT.nose, KEYPOINT.rightEye, KEYPOINT.leftEye, KEYPOINT.rightEar, KEYPOINT.leftEar];

/** Keypoint index after a left/right mirror. */
const MIRROR_INDEX: readonly number[] = (() => {
  const names = Object.keys(KEYPOINT) as (keyof typeof KEYPOINT)[];
  return names.map((n) => {
    const m = n.startsWith('left') ? `right${n.slice(4)}` : n.startsWith('right') ? `left${n.slice(5)}` : n;
    return KEYPOINT[m as keyof typeof KEYPOINT];
  });
})();
