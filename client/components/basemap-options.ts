import { type Basemap, OWN_LAYERS_BASEMAP } from "../map/basemap.js";

/**
 * 底图 choices and their settings, kept in localStorage: our own layers (offline, the default — no request
 * leaves the intranet), Tianditu (天地图: CGCS2000 web-mercator tiles vec_w + cva_w, needs the user's key)
 * and a custom XYZ / WMTS-REST URL (an intranet tile server). Never a GCJ-02-offset basemap.
 */
export type BasemapKind = "own-layers" | "tianditu" | "custom";
export const BASEMAP_KINDS: BasemapKind[] = ["own-layers", "tianditu", "custom"];

export interface BasemapSettings {
  kind: BasemapKind;
  tiandituKey: string;
  customUrl: string;
}

const STORAGE_KEY = "bjhtz.basemap";
export const DEFAULT_BASEMAP_SETTINGS: BasemapSettings = {
  kind: "own-layers",
  tiandituKey: "",
  customUrl: "",
};
const TIANDITU_SUBDOMAINS = [0, 1, 2, 3, 4, 5, 6, 7];
const TIANDITU_MAX_ZOOM = 18;

export function loadBasemapSettings(storage: Pick<Storage, "getItem"> | undefined): BasemapSettings {
  const text = storage?.getItem(STORAGE_KEY);
  if (!text) return DEFAULT_BASEMAP_SETTINGS;
  try {
    const value = JSON.parse(text) as Partial<BasemapSettings>;
    return {
      kind: BASEMAP_KINDS.includes(value.kind as BasemapKind) ? (value.kind as BasemapKind) : "own-layers",
      tiandituKey: typeof value.tiandituKey === "string" ? value.tiandituKey : "",
      customUrl: typeof value.customUrl === "string" ? value.customUrl : "",
    };
  } catch {
    return DEFAULT_BASEMAP_SETTINGS;
  }
}

export function saveBasemapSettings(
  storage: Pick<Storage, "setItem"> | undefined,
  settings: BasemapSettings,
) {
  storage?.setItem(STORAGE_KEY, JSON.stringify(settings));
}

/** Why a choice cannot be shown yet (a setting is missing), or null. */
export function missingSetting(settings: BasemapSettings): "key" | "url" | null {
  if (settings.kind === "tianditu" && !settings.tiandituKey.trim()) return "key";
  if (settings.kind === "custom" && !settings.customUrl.trim()) return "url";
  return null;
}

/** The basemap of the settings; our own layers whenever a setting is missing. */
export function basemapOf(settings: BasemapSettings): Basemap {
  if (missingSetting(settings)) return OWN_LAYERS_BASEMAP;
  switch (settings.kind) {
    case "own-layers":
      return OWN_LAYERS_BASEMAP;
    case "tianditu": {
      const key = encodeURIComponent(settings.tiandituKey.trim());
      const tiles = (layer: "vec" | "cva") =>
        TIANDITU_SUBDOMAINS.map(
          (n) =>
            `https://t${n}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0` +
            `&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${key}`,
        );
      return {
        kind: "xyz",
        id: "tianditu",
        tiles: tiles("vec"),
        labelTiles: tiles("cva"),
        tileSizePx: 256,
        maxZoom: TIANDITU_MAX_ZOOM,
        attribution: "© 天地图 (国家地理信息公共服务平台)",
      };
    }
    case "custom":
      return {
        kind: "xyz",
        id: "custom",
        tiles: [settings.customUrl.trim()],
        tileSizePx: 256,
        maxZoom: 19,
        attribution: "",
      };
  }
}
