/**
 * What a DXF says about itself is not trusted (issue 15 items 1 and 4): dxf-parser loops over an
 * LWPOLYLINE's declared vertex count (group code 90) even past the end of the file, so a 140-byte file
 * declaring 2,147,483,647 vertices exhausts memory. Before parsing, every declared count is replaced by the
 * number of vertices the entity really has (one linear pass), and after parsing, coordinates must be finite
 * and the number of rings bounded before any O(n²) nesting work.
 */
export const MAX_DXF_RINGS = 10_000;

/** The DXF text with each LWPOLYLINE's group 90 equal to its count of group 10 (X) values. */
export function withTrueVertexCounts(text: string): string {
  const lines = text.split(/\r?\n/);
  let countLine = -1;
  let vertices = 0;
  let inPolyline = false;
  const settle = () => {
    if (countLine >= 0) lines[countLine] = String(vertices);
    countLine = -1;
    vertices = 0;
  };
  for (let at = 0; at + 1 < lines.length; at += 2) {
    const code = lines[at].trim();
    if (code === "0") {
      if (inPolyline) settle();
      inPolyline = lines[at + 1].trim() === "LWPOLYLINE";
    } else if (inPolyline && code === "90") {
      countLine = at + 1;
    } else if (inPolyline && code === "10") {
      vertices++;
    }
  }
  if (inPolyline) settle();
  return lines.join("\n");
}

/** The first position that is not two finite numbers, or undefined. */
export function firstNonFinite(positions: number[][]): number[] | undefined {
  return positions.find((position) => !Number.isFinite(position[0]) || !Number.isFinite(position[1]));
}
