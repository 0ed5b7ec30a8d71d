import { useEffect, useMemo, useState } from "react";
import { useMessages } from "../i18n/i18n-context.js";
import type { MapView } from "../map/map-view.js";
import {
  BASEMAP_KINDS,
  type BasemapKind,
  type BasemapSettings,
  basemapOf,
  loadBasemapSettings,
  missingSetting,
  saveBasemapSettings,
} from "./basemap-options.js";

/** 底图 in the top bar: the choice, and a settings dialog for the Tianditu key and a custom tile URL. */
export function BasemapMenu({ mapView }: { mapView: MapView | null }) {
  const messages = useMessages();
  const text = messages.draw.basemap;
  const [settings, setSettings] = useState<BasemapSettings>(() =>
    loadBasemapSettings(globalThis.localStorage),
  );
  const [editing, setEditing] = useState(false);
  const basemap = useMemo(() => basemapOf(settings), [settings]);

  useEffect(() => {
    mapView?.setBasemap(basemap);
  }, [mapView, basemap]);

  const change = (next: BasemapSettings) => {
    setSettings(next);
    saveBasemapSettings(globalThis.localStorage, next);
    if (missingSetting(next)) setEditing(true);
  };
  const labels: Record<BasemapKind, string> = {
    "own-layers": text.own,
    tianditu: text.tianditu,
    custom: text.custom,
  };
  return (
    <div className="basemap-menu">
      <label>
        <span className="visually-hidden">{text.label}</span>
        <select
          data-testid="basemap-select"
          value={settings.kind}
          title={text.label}
          onChange={(event) => change({ ...settings, kind: event.target.value as BasemapKind })}
        >
          {BASEMAP_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {labels[kind]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        data-testid="basemap-settings"
        onClick={() => setEditing(true)}
        title={text.settings}
        aria-label={text.settings}
      >
        ⚙
      </button>
      {editing ? (
        <BasemapSettingsDialog
          settings={settings}
          onSave={(next) => {
            setEditing(false);
            change(next);
          }}
          onCancel={() => {
            setEditing(false);
            // A choice that cannot be shown without its setting falls back to our own layers.
            if (missingSetting(settings)) change({ ...settings, kind: "own-layers" });
          }}
        />
      ) : null}
    </div>
  );
}

function BasemapSettingsDialog({
  settings,
  onSave,
  onCancel,
}: {
  settings: BasemapSettings;
  onSave(settings: BasemapSettings): void;
  onCancel(): void;
}) {
  const text = useMessages().draw.basemap;
  const [key, setKey] = useState(settings.tiandituKey);
  const [url, setUrl] = useState(settings.customUrl);
  const missing = missingSetting({ ...settings, tiandituKey: key, customUrl: url });
  return (
    <div className="basemap-backdrop" role="presentation">
      <form
        className="basemap-dialog"
        role="dialog"
        aria-labelledby="basemap-dialog-title"
        data-testid="basemap-dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onSave({ ...settings, tiandituKey: key.trim(), customUrl: url.trim() });
        }}
      >
        <h2 id="basemap-dialog-title">{text.settingsTitle}</h2>
        <label>
          <span>{text.tiandituKey}</span>
          <input data-testid="basemap-key" value={key} onChange={(event) => setKey(event.target.value)} />
        </label>
        <p className="muted">{text.tiandituNote}</p>
        <label>
          <span>{text.customUrl}</span>
          <input
            data-testid="basemap-url"
            value={url}
            placeholder="https://tiles.example.gov.cn/{z}/{x}/{y}.png"
            onChange={(event) => setUrl(event.target.value)}
          />
        </label>
        <p className="muted">{text.customNote}</p>
        {missing ? <p className="error">{missing === "key" ? text.needKey : text.needUrl}</p> : null}
        <div className="form-buttons">
          <button type="submit" className="primary-button" data-testid="basemap-save">
            {text.save}
          </button>
          <button type="button" className="secondary-button" onClick={onCancel}>
            {text.cancel}
          </button>
        </div>
      </form>
    </div>
  );
}
