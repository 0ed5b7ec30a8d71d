import { LABEL_FONT_STACK, LABEL_HALO } from "./palette.js";

/**
 * Text settings shared by every label layer. `text-font` is a CSS font-family list: with no `glyphs` URL
 * in the style, MapLibre draws the labels locally with these fonts (see style.ts).
 */
export const TEXT_LAYOUT = {
  "text-font": LABEL_FONT_STACK,
  "text-max-width": 8,
  "text-line-height": 1.2,
  "text-padding": 4,
} as const;

export const TEXT_HALO = {
  "text-halo-color": LABEL_HALO.color,
  "text-halo-width": LABEL_HALO.widthPx,
  "text-halo-blur": 0.4,
} as const;
