import { IN_FORCE_STATUSES } from "../../server/domain/block.js";
import type { BlockFeature } from "../api/blocks.js";
import type { Park } from "../api/parks.js";
import { formatDateTime, formatHectares, formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { BLOCK_FILL_OPACITY, BLOCK_STATUS_COLORS } from "../map/palette.js";
import { BlockActions } from "./block-actions.js";
import { attributeEntries } from "./block-attributes.js";
import { LegendSwatch } from "./legend-swatch.js";
import { BlockRectificationReports } from "./rectification-reports.js";

interface BlockOverviewProps {
  block: BlockFeature;
  park: Park | undefined;
  onZoomTo(): void;
}

/** 概况: the block's attributes and its stored ellipsoidal area, in km² and 公顷. */
export function BlockOverview({ block, park, onZoomTo }: BlockOverviewProps) {
  const messages = useMessages();
  const { locale } = messages;
  const properties = block.properties;
  const parkName = park ? (locale === "en" ? park.nameEn : park.name) : properties.parkName;
  const colors = BLOCK_STATUS_COLORS[properties.status];
  const entries = attributeEntries(properties.attributes);
  return (
    <div className="overview">
      <dl className="attributes">
        <dt>{messages.panel.name}</dt>
        <dd data-testid="block-name">{properties.name}</dd>
        <dt>{messages.panel.code}</dt>
        <dd>{properties.code ?? messages.panel.noCode}</dd>
        <dt>{messages.panel.park}</dt>
        <dd data-testid="block-park">{parkName}</dd>
        {park ? (
          <>
            <dt>{messages.panel.category}</dt>
            <dd>{messages.category[park.category]}</dd>
          </>
        ) : null}
        <dt>{messages.panel.level}</dt>
        <dd data-testid="block-level">{messages.level[properties.level]}</dd>
        <dt>{messages.panel.status}</dt>
        <dd data-testid="block-status">
          <LegendSwatch
            fill={colors.fill}
            fillOpacity={BLOCK_FILL_OPACITY}
            line={{ widthPx: 1, dash: null }}
            lineColor={colors.line}
          />{" "}
          {messages.status[properties.status]}
          {properties.level === "municipal" && IN_FORCE_STATUSES.includes(properties.status) ? (
            <p className="muted small" data-testid="block-recognition-note">
              {messages.panel.recognitionNotApproval}
            </p>
          ) : null}
        </dd>
        <dt>{messages.panel.area}</dt>
        <dd className="area">
          <span data-testid="block-area-km2">
            <span className="number">{formatKm2(locale, properties.areaKm2)}</span> {messages.units.km2}
          </span>
          <span data-testid="block-area-hectares">
            <span className="number">{formatHectares(locale, properties.areaHectares)}</span>{" "}
            {messages.units.hectares}
          </span>
        </dd>
        <dt>{messages.draw.attributes.title}</dt>
        <dd data-testid="block-attributes">
          {entries.length === 0 ? (
            <span className="muted">{messages.draw.attributes.none}</span>
          ) : (
            <dl className="block-attribute-list">
              {entries.map((entry) => (
                <div key={entry.key}>
                  <dt>{messages.draw.attributes.labels[entry.key] ?? entry.key}</dt>
                  <dd data-testid={`block-attribute-${entry.key}`}>{entry.value}</dd>
                </div>
              ))}
            </dl>
          )}
        </dd>
        <dt>{messages.panel.version}</dt>
        <dd data-testid="block-version">{messages.panel.versionLabel(properties.version)}</dd>
        <dt>{messages.panel.lastChange}</dt>
        <dd>
          {properties.updatedBy}
          <br />
          <span className="muted">{formatDateTime(locale, properties.updatedAt)}</span>
        </dd>
      </dl>
      <button type="button" className="secondary-button" onClick={onZoomTo}>
        {messages.panel.zoomTo}
      </button>
      <BlockActions block={block} />
      <BlockRectificationReports blockId={properties.id} version={properties.version} />
    </div>
  );
}
