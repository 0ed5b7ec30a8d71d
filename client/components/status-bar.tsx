import { useEffect, useState } from "react";
import type { toGaussKruger3 } from "../geo/gauss-kruger.js";
import { formatDegrees, formatMetres, formatZoom } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import type { LngLatPair, MapView } from "../map/map-view.js";

/**
 * Cursor position in CGCS2000 lon/lat and in Gauss-Krüger metres with its zone, and the zoom level.
 * Subscribes to the map itself, so pointer moves re-render only this bar.
 */
export function StatusBar({ mapView }: { mapView: MapView | null }) {
  const messages = useMessages();
  const { locale } = messages;
  const [cursor, setCursor] = useState<LngLatPair | null>(null);
  const [zoom, setZoom] = useState<number | null>(null);

  useEffect(() => {
    if (!mapView) return;
    const stopCursor = mapView.onCursorMove(setCursor);
    const stopZoom = mapView.onZoom(setZoom);
    return () => {
      stopCursor();
      stopZoom();
    };
  }, [mapView]);

  // proj4 (its own chunk) is loaded when the cursor first moves over the map.
  const [project, setProject] = useState<typeof toGaussKruger3 | null>(null);
  useEffect(() => {
    if (!cursor || project) return;
    void import("../geo/gauss-kruger.js").then((module) => setProject(() => module.toGaussKruger3));
  }, [cursor, project]);

  const gaussKruger = cursor && project ? project(cursor) : null;
  const text = messages.statusBar;
  const metres = (value: number) => `${formatMetres(locale, value)} ${messages.units.metres}`;
  return (
    <footer className="status-bar" data-testid="status-bar">
      {cursor ? (
        <>
          <span data-testid="cursor-lonlat">
            {`${text.lonLat}${formatDegrees(locale, cursor[0])}°E${text.separator}${formatDegrees(locale, cursor[1])}°N`}
          </span>
          {gaussKruger ? (
            <span data-testid="cursor-gauss-kruger">
              {`${text.gaussKruger(gaussKruger.zone, gaussKruger.centralMeridianDegrees)}${text.northing} ${metres(gaussKruger.northingM)}${text.separator}${text.easting} ${metres(gaussKruger.eastingM)}`}
            </span>
          ) : null}
        </>
      ) : (
        <span className="muted">{messages.statusBar.noCursor}</span>
      )}
      <span className="status-zoom" data-testid="zoom-level">
        {messages.statusBar.zoom}
        {zoom === null ? "—" : formatZoom(locale, zoom)}
      </span>
    </footer>
  );
}
