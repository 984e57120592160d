/**
 * A small, dependency-free BVH (Biovision Hierarchy) parser: the hierarchy, every joint's channels and
 * the motion table as one Float32Array. Reusable for import/export; see `bvh/fk.ts` for forward kinematics.
 */

/** One BVH channel. */
export type BvhChannel = 'Xposition' | 'Yposition' | 'Zposition' | 'Xrotation' | 'Yrotation' | 'Zrotation';

const CHANNEL_NAMES: readonly BvhChannel[] = [
  'Xposition',
  'Yposition',
  'Zposition',
  'Xrotation',
  'Yrotation',
  'Zrotation',
] as const;

/** One joint (ROOT or JOINT) of a BVH hierarchy. */
export interface BvhJoint {
  readonly name: string;
  /** Index of the parent joint in `BvhClip.joints`, -1 for the root. */
  readonly parent: number;
  /** Rest offset from the parent joint, in the file's units. */
  readonly offset: readonly [number, number, number];
  /** Channels in file order (rotation order is the order of the rotation channels). */
  readonly channels: readonly BvhChannel[];
  /** Column of this joint's first channel in a motion row. */
  readonly channelOffset: number;
  /** Offset of this joint's `End Site`, when it has one. */
  readonly endSite: readonly [number, number, number] | null;
}

/** A parsed BVH file. */
export interface BvhClip {
  /** Joints in file order; a parent always precedes its children. */
  readonly joints: readonly BvhJoint[];
  readonly frameCount: number;
  /** Seconds per frame. */
  readonly frameTime: number;
  /** Values per motion row (sum of all joints' channels). */
  readonly channelCount: number;
  /** Motion table, `frameCount × channelCount`, row-major. */
  readonly data: Float32Array;
}

/** Thrown for malformed BVH text; the message says where. */
export class BvhParseError extends Error {
  constructor(message: string) {
    super(`BVH: ${message}`);
    this.name = 'BvhParseError';
  }
}

/** Parses BVH text. Throws {@link BvhParseError} on malformed input. */
export function parseBvh(text: string): BvhClip {
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  let i = 0;
  const next = (what: string): string => {
    if (i >= tokens.length) throw new BvhParseError(`unexpected end of file, expected ${what}`);
    return tokens[i++];
  };
  const expect = (word: string): void => {
    const t = next(word);
    if (t.toUpperCase() !== word.toUpperCase()) throw new BvhParseError(`expected "${word}", found "${t}" (token ${i})`);
  };
  const num = (what: string): number => {
    const t = next(what);
    const v = Number(t);
    if (!Number.isFinite(v)) throw new BvhParseError(`expected a number for ${what}, found "${t}" (token ${i})`);
    return v;
  };

  expect('HIERARCHY');
  const joints: BvhJoint[] = [];
  let channelCount = 0;

  const parseJoint = (parent: number): void => {
    const name = next('joint name');
    expect('{');
    expect('OFFSET');
    const offset: [number, number, number] = [num('offset x'), num('offset y'), num('offset z')];
    expect('CHANNELS');
    const n = num('channel count');
    if (!Number.isInteger(n) || n < 0 || n > 6) throw new BvhParseError(`joint "${name}" has ${n} channels`);
    const channels: BvhChannel[] = [];
    for (let c = 0; c < n; c++) {
      const ch = next('channel name');
      const found = CHANNEL_NAMES.find((k) => k.toLowerCase() === ch.toLowerCase());
      if (!found) throw new BvhParseError(`joint "${name}": unknown channel "${ch}"`);
      channels.push(found);
    }
    const index = joints.length;
    const joint = { name, parent, offset, channels, channelOffset: channelCount, endSite: null as BvhJoint['endSite'] };
    joints.push(joint);
    channelCount += n;
    for (;;) {
      const t = next('JOINT, End Site or }');
      const u = t.toUpperCase();
      if (u === '}') break;
      if (u === 'JOINT') parseJoint(index);
      else if (u === 'END') {
        expect('Site');
        expect('{');
        expect('OFFSET');
        joint.endSite = [num('end x'), num('end y'), num('end z')];
        expect('}');
      } else throw new BvhParseError(`unexpected "${t}" in joint "${name}"`);
    }
  };

  expect('ROOT');
  parseJoint(-1);
  while (i < tokens.length && tokens[i].toUpperCase() === 'ROOT') {
    throw new BvhParseError('files with more than one ROOT are not supported');
  }
  expect('MOTION');
  expect('Frames:');
  const frameCount = num('frame count');
  expect('Frame');
  expect('Time:');
  const frameTime = num('frame time');
  if (!Number.isInteger(frameCount) || frameCount < 0) throw new BvhParseError(`bad frame count ${frameCount}`);
  if (!(frameTime > 0)) throw new BvhParseError(`bad frame time ${frameTime}`);
  const total = frameCount * channelCount;
  if (tokens.length - i < total) {
    throw new BvhParseError(`motion has ${tokens.length - i} values, expected ${frameCount} × ${channelCount}`);
  }
  const data = new Float32Array(total);
  for (let k = 0; k < total; k++) {
    const v = Number(tokens[i++]);
    if (!Number.isFinite(v)) throw new BvhParseError(`non-numeric motion value "${tokens[i - 1]}" at frame ${Math.floor(k / channelCount)}`);
    data[k] = v;
  }
  return { joints, frameCount, frameTime, channelCount, data };
}
