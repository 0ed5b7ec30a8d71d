import {
  BLOCK_LEVELS,
  BLOCK_STATUSES,
  type BlockLevel,
  type BlockStatus,
} from "../../server/domain/block.js";
import type { BlockCounts } from "../api/blocks.js";
import type { LayerId, LayerInfo } from "../api/layers.js";
import { useMessages } from "../i18n/i18n-context.js";
import type { Messages } from "../i18n/zh-CN.js";
import type { LayerVisibility } from "../map/layer-visibility.js";
import {
  BLOCK_FILL_OPACITY,
  BLOCK_LEVEL_OUTLINES,
  BLOCK_STATUS_COLORS,
  REFERENCE_LAYER_STYLES,
} from "../map/palette.js";
import { LegendSwatch } from "./legend-swatch.js";

interface LayerCatalogueProps {
  layers: LayerInfo[];
  /** Blocks per level and status, from the server (GET /api/blocks/counts). */
  counts: BlockCounts;
  visibility: LayerVisibility;
  onChange(visibility: LayerVisibility): void;
}

/** 图层目录: reference layers, then blocks by level and by status, each with visibility and a swatch. */
export function LayerCatalogue({ layers, counts, visibility, onChange }: LayerCatalogueProps) {
  const messages = useMessages();
  const levelCounts = new Map<string, number>(Object.entries(counts.byLevel));
  const statusCounts = new Map<string, number>(Object.entries(counts.byStatus));

  return (
    <section className="catalogue" aria-labelledby="catalogue-title">
      <h2 id="catalogue-title" data-testid="catalogue-title">
        {messages.catalogue.title}
      </h2>
      <fieldset>
        <legend>{messages.catalogue.referenceLayers}</legend>
        {layers.map((layer) => {
          const style = REFERENCE_LAYER_STYLES[layer.id];
          return (
            <CatalogueEntry
              key={layer.id}
              testId={`layer-${layer.id}`}
              label={layerName(messages, layer)}
              checked={visibility.reference[layer.id] ?? false}
              onToggle={(checked) =>
                onChange({ ...visibility, reference: { ...visibility.reference, [layer.id]: checked } })
              }
              swatch={
                style ? (
                  <LegendSwatch
                    fill={style.fill}
                    fillOpacity={style.fillOpacity}
                    line={style.line ?? style.halo ?? null}
                  />
                ) : null
              }
            />
          );
        })}
      </fieldset>
      <fieldset>
        <legend>
          {messages.catalogue.blocks} · {messages.catalogue.byLevel}
        </legend>
        {BLOCK_LEVELS.map((level: BlockLevel) => (
          <CatalogueEntry
            key={level}
            testId={`level-${level}`}
            label={messages.level[level]}
            count={levelCounts.get(level) ?? 0}
            checked={visibility.levels[level]}
            onToggle={(checked) =>
              onChange({ ...visibility, levels: { ...visibility.levels, [level]: checked } })
            }
            swatch={<LegendSwatch fill="#FFFFFF" line={BLOCK_LEVEL_OUTLINES[level]} lineColor="#333333" />}
          />
        ))}
      </fieldset>
      <fieldset>
        <legend>
          {messages.catalogue.blocks} · {messages.catalogue.byStatus}
        </legend>
        {BLOCK_STATUSES.map((status: BlockStatus) => (
          <CatalogueEntry
            key={status}
            testId={`status-${status}`}
            label={messages.status[status]}
            count={statusCounts.get(status) ?? 0}
            checked={visibility.statuses[status]}
            onToggle={(checked) =>
              onChange({ ...visibility, statuses: { ...visibility.statuses, [status]: checked } })
            }
            swatch={
              <LegendSwatch
                fill={BLOCK_STATUS_COLORS[status].fill}
                fillOpacity={BLOCK_FILL_OPACITY}
                line={{ widthPx: 1, dash: null }}
                lineColor={BLOCK_STATUS_COLORS[status].line}
              />
            }
          />
        ))}
      </fieldset>
    </section>
  );
}

interface CatalogueEntryProps {
  testId: string;
  label: string;
  count?: number;
  checked: boolean;
  onToggle(checked: boolean): void;
  swatch: React.ReactNode;
}

function CatalogueEntry({ testId, label, count, checked, onToggle, swatch }: CatalogueEntryProps) {
  const messages = useMessages();
  return (
    <label className="catalogue-entry" data-testid={testId}>
      <input type="checkbox" checked={checked} onChange={(event) => onToggle(event.target.checked)} />
      {swatch}
      <span className="catalogue-label">{label}</span>
      {count !== undefined ? (
        <span className="catalogue-count">{messages.catalogue.blockCount(count)}</span>
      ) : null}
    </label>
  );
}

/** The glossary's term for a known layer, else the server's name in the current language. */
export function layerName(messages: Messages, layer: LayerInfo): string {
  const known = (messages.layers as Partial<Record<LayerId, string>>)[layer.id];
  return known ?? (messages.locale === "en" ? layer.nameEn : layer.name);
}
