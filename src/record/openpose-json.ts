/**
 * OpenPose JSON output (OpenPose doc/02_output.md, `--write_json`): one file per frame,
 * `<name>_<frame, 12 digits>_keypoints.json`, holding `version` and `people[]` with `person_id` and
 * `pose_keypoints_2d` as x, y, c triples in COCO-18 order (source-image pixels). Hands: when the clip
 * has hand keypoints (hands were on while recording), `hand_left_keypoints_2d` / `hand_right_keypoints_2d`
 * are 21 x, y, c triples (63 numbers) in OpenPose's hand order, all zeros for a hand not found in that
 * frame — what OpenPose writes with `--hand` (its hand array is sized by the people, so a missed hand is
 * zeros, not empty); with hands off they are `[]`, as OpenPose writes without `--hand`. Face: when the
 * clip has face keypoints (face tracking was on), `face_keypoints_2d` is OpenPose's 70 x, y, c triples (210
 * numbers: the 68 iBUG-300W landmarks, then the right and the left pupil), computed from facemesh's 468-point
 * mesh by a verified vertex table (src/face/openpose-face.ts), all zeros in a frame where the face was not
 * found (as OpenPose `--face` writes for a person whose face it missed); with face tracking off it is `[]`, as
 * OpenPose writes without `--face`. 3D arrays stay empty. Missing keypoints (score 0) are `0, 0, 0`; a person
 * absent from a frame is left out of that frame's `people`. Bundled into one STORE .zip.
 */
import type { RecordedClip } from './clip';
import { COCO18_KEYPOINTS, FACE_FLOATS, HAND_FLOATS, KEYPOINT_STRIDE } from './types';
import { ZipWriter } from './zip';

/** The `version` OpenPose 1.7 writes. */
export const OPENPOSE_JSON_VERSION = 1.3;

/** One person in an OpenPose frame file. */
export interface OpenPosePerson {
  person_id: number[];
  pose_keypoints_2d: number[];
  face_keypoints_2d: number[];
  hand_left_keypoints_2d: number[];
  hand_right_keypoints_2d: number[];
  pose_keypoints_3d: number[];
  face_keypoints_3d: number[];
  hand_left_keypoints_3d: number[];
  hand_right_keypoints_3d: number[];
}

/** One OpenPose frame file. */
export interface OpenPoseFrame {
  version: number;
  people: OpenPosePerson[];
}

/** Options of {@link exportOpenPoseZip}. */
export interface OpenPoseExportOptions {
  /** File name stem (OpenPose uses the video name). Default `mocap`. */
  readonly baseName?: string;
}

/** What {@link exportOpenPoseZip} returns. */
export interface OpenPoseExport {
  readonly zip: Uint8Array;
  /** Frame files written. */
  readonly frameCount: number;
}

/** Digits of the frame number in OpenPose's file names. */
const FRAME_DIGITS = 12;
/** Pixel coordinates to 1/1000 px and scores to 1e-6: finer than any detector, keeps files small. */
const XY_SCALE = 1000;
const C_SCALE = 1e6;
const KP_FLOATS = COCO18_KEYPOINTS * KEYPOINT_STRIDE;

/** OpenPose's file name for frame `frame`. */
export function openPoseFileName(baseName: string, frame: number): string {
  return `${baseName}_${String(frame).padStart(FRAME_DIGITS, '0')}_keypoints.json`;
}

/** Floats of one hand's triples. */
const HAND_SIDE_FLOATS = HAND_FLOATS / 2;

/** `count` floats of x, y, c triples from `src` at `o`, rounded (missing → 0, 0, 0). */
function triples(src: Float32Array, o: number, count: number): number[] {
  const out = new Array<number>(count);
  for (let k = 0; k < count; k += 3) {
    const c = src[o + k + 2];
    const ok = c > 0 && Number.isFinite(c);
    out[k] = ok ? Math.round(src[o + k] * XY_SCALE) / XY_SCALE : 0;
    out[k + 1] = ok ? Math.round(src[o + k + 1] * XY_SCALE) / XY_SCALE : 0;
    out[k + 2] = ok ? Math.round(c * C_SCALE) / C_SCALE : 0;
  }
  return out;
}

/** `pose_keypoints_2d` for row `row` of `clip` (missing → 0, 0, 0). */
function poseKeypoints(clip: RecordedClip, row: number): number[] {
  return triples(clip.keypoints, row * KP_FLOATS, KP_FLOATS);
}

/** One hand's 63 numbers for row `row`, or [] when the clip has no hands (recorded with hands off). */
function handKeypoints(clip: RecordedClip, row: number, side: 0 | 1): number[] {
  if (!clip.handKeypoints) return [];
  return triples(clip.handKeypoints, row * HAND_FLOATS + side * HAND_SIDE_FLOATS, HAND_SIDE_FLOATS);
}

/** The face's 210 numbers for row `row`, or [] when the clip has no face keypoints (recorded with faces off). */
function faceKeypoints(clip: RecordedClip, row: number): number[] {
  if (!clip.faceKeypoints) return [];
  return triples(clip.faceKeypoints, row * FACE_FLOATS, FACE_FLOATS);
}

/** The OpenPose frame for recording frame `frame` (people = the clips present in it, by person id). */
export function openPoseFrame(clips: readonly RecordedClip[], frame: number): OpenPoseFrame {
  const people: OpenPosePerson[] = [];
  for (const clip of clips) {
    const row = frame - clip.startFrame;
    if (row < 0 || row >= clip.frameCount || clip.present[row] !== 1) continue;
    people.push({
      person_id: [clip.personId],
      pose_keypoints_2d: poseKeypoints(clip, row),
      face_keypoints_2d: faceKeypoints(clip, row),
      hand_left_keypoints_2d: handKeypoints(clip, row, 0),
      hand_right_keypoints_2d: handKeypoints(clip, row, 1),
      pose_keypoints_3d: [],
      face_keypoints_3d: [],
      hand_left_keypoints_3d: [],
      hand_right_keypoints_3d: [],
    });
  }
  return { version: OPENPOSE_JSON_VERSION, people };
}

/**
 * Exports one or several clips as OpenPose JSON frames in a zip. Frames span from the earliest first
 * frame to the latest last frame of the given clips, numbered from 0; one clip → its own frames
 * (N recorded → N files), several → every person in the same per-frame files, as OpenPose writes them.
 */
export function exportOpenPoseZip(clips: RecordedClip | readonly RecordedClip[], options: OpenPoseExportOptions = {}): OpenPoseExport {
  const list = Array.isArray(clips) ? (clips as readonly RecordedClip[]) : [clips as RecordedClip];
  const baseName = options.baseName ?? 'mocap';
  const sorted = [...list].sort((a, b) => a.personId - b.personId);
  let first = Infinity;
  let last = -Infinity;
  for (const c of sorted) {
    if (c.frameCount === 0) continue;
    first = Math.min(first, c.startFrame);
    last = Math.max(last, c.startFrame + c.frameCount - 1);
  }
  const zip = new ZipWriter();
  const enc = new TextEncoder();
  if (first <= last) {
    for (let f = first; f <= last; f++) {
      zip.add(openPoseFileName(baseName, f - first), enc.encode(JSON.stringify(openPoseFrame(sorted, f))));
    }
  }
  return { zip: zip.finish(), frameCount: zip.size };
}
