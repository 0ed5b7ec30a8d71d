import type { CSSProperties } from "react";
import type { LineStyle } from "../map/palette.js";

interface LegendSwatchProps {
  fill: string | null;
  fillOpacity?: number;
  line: LineStyle | Omit<LineStyle, "color"> | null;
  lineColor?: string;
}

/** A small square showing a layer's fill and outline as the map draws them. */
export function LegendSwatch({ fill, fillOpacity = 1, line, lineColor }: LegendSwatchProps) {
  const color = lineColor ?? (line && "color" in line ? line.color : "transparent");
  const style: CSSProperties = {
    backgroundColor: fill ? withOpacity(fill, fillOpacity) : "transparent",
    borderColor: line ? color : "transparent",
    borderStyle: line?.dash ? (line.dash[0] < 1 ? "dotted" : "dashed") : "solid",
    borderWidth: `${Math.max(1, Math.round(line?.widthPx ?? 1))}px`,
  };
  return <span className="swatch" style={style} aria-hidden="true" />;
}

/** #RRGGBB + opacity → rgba(), so the swatch matches the translucent fill on the map. */
function withOpacity(hex: string, opacity: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${opacity})`;
}
