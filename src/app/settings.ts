/**
 * The settings form (plain DOM): model, input height, smoothing, mirror, camera tilt, camera field of view,
 * max people, backend, hands (people given finger tracking), hand model and face (people given face
 * tracking). Initial values may come from the URL
 * (`?model=…&height=…&smoothing=…&mirror=1&tilt=…&fov=…&maxPeople=…&backend=…&hands=0|1|2|4&handModel=…&face=0|1|2|4`),
 * so a setup can be bookmarked and the tests and benchmark can pick small inputs.
 */
import { DEFAULT_HAND_MODEL, type BackendPreference, type HandModelId } from '../pose/estimator-api';
import { DEFAULT_MODEL_ID, getModel, MODELS } from '../pose/models';

/** Network input heights offered (multiples of 16, so valid for every manifest model). */
export const INPUT_HEIGHTS = [128, 160, 192, 256, 320, 368, 448] as const;

export type Smoothing = 'off' | 'low' | 'medium' | 'high';
export const SMOOTHING_LEVELS: readonly Smoothing[] = ['off', 'low', 'medium', 'high'];

/** Camera tilts offered, degrees (> 0 looking down); steps of 5° are finer than a user can judge by eye. */
export const CAMERA_TILTS = [-30, -25, -20, -15, -10, -5, 0, 5, 10, 15, 20, 25, 30] as const;

/** Diagonal fields of view offered, degrees (0: not given); common webcams print 55–90°. */
export const CAMERA_FOVS = [0, 55, 60, 65, 70, 78, 90, 100, 120] as const;

/** Most people the page drives avatars for; more would not fit the stage (3.6 m wide, 0.9 m apart). */
export const MAX_PEOPLE_LIMIT = 4;

export interface AppSettings {
  /** Manifest model id. Default: the manifest's default. */
  modelId: string;
  /** Network input height. Default: the model's default (256). */
  inputHeight: number;
  /** Keypoint smoothing strength in the solver. Default 'medium' (the solver's own default filter). */
  smoothing: Smoothing;
  /** Selfie view: mirrored thumbnail, avatar layout and avatar motion. Default false. */
  mirror: boolean;
  /**
   * How the camera is tilted, degrees: > 0 looking down at the people, < 0 looking up (a laptop on a
   * desk). One of {@link CAMERA_TILTS}. Default 0 (level). Without it a tilted camera makes every avatar
   * lean by the tilt.
   */
  cameraTilt: number;
  /**
   * The camera's diagonal field of view, degrees, as webcam makers print it; one of {@link CAMERA_FOVS}.
   * 0 (default): not given, the solver assumes 50° vertical (≈ 76° diagonal at 4:3). A narrow camera
   * taken for a wide one lifts limbs worse (35° vertical taken for 50°: +0.7° mean limb error).
   */
  cameraFov: number;
  /** Most people given avatars (first come, first served). Default 2. */
  maxPeople: number;
  /** Default 'auto' (WebGPU with a hardware adapter, else WASM). */
  backend: BackendPreference;
  /**
   * How many people get hand (finger) tracking: 0 (off), 1, 2 or 4. Default 1: on 2-thread WASM the lite
   * hand model costs ~55 ms per person, so more is a real slowdown on CPU.
   */
  hands: HandsPeople;
  /** Hand landmark model. Default 'handlandmark-lite' (~55 ms per person on WASM; 'full' ~100 ms, more accurate). */
  handModel: HandModelId;
  /**
   * How many people get face tracking (expressions, blinks, look-at): 0 (off), 1, 2 or 4. Default 1: facemesh
   * costs one inference per face.
   */
  face: FacePeople;
}

/** Hand tracking choices: off, or this many people. */
export const HANDS_PEOPLE = [0, 1, 2, 4] as const;
export type HandsPeople = (typeof HANDS_PEOPLE)[number];
const DEFAULT_HANDS_PEOPLE: HandsPeople = 1;
/** Face tracking choices: off, or this many people. */
export const FACE_PEOPLE = [0, 1, 2, 4] as const;
export type FacePeople = (typeof FACE_PEOPLE)[number];
const DEFAULT_FACE_PEOPLE: FacePeople = 1;
const HAND_MODELS: readonly [HandModelId, string][] = [
  ['handlandmark-lite', 'lite (faster)'],
  ['handlandmark-full', 'full (more accurate)'],
];

export interface SettingsForm {
  readonly values: Readonly<AppSettings>;
  /** Called after a setting changed, with its name. */
  onChange(listener: (key: keyof AppSettings) => void): void;
}

const DEFAULT_MAX_PEOPLE = 2;
const BACKENDS: readonly BackendPreference[] = ['auto', 'webgpu', 'wasm'];

/** The settings the URL asks for, on top of the defaults (invalid values are ignored). */
export function settingsFromUrl(search: string): AppSettings {
  const q = new URLSearchParams(search);
  const model = MODELS.find((m) => m.id === q.get('model'))?.id ?? DEFAULT_MODEL_ID;
  const height = Number(q.get('height'));
  const smoothing = q.get('smoothing') as Smoothing | null;
  const maxPeople = Number(q.get('maxPeople'));
  const backend = q.get('backend') as BackendPreference | null;
  const hands = Number(q.get('hands') ?? DEFAULT_HANDS_PEOPLE);
  const handModel = HAND_MODELS.find(([id]) => id === q.get('handModel'))?.[0] ?? DEFAULT_HAND_MODEL;
  const face = Number(q.get('face') ?? DEFAULT_FACE_PEOPLE);
  const tilt = Number(q.get('tilt') ?? 0);
  const fov = Number(q.get('fov') ?? 0);
  return {
    modelId: model,
    inputHeight: (INPUT_HEIGHTS as readonly number[]).includes(height) ? height : getModel(model).defaultInputHeight,
    smoothing: smoothing && SMOOTHING_LEVELS.includes(smoothing) ? smoothing : 'medium',
    mirror: q.get('mirror') === '1',
    cameraTilt: (CAMERA_TILTS as readonly number[]).includes(tilt) ? tilt : 0,
    cameraFov: (CAMERA_FOVS as readonly number[]).includes(fov) ? fov : 0,
    maxPeople: maxPeople >= 1 && maxPeople <= MAX_PEOPLE_LIMIT ? Math.floor(maxPeople) : DEFAULT_MAX_PEOPLE,
    backend: backend && BACKENDS.includes(backend) ? backend : 'auto',
    hands: (HANDS_PEOPLE as readonly number[]).includes(hands) ? (hands as HandsPeople) : DEFAULT_HANDS_PEOPLE,
    handModel,
    face: (FACE_PEOPLE as readonly number[]).includes(face) ? (face as FacePeople) : DEFAULT_FACE_PEOPLE,
  };
}

type Choice = readonly [value: string, text: string];

/** "level", "10° down", "10° up". */
const tiltText = (deg: number): string => (deg === 0 ? 'level' : `${Math.abs(deg)}° ${deg > 0 ? 'down' : 'up'}`);

/** The settings shown as a <select> (all but the mirror checkbox). */
type SelectKey = Exclude<keyof AppSettings, 'mirror'>;

/** Choices for "how many people get X": off, 1 person, N people. */
const peopleChoices = (counts: readonly number[]): Choice[] =>
  counts.map((n) => [String(n), n === 0 ? 'off' : `${n} ${n === 1 ? 'person' : 'people'}`]);

function select(id: string, label: string, options: readonly Choice[], value: string): HTMLSelectElement {
  const el = document.createElement('select');
  el.id = id;
  for (const [v, t] of options) el.add(new Option(t, v, v === value, v === value));
  el.dataset.label = label;
  return el;
}

function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = document.createElement('label');
  label.append(`${text} `, control);
  return label;
}

/** Builds the form's controls into `form` with `initial` values. */
export function createSettingsForm(form: HTMLFormElement, initial: AppSettings): SettingsForm {
  const values: AppSettings = { ...initial };
  const listeners: ((key: keyof AppSettings) => void)[] = [];
  const emit = (key: keyof AppSettings): void => listeners.forEach((l) => l(key));

  /** A labelled <select> bound to `values[key]`: a change stores `parse(value)` and tells the listeners. */
  const selectField = <K extends SelectKey>(
    key: K,
    id: string,
    label: string,
    options: readonly Choice[],
    parse: (value: string) => AppSettings[K],
  ): HTMLLabelElement => {
    const el = select(id, label, options, String(values[key]));
    el.addEventListener('change', () => {
      values[key] = parse(el.value);
      emit(key);
    });
    return labelled(label, el);
  };

  const mirror = document.createElement('input');
  mirror.type = 'checkbox';
  mirror.id = 'mirror';
  mirror.checked = values.mirror;
  mirror.addEventListener('change', () => {
    values.mirror = mirror.checked;
    emit('mirror');
  });

  form.append(
    selectField('modelId', 'model', 'Model', MODELS.map((m) => [m.id, m.label]), (v) => v),
    selectField('inputHeight', 'input-height', 'Input height', INPUT_HEIGHTS.map((h) => [String(h), `${h} px`]), Number),
    selectField('smoothing', 'smoothing', 'Smoothing', SMOOTHING_LEVELS.map((s) => [s, s]), (v) => v as Smoothing),
    selectField('maxPeople', 'max-people', 'Max people', Array.from({ length: MAX_PEOPLE_LIMIT }, (_, i) => [String(i + 1), String(i + 1)]), Number),
    selectField('backend', 'backend-choice', 'Backend', [['auto', 'auto (WebGPU if available)'], ['webgpu', 'WebGPU'], ['wasm', 'WASM']], (v) => v as BackendPreference),
    labelled('Mirror', mirror),
    selectField('cameraTilt', 'camera-tilt', 'Camera tilt', CAMERA_TILTS.map((t) => [String(t), tiltText(t)]), Number),
    selectField('cameraFov', 'camera-fov', 'Camera field of view', CAMERA_FOVS.map((d) => [String(d), d === 0 ? 'not given (50° vertical)' : `${d}° diagonal`]), Number),
    selectField('hands', 'hands', 'Hands', peopleChoices(HANDS_PEOPLE), (v) => Number(v) as HandsPeople),
    selectField('handModel', 'hand-model', 'Hand model', HAND_MODELS, (v) => v as HandModelId),
    selectField('face', 'face', 'Face', peopleChoices(FACE_PEOPLE), (v) => Number(v) as FacePeople),
  );
  form.addEventListener('submit', (e) => e.preventDefault());

  return {
    values,
    onChange: (listener) => void listeners.push(listener),
  };
}
