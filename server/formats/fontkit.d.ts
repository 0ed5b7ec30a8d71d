/**
 * The little of fontkit 2 (pdfkit's own font parser) that block-map-pdf.ts uses: parse a font once and hand the
 * parsed font to pdfkit (PDFFontFactory.open takes an object with `layout`). No @types/fontkit: the one
 * function is declared here.
 */
declare module "fontkit" {
  export interface Font {
    layout(text: string, features?: unknown): unknown;
    postscriptName: string;
  }
  export interface FontCollection {
    fonts: Font[];
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font | FontCollection;
}
