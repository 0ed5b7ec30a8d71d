import type { Position } from "geojson";
import { useEffect, useRef, useState } from "react";
import type { MapView } from "../map/map-view.js";
import { type SketchShape, ToolSketchLayer } from "../map/tool-sketch-layer.js";

export interface ToolSketch {
  points: Position[];
  clear(): void;
  /** The block drawn at a clicked lon/lat (merge picks its partner this way). */
  blockIdAt(lngLat: Position): number | null;
}

/**
 * Points clicked on the map while a tool is open (measure, split line), drawn by ToolSketchLayer; Esc clears,
 * Backspace removes the last point. `onClick` sees each click too (merge picks a block instead of a point).
 */
export function useToolSketch(
  mapView: MapView | null,
  shape: SketchShape,
  collect: boolean,
  onClick?: (lngLat: Position) => void,
): ToolSketch {
  const [points, setPoints] = useState<Position[]>([]);
  const layerRef = useRef<ToolSketchLayer | null>(null);
  const onClickRef = useRef(onClick);
  onClickRef.current = onClick;

  useEffect(() => {
    if (!mapView) return;
    layerRef.current = new ToolSketchLayer(mapView.map);
    // While points are collected a click is a point, never also a block selected under it.
    const unsubscribe = mapView.onMapClick(
      (lngLat) => {
        onClickRef.current?.(lngLat);
        if (collect) setPoints((current) => [...current, lngLat]);
      },
      { captures: collect },
    );
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement) return;
      if (event.key === "Escape") setPoints([]);
      if (event.key === "Backspace") setPoints((current) => current.slice(0, -1));
    };
    window.addEventListener("keydown", onKey);
    return () => {
      unsubscribe();
      window.removeEventListener("keydown", onKey);
      layerRef.current?.destroy();
      layerRef.current = null;
    };
  }, [mapView, collect]);

  useEffect(() => {
    layerRef.current?.show(points, shape);
  }, [points, shape]);

  return {
    points,
    clear: () => setPoints([]),
    blockIdAt: (lngLat) => layerRef.current?.blockIdAt(lngLat) ?? null,
  };
}
