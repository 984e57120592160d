/**
 * Colour variants: the shirt carries the variant's colour and each has its own hair colour, so two
 * or three people on screen stay distinguishable at a glance. Colours are sRGB hex.
 */
export interface Variant {
  readonly id: string;
  readonly displayName: string;
  readonly shirt: number;
  readonly hair: number;
}

export const VARIANTS = [
  { id: 'teal', displayName: 'Default Avatar (Teal)', shirt: 0x1fb3a6, hair: 0x3b2a20 },
  { id: 'coral', displayName: 'Default Avatar (Coral)', shirt: 0xff6b5a, hair: 0x1e1b24 },
  { id: 'violet', displayName: 'Default Avatar (Violet)', shirt: 0x8458e8, hair: 0xd9b36c },
  { id: 'amber', displayName: 'Default Avatar (Amber)', shirt: 0xffb224, hair: 0x8a3b22 },
] as const satisfies readonly Variant[];

export type VariantId = (typeof VARIANTS)[number]['id'];
