import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/record/crc32';
import { createRecorder } from '../../src/record/recorder';
import { exportOpenPoseZip, openPoseFileName, type OpenPoseFrame } from '../../src/record/openpose-json';
import { unzipStore, zipStore } from '../../src/record/zip';
import { FRAME_MS, syntheticPerson } from './synthetic';

describe('zip (STORE)', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('round trips entries, names in UTF-8, empty files included', () => {
    const enc = new TextEncoder();
    const entries = [
      { name: 'a.json', data: enc.encode('{"x":1}') },
      { name: 'dir/ü-ñ.txt', data: enc.encode('héllo') },
      { name: 'empty', data: new Uint8Array(0) },
    ];
    const zip = zipStore(entries);
    expect(new DataView(zip.buffer).getUint32(0, true)).toBe(0x04034b50);
    const back = unzipStore(zip);
    expect(back.map((e) => e.name)).toEqual(entries.map((e) => e.name));
    back.forEach((e, i) => expect(Array.from(e.data)).toEqual(Array.from(entries[i].data)));
    const bad = zip.slice();
    bad[30 + 6] ^= 0xff; // corrupt the first file's data
    expect(() => unzipStore(bad)).toThrow(/CRC mismatch for a\.json/);
  });
});

describe('OpenPose JSON export', () => {
  const record = () => {
    const rec = createRecorder();
    rec.start();
    for (let i = 0; i < 40; i++) {
      const people = [syntheticPerson(3, i)];
      if (i >= 10 && i < 30 && i !== 20) people.push(syntheticPerson(8, i)); // person 8 misses frame 20
      rec.addFrame(i * FRAME_MS, people);
    }
    return rec;
  };

  it("writes one file per frame in OpenPose's format, N frames in → N files out", () => {
    const rec = record();
    const clip = rec.clip(8)!;
    const { zip, frameCount } = exportOpenPoseZip(clip, { baseName: 'take' });
    expect(frameCount).toBe(20);
    const files = unzipStore(zip);
    expect(files.map((f) => f.name)).toEqual(Array.from({ length: 20 }, (_, i) => openPoseFileName('take', i)));
    expect(files[0].name).toBe('take_000000000000_keypoints.json');
    const frame = JSON.parse(new TextDecoder().decode(files[0].data)) as OpenPoseFrame;
    expect(Object.keys(frame)).toEqual(['version', 'people']);
    expect(frame.version).toBe(1.3);
    expect(frame.people).toHaveLength(1);
    const p = frame.people[0];
    expect(Object.keys(p)).toEqual([
      'person_id',
      'pose_keypoints_2d',
      'face_keypoints_2d',
      'hand_left_keypoints_2d',
      'hand_right_keypoints_2d',
      'pose_keypoints_3d',
      'face_keypoints_3d',
      'hand_left_keypoints_3d',
      'hand_right_keypoints_3d',
    ]);
    expect(p.person_id).toEqual([8]);
    expect(p.pose_keypoints_2d).toHaveLength(18 * 3);
    // Recorded with hands and face off: their arrays are [] as OpenPose writes them without --hand / --face
    // (with them on: fingers.test.ts, face-keypoints.test.ts); 3D arrays are always [].
    for (const k of ['face_keypoints_2d', 'hand_left_keypoints_2d', 'hand_right_keypoints_2d', 'pose_keypoints_3d', 'face_keypoints_3d', 'hand_left_keypoints_3d', 'hand_right_keypoints_3d'] as const) {
      expect(p[k]).toEqual([]);
    }
    const src = syntheticPerson(8, 10).keypoints as Float32Array;
    expect(p.pose_keypoints_2d[0]).toBeCloseTo(src[0], 3);
    expect(p.pose_keypoints_2d[2]).toBeCloseTo(src[2], 5);
    expect(p.pose_keypoints_2d.slice(9, 12)).toEqual([0, 0, 0]); // keypoint 3 missing → 0,0,0
    // The absent frame (recording frame 20 = clip frame 10) has no people.
    expect(JSON.parse(new TextDecoder().decode(files[10].data)).people).toEqual([]);
  });

  it('bundles every person per frame when given all clips', () => {
    const rec = record();
    const { zip, frameCount } = exportOpenPoseZip(rec.clips());
    expect(frameCount).toBe(rec.frameCount);
    const frames = unzipStore(zip).map((f) => JSON.parse(new TextDecoder().decode(f.data)) as OpenPoseFrame);
    expect(frames[5].people.map((p) => p.person_id[0])).toEqual([3]);
    expect(frames[15].people.map((p) => p.person_id[0])).toEqual([3, 8]);
    expect(frames[20].people.map((p) => p.person_id[0])).toEqual([3]);
  });
});
