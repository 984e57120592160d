/**
 * The OpenPose bottom-up decoder: heatmap peaks → PAF-scored limbs → greedy matching → people.
 * Pure TypeScript over the network's raw Float32Array outputs; buffers are reused across frames.
 */
import { assemblePeople } from './decoder-assemble';
import { Connections, DEFAULT_PAF_OPTIONS, matchLimb, type PafOptions } from './paf';
import { DEFAULT_PEAK_OPTIONS, findPeaks, PeakSet, type PeakOptions } from './peaks';
import { PersonTable, attachLimb } from './assemble';
import { HEATMAP_CHANNELS, LIMBS, NUM_KEYPOINTS, PAF_CHANNELS } from './schema';

export interface DecoderOptions extends PeakOptions, PafOptions {
  /** People with fewer detected keypoints are dropped. Default 3 (Osokin keypoints.py). */
  minParts: number;
  /** People whose affinity per keypoint is below this are dropped. Default 0.2 (Osokin keypoints.py). */
  minMeanAffinity: number;
  /** Keep at most this many people, highest ranked first; 0 keeps all. Default 0. */
  maxPeople: number;
}

export const DEFAULT_DECODER_OPTIONS: Readonly<DecoderOptions> = Object.freeze({
  ...DEFAULT_PEAK_OPTIONS,
  ...DEFAULT_PAF_OPTIONS,
  minParts: 3,
  minMeanAffinity: 0.2,
  maxPeople: 0,
});

/** A decoded person in network-input pixels: 18 (x, y, score) triples, score 0 where missing. */
export interface DecodedPerson {
  /** [x0, y0, s0, x1, y1, s1, …] in COCO-18 order. */
  keypoints: Float32Array;
  partCount: number;
  affinity: number;
  /** Mean score of the detected keypoints. */
  score: number;
}

/** Network output maps of one image. */
export interface PoseMaps {
  /** [19, height, width]: 18 keypoints + background. */
  heatmaps: Float32Array;
  /** [38, height, width]: 19 limbs × (x, y). */
  pafs: Float32Array;
  width: number;
  height: number;
  /** Network input pixels per map cell. */
  stride: number;
}

export class PafDecoder {
  readonly options: Readonly<DecoderOptions>;
  private readonly peaks = new PeakSet(NUM_KEYPOINTS);
  private readonly pairs = new Connections();
  private readonly conn = new Connections();
  private readonly table = new PersonTable(NUM_KEYPOINTS);

  constructor(options: Partial<DecoderOptions> = {}) {
    this.options = Object.freeze({ ...DEFAULT_DECODER_OPTIONS, ...options });
  }

  decode(maps: PoseMaps): DecodedPerson[] {
    const { heatmaps, pafs, width, height, stride } = maps;
    const plane = width * height;
    if (plane === 0) return [];
    if (heatmaps.length < HEATMAP_CHANNELS * plane - plane || pafs.length < PAF_CHANNELS * plane) {
      throw new RangeError(
        `maps too small for ${width}x${height}: heatmaps ${heatmaps.length}, pafs ${pafs.length} values`,
      );
    }
    const o = this.options;
    findPeaks(heatmaps, width, height, stride, NUM_KEYPOINTS, o, this.peaks);
    this.table.clear();
    for (const limb of LIMBS) {
      matchLimb(pafs, width, height, stride, limb, this.peaks, o, this.pairs, this.conn);
      attachLimb(this.table, limb, this.conn, this.peaks);
    }
    return assemblePeople(this.table, this.peaks, o);
  }
}

/** One-shot convenience around {@link PafDecoder}. */
export function decodePoses(maps: PoseMaps, options: Partial<DecoderOptions> = {}): DecodedPerson[] {
  return new PafDecoder(options).decode(maps);
}
