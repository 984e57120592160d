import type { Variant } from './variants.ts';

export const MATERIAL_KEYS = ['skin', 'lid', 'shirt', 'pants', 'shoes', 'hair', 'brow', 'lash', 'eyeWhite', 'iris', 'pupil', 'mouth'] as const;
export type MaterialKey = (typeof MATERIAL_KEYS)[number];

/** Colours shared by every variant (sRGB hex). */
const FIXED_COLOURS = {
  skin: 0xf2c7a5,
  pants: 0x3a4154,
  shoes: 0xf4f1ea,
  eyeWhite: 0xfbfbf8,
  iris: 0x4a6e8f,
  pupil: 0x141418,
  mouth: 0x8a2f3a,
  lash: 0x2a1f1c,
} as const;

/**
 * Small features read better without the outline (it would swallow a 2 cm iris or a mouth line); the
 * eyelids are skin without it, so they blend into the face instead of drawing goggles.
 */
const NO_OUTLINE: ReadonlySet<MaterialKey> = new Set(['lid', 'brow', 'lash', 'eyeWhite', 'iris', 'pupil', 'mouth']);
/** Open surfaces (the hair cap, the eyelid shells and lash bands) are seen from inside too. */
const DOUBLE_SIDED: ReadonlySet<MaterialKey> = new Set(['hair', 'lid', 'lash']);

/** glTF colour factors are linear; the palette is written in sRGB. */
export function srgbHexToLinear(hex: number): [number, number, number] {
  const lin = (c: number): number => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return [lin((hex >> 16) & 0xff), lin((hex >> 8) & 0xff), lin(hex & 0xff)];
}

const round = (v: number): number => Math.round(v * 1e4) / 1e4;

export function materialColour(key: MaterialKey, variant: Variant): number {
  switch (key) {
    case 'shirt':
      return variant.shirt;
    case 'hair':
      return variant.hair;
    case 'brow':
      return darken(variant.hair, 0.75);
    case 'lid':
      return FIXED_COLOURS.skin;
    default:
      return FIXED_COLOURS[key];
  }
}

function darken(hex: number, f: number): number {
  const c = (shift: number): number => Math.round(((hex >> shift) & 0xff) * f) << shift;
  return c(16) | c(8) | c(0);
}

/**
 * A glTF material with a VRMC_materials_mtoon extension: soft two-tone cel shading, the shade a darker
 * tint of the base, plus a thin world-space outline. Viewers without MToon fall back to the PBR
 * base colour (fully rough, non-metallic), which still looks right.
 */
export function gltfMaterial(key: MaterialKey, variant: Variant): Record<string, unknown> {
  const base = srgbHexToLinear(materialColour(key, variant)).map(round);
  const shade = base.map((c) => round(c * 0.62));
  const outline = NO_OUTLINE.has(key) ? { outlineWidthMode: 'none' } : { outlineWidthMode: 'worldCoordinates', outlineWidthFactor: 0.0012, outlineColorFactor: [0.09, 0.07, 0.08], outlineLightingMixFactor: 1 };
  return {
    name: key,
    pbrMetallicRoughness: { baseColorFactor: [...base, 1], metallicFactor: 0, roughnessFactor: 1 },
    doubleSided: DOUBLE_SIDED.has(key),
    extensions: {
      VRMC_materials_mtoon: {
        specVersion: '1.0',
        transparentWithZWrite: false,
        renderQueueOffsetNumber: 0,
        shadeColorFactor: shade,
        shadingShiftFactor: -0.1,
        shadingToonyFactor: 0.85,
        giEqualizationFactor: 0.9,
        matcapFactor: [0, 0, 0],
        parametricRimColorFactor: [0, 0, 0],
        rimLightingMixFactor: 1,
        parametricRimFresnelPowerFactor: 5,
        parametricRimLiftFactor: 0,
        ...outline,
        uvAnimationScrollXSpeedFactor: 0,
        uvAnimationScrollYSpeedFactor: 0,
        uvAnimationRotationSpeedFactor: 0,
      },
    },
  };
}
