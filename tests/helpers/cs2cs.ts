import { execFileSync } from "node:child_process";
import type { Position } from "geojson";

/**
 * PROJ's cs2cs (Debian `proj-bin`), the independent reference for projections: never proj4js, which the code
 * under test uses. Positions are x-first ([lon, lat] or [easting, northing]); cs2cs itself takes EPSG axis
 * order (lat/lon, and northing first for the CGCS2000 GK systems), so the axes are swapped on the way in and out.
 */
export function cs2cs(from: string, to: string, positions: Position[]): Position[] {
  const input = positions.map(([x, y]) => `${y} ${x}`).join("\n");
  const output = execFileSync("cs2cs", ["-f", "%.10f", from, to], { input, encoding: "utf8" });
  return output
    .trim()
    .split("\n")
    .map((line) => {
      const [first, second] = line.trim().split(/\s+/).map(Number);
      if (!Number.isFinite(first) || !Number.isFinite(second)) {
        throw new Error(`cs2cs ${from} → ${to} printed "${line.trim()}"`);
      }
      return [second, first];
    });
}
