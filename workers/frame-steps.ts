/**
 * One frame of the pose worker, runtime-agnostic (no canvas, no comlink): the body step, then the hands
 * step, then the face step, each landmark step reading source-resolution pixels from a {@link FramePixels}
 * (the camera bitmap's regions in the worker, the whole RGBA image in Node and for ImageData frames).
 *
 * Error isolation, the worker's promise: a failing (throwing or rejecting) hands or face step drops only
 * that step's output for this frame — every person's `hands` (or `face`), including any the step had set
 * before it failed — and leaves its timing (`handsMs` / `faceMs`) out; the body result still comes back
 * and later frames run every step again. A failing body step fails the frame.
 */
import type { Person, PoseFrame } from '../src/pose/types';
import { fullImageFacePixels, type FacePixelSource } from './face-stage';
import { fullImagePixels, type HandPixelSource } from './hands-stage';

/** The hands step as the frame sees it ({@link HandsStage} fits): ms spent, or null when no crop ran. */
export interface HandsStep {
  run(people: Person[], source: HandPixelSource): Promise<number | null>;
}

/** The face step as the frame sees it ({@link FaceStage} fits): ms spent, or null when no crop ran. */
export interface FaceStep {
  run(people: Person[], source: FacePixelSource): Promise<number | null>;
}

/** Where the landmark steps read their pixels; each is asked only when its step runs. */
export interface FramePixels {
  hands(): HandPixelSource;
  face(): FacePixelSource;
}

/** The whole `width`×`height` RGBA image as both steps' pixels (nothing to copy). */
export function fullFramePixels(rgba: ArrayLike<number>, width: number, height: number): FramePixels {
  return {
    hands: () => fullImagePixels(rgba, width, height),
    face: () => fullImageFacePixels(rgba, width, height),
  };
}

export type LandmarkStepName = 'hands' | 'face';

/**
 * A step, or null when it is off. A function is asked once the body step is done, so a setting changed
 * while the body ran already applies to this frame's landmark steps.
 */
export type StepChoice<T> = T | null | undefined | (() => T | null | undefined);

export interface FrameStepsInput {
  /** The body step: the frame with its people in source pixels and the body timings. */
  body: () => Promise<PoseFrame>;
  hands?: StepChoice<HandsStep>;
  face?: StepChoice<FaceStep>;
  pixels: FramePixels;
  /**
   * Told when a landmark step failed and its output was dropped for this frame (the frame then has no
   * `handsMs` / `faceMs`). Never affects the frame; an error thrown here is ignored.
   */
  onStepError?: (step: LandmarkStepName, error: unknown) => void;
}

/** Runs one frame: body → hands → face, with the landmark steps' failures isolated (see the module comment). */
export async function runFrameSteps(input: FrameStepsInput): Promise<PoseFrame> {
  const result = await input.body();
  const hands = chosen(input.hands);
  if (hands) {
    const ms = await isolated(input, 'hands', result.people, () => hands.run(result.people, input.pixels.hands()));
    if (ms !== null) result.timings.handsMs = ms;
  }
  const face = chosen(input.face);
  if (face) {
    const ms = await isolated(input, 'face', result.people, () => face.run(result.people, input.pixels.face()));
    if (ms !== null) result.timings.faceMs = ms;
  }
  return result;
}

function chosen<T>(choice: StepChoice<T>): T | null {
  const step = typeof choice === 'function' ? (choice as () => T | null | undefined)() : choice;
  return step ?? null;
}

/** Runs a landmark step; on failure drops its output from every person and gives null. */
async function isolated(input: FrameStepsInput, step: LandmarkStepName, people: Person[], run: () => Promise<number | null>): Promise<number | null> {
  try {
    return await run();
  } catch (error) {
    for (const p of people) delete p[step];
    try {
      input.onStepError?.(step, error);
    } catch {
      // A reporting hook must not turn a dropped step into a dropped frame.
    }
    return null;
  }
}
