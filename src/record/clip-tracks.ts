/** Keyframe arrays cut out of a {@link RecordedClip} (shared by VRMA export and in-page preview). */
import { QUAT_STRIDE } from './bones';
import type { RecordedClip } from './clip';

/** Frame times in seconds from the clip's first frame (glTF animation inputs are float32). */
export function clipTimesSeconds(clip: RecordedClip): Float32Array {
  const out = new Float32Array(clip.frameCount);
  const t0 = clip.timesMs[0];
  for (let i = 0; i < clip.frameCount; i++) out[i] = (clip.timesMs[i] - t0) / 1000;
  return out;
}

/** `frameCount × 4` quaternions of bone number `b` (index into `clip.boneNames`). */
export function boneRotationValues(clip: RecordedClip, b: number): Float32Array {
  const stride = clip.boneNames.length * QUAT_STRIDE;
  const out = new Float32Array(clip.frameCount * QUAT_STRIDE);
  const src = clip.rotations;
  for (let i = 0, s = b * QUAT_STRIDE, o = 0; i < clip.frameCount; i++, s += stride, o += QUAT_STRIDE) {
    out[o] = src[s];
    out[o + 1] = src[s + 1];
    out[o + 2] = src[s + 2];
    out[o + 3] = src[s + 3];
  }
  return out;
}
