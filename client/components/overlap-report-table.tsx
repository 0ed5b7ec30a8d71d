import type { OverlapReport, OverlapReportRow } from "../api/jobs.js";
import { formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import { type ReportQuery, type ReportSortKey, reportRows } from "./overlap-report-rows.js";
import { useReview } from "./review-context.js";
import { formatShare } from "./review-format.js";

/** Rows drawn at once; sorting and filtering run over all of them (the count says how many are shown). */
const MAX_ROWS_SHOWN = 500;

/**
 * The overlap report as a table: sortable headers, a text filter, and zoom-to: a row zooms the map to the block
 * and the blocks it overlaps, an overlapping block's button to that pair.
 */
export function OverlapReportTable({
  report,
  query,
  onQuery,
  onZoom,
}: {
  report: OverlapReport;
  query: ReportQuery;
  onQuery(query: ReportQuery): void;
  onZoom(blockIds: number[]): void;
}) {
  const messages = useMessages();
  const text = messages.review.report;
  const { locale } = messages;
  const { selectedBlockId } = useReview();
  const rows = reportRows(report.rows, query);
  const sortBy = (sortKey: ReportSortKey) =>
    onQuery({
      ...query,
      sortKey,
      descending: query.sortKey === sortKey ? !query.descending : sortKey !== "name",
    });
  const header = (sortKey: ReportSortKey, label: string, numeric = false) => (
    <th
      className={numeric ? "numeric" : undefined}
      aria-sort={query.sortKey === sortKey ? (query.descending ? "descending" : "ascending") : "none"}
    >
      <button
        type="button"
        className="link-button"
        data-testid={`report-sort-${sortKey}`}
        onClick={() => sortBy(sortKey)}
      >
        {label}
        {query.sortKey === sortKey ? (query.descending ? " ▼" : " ▲") : ""}
      </button>
    </th>
  );
  return (
    <div className="overlap-report-table">
      <div className="report-filters">
        <input
          type="search"
          value={query.text}
          placeholder={text.filter}
          aria-label={text.filter}
          data-testid="report-filter"
          onChange={(event) => onQuery({ ...query, text: event.target.value })}
        />
        <label>
          <input
            type="checkbox"
            checked={query.onlyOverlappingBlocks}
            data-testid="report-only-overlapping"
            onChange={(event) => onQuery({ ...query, onlyOverlappingBlocks: event.target.checked })}
          />
          {text.onlyOverlapping}
        </label>
      </div>
      <p className="muted small" data-testid="report-shown">
        {text.shown(Math.min(rows.length, MAX_ROWS_SHOWN), rows.length)} · {text.zoomHint}
      </p>
      <div className="report-scroll">
        <table className="data-table overlap-report" data-testid="report-table">
          <thead>
            <tr>
              {header("name", text.block)}
              {header("areaKm2", text.areaKm2, true)}
              {report.meta.layers.map((layer) =>
                header(`layer:${layer}`, messages.layers[layer] ?? layer, true),
              )}
              {header("blocks", text.overlapsBlocks)}
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_ROWS_SHOWN).map((row) => (
              <ReportRow
                key={row.blockId}
                row={row}
                layers={report.meta.layers}
                selected={row.blockId === selectedBlockId}
                locale={locale}
                onZoom={onZoom}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ReportRow({
  row,
  layers,
  selected,
  locale,
  onZoom,
}: {
  row: OverlapReportRow;
  layers: OverlapReport["meta"]["layers"];
  selected: boolean;
  locale: string;
  onZoom(blockIds: number[]): void;
}) {
  const messages = useMessages();
  return (
    <tr
      className={selected ? "clickable selected" : "clickable"}
      data-testid={`report-row-${row.blockId}`}
      aria-selected={selected}
      onClick={() => onZoom([row.blockId, ...row.blocks.map((other) => other.id)])}
    >
      <td>
        {row.name}
        {row.code ? <span className="muted small"> {row.code}</span> : null}
        <br />
        <span className="muted small">
          {row.parkName} · {messages.level[row.level as "national"] ?? row.level}
        </span>
      </td>
      <td className="numeric" data-testid="report-area">
        {formatKm2(locale, row.areaKm2)}
      </td>
      {layers.map((layer) => (
        <td key={layer} className="numeric" data-testid={`report-share-${layer}`}>
          {formatShare(locale, row.layers[layer]?.shareOfBlock ?? 0)}
        </td>
      ))}
      <td data-testid="report-blocks">
        {row.blocks.length === 0
          ? messages.review.report.noOverlap
          : row.blocks.map((other) => (
              <button
                key={other.id}
                type="button"
                className="link-button"
                data-testid={`report-pair-${row.blockId}-${other.id}`}
                onClick={(event) => {
                  event.stopPropagation();
                  onZoom([row.blockId, other.id]);
                }}
              >
                {other.name} ({formatShare(locale, other.shareOfBlock)})
              </button>
            ))}
      </td>
    </tr>
  );
}
