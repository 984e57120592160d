/**
 * Writes a {@link RecordedClip} as BVH text.
 *
 * Conventions (documented for users of the file):
 * - Hierarchy: the exported humanoid bones with Mixamo-style names ({@link BVH_JOINT_NAMES}); offsets
 *   are the avatar's own rest offsets in CENTIMETRES (the most common BVH unit: Mixamo, Blender's
 *   default import scale), Y up, character facing +Z, rest pose = the avatar's T-pose.
 * - ROOT Hips has OFFSET 0 0 0 and 6 channels `Xposition Yposition Zposition Zrotation Xrotation
 *   Yrotation`; its position channels hold the absolute hips position (so readers that add the offset,
 *   like three's BVHLoader, and readers that treat root channels as absolute, like Blender, agree).
 *   Joints have `Zrotation Xrotation Yrotation` (R = Rz·Rx·Ry), degrees.
 * - End Sites: head +HEAD_END up; hands continue the forearm direction by HAND_END; the last joint of
 *   each leg points down to the ground (y = 0) and a little forward, so a reader can recover the hips
 *   height from the rest skeleton.
 * - Timing: Frame Time = median frame interval. When timestamps are regular (every interval within
 *   ±{@link REGULAR_INTERVAL_TOLERANCE} of the median) frames are written as recorded: N in → N out.
 *   Otherwise (dropped or irregular frames) the clip is resampled to that fixed rate over its duration
 *   (slerp / lerp between neighbouring frames). `resample` overrides this.
 * - Absent frames hold the last pose (see {@link RecordedClip}).
 */
import { Euler, Quaternion } from 'three';
import type { VRMHumanBoneName } from '@pixiv/three-vrm';
import { nearestPresentParent, QUAT_STRIDE, sortParentsFirst } from './bones';
import { bvhJointName, type BVH_JOINT_NAMES } from './bvh-names';
import { clipDurationSeconds, medianFrameIntervalMs, type RecordedClip } from './clip';
import { restPosition, type RestSkeleton } from './rest-skeleton';
import type { Vec3 } from './types';

/** Metres → BVH units (centimetres). */
export const BVH_UNITS_PER_METRE = 100;
/** Head End Site length in metres (top of a typical head above the head bone). */
export const HEAD_END = 0.15;
/** Hand End Site length in metres (roughly the palm plus fingers). */
export const HAND_END = 0.08;
/** Forward length of the foot/toe End Site in metres. */
export const TOE_END_FORWARD = 0.05;
/** Intervals within this fraction of the median count as regular (webcam jitter, not dropped frames). */
export const REGULAR_INTERVAL_TOLERANCE = 0.25;
/** Frame Time used for a one-frame clip (30 fps). */
const SINGLE_FRAME_TIME = 1 / 30;
/** Decimals written: 1e-4 degree ≈ 2e-6 rad and 1e-4 cm, far below tracking noise. */
const DECIMALS = 4;

/** Options of {@link exportBvh}. */
export interface BvhExportOptions {
  /** `auto` (default): resample only irregular timestamps; `never`: write frames as recorded; `always`. */
  readonly resample?: 'auto' | 'never' | 'always';
}

/** What {@link exportBvh} returns. */
export interface BvhExport {
  readonly text: string;
  readonly frameCount: number;
  /** Seconds per frame written. */
  readonly frameTime: number;
  /** Whether the frames were resampled to a fixed rate. */
  readonly resampled: boolean;
}

interface Joint {
  bone: VRMHumanBoneName;
  /** Index into clip.boneNames, -1 when the bone was not recorded (held at identity). */
  slot: number;
  offset: Vec3;
  children: Joint[];
  endSite: Vec3 | null;
}

const LEG_END: ReadonlySet<VRMHumanBoneName> = new Set(['leftFoot', 'rightFoot', 'leftToes', 'rightToes']);

function buildHierarchy(clip: RecordedClip, rest: RestSkeleton): Joint {
  const avatar = new Set(Object.keys(rest.positions) as VRMHumanBoneName[]);
  const bones = sortParentsFirst(['hips', ...clip.boneNames]);
  const set = new Set(bones);
  const pos = (b: VRMHumanBoneName): Vec3 => restPosition(rest, b, avatar);
  const joints = new Map<VRMHumanBoneName, Joint>();
  let root: Joint | null = null;
  for (const bone of bones) {
    const parent = nearestPresentParent(bone, set);
    const p = pos(bone);
    const q = parent ? pos(parent) : ([0, 0, 0] as Vec3);
    const joint: Joint = {
      bone,
      slot: clip.boneNames.indexOf(bone),
      offset: parent ? [p[0] - q[0], p[1] - q[1], p[2] - q[2]] : [0, 0, 0],
      children: [],
      endSite: null,
    };
    joints.set(bone, joint);
    if (parent) joints.get(parent)!.children.push(joint);
    else root = joint;
  }
  for (const j of joints.values()) {
    if (j.children.length > 0) continue;
    const p = pos(j.bone);
    if (LEG_END.has(j.bone)) j.endSite = [0, -p[1], TOE_END_FORWARD];
    else if (j.bone === 'leftHand' || j.bone === 'rightHand') {
      const d = j.offset;
      const len = Math.hypot(d[0], d[1], d[2]);
      j.endSite = len > 1e-6 ? [(d[0] / len) * HAND_END, (d[1] / len) * HAND_END, (d[2] / len) * HAND_END] : [0, 0, 0];
    } else j.endSite = [0, HEAD_END, 0];
  }
  return root!;
}

/** Exports `clip` on the rest skeleton `rest` as BVH. */
export function exportBvh(clip: RecordedClip, rest: RestSkeleton, options: BvhExportOptions = {}): BvhExport {
  if (clip.frameCount < 1) throw new RangeError('BVH export: the clip has no frames');
  const root = buildHierarchy(clip, rest);
  const order: Joint[] = [];
  const lines: string[] = ['HIERARCHY'];
  const s = (v: number): string => (v * BVH_UNITS_PER_METRE).toFixed(6);
  const write = (j: Joint, depth: number): void => {
    order.push(j);
    const pad = '\t'.repeat(depth);
    lines.push(`${pad}${depth === 0 ? 'ROOT' : 'JOINT'} ${bvhJointName(j.bone)}`, `${pad}{`);
    lines.push(`${pad}\tOFFSET ${s(j.offset[0])} ${s(j.offset[1])} ${s(j.offset[2])}`);
    lines.push(
      depth === 0
        ? `${pad}\tCHANNELS 6 Xposition Yposition Zposition Zrotation Xrotation Yrotation`
        : `${pad}\tCHANNELS 3 Zrotation Xrotation Yrotation`,
    );
    for (const c of j.children) write(c, depth + 1);
    if (j.endSite) {
      const e = j.endSite;
      lines.push(`${pad}\tEnd Site`, `${pad}\t{`, `${pad}\t\tOFFSET ${s(e[0])} ${s(e[1])} ${s(e[2])}`, `${pad}\t}`);
    }
    lines.push(`${pad}}`);
  };
  write(root, 0);

  // Timing.
  const n = clip.frameCount;
  const median = medianFrameIntervalMs(clip.timesMs, n);
  let regular = true;
  for (let i = 1; i < n && regular; i++) {
    const d = clip.timesMs[i] - clip.timesMs[i - 1];
    if (Math.abs(d - median) > REGULAR_INTERVAL_TOLERANCE * median) regular = false;
  }
  const mode = options.resample ?? 'auto';
  const resampled = n > 1 && (mode === 'always' || (mode === 'auto' && !regular));
  const frameTime = n > 1 ? median / 1000 : SINGLE_FRAME_TIME;
  const outFrames = resampled ? Math.round(clipDurationSeconds(clip) / frameTime) + 1 : n;

  lines.push('MOTION', `Frames: ${outFrames}`, `Frame Time: ${frameTime.toFixed(8)}`);

  const stride = clip.boneNames.length * QUAT_STRIDE;
  const qa = new Quaternion();
  const qb = new Quaternion();
  const euler = new Euler();
  const RAD2DEG = 180 / Math.PI;
  const row: string[] = [];
  let src = 0; // resampling cursor
  for (let f = 0; f < outFrames; f++) {
    // Source frame i and blend weight w towards i + 1.
    let i = f;
    let w = 0;
    if (resampled) {
      const t = clip.timesMs[0] + f * frameTime * 1000;
      while (src < n - 2 && clip.timesMs[src + 1] <= t) src++;
      i = src;
      const t0 = clip.timesMs[i];
      const t1 = clip.timesMs[Math.min(i + 1, n - 1)];
      w = t1 > t0 ? Math.min(1, Math.max(0, (t - t0) / (t1 - t0))) : 0;
    }
    const k = Math.min(i + 1, n - 1);
    row.length = 0;
    for (let c = 0; c < 3; c++) {
      const v = clip.hips[3 * i + c] * (1 - w) + clip.hips[3 * k + c] * w;
      row.push((v * BVH_UNITS_PER_METRE).toFixed(DECIMALS));
    }
    for (const j of order) {
      if (j.slot < 0) {
        row.push('0', '0', '0');
        continue;
      }
      const a = i * stride + j.slot * QUAT_STRIDE;
      qa.fromArray(clip.rotations, a);
      if (w > 0) qa.slerp(qb.fromArray(clip.rotations, k * stride + j.slot * QUAT_STRIDE), w);
      qa.normalize();
      euler.setFromQuaternion(qa, 'ZXY');
      row.push((euler.z * RAD2DEG).toFixed(DECIMALS), (euler.x * RAD2DEG).toFixed(DECIMALS), (euler.y * RAD2DEG).toFixed(DECIMALS));
    }
    lines.push(row.join(' '));
  }
  lines.push('');
  return { text: lines.join('\n'), frameCount: outFrames, frameTime, resampled };
}
