/**
 * COCO keypoint evaluation (OKS AP/AR) in plain TypeScript, written to give the same numbers as
 * pycocotools' `COCOeval(gt, dt, 'keypoints')` + `COCO.loadRes`: same OKS formula, 10 OKS
 * thresholds .50:.05:.95, 101 recall points, maxDets 20, area ranges all/medium/large, greedy
 * score-ordered matching with crowd and ignored ground truth handled as pycocotools does.
 * tests/eval/coco-metric.test.ts pins numbers computed by pycocotools on the same inputs.
 *
 * Differences, all for inputs pycocotools rejects or mishandles:
 * - a ground truth without `area` uses `bbox w × h × 0.53` (xtcocotools' `use_area=False`, what
 *   mmpose uses for CrowdPose/AIC); pycocotools would raise a KeyError;
 * - a ground truth without `num_keypoints` counts its keypoints with v > 0 (xtcocotools);
 * - a match is a flag, not the matched annotation id, so a ground truth with id 0 still counts
 *   (pycocotools stores the id and reads 0 as "unmatched").
 */

/** COCO-17 OKS sigmas (pycocotools `Params.kpt_oks_sigmas`), in COCO-17 annotation order. */
export const COCO_SIGMAS: readonly number[] = Object.freeze(
  [0.26, 0.25, 0.25, 0.35, 0.35, 0.79, 0.79, 0.72, 0.72, 0.62, 0.62, 1.07, 1.07, 0.87, 0.87, 0.89, 0.89].map((s) => s / 10),
);

/** COCO keypoint evaluation keeps the 20 highest-scoring detections per image. */
export const COCO_KEYPOINT_MAX_DETS = 20;

/** Mean segment area / bbox area on COCO: xtcocotools' stand-in area for sets without `area`. */
export const BBOX_AREA_FACTOR = 0.53;

/** np.spacing(1): keeps OKS finite for zero-area ground truth and precision finite at 0/0. */
const EPS = 2.220446049250313e-16;

/** pycocotools caps the OKS threshold just below 1 so a perfect match still passes at "1.0". */
const MAX_OKS_THRESHOLD = 1 - 1e-10;

/** np.linspace(start, stop, num): `i * step + start`, last value exactly `stop` (same doubles). */
function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  return Array.from({ length: num }, (_, i) => (i === num - 1 ? stop : i * step + start));
}

/** OKS thresholds .50:.05:.95 (index 0 is .50, index 5 is .75). */
export const OKS_THRESHOLDS: readonly number[] = Object.freeze(linspace(0.5, 0.95, 10));
/** Recall points 0:.01:1 for the interpolated precision. */
export const RECALL_THRESHOLDS: readonly number[] = Object.freeze(linspace(0, 1, 101));
const T50 = 0;
const T75 = 5;

/** Area ranges in px² (pycocotools keypoint params). */
export const AREA_RANGES = Object.freeze({
  all: [0, 1e5 ** 2] as const,
  medium: [32 ** 2, 96 ** 2] as const,
  large: [96 ** 2, 1e5 ** 2] as const,
});
type AreaLabel = keyof typeof AREA_RANGES;
const AREA_LABELS = Object.keys(AREA_RANGES) as AreaLabel[];

/** One ground-truth person, as in a COCO keypoints annotation file. */
export interface CocoKeypointAnnotation {
  id: number;
  image_id: number;
  /** Default 1 (person). */
  category_id?: number;
  /** Flat [x, y, v] × K in image pixels; v = 0 means not labelled. */
  keypoints: readonly number[];
  num_keypoints?: number;
  area?: number;
  /** [x, y, w, h]; only read when the person has no labelled keypoint. */
  bbox: readonly number[];
  iscrowd?: number | boolean;
}

/** One detected person, as in a COCO keypoints results file. */
export interface CocoKeypointResult {
  image_id: number;
  category_id?: number;
  /** Flat [x, y, v] × K; undetected keypoints are usually (0, 0, 0) and still count in the OKS. */
  keypoints: readonly number[];
  score: number;
}

export interface CocoKeypointGroundTruth {
  /** Images evaluated; default: every image that has an annotation. Images without people count detections as false positives. */
  images?: readonly { id: number }[];
  annotations: readonly CocoKeypointAnnotation[];
}

export interface KeypointEvalOptions {
  /** Per-keypoint OKS sigmas, one per keypoint in the annotations. Default {@link COCO_SIGMAS}. */
  sigmas?: readonly number[];
  /** Default {@link COCO_KEYPOINT_MAX_DETS}. */
  maxDets?: number;
}

/** pycocotools' `COCOeval.stats` for keypoints, by name; -1 where there is nothing to measure. */
export interface KeypointStats {
  AP: number;
  AP50: number;
  AP75: number;
  APm: number;
  APl: number;
  AR: number;
  AR50: number;
  AR75: number;
  ARm: number;
  ARl: number;
}

export interface KeypointEvalResult extends KeypointStats {
  /** Images evaluated. */
  images: number;
  /** Ground-truth people that count (not crowd, with labelled keypoints). */
  people: number;
  /** Detections considered (after the per-image maxDets cut). */
  detections: number;
}

/** The OKS area of a ground truth: its `area`, else bbox w × h × {@link BBOX_AREA_FACTOR}. */
export function groundTruthArea(gt: CocoKeypointAnnotation): number {
  return gt.area ?? (gt.bbox[2] ?? 0) * (gt.bbox[3] ?? 0) * BBOX_AREA_FACTOR;
}

function labelledCount(keypoints: readonly number[]): number {
  let n = 0;
  for (let i = 2; i < keypoints.length; i += 3) if (keypoints[i]! > 0) n++;
  return n;
}

/**
 * Object Keypoint Similarity of one detection against one ground truth (pycocotools `computeOks`):
 * mean over labelled keypoints of exp(−d² / (2 · area · (2σ)²)). A ground truth with no labelled
 * keypoint measures how far each detected keypoint lies outside its bbox grown by one size each way.
 */
export function computeOks(
  gt: CocoKeypointAnnotation,
  dt: Pick<CocoKeypointResult, 'keypoints'>,
  sigmas: readonly number[] = COCO_SIGMAS,
): number {
  const k = sigmas.length;
  if (gt.keypoints.length !== 3 * k || dt.keypoints.length !== 3 * k) {
    throw new RangeError(
      `keypoint count mismatch: ${k} sigmas, ground truth has ${gt.keypoints.length / 3}, detection ${dt.keypoints.length / 3}`,
    );
  }
  const g = gt.keypoints;
  const d = dt.keypoints;
  const visible = labelledCount(g);
  const area = groundTruthArea(gt) + EPS;
  const [bx = 0, by = 0, bw = 0, bh = 0] = gt.bbox;
  const x0 = bx - bw;
  const x1 = bx + bw * 2;
  const y0 = by - bh;
  const y1 = by + bh * 2;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < k; i++) {
    if (visible > 0 && !(g[3 * i + 2]! > 0)) continue;
    const xd = d[3 * i]!;
    const yd = d[3 * i + 1]!;
    let dx: number;
    let dy: number;
    if (visible > 0) {
      dx = xd - g[3 * i]!;
      dy = yd - g[3 * i + 1]!;
    } else {
      dx = Math.max(0, x0 - xd) + Math.max(0, xd - x1);
      dy = Math.max(0, y0 - yd) + Math.max(0, yd - y1);
    }
    const variance = (sigmas[i]! * 2) ** 2;
    // Same operation order as numpy so the doubles match.
    const e = (dx ** 2 + dy ** 2) / variance / area / 2;
    sum += Math.exp(-e);
    count++;
  }
  return sum / count;
}

/** What `COCO.loadRes` adds to a keypoint result: an id from 1 and the area of its keypoints' box (zeros included). */
interface PreparedDt {
  id: number;
  score: number;
  area: number;
  keypoints: readonly number[];
}

interface PreparedGt {
  ann: CocoKeypointAnnotation;
  ignore: boolean;
  crowd: boolean;
  area: number;
}

interface ImageEval {
  /** [threshold][detection] */
  dtMatched: boolean[][];
  dtIgnore: boolean[][];
  dtScores: number[];
  gtIgnore: boolean[];
}

const byScoreDesc = <T extends { score: number }>(a: T, b: T): number => b.score - a.score;

function keypointBoxArea(keypoints: readonly number[]): number {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i + 1 < keypoints.length; i += 3) {
    const x = keypoints[i]!;
    const y = keypoints[i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return (maxX - minX) * (maxY - minY);
}

/** pycocotools `evaluateImg` for one image, category and area range. */
function evaluateImage(
  gts: readonly PreparedGt[],
  dts: readonly PreparedDt[],
  oks: readonly (readonly number[])[],
  range: readonly [number, number],
): ImageEval | null {
  if (gts.length === 0 && dts.length === 0) return null;
  const outside = (area: number): boolean => area < range[0] || area > range[1];
  const gtIgnoreAll = gts.map((g) => g.ignore || outside(g.area));
  // Ignored ground truth goes last (stable), so a detection prefers a person that counts.
  const order = gts.map((_, i) => i).sort((a, b) => Number(gtIgnoreAll[a]) - Number(gtIgnoreAll[b]));
  const gtIgnore = order.map((i) => gtIgnoreAll[i]!);
  const crowd = order.map((i) => gts[i]!.crowd);
  const T = OKS_THRESHOLDS.length;
  const dtMatched: boolean[][] = [];
  const dtIgnore: boolean[][] = [];
  for (let t = 0; t < T; t++) {
    const gtTaken = new Array<boolean>(order.length).fill(false);
    const matched = new Array<boolean>(dts.length).fill(false);
    const ignored = new Array<boolean>(dts.length).fill(false);
    if (oks.length > 0) {
      for (let d = 0; d < dts.length; d++) {
        let best = Math.min(OKS_THRESHOLDS[t]!, MAX_OKS_THRESHOLD);
        let m = -1;
        for (let gi = 0; gi < order.length; gi++) {
          if (gtTaken[gi] && !crowd[gi]) continue;
          // Already matched a person that counts and only ignored ones are left: stop.
          if (m > -1 && !gtIgnore[m] && gtIgnore[gi]) break;
          const value = oks[d]![order[gi]!]!;
          if (value < best) continue;
          best = value;
          m = gi;
        }
        if (m === -1) continue;
        ignored[d] = gtIgnore[m]!;
        matched[d] = true;
        gtTaken[m] = true;
      }
    }
    // Unmatched detections outside the area range are not false positives for that range.
    for (let d = 0; d < dts.length; d++) if (!matched[d] && outside(dts[d]!.area)) ignored[d] = true;
    dtMatched.push(matched);
    dtIgnore.push(ignored);
  }
  return { dtMatched, dtIgnore, dtScores: dts.map((d) => d.score), gtIgnore };
}

/** pycocotools `accumulate` for one category and area range: precision [T][R] and recall [T], or null without people. */
function accumulate(evals: readonly ImageEval[]): { precision: number[][]; recall: number[] } | null {
  const entries: { score: number; image: number; index: number }[] = [];
  let people = 0;
  evals.forEach((e, image) => {
    e.dtScores.forEach((score, index) => entries.push({ score, image, index }));
    for (const ig of e.gtIgnore) if (!ig) people++;
  });
  if (people === 0) return null;
  entries.sort(byScoreDesc); // stable, like numpy's mergesort
  const precision: number[][] = [];
  const recall: number[] = [];
  for (let t = 0; t < OKS_THRESHOLDS.length; t++) {
    let tp = 0;
    let fp = 0;
    const rc: number[] = [];
    const pr: number[] = [];
    for (const { image, index } of entries) {
      const e = evals[image]!;
      // An ignored detection is neither a hit nor a false positive, but still a point on the curve (as in pycocotools).
      if (!e.dtIgnore[t]![index]) {
        if (e.dtMatched[t]![index]) tp++;
        else fp++;
      }
      rc.push(tp / people);
      pr.push(tp / (fp + tp + EPS));
    }
    const nd = rc.length;
    recall.push(nd > 0 ? rc[nd - 1]! : 0);
    // Interpolated precision: the best precision at this recall or any higher one.
    for (let i = nd - 1; i > 0; i--) if (pr[i]! > pr[i - 1]!) pr[i - 1] = pr[i]!;
    const q = new Array<number>(RECALL_THRESHOLDS.length).fill(0);
    let pi = 0;
    for (let r = 0; r < RECALL_THRESHOLDS.length; r++) {
      // np.searchsorted(rc, thr, side='left'): first index with rc >= thr (rc is non-decreasing).
      while (pi < nd && rc[pi]! < RECALL_THRESHOLDS[r]!) pi++;
      if (pi >= nd) break;
      q[r] = pr[pi]!;
    }
    precision.push(q);
  }
  return { precision, recall };
}

const mean = (values: readonly number[]): number => {
  const kept = values.filter((v) => v > -1);
  return kept.length === 0 ? -1 : kept.reduce((a, b) => a + b, 0) / kept.length;
};

/**
 * Evaluates keypoint detections against ground truth, COCO style. Both use the same keypoint
 * layout (one sigma per keypoint). Throws if a detection names an image that is not evaluated.
 */
export function evaluateKeypoints(
  groundTruth: CocoKeypointGroundTruth,
  results: readonly CocoKeypointResult[],
  options: KeypointEvalOptions = {},
): KeypointEvalResult {
  const sigmas = options.sigmas ?? COCO_SIGMAS;
  const maxDets = options.maxDets ?? COCO_KEYPOINT_MAX_DETS;
  const imageIds = [
    ...new Set(groundTruth.images ? groundTruth.images.map((i) => i.id) : groundTruth.annotations.map((a) => a.image_id)),
  ].sort((a, b) => a - b);
  const imageSet = new Set(imageIds);
  for (const r of results) {
    if (!imageSet.has(r.image_id)) throw new Error(`detection for image ${r.image_id}, which is not in the ground truth`);
  }
  const catIds = [...new Set(groundTruth.annotations.map((a) => a.category_id ?? 1))].sort((a, b) => a - b);

  const key = (image: number, cat: number): string => `${image}/${cat}`;
  const gtBy = new Map<string, PreparedGt[]>();
  for (const ann of groundTruth.annotations) {
    const crowd = Boolean(ann.iscrowd);
    const labelled = ann.num_keypoints ?? labelledCount(ann.keypoints);
    const prepared: PreparedGt = { ann, crowd, ignore: crowd || labelled === 0, area: groundTruthArea(ann) };
    const k = key(ann.image_id, ann.category_id ?? 1);
    (gtBy.get(k) ?? gtBy.set(k, []).get(k)!).push(prepared);
  }
  const dtBy = new Map<string, PreparedDt[]>();
  results.forEach((r, i) => {
    const prepared: PreparedDt = { id: i + 1, score: r.score, area: keypointBoxArea(r.keypoints), keypoints: r.keypoints };
    const k = key(r.image_id, r.category_id ?? 1);
    (dtBy.get(k) ?? dtBy.set(k, []).get(k)!).push(prepared);
  });

  const areaResults = new Map<AreaLabel, { precision: number[][]; recall: number[] }[]>(AREA_LABELS.map((a) => [a, []]));
  let detections = 0;
  for (const cat of catIds) {
    const evalsByArea = new Map<AreaLabel, ImageEval[]>(AREA_LABELS.map((a) => [a, []]));
    for (const image of imageIds) {
      const gts = gtBy.get(key(image, cat)) ?? [];
      const dts = [...(dtBy.get(key(image, cat)) ?? [])].sort(byScoreDesc).slice(0, maxDets);
      detections += dts.length;
      const oks =
        gts.length === 0 || dts.length === 0 ? [] : dts.map((d) => gts.map((g) => computeOks(g.ann, d, sigmas)));
      for (const label of AREA_LABELS) {
        const e = evaluateImage(gts, dts, oks, AREA_RANGES[label]);
        if (e) evalsByArea.get(label)!.push(e);
      }
    }
    for (const label of AREA_LABELS) {
      const acc = accumulate(evalsByArea.get(label)!);
      if (acc) areaResults.get(label)!.push(acc);
    }
  }

  const ap = (label: AreaLabel, t?: number): number =>
    mean(areaResults.get(label)!.flatMap((a) => (t === undefined ? a.precision.flat() : a.precision[t]!)));
  const ar = (label: AreaLabel, t?: number): number =>
    mean(areaResults.get(label)!.flatMap((a) => (t === undefined ? a.recall : [a.recall[t]!])));
  let people = 0;
  for (const list of gtBy.values()) for (const g of list) if (!g.ignore && imageSet.has(g.ann.image_id)) people++;
  return {
    AP: ap('all'),
    AP50: ap('all', T50),
    AP75: ap('all', T75),
    APm: ap('medium'),
    APl: ap('large'),
    AR: ar('all'),
    AR50: ar('all', T50),
    AR75: ar('all', T75),
    ARm: ar('medium'),
    ARl: ar('large'),
    images: imageIds.length,
    people,
    detections,
  };
}
