/** Decoder cost against the number of people, on maps the size hpe0001 gives at 656×368. */
import { PafDecoder } from '../../src/pose/decoder';
import { renderMaps, standingPerson } from '../../tests/pose/synthetic-maps';
import { median, timeRuns } from './stats';

export const DECODE_PEOPLE_COUNTS = [0, 1, 2, 6, 12, 24] as const;
const INPUT_W = 656;
const INPUT_H = 368;

export async function benchDecode(runs = 200): Promise<{ people: number; found: number; ms: number }[]> {
  const decoder = new PafDecoder();
  const out: { people: number; found: number; ms: number }[] = [];
  for (const n of DECODE_PEOPLE_COUNTS) {
    const cols = Math.ceil(Math.sqrt(n * (INPUT_W / INPUT_H)));
    const rows = Math.max(1, Math.ceil(n / Math.max(1, cols)));
    const cellW = INPUT_W / Math.max(1, cols), cellH = INPUT_H / rows;
    const people = Array.from({ length: n }, (_, i) => {
      const c = i % cols, r = Math.floor(i / cols);
      return standingPerson((c + 0.5) * cellW, r * cellH + cellH * 0.15, cellH * 0.9);
    });
    const maps = renderMaps(people, INPUT_W, INPUT_H);
    const found = decoder.decode(maps).length;
    const times = await timeRuns(() => decoder.decode(maps), runs, 20);
    out.push({ people: n, found, ms: median(times) });
  }
  return out;
}
