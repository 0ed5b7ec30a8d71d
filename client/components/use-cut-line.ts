import { useEffect, useRef } from "react";
import type { BlockFeature } from "../api/blocks.js";
import { boundingBoxOf } from "../geo/bbox.js";
import { labelPoint } from "../geo/label-point.js";
import { CutLineHandle } from "../map/cut-line-handle.js";
import type { MapView } from "../map/map-view.js";

/** Metres per degree (placing the line only). */
const METRES_PER_DEGREE = 111_320;

/**
 * The directional cut's line on the map while the cut is chosen (issue #18 item 9): dragging its handles turns
 * it; `onAngle` hears each whole degree and, with `done`, the release.
 */
export function useCutLine(
  mapView: MapView | null,
  block: BlockFeature,
  angleDegrees: number,
  enabled: boolean,
  onAngle: (angleDegrees: number, done: boolean) => void,
): void {
  const handleRef = useRef<CutLineHandle | null>(null);
  const onAngleRef = useRef(onAngle);
  onAngleRef.current = onAngle;
  const angleRef = useRef(angleDegrees);
  angleRef.current = angleDegrees;
  const geometry = block.geometry;

  useEffect(() => {
    if (!mapView || !enabled) return;
    const handle = new CutLineHandle(mapView.map, {
      ...placement(geometry),
      angleDegrees: angleRef.current,
      onAngle: (angle, done) => onAngleRef.current(angle, done),
    });
    handleRef.current = handle;
    return () => {
      handle.destroy();
      handleRef.current = null;
    };
  }, [mapView, enabled, geometry]);

  useEffect(() => {
    handleRef.current?.update({
      ...placement(geometry),
      angleDegrees,
      onAngle: (angle, done) => onAngleRef.current(angle, done),
    });
  }, [angleDegrees, geometry]);
}

/** The line turns about the block's label point and reaches a little past its box. */
function placement(geometry: BlockFeature["geometry"]) {
  const centre = labelPoint(geometry);
  const [west, south, east, north] = boundingBoxOf([{ type: "Feature", properties: {}, geometry }]) ?? [
    centre[0],
    centre[1],
    centre[0],
    centre[1],
  ];
  const widthM = (east - west) * METRES_PER_DEGREE * Math.cos((centre[1] * Math.PI) / 180);
  const heightM = (north - south) * METRES_PER_DEGREE;
  return { centre, halfLengthM: Math.max(50, Math.hypot(widthM, heightM) * 0.45) };
}
