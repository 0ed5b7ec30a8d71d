import { useEffect, useRef } from "react";
import type { LayerId, ZoneLabelCollection } from "../api/layers.js";
import { useMessages } from "../i18n/i18n-context.js";
import type { LayerVisibility } from "../map/layer-visibility.js";
import { MapView } from "../map/map-view.js";

interface MapHostProps {
  /** Changes after every block write: the block tiles are reloaded. */
  blocksVersion: number | undefined;
  /** The labelled reference layers' label points (their polygons come from the tiles). */
  labelData: Partial<Record<LayerId, ZoneLabelCollection>>;
  visibility: LayerVisibility;
  selectedBlockId: number | null;
  onBlockClick(blockId: number | null): void;
  /** Hands the MapView to the parent once (for zooming and the status bar), and null on unmount. */
  onMapView(mapView: MapView | null): void;
}

/** Creates the MapView once and feeds it; all map work happens in MapView. */
export function MapHost({
  blocksVersion,
  labelData,
  visibility,
  selectedBlockId,
  onBlockClick,
  onMapView,
}: MapHostProps) {
  const messages = useMessages();
  const containerRef = useRef<HTMLElement>(null);
  const mapViewRef = useRef<MapView | null>(null);
  const onBlockClickRef = useRef(onBlockClick);
  onBlockClickRef.current = onBlockClick;
  const onMapViewRef = useRef(onMapView);
  onMapViewRef.current = onMapView;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const mapView = new MapView({ container, onBlockClick: (id) => onBlockClickRef.current(id) });
    mapViewRef.current = mapView;
    onMapViewRef.current(mapView);
    return () => {
      onMapViewRef.current(null);
      mapViewRef.current = null;
      mapView.destroy();
    };
  }, []);

  useEffect(() => {
    for (const [id, collection] of Object.entries(labelData) as [LayerId, ZoneLabelCollection][]) {
      mapViewRef.current?.setReferenceLabels(id, collection);
    }
  }, [labelData]);

  useEffect(() => {
    if (blocksVersion !== undefined) mapViewRef.current?.setBlocksVersion(blocksVersion);
  }, [blocksVersion]);

  useEffect(() => {
    mapViewRef.current?.setVisibility(visibility);
  }, [visibility]);

  useEffect(() => {
    mapViewRef.current?.setSelectedBlock(selectedBlockId);
  }, [selectedBlockId]);

  return <section ref={containerRef} className="map" aria-label={messages.map.ariaLabel} />;
}
