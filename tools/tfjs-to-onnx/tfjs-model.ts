/**
 * The parts of a TFJS graph-model `model.json` the converter reads, and loading it with its weight
 * shards from the file system.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TfjsToOnnxError } from './errors';

/** One attribute value of a GraphDef node, as the TFJS converter serialises it to JSON. */
export interface TfjsAttrValue {
  /** Base64 string. */
  s?: string;
  /** int64 as a decimal string. */
  i?: string;
  f?: number;
  b?: boolean;
  type?: string;
  shape?: { dim?: { size: string }[]; unknownRank?: boolean };
  list?: { s?: string[]; i?: string[]; f?: number[] };
  tensor?: { dtype?: string; tensorShape?: { dim?: { size: string }[] } };
}

export interface TfjsNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, TfjsAttrValue>;
}

/** How a weight is stored in its shard, when it is not stored as its own dtype. */
export interface TfjsQuantization {
  dtype: 'uint8' | 'uint16' | 'float16';
  /** Affine uint8/uint16: value = q * scale + min. */
  scale?: number;
  min?: number;
  original_dtype?: string;
}

export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: TfjsQuantization;
}

export interface TfjsWeightGroup {
  paths: string[];
  weights: TfjsWeightSpec[];
}

export interface TfjsModelJson {
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
  modelTopology: { node: TfjsNode[]; versions?: { producer?: number } };
  weightsManifest: TfjsWeightGroup[];
  signature?: {
    inputs?: Record<string, { name: string }>;
    outputs?: Record<string, { name: string }>;
  };
}

/** A model.json and the bytes of each weight group (its shards concatenated, in manifest order). */
export interface TfjsModelArtifacts {
  json: TfjsModelJson;
  /** One buffer per weightsManifest group. */
  groupData: Uint8Array[];
}

/** Parses and sanity-checks a model.json: it must be a graph model with a weights manifest. */
export function parseModelJson(text: string, source: string): TfjsModelJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TfjsToOnnxError(`${source}: not valid JSON (${(e as Error).message})`);
  }
  const m = json as Partial<TfjsModelJson>;
  if (!Array.isArray(m.modelTopology?.node) || !Array.isArray(m.weightsManifest)) {
    throw new TfjsToOnnxError(`${source}: not a TFJS graph model (needs modelTopology.node and weightsManifest)`);
  }
  return m as TfjsModelJson;
}

/** Reads model.json and its weight shards (paths relative to the JSON file, as TFJS resolves them). */
export function readTfjsModel(jsonPath: string): TfjsModelArtifacts {
  if (!existsSync(jsonPath)) throw new TfjsToOnnxError(`model file not found: ${jsonPath}`);
  const json = parseModelJson(readFileSync(jsonPath, 'utf8'), jsonPath);
  const dir = dirname(jsonPath);
  const groupData = json.weightsManifest.map((group) => {
    const shards = group.paths.map((p) => {
      const path = join(dir, p);
      if (!existsSync(path) || !statSync(path).isFile()) {
        throw new TfjsToOnnxError(`weight shard "${p}" of ${jsonPath} not found (looked for ${path})`);
      }
      return new Uint8Array(readFileSync(path));
    });
    return concatBytes(shards);
  });
  return { json, groupData };
}

/** Every file a model is made of (model.json first), e.g. to hash the conversion's inputs. */
export function modelFiles(jsonPath: string): string[] {
  const json = parseModelJson(readFileSync(jsonPath, 'utf8'), jsonPath);
  return [jsonPath, ...json.weightsManifest.flatMap((g) => g.paths.map((p) => join(dirname(jsonPath), p)))];
}

function concatBytes(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
