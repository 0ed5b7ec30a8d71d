import type { Feature, FeatureCollection, Position } from "geojson";
import type { GeoJSONSource, MapLayerMouseEvent, Map as MapLibreMap, MapMouseEvent } from "maplibre-gl";

const SOURCE = "cut-line";
const LAYERS = { line: "cut-line-line", handle: "cut-line-handle" };
const COLOR = "#c2410c";
/** Metres per degree of latitude, and of longitude at the equator (for placing the line only, never areas). */
const METRES_PER_DEGREE = 111_320;

export interface CutLineOptions {
  /** Where the line turns about (the block's label point, lon/lat). */
  centre: Position;
  /** Half the line's length on the ground, metres (about half the block's extent). */
  halfLengthM: number;
  /** The line's bearing, degrees clockwise from north (0..179, as the reduction request takes it). */
  angleDegrees: number;
  /** While dragging, each new whole-degree bearing; `done` on release. */
  onAngle(angleDegrees: number, done: boolean): void;
}

/**
 * The directional cut's line on the map (issue #18 item 9): a line through the block at the chosen bearing with
 * a round handle at each end; dragging a handle turns the line about the centre. The bearing is measured on the
 * screen (Web Mercator is conformal, so it is the ground bearing; the Gauss-Krüger grid the server cuts in is
 * within about a degree of it in Beijing). Kept across basemap switches (style.load).
 */
export class CutLineHandle {
  private options: CutLineOptions;
  private dragging = false;
  private readonly onStyleLoad = () => this.attach();
  private readonly onDown = (event: MapLayerMouseEvent) => this.startDrag(event);
  private readonly onMove = (event: MapMouseEvent) => this.drag(event);
  private readonly onUp = () => this.endDrag();
  private readonly onEnter = () => this.setCursor("grab");
  private readonly onLeave = () => this.setCursor(this.dragging ? "grabbing" : "");

  constructor(
    private readonly map: MapLibreMap,
    options: CutLineOptions,
  ) {
    this.options = options;
    map.on("style.load", this.onStyleLoad);
    if (map.isStyleLoaded()) this.attach();
    map.on("mousedown", LAYERS.handle, this.onDown);
    map.on("mouseenter", LAYERS.handle, this.onEnter);
    map.on("mouseleave", LAYERS.handle, this.onLeave);
  }

  /** A new bearing, centre or length from the panel (typed in the angle field, another block). */
  update(options: CutLineOptions): void {
    this.options = options;
    if (!this.dragging) this.render();
  }

  /** The handles' positions in lon/lat (for browser tests: where to grab). */
  handles(): Position[] {
    return this.ends(this.options.angleDegrees);
  }

  destroy(): void {
    this.endDrag();
    this.map.off("style.load", this.onStyleLoad);
    this.map.off("mousedown", LAYERS.handle, this.onDown);
    this.map.off("mouseenter", LAYERS.handle, this.onEnter);
    this.map.off("mouseleave", LAYERS.handle, this.onLeave);
    for (const id of Object.values(LAYERS)) if (this.map.getLayer(id)) this.map.removeLayer(id);
    if (this.map.getSource(SOURCE)) this.map.removeSource(SOURCE);
    this.setCursor("");
  }

  private startDrag(event: MapLayerMouseEvent): void {
    event.preventDefault();
    this.dragging = true;
    this.map.dragPan.disable();
    this.setCursor("grabbing");
    this.map.on("mousemove", this.onMove);
    this.map.once("mouseup", this.onUp);
  }

  private drag(event: MapMouseEvent): void {
    const angle = this.bearingTo(event);
    if (angle === null || angle === this.options.angleDegrees) return;
    this.options = { ...this.options, angleDegrees: angle };
    this.render();
    this.options.onAngle(angle, false);
  }

  private endDrag(): void {
    if (!this.dragging) return;
    this.dragging = false;
    this.map.off("mousemove", this.onMove);
    this.map.off("mouseup", this.onUp);
    this.map.dragPan.enable();
    this.setCursor("");
    this.options.onAngle(this.options.angleDegrees, true);
  }

  /** The bearing of the line from the centre to the pointer, whole degrees in 0..179 (a line has no head). */
  private bearingTo(event: MapMouseEvent): number | null {
    const centre = this.map.project([this.options.centre[0], this.options.centre[1]]);
    const dx = event.point.x - centre.x;
    const dy = centre.y - event.point.y;
    if (Math.hypot(dx, dy) < 4) return null;
    const screenDegrees = (Math.atan2(dx, dy) * 180) / Math.PI + this.map.getBearing();
    const whole = Math.round(((screenDegrees % 180) + 360) % 180);
    return whole === 180 ? 0 : whole;
  }

  private ends(angleDegrees: number): Position[] {
    const { centre, halfLengthM } = this.options;
    const theta = (angleDegrees * Math.PI) / 180;
    const dLat = (Math.cos(theta) * halfLengthM) / METRES_PER_DEGREE;
    const dLng =
      (Math.sin(theta) * halfLengthM) / (METRES_PER_DEGREE * Math.cos((centre[1] * Math.PI) / 180));
    return [
      [centre[0] - dLng, centre[1] - dLat],
      [centre[0] + dLng, centre[1] + dLat],
    ];
  }

  private collection(): FeatureCollection {
    const ends = this.ends(this.options.angleDegrees);
    const handles: Feature[] = ends.map((end) => ({
      type: "Feature",
      properties: {},
      geometry: { type: "Point", coordinates: end },
    }));
    return {
      type: "FeatureCollection",
      features: [
        { type: "Feature", properties: {}, geometry: { type: "LineString", coordinates: ends } },
        ...handles,
      ],
    };
  }

  private render(): void {
    this.map.getSource<GeoJSONSource>(SOURCE)?.setData(this.collection());
  }

  private setCursor(cursor: string): void {
    this.map.getCanvas().style.cursor = cursor;
  }

  private attach(): void {
    if (this.map.getSource(SOURCE)) return;
    this.map.addSource(SOURCE, { type: "geojson", data: this.collection() });
    this.map.addLayer({
      id: LAYERS.line,
      type: "line",
      source: SOURCE,
      filter: ["==", ["geometry-type"], "LineString"],
      paint: { "line-color": COLOR, "line-width": 2.5, "line-dasharray": [3, 2] },
    });
    this.map.addLayer({
      id: LAYERS.handle,
      type: "circle",
      source: SOURCE,
      filter: ["==", ["geometry-type"], "Point"],
      paint: {
        "circle-radius": 8,
        "circle-color": "#ffffff",
        "circle-stroke-color": COLOR,
        "circle-stroke-width": 3,
      },
    });
  }
}
