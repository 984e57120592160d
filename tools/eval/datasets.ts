/**
 * Ground-truth sets for the accuracy evaluation: COCO-format keypoint files mapped onto the
 * keypoints our COCO-18 models output.
 *
 * Keypoint mapping: OKS is computed over the keypoints both schemas share, matched by name
 * (nose, eyes, ears, shoulders, elbows, wrists, hips, knees, ankles). Points with no COCO-18
 * counterpart (head top, head bottom, upper neck, thorax, pelvis, spine, belly) are dropped, and so
 * is "neck": our neck is OpenPose's synthetic shoulder midpoint (COCO has no neck), while CrowdPose and
 * AIC annotate the anatomical neck, measured 0.06–0.26 × person scale above that midpoint on the
 * shared photos — a systematic offset that would only measure the definition gap. num_keypoints
 * is recounted over the kept points, so a person with none of them labelled is ignored, as
 * pycocotools ignores people with no keypoints.
 *
 * Sigmas: each set's own where one is published (CrowdPose: crowdposetools, = mmpose's config; AIC:
 * the AI Challenger evaluation script; MHP: mmpose's config, whose 0.179 shoulders are taken as is), COCO's per keypoint name otherwise (COCO,
 * OCHuman, Human-Art and PoseTrack18 use COCO's; H36M and JHMDB have no OKS sigmas of their own).
 * Sets without `area` (CrowdPose, AIC, PoseTrack18, JHMDB) use bbox w × h × 0.53, as xtcocotools does.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COCO17_NAMES, KEYPOINT, type KeypointName } from '../../src/pose/schema';
import type { Person } from '../../src/pose/types';
import { COCO_SIGMAS, type CocoKeypointAnnotation, type CocoKeypointResult } from './coco-metric';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared mmpose ground-truth fixtures beside the checkout (`../shared`). */
export const DEFAULT_GT_ROOT = resolve(REPO_ROOT, '..', 'shared', 'assets', 'pose_gt', 'mmpose');

/** Fewer shared keypoints than this and OKS says little about a body pose. */
const MIN_SHARED_KEYPOINTS = 6;
/** Keeps notes readable for whole-body files with 100+ extra points. */
const MAX_NAMES_SHOWN = 6;

export class DatasetError extends Error {
  override name = 'DatasetError';
}

export interface EvalImage {
  id: number;
  /** Absolute path of the image file. */
  path: string;
  fileName: string;
  width?: number;
  height?: number;
}

/** A ground-truth set ready for {@link evaluateKeypoints}: annotations already in `keypoints` order. */
export interface EvalDataset {
  name: string;
  annotationsPath: string;
  images: EvalImage[];
  annotations: CocoKeypointAnnotation[];
  /** COCO-18 keypoints evaluated, in annotation order. */
  keypoints: readonly KeypointName[];
  /** OKS sigma per evaluated keypoint. */
  sigmas: readonly number[];
  /** How the set was mapped (printed by the CLI). */
  notes: string[];
}

export interface SkippedDataset {
  name: string;
  reason: string;
}

/** A known keypoint schema: its names in file order, its sigmas if it has its own, and name overrides. */
interface SchemaPreset {
  id: string;
  names: readonly string[];
  sigmas?: readonly number[];
  /** Dataset name → COCO-18 name, where the generic name match would miss or mislead. */
  aliases?: Readonly<Record<string, KeypointName>>;
}

const COCO17_FILE_NAMES = [
  'nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
  'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle',
] as const;

const PRESETS: readonly SchemaPreset[] = [
  {
    // crowdposetools / mmpose configs/_base_/datasets/crowdpose.py.
    id: 'crowdpose',
    names: ['left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist', 'left_hip', 'right_hip',
      'left_knee', 'right_knee', 'left_ankle', 'right_ankle', 'head', 'neck'],
    sigmas: [0.079, 0.079, 0.072, 0.072, 0.062, 0.062, 0.107, 0.107, 0.087, 0.087, 0.089, 0.089, 0.079, 0.079],
  },
  {
    // AI Challenger keypoint_eval.py deltas / 2, as in mmpose configs/_base_/datasets/aic.py.
    id: 'aic',
    names: ['Right Shoulder', 'Right Elbow', 'Right Wrist', 'Left Shoulder', 'Left Elbow', 'Left Wrist', 'Right Hip', 'Right Knee',
      'Right Ankle', 'Left Hip', 'Left Knee', 'Left Ankle', 'Head top', 'Neck'],
    sigmas: [0.01388152, 0.01515228, 0.01057665, 0.01417709, 0.01497891, 0.01402144, 0.03909642, 0.03686941, 0.01981803,
      0.03843971, 0.03412318, 0.02415081, 0.01291456, 0.01236173],
  },
  {
    // mmpose configs/_base_/datasets/mhp.py ("adapted from COCO"; its shoulders are 0.179, not COCO's 0.079).
    id: 'mhp',
    names: ['Right-ankle', 'Right-knee', 'Right-hip', 'Left-hip', 'Left-knee', 'Left-ankle', 'Pelvis', 'Thorax', 'Upper-neck',
      'Head-top', 'Right-wrist', 'Right-elbow', 'Right-shoulder', 'Left-shoulder', 'Left-elbow', 'Left-wrist'],
    sigmas: [0.089, 0.083, 0.107, 0.107, 0.083, 0.089, 0.026, 0.026, 0.026, 0.026, 0.062, 0.072, 0.179, 0.179, 0.072, 0.062],
  },
  {
    // Human3.6M's "foot" joint is the ankle (the next joint down the leg from the knee).
    id: 'h36m',
    names: ['root (pelvis)', 'left_hip', 'left_knee', 'left_foot', 'right_hip', 'right_knee', 'right_foot', 'spine', 'thorax',
      'neck_base', 'head', 'left_shoulder', 'left_elbow', 'left_wrist', 'right_shoulder', 'right_elbow', 'right_wrist'],
    aliases: { left_foot: 'leftAnkle', right_foot: 'rightAnkle' },
  },
];

/** snake_case name (any case, spaces or dashes; `l_`/`r_` prefixes) → COCO-18 name. */
const GENERIC_NAMES: Readonly<Record<string, KeypointName>> = Object.fromEntries(
  COCO17_FILE_NAMES.map((n, i) => [n, COCO17_NAMES[i]!]),
);

const normalizeName = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .replace(/^l_/, 'left_')
    .replace(/^r_/, 'right_');

interface Mapping {
  /** Index into the dataset's keypoints for each evaluated keypoint. */
  source: number[];
  keypoints: KeypointName[];
  sigmas: number[];
  dropped: string[];
  preset?: string;
  /** Whether the sigmas are the preset's own (else COCO's by name). */
  ownSigmas: boolean;
}

function mapSchema(names: readonly string[]): Mapping {
  const preset = PRESETS.find((p) => p.names.length === names.length && p.names.every((n, i) => n === names[i]));
  const mapping: Mapping = { source: [], keypoints: [], sigmas: [], dropped: [], preset: preset?.id, ownSigmas: Boolean(preset?.sigmas) };
  const seen = new Set<KeypointName>();
  names.forEach((raw, i) => {
    const n = normalizeName(raw);
    const target = preset?.aliases?.[raw] ?? GENERIC_NAMES[n];
    if (!target || seen.has(target)) {
      mapping.dropped.push(raw);
      return;
    }
    seen.add(target);
    mapping.source.push(i);
    mapping.keypoints.push(target);
    mapping.sigmas.push(preset?.sigmas?.[i] ?? COCO_SIGMAS[COCO17_NAMES.indexOf(target as (typeof COCO17_NAMES)[number])]!);
  });
  return mapping;
}

/** Halpe (26/136 points) and COCO-WholeBody start with the 17 COCO body points; their files may list no names. */
const BODY_FIRST_COUNTS = new Set([17, 26, 133, 136]);

interface RawImage {
  id: number;
  file_name: string;
  width?: number;
  height?: number;
}
interface RawAnnotation {
  id: number;
  image_id: number;
  category_id?: number;
  keypoints?: number[];
  num_keypoints?: number;
  area?: number;
  bbox?: number[];
  iscrowd?: number | boolean;
}
interface RawCategory {
  id: number;
  name?: string;
  keypoints?: string[];
}

function readJson(path: string): unknown {
  if (!existsSync(path)) throw new DatasetError(`annotation file not found: ${path}`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new DatasetError(`cannot read ${path}: ${String(cause)}`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new DatasetError(`${path} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}

/** Finds an image: `dir/file_name`, then `file_name` with leading folders dropped, then by file name anywhere under `dir`. */
class ImageLocator {
  private byName: Map<string, string[]> | null = null;

  constructor(private readonly dir: string) {}

  find(fileName: string): string | null {
    const parts = fileName.split(/[\\/]+/).filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const candidate = join(this.dir, ...parts.slice(i));
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    const hits = this.index().get(basename(fileName)) ?? [];
    return hits.length === 1 ? hits[0]! : null;
  }

  private index(): Map<string, string[]> {
    if (this.byName) return this.byName;
    const byName = new Map<string, string[]>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.isFile()) (byName.get(entry.name) ?? byName.set(entry.name, []).get(entry.name)!).push(path);
      }
    };
    walk(this.dir);
    this.byName = byName;
    return byName;
  }
}

export interface LoadOptions {
  /** Name shown in reports. Default: the annotation file's name. */
  name?: string;
}

/**
 * Loads any COCO keypoints file (`images`, `annotations` with `keypoints`, `categories` naming the
 * keypoints) with its images in `imagesDir`. Throws a {@link DatasetError} that says what is wrong.
 */
export function loadCocoKeypointDataset(annotationsPath: string, imagesDir: string, options: LoadOptions = {}): EvalDataset {
  const path = resolve(annotationsPath);
  const json = readJson(path);
  if (Array.isArray(json)) {
    throw new DatasetError(
      `${path} is a JSON list (a detection results file, or MPII-style joint lists?), not COCO keypoints ground truth ` +
        '(an object with "images", "annotations" and "categories")',
    );
  }
  if (typeof json !== 'object' || json === null) throw new DatasetError(`${path} is not a COCO keypoints file (not a JSON object)`);
  const data = json as { images?: RawImage[]; annotations?: RawAnnotation[]; categories?: RawCategory[] };
  if (!Array.isArray(data.images) || !Array.isArray(data.annotations)) {
    throw new DatasetError(`${path} is not a COCO keypoints file: it needs "images" and "annotations" lists`);
  }
  const withKeypoints = data.annotations.filter((a) => Array.isArray(a.keypoints) && a.keypoints.length > 0);
  if (withKeypoints.length === 0) {
    throw new DatasetError(
      `${path} has no keypoint annotations (no "keypoints" in any annotation): it looks like a detection or ` +
        'segmentation dataset; the evaluation needs COCO keypoints (person_keypoints_*.json)',
    );
  }
  const counts = new Set(withKeypoints.map((a) => a.keypoints!.length));
  if (counts.size !== 1 || [...counts][0]! % 3 !== 0) {
    throw new DatasetError(`${path}: annotations disagree on the keypoint count (${[...counts].map((c) => c / 3).join(', ')})`);
  }
  const count = [...counts][0]! / 3;
  const personCategory = data.categories?.find((c) => Array.isArray(c.keypoints) && c.keypoints.length > 0) ?? null;
  let names: readonly string[];
  const notes: string[] = [];
  const listed = personCategory?.keypoints ?? [];
  if (listed.length === count) {
    names = listed;
  } else if (listed.length > count && normalizeName(listed[0]!) === 'nose' && count >= MIN_SHARED_KEYPOINTS) {
    // Human-Art: categories name 21 points, `keypoints` holds the first 17 (the rest are in keypoints_21).
    names = listed.slice(0, count);
    notes.push(`"categories" names ${listed.length} keypoints, annotations hold ${count}: read as the first ${count}`);
  } else if (BODY_FIRST_COUNTS.has(count)) {
    names = [...COCO17_FILE_NAMES, ...Array.from({ length: count - 17 }, (_, i) => `extra_${i}`)];
    notes.push(`no keypoint names in "categories"; ${count} points read as COCO-17 body first (Halpe / COCO-WholeBody layout)`);
  } else {
    throw new DatasetError(
      `${path}: cannot tell which keypoints the ${count} values per person are: "categories" gives no keypoint names`,
    );
  }
  const mapping = mapSchema(names);
  if (mapping.keypoints.length < MIN_SHARED_KEYPOINTS) {
    throw new DatasetError(
      `${path}: only ${mapping.keypoints.length} of its keypoints (${names.join(', ')}) match COCO-18 body keypoints; ` +
        'this does not look like a human body pose dataset',
    );
  }
  const identity = mapping.keypoints.length === count && mapping.source.every((s, i) => s === i);
  if (!identity) {
    const shown = mapping.dropped.slice(0, MAX_NAMES_SHOWN).join(', ');
    const more = mapping.dropped.length > MAX_NAMES_SHOWN ? ` and ${mapping.dropped.length - MAX_NAMES_SHOWN} more` : '';
    notes.push(`OKS over ${mapping.keypoints.length} shared keypoints; dropped: ${shown}${more}`);
  }
  notes.push(mapping.ownSigmas ? `sigmas: ${mapping.preset}'s own` : 'sigmas: COCO (per keypoint name)');
  if (withKeypoints.some((a) => a.area === undefined)) notes.push('no "area": OKS scale = bbox w × h × 0.53 (xtcocotools use_area=False)');

  if (!existsSync(imagesDir) || !statSync(imagesDir).isDirectory()) throw new DatasetError(`image folder not found: ${resolve(imagesDir)}`);
  const locator = new ImageLocator(resolve(imagesDir));
  const missing: string[] = [];
  const images: EvalImage[] = [];
  for (const img of data.images) {
    const found = locator.find(img.file_name);
    if (!found) missing.push(img.file_name);
    else images.push({ id: img.id, path: found, fileName: img.file_name, width: img.width, height: img.height });
  }
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).join(', ');
    throw new DatasetError(
      `${missing.length} of ${data.images.length} images listed in ${path} are not in ${resolve(imagesDir)}: ${shown}${missing.length > 5 ? ', …' : ''}`,
    );
  }

  const annotations: CocoKeypointAnnotation[] = withKeypoints.map((a) => {
    const kp: number[] = [];
    let labelled = 0;
    for (const s of mapping.source) {
      const v = a.keypoints![3 * s + 2]!;
      kp.push(a.keypoints![3 * s]!, a.keypoints![3 * s + 1]!, v);
      if (v > 0) labelled++;
    }
    return {
      id: a.id,
      image_id: a.image_id,
      category_id: a.category_id ?? 1,
      keypoints: kp,
      // pycocotools trusts num_keypoints; keep it where the schema is COCO's own.
      num_keypoints: identity && a.num_keypoints !== undefined ? a.num_keypoints : labelled,
      area: a.area,
      bbox: a.bbox ?? keypointBox(kp),
      iscrowd: a.iscrowd ? 1 : 0,
    };
  });
  return {
    name: options.name ?? basename(path, '.json'),
    annotationsPath: path,
    images,
    annotations,
    keypoints: mapping.keypoints,
    sigmas: mapping.sigmas,
    notes,
  };
}

/** [x, y, w, h] around the labelled keypoints, for annotations that lack a bbox. */
function keypointBox(kp: readonly number[]): number[] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < kp.length; i += 3) {
    if (kp[i + 2]! > 0) {
      xs.push(kp[i]!);
      ys.push(kp[i + 1]!);
    }
  }
  if (xs.length === 0) return [0, 0, 0, 0];
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return [x, y, Math.max(...xs) - x, Math.max(...ys) - y];
}

/** The shared sets: annotation file and image folder under the ground-truth root. */
export const SHARED_DATASETS: readonly { name: string; annotations: string; images: string }[] = [
  { name: 'coco', annotations: 'coco/test_coco.json', images: 'coco' },
  { name: 'crowdpose', annotations: 'crowdpose/test_crowdpose.json', images: 'crowdpose' },
  { name: 'ochuman', annotations: 'ochuman/test_ochuman.json', images: 'ochuman' },
  { name: 'aic', annotations: 'aic/test_aic.json', images: 'aic' },
  { name: 'mhp', annotations: 'mhp/test_mhp.json', images: 'mhp' },
  { name: 'humanart', annotations: 'humanart/test_humanart.json', images: 'humanart' },
  { name: 'posetrack18', annotations: 'posetrack18/annotations/test_posetrack18_val.json', images: 'posetrack18' },
  { name: 'jhmdb', annotations: 'jhmdb/test_jhmdb_sub1.json', images: 'jhmdb' },
  { name: 'h36m', annotations: 'h36m/h36m_coco.json', images: 'h36m' },
];

/** Shared sets left out, and why. */
export const SKIPPED_SHARED_DATASETS: readonly SkippedDataset[] = [
  { name: 'halpe', reason: 'same 4 photos as coco and its first 17 body points equal coco/test_coco.json exactly (a duplicate)' },
  { name: 'coco-wholebody', reason: 'same photos and body keypoints as coco (only adds face, hand and foot points)' },
  { name: 'mpii', reason: 'MPII format (a list of joints/center/scale, no COCO images/annotations, no area or bbox), scored with PCKh, not OKS' },
  { name: 'onehand10k', reason: 'hand keypoints only' },
  { name: 'panoptic', reason: 'hand keypoints only' },
];

/** Loads the shared sets that are present; a set whose files are missing is reported as skipped. */
export function loadSharedDatasets(
  root: string = DEFAULT_GT_ROOT,
  only?: readonly string[],
): { datasets: EvalDataset[]; skipped: SkippedDataset[] } {
  if (!existsSync(root)) {
    throw new DatasetError(
      `ground-truth folder not found: ${root} (the shared fixtures live in ../shared/assets/pose_gt/mmpose beside the checkout)`,
    );
  }
  const wanted = only && only.length > 0 ? new Set(only) : null;
  if (wanted) {
    const known = new Set([...SHARED_DATASETS, ...SKIPPED_SHARED_DATASETS].map((d) => d.name));
    const unknown = [...wanted].filter((n) => !known.has(n));
    if (unknown.length > 0) {
      throw new DatasetError(`unknown dataset ${unknown.join(', ')}; shared sets: ${SHARED_DATASETS.map((d) => d.name).join(', ')}`);
    }
  }
  const datasets: EvalDataset[] = [];
  const skipped: SkippedDataset[] = SKIPPED_SHARED_DATASETS.filter((s) => !wanted || wanted.has(s.name));
  for (const spec of SHARED_DATASETS) {
    if (wanted && !wanted.has(spec.name)) continue;
    const annotations = join(root, spec.annotations);
    if (!existsSync(annotations)) {
      skipped.push({ name: spec.name, reason: `not found: ${annotations}` });
      continue;
    }
    datasets.push(loadCocoKeypointDataset(annotations, join(root, spec.images), { name: spec.name }));
  }
  return { datasets, skipped };
}

/**
 * One detected person as a COCO keypoints result in the dataset's keypoint order. Undetected points
 * are (0, 0, 0) and the score is `affinity × max(0, partCount − 1)`, as Osokin's val.py writes them.
 */
export function personToResult(person: Person, imageId: number, keypoints: readonly KeypointName[]): CocoKeypointResult {
  const flat: number[] = [];
  for (const name of keypoints) {
    const kp = person.keypoints[KEYPOINT[name]];
    if (kp && kp.score > 0) flat.push(kp.x, kp.y, 1);
    else flat.push(0, 0, 0);
  }
  return { image_id: imageId, category_id: 1, keypoints: flat, score: person.affinity * Math.max(0, person.partCount - 1) };
}
