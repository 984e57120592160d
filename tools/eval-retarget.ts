/**
 * Retargeting round trip on any BVH: `npm run eval:retarget -- --bvh FILE [--yaw DEG] [--noise PX] [--camera follow|fixed] [--json]`
 *
 * FK → COCO-18 joints → pinhole projection (yaw around the person, optional Gaussian 2D noise) → pose
 * solver → avatar → per-limb 3D angle error against the mocap. Same code as tests/retarget.
 * --camera follow (default: the camera orbits with the person's smoothed heading, so the yaw is the
 * viewpoint on every frame) or fixed (one camera, yaw relative to the clip's mean facing).
 * --pitch DEG tilts the camera (> 0 looking down, < 0 up; default 0, level); the solver is told the tilt
 * unless --untold-pitch (what a user who leaves the setting at 0 gets).
 * Options: --vrm FILE (default ../shared/assets/vrm/debug_robot_vrm1.vrm), --fov DEG (50),
 * --width/--height PX (640×480), --step N (every n-th frame), --seed N.
 * With --json the last line printed is one JSON object {"frames", "meanDeg", "p95Deg", "signFlips", ...}.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadVrmNode } from '../src/avatar-node/load-vrm-node';
import { MAX_CAMERA_PITCH_DEG } from '../src/retarget/camera';
import { formatRoundTripReport, groundTruthFromBvhText, runRoundTrip, type CameraMode } from '../src/retarget/eval';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_VRM = path.resolve(ROOT, '../shared/assets/vrm/debug_robot_vrm1.vrm');

const USAGE = `usage: npm run eval:retarget -- --bvh FILE [--yaw DEG] [--noise PX] [--camera follow|fixed] [--json]
       [--pitch DEG] [--untold-pitch] [--vrm FILE] [--fov DEG] [--width PX] [--height PX] [--step N] [--seed N]`;

function parseArgs(argv: string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"\n${USAGE}`);
    const key = a.slice(2);
    if (key === 'json' || key === 'help' || key === 'untold-pitch') out[key] = true;
    else {
      const v = argv[++i];
      if (v === undefined) throw new Error(`--${key} needs a value\n${USAGE}`);
      out[key] = v;
    }
  }
  return out;
}

function num(args: Record<string, string | boolean>, key: string, def: number): number {
  const v = args[key];
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${key} must be a number, got "${v}"`);
  return n;
}

function cameraMode(args: Record<string, string | boolean>): CameraMode {
  const v = args.camera ?? 'follow';
  if (v !== 'follow' && v !== 'fixed') throw new Error(`--camera must be follow or fixed, got "${String(v)}"`);
  return v;
}

function pitch(args: Record<string, string | boolean>): number {
  const p = num(args, 'pitch', 0);
  if (Math.abs(p) > MAX_CAMERA_PITCH_DEG) throw new Error(`--pitch must be within ±${MAX_CAMERA_PITCH_DEG}°, got ${p}`);
  return p;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || typeof args.bvh !== 'string') {
    console.error(USAGE);
    return args.help ? 0 : 2;
  }
  const bvhPath = path.resolve(args.bvh);
  if (!existsSync(bvhPath)) throw new Error(`BVH file not found: ${bvhPath}`);
  const vrmPath = typeof args.vrm === 'string' ? path.resolve(args.vrm) : DEFAULT_VRM;
  if (!existsSync(vrmPath)) throw new Error(`VRM file not found: ${vrmPath} (pass --vrm FILE)`);
  const gt = groundTruthFromBvhText(readFileSync(bvhPath, 'utf8'), path.basename(bvhPath));
  const { vrm } = await loadVrmNode(vrmPath);
  const report = runRoundTrip(gt, vrm, {
    yawDeg: num(args, 'yaw', 0),
    camera: cameraMode(args),
    noisePx: num(args, 'noise', 0),
    verticalFovDeg: num(args, 'fov', 50),
    pitchDeg: pitch(args),
    solver: args['untold-pitch'] ? { camera: { pitchDeg: 0 } } : {},
    imageWidth: num(args, 'width', 640),
    imageHeight: num(args, 'height', 480),
    frameStep: Math.max(1, Math.round(num(args, 'step', 1))),
    seed: num(args, 'seed', 1),
  });
  console.log(`skeleton: ${gt.mapping.skeleton.id}  avatar: ${path.basename(vrmPath)}`);
  for (const line of formatRoundTripReport(report)) console.log(line);
  if (args.json) {
    const round = (x: number, d = 3) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);
    console.log(
      JSON.stringify({
        frames: report.frames,
        meanDeg: round(report.meanDeg),
        p95Deg: round(report.p95Deg),
        signFlips: round(report.signFlips, 4),
        clearFlips: round(report.clearFlips, 4),
        reprojectionDeg: round(report.reprojectionDeg),
        maxTurnDegS: round(report.maxTurnDegS, 0),
        camera: report.camera,
        yawDeg: report.yawDeg,
        pitchDeg: report.pitchDeg,
        noisePx: report.noisePx,
        limbs: Object.fromEntries(
          [...report.limbs, ...report.torso].map((l) => [l.name, { meanDeg: round(l.meanDeg), p95Deg: round(l.p95Deg), signFlips: round(l.signFlips, 4), clearFlips: round(l.clearFlips, 4) }]),
        ),
      }),
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`eval:retarget: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
