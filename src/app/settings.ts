/**
 * The settings form (plain DOM): model, input height, smoothing, mirror, max people, backend, hands
 * (people given finger tracking), hand model and face (people given face tracking). Initial values may come
 * from the URL (`?model=…&height=…&smoothing=…&mirror=1&maxPeople=…&backend=…&hands=0|1|2|4&handModel=…&face=0|1|2|4`),
 * so a setup can be bookmarked and the tests and benchmark can pick small inputs.
 */
import { DEFAULT_HAND_MODEL, type BackendPreference, type HandModelId } from '../pose/estimator-api';
import { DEFAULT_MODEL_ID, getModel, MODELS } from '../pose/models';

/** Network input heights offered (multiples of 16, so valid for every manifest model). */
export const INPUT_HEIGHTS = [128, 160, 192, 256, 320, 368, 448] as const;

export type Smoothing = 'off' | 'low' | 'medium' | 'high';
export const SMOOTHING_LEVELS: readonly Smoothing[] = ['off', 'low', 'medium', 'high'];

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
  return {
    modelId: model,
    inputHeight: (INPUT_HEIGHTS as readonly number[]).includes(height) ? height : getModel(model).defaultInputHeight,
    smoothing: smoothing && SMOOTHING_LEVELS.includes(smoothing) ? smoothing : 'medium',
    mirror: q.get('mirror') === '1',
    maxPeople: maxPeople >= 1 && maxPeople <= MAX_PEOPLE_LIMIT ? Math.floor(maxPeople) : DEFAULT_MAX_PEOPLE,
    backend: backend && BACKENDS.includes(backend) ? backend : 'auto',
    hands: (HANDS_PEOPLE as readonly number[]).includes(hands) ? (hands as HandsPeople) : DEFAULT_HANDS_PEOPLE,
    handModel,
    face: (FACE_PEOPLE as readonly number[]).includes(face) ? (face as FacePeople) : DEFAULT_FACE_PEOPLE,
  };
}

function select(id: string, label: string, options: readonly [value: string, text: string][], value: string): HTMLSelectElement {
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

  const model = select('model', 'Model', MODELS.map((m) => [m.id, m.label]), values.modelId);
  const height = select('input-height', 'Input height', INPUT_HEIGHTS.map((h) => [String(h), `${h} px`]), String(values.inputHeight));
  const smoothing = select('smoothing', 'Smoothing', SMOOTHING_LEVELS.map((s) => [s, s]), values.smoothing);
  const maxPeople = select(
    'max-people',
    'Max people',
    Array.from({ length: MAX_PEOPLE_LIMIT }, (_, i) => [String(i + 1), String(i + 1)] as [string, string]),
    String(values.maxPeople),
  );
  const backend = select('backend-choice', 'Backend', [['auto', 'auto (WebGPU if available)'], ['webgpu', 'WebGPU'], ['wasm', 'WASM']], values.backend);
  const hands = select('hands', 'Hands', HANDS_PEOPLE.map((n) => [String(n), n === 0 ? 'off' : `${n} ${n === 1 ? 'person' : 'people'}`]), String(values.hands));
  const handModel = select('hand-model', 'Hand model', HAND_MODELS, values.handModel);
  const face = select('face', 'Face', FACE_PEOPLE.map((n) => [String(n), n === 0 ? 'off' : `${n} ${n === 1 ? 'person' : 'people'}`]), String(values.face));
  const mirror = document.createElement('input');
  mirror.type = 'checkbox';
  mirror.id = 'mirror';
  mirror.checked = values.mirror;

  form.append(
    labelled('Model', model),
    labelled('Input height', height),
    labelled('Smoothing', smoothing),
    labelled('Max people', maxPeople),
    labelled('Backend', backend),
    labelled('Mirror', mirror),
    labelled('Hands', hands),
    labelled('Hand model', handModel),
    labelled('Face', face),
  );
  form.addEventListener('submit', (e) => e.preventDefault());

  model.addEventListener('change', () => {
    values.modelId = model.value;
    emit('modelId');
  });
  height.addEventListener('change', () => {
    values.inputHeight = Number(height.value);
    emit('inputHeight');
  });
  smoothing.addEventListener('change', () => {
    values.smoothing = smoothing.value as Smoothing;
    emit('smoothing');
  });
  maxPeople.addEventListener('change', () => {
    values.maxPeople = Number(maxPeople.value);
    emit('maxPeople');
  });
  backend.addEventListener('change', () => {
    values.backend = backend.value as BackendPreference;
    emit('backend');
  });
  hands.addEventListener('change', () => {
    values.hands = Number(hands.value) as HandsPeople;
    emit('hands');
  });
  handModel.addEventListener('change', () => {
    values.handModel = handModel.value as HandModelId;
    emit('handModel');
  });
  face.addEventListener('change', () => {
    values.face = Number(face.value) as FacePeople;
    emit('face');
  });
  mirror.addEventListener('change', () => {
    values.mirror = mirror.checked;
    emit('mirror');
  });

  return {
    values,
    onChange: (listener) => void listeners.push(listener),
  };
}
