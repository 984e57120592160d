/** GLTFExporter plugin that writes the VRMC_vrm_animation 1.0 extension. */
import type { Object3D } from 'three';
import type { GLTFExporterPlugin, GLTFWriter } from 'three/examples/jsm/exporters/GLTFExporter.js';
import type { VRMHumanBoneName } from '@pixiv/three-vrm';

/** Extension name (https://github.com/vrm-c/vrm-specification/tree/master/specification/VRMC_vrm_animation-1.0). */
export const VRMA_EXTENSION = 'VRMC_vrm_animation';
/** The spec version written. */
export const VRMA_SPEC_VERSION = '1.0';

/** The scene objects the extension points at. */
export interface VrmaNodeRefs {
  readonly humanBones: ReadonlyMap<VRMHumanBoneName, Object3D>;
  readonly presetExpressions: ReadonlyMap<string, Object3D>;
  readonly customExpressions: ReadonlyMap<string, Object3D>;
}

/** The writer internals the plugin touches (GLTFWriter's public-but-untyped fields). */
interface WriterInternals {
  json: { extensions?: Record<string, unknown> };
  extensionsUsed: Record<string, boolean>;
  nodeMap: Map<Object3D, number>;
}

/** Creates the plugin for `exporter.register(...)`. */
export function vrmaExporterPlugin(refs: VrmaNodeRefs): (writer: GLTFWriter) => GLTFExporterPlugin {
  return (writer) => ({
    afterParse() {
      const w = writer as unknown as WriterInternals;
      const node = (o: Object3D): number => {
        const i = w.nodeMap.get(o);
        if (i === undefined) throw new Error(`VRMA export: node "${o.name}" was not exported`);
        return i;
      };
      const humanBones: Record<string, { node: number }> = {};
      for (const [bone, o] of refs.humanBones) humanBones[bone] = { node: node(o) };
      const ext: Record<string, unknown> = { specVersion: VRMA_SPEC_VERSION, humanoid: { humanBones } };
      if (refs.presetExpressions.size > 0 || refs.customExpressions.size > 0) {
        const preset: Record<string, { node: number }> = {};
        const custom: Record<string, { node: number }> = {};
        for (const [n, o] of refs.presetExpressions) preset[n] = { node: node(o) };
        for (const [n, o] of refs.customExpressions) custom[n] = { node: node(o) };
        ext.expressions = { ...(refs.presetExpressions.size ? { preset } : {}), ...(refs.customExpressions.size ? { custom } : {}) };
      }
      w.json.extensions ??= {};
      w.json.extensions[VRMA_EXTENSION] = ext;
      w.extensionsUsed[VRMA_EXTENSION] = true;
    },
  });
}
