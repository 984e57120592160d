import type { PersonTable } from './assemble';
import type { DecodedPerson, DecoderOptions } from './decoder';
import type { PeakSet } from './peaks';

/** Turns the assembly table into people, filtered by part count and mean affinity and ranked. */
export function assemblePeople(table: PersonTable, peaks: PeakSet, o: Readonly<DecoderOptions>): DecodedPerson[] {
  const people: DecodedPerson[] = [];
  const n = table.partCount;
  for (let p = 0; p < table.count; p++) {
    const size = table.size[p];
    if (size < o.minParts || table.affinity[p] / size < o.minMeanAffinity) continue;
    const keypoints = new Float32Array(n * 3);
    let scoreSum = 0;
    for (let k = 0; k < n; k++) {
      const c = table.get(p, k);
      if (c < 0) continue;
      keypoints[k * 3] = peaks.x[c];
      keypoints[k * 3 + 1] = peaks.y[c];
      keypoints[k * 3 + 2] = peaks.score[c];
      scoreSum += peaks.score[c];
    }
    people.push({ keypoints, partCount: size, affinity: table.affinity[p], score: scoreSum / size });
  }
  // Rank as the reference's COCO export does: affinity weighted by the number of limbs.
  people.sort((a, b) => b.affinity * (b.partCount - 1) - a.affinity * (a.partCount - 1));
  if (o.maxPeople > 0 && people.length > o.maxPeople) people.length = o.maxPeople;
  return people;
}
