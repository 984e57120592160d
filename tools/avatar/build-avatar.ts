import { addBody } from './body.ts';
import { addFace, FACE_MORPHS } from './face.ts';
import { BUFFER_TARGET, GlbWriter } from './gltf-writer.ts';
import { addHead } from './head.ts';
import { gltfMaterial, MATERIAL_KEYS, type MaterialKey } from './materials.ts';
import { MeshBuilder, type MeshData } from './mesh-builder.ts';
import { BONE_NAMES, BONE_PARENTS, restPositions, type BoneName } from './skeleton.ts';
import type { Variant } from './variants.ts';
import { sub, type Vec3 } from './vec.ts';
import { vrmExtension } from './vrm-extension.ts';

/** Builds the two skinned meshes: the rigid body (incl. eyes) and the face features that carry morph targets. */
export function buildMeshes(): { body: MeshData; face: MeshData } {
  const body = new MeshBuilder('Body');
  addBody(body);
  addHead(body);
  const face = new MeshBuilder('Face', FACE_MORPHS);
  addFace(face);
  return { body: body.build(), face: face.build() };
}

/** Rounds a rest-pose offset so node translations print short and stable in the JSON. */
const r6 = (v: number): number => Math.round(v * 1e6) / 1e6;

/** The VRM 1.0 avatar for one colour variant, as GLB bytes. */
export function buildAvatar(variant: Variant, meshes = buildMeshes()): Uint8Array {
  const glb = new GlbWriter('webcam-mocap tools/make-avatars.ts');
  const json = glb.json;
  const rest = restPositions();
  const boneNode = (name: BoneName): number => BONE_NAMES.indexOf(name);

  json.nodes = BONE_PARENTS.map(([name, parent]) => {
    const local = parent ? sub(rest.get(name) as Vec3, rest.get(parent) as Vec3) : (rest.get(name) as Vec3);
    const children = BONE_PARENTS.filter(([, p]) => p === name).map(([c]) => boneNode(c));
    return { name, translation: local.map(r6), ...(children.length ? { children } : {}) };
  });

  // Identity rest rotations: the inverse bind matrix is just the negated rest position.
  const ibm = new Float32Array(16 * BONE_NAMES.length);
  BONE_NAMES.forEach((name, i) => {
    const p = rest.get(name) as Vec3;
    ibm.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -p[0], -p[1], -p[2], 1], i * 16);
  });
  json.skins = [{ name: 'Armature', inverseBindMatrices: glb.accessor(ibm, 'MAT4'), joints: BONE_NAMES.map(boneNode), skeleton: boneNode('hips') }];

  const used = [...new Set([...meshes.body.primitives, ...meshes.face.primitives].map((p) => p.material))];
  const materials = MATERIAL_KEYS.filter((k) => used.includes(k));
  json.materials = materials.map((k) => gltfMaterial(k, variant));
  const materialIndex = (k: MaterialKey): number => materials.indexOf(k);

  json.meshes = [meshes.body, meshes.face].map((m) => gltfMesh(glb, m, materialIndex));
  const bodyNode = json.nodes.length;
  json.nodes.push({ name: 'Body', mesh: 0, skin: 0 }, { name: 'Face', mesh: 1, skin: 0 });
  json.scenes = [{ name: 'Scene', nodes: [boneNode('hips'), bodyNode, bodyNode + 1] }];
  json.scene = 0;

  const head = rest.get('head') as Vec3;
  const eye = rest.get('leftEye') as Vec3;
  json.extensionsUsed = ['VRMC_vrm', 'VRMC_materials_mtoon'];
  json.extensions = {
    VRMC_vrm: vrmExtension(variant, { bone: boneNode, body: bodyNode, face: bodyNode + 1 }, [0, r6(eye[1] - head[1]), r6(eye[2] - head[2])]),
  };
  return glb.toGlb();
}

function gltfMesh(glb: GlbWriter, m: MeshData, materialIndex: (k: MaterialKey) => number): Record<string, unknown> {
  const V = BUFFER_TARGET.vertices;
  const attributes = {
    POSITION: glb.accessor(m.positions, 'VEC3', { target: V, minMax: true }),
    NORMAL: glb.accessor(m.normals, 'VEC3', { target: V }),
    JOINTS_0: glb.accessor(m.joints, 'VEC4', { target: V }),
    WEIGHTS_0: glb.accessor(m.weights, 'VEC4', { target: V }),
  };
  const targets = m.morphs.map((t) => ({ POSITION: glb.accessor(t.deltas, 'VEC3', { target: V, minMax: true }) }));
  return {
    name: m.name,
    primitives: m.primitives.map((p) => ({
      attributes,
      indices: glb.accessor(p.indices, 'SCALAR', { target: BUFFER_TARGET.indices }),
      material: materialIndex(p.material),
      mode: 4,
      ...(targets.length ? { targets } : {}),
    })),
    ...(targets.length ? { weights: targets.map(() => 0), extras: { targetNames: m.morphs.map((t) => t.name) } } : {}),
  };
}
