/**
 * A tracked person's face → their avatar: smoothed VRM expression weights (blink, blinkLeft, blinkRight and
 * the visemes aa, ih, ou, ee, oh) through `vrm.expressionManager`, and the eyes through `vrm.lookAt`.
 *
 * Look-at: the face's look direction is its head direction turned by the gaze when the iris model ran (the
 * person's `face.iris`), else the head direction alone (src/face/face-features.ts). The avatar's head is posed by the body solver from five keypoints; the eyes take what
 * that head misses: VRM look-at yaw/pitch (relative to the head, degrees) = the face's direction − the solved
 * head's direction, clamped. `scene` calls `vrm.update` every frame, which applies both.
 */
import type { VRM, VRMHumanBoneName } from '@pixiv/three-vrm';
import { Quaternion, Vector3 } from 'three';
import { FACE_EXPRESSION_NAMES, FaceFeatureSmoother, type FaceExpressions } from '../face/face-features';
import type { Person } from '../pose/types';
import { chainRotation } from './hand-bones';

type Bones = Partial<Record<VRMHumanBoneName, [number, number, number, number]>>;

/** Largest eye turn (degrees) the look-at is given: about VRM's usual eye range. */
const MAX_EYE_DEG = 25;
const DEG = 180 / Math.PI;

/** Per-identity face state (lives in the tracker's identity, so filters follow the person). */
export class FaceState {
  private readonly smoother = new FaceFeatureSmoother();
  /** Smoothed weights of the latest frame with a face; null: no face (the avatar gets neutral weights). */
  expressions: FaceExpressions | null = null;
  /** Eye yaw/pitch (degrees, VRM look-at, head-relative) of the latest frame with a face. */
  readonly eyes = { yaw: 0, pitch: 0 };
  /** Whether the avatar was given face values that still need resetting to neutral. */
  private applied = false;

  /** Updates from the detection's face (absent: the face is lost, the state resets). */
  update(detected: Person | undefined, timestampMs: number, bones: Bones, mirror: boolean): void {
    const face = detected?.face;
    if (!face) {
      if (this.expressions) this.smoother.reset();
      this.expressions = null;
      return;
    }
    const f = this.smoother.update(face.landmarks, timestampMs, undefined, face.iris);
    this.expressions = f.expressions;
    if (mirror) {
      // The avatar mirrors the person: the person's left eye is the avatar's right one.
      const { blinkLeft, blinkRight } = f.expressions;
      f.expressions.blinkLeft = blinkRight;
      f.expressions.blinkRight = blinkLeft;
    }
    const yaw = mirror ? -f.lookAt.yaw : f.lookAt.yaw;
    chainRotation(bones, 'head', headWorld);
    forward.set(0, 0, 1).applyQuaternion(headWorld);
    const headYaw = Math.atan2(forward.x, forward.z);
    const headPitch = Math.atan2(forward.y, Math.hypot(forward.x, forward.z));
    this.eyes.yaw = clampDeg((yaw - headYaw) * DEG);
    this.eyes.pitch = clampDeg((f.lookAt.pitch - headPitch) * DEG);
  }

  /** Writes the state into `vrm` (neutral once after the face is lost; nothing while faces never ran). */
  apply(vrm: VRM): void {
    const e = this.expressions;
    if (!e && !this.applied) return;
    const manager = vrm.expressionManager;
    for (const name of FACE_EXPRESSION_NAMES) manager?.setValue(name, e ? e[name] : 0);
    if (vrm.lookAt) {
      vrm.lookAt.yaw = e ? this.eyes.yaw : 0;
      vrm.lookAt.pitch = e ? this.eyes.pitch : 0;
    }
    this.applied = e !== null;
  }

  reset(): void {
    this.smoother.reset();
    this.expressions = null;
  }
}

const headWorld = new Quaternion();
const forward = new Vector3();
const clampDeg = (v: number): number => Math.max(-MAX_EYE_DEG, Math.min(MAX_EYE_DEG, v));
