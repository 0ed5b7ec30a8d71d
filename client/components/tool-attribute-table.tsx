import { useEffect, useState } from "react";
import { BLOCK_LEVELS, BLOCK_STATUSES } from "../../server/domain/block.js";
import { type BlockRow, fetchBlockGeometries, fetchBlockRows } from "../api/block-tools.js";
import { boundingBoxOf } from "../geo/bbox.js";
import { formatDateTime, formatKm2 } from "../i18n/format.js";
import { useMessages } from "../i18n/i18n-context.js";
import type { MapView } from "../map/map-view.js";
import { useReview } from "./review-context.js";
import { ROW_COLUMNS, type RowColumn, type RowSort, rowsCsv, sortRows } from "./tool-attribute-rows.js";

const PAGE_ROWS = 200;
/** Zooming to a selection fetches each selected block's geometry: at most this many. */
const ZOOM_MAX_BLOCKS = 50;

/**
 * 属性表 — the blocks as a table (issue #18 item 8): pages from GET /api/blocks with fields, filters, limit and
 * cursor (never every geometry), sorted by any column over the rows loaded, rows selected to zoom or export.
 */
export function ToolAttributeTable({ mapView }: { mapView: MapView | null }) {
  const messages = useMessages();
  const text = messages.tools.table;
  const { locale } = messages;
  const { selectBlock, selectedBlockId } = useReview();
  const [filter, setFilter] = useState({ text: "", level: "", status: "" });
  const [rows, setRows] = useState<BlockRow[]>([]);
  const [nextCursor, setNextCursor] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sort, setSort] = useState<RowSort>({ column: "id", descending: false });
  const [selected, setSelected] = useState<Set<number>>(new Set());

  async function load(cursor: number | null, signal?: AbortSignal) {
    const result = await fetchBlockRows({ ...filter, cursor, limit: PAGE_ROWS }, signal);
    if (signal?.aborted) return;
    if (!result.ok) return setProblem(result.problem.message);
    setProblem(null);
    setRows((current) => (cursor === null ? result.value.rows : [...current, ...result.value.rows]));
    setNextCursor(result.value.nextCursor);
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new filter starts from the first page
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => void load(null, controller.signal), 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [filter]);

  const sorted = sortRows(rows, sort, locale);
  const chosen = sorted.filter((row) => selected.has(row.id));
  const toggle = (id: number) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  async function zoomToSelection() {
    const features = await fetchBlockGeometries(chosen.slice(0, ZOOM_MAX_BLOCKS).map((row) => row.id));
    const box = boundingBoxOf(features);
    if (box) mapView?.fitBounds(box);
  }

  function exportCsv() {
    const blob = new Blob([rowsCsv(chosen, text.columns)], { type: "text/csv;charset=utf-8" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "blocks-selection.csv";
    link.click();
    URL.revokeObjectURL(link.href);
  }

  const cell = (row: BlockRow, column: RowColumn) => {
    switch (column) {
      case "level":
        return messages.level[row.level];
      case "status":
        return messages.status[row.status];
      case "areaKm2":
        return formatKm2(locale, row.areaKm2);
      case "updatedAt":
        return formatDateTime(locale, row.updatedAt);
      default:
        return row[column] ?? "";
    }
  };

  return (
    <div className="attribute-table" data-testid="attribute-table">
      <div className="attribute-filters">
        <input
          type="search"
          aria-label={text.filter}
          placeholder={text.filter}
          data-testid="attribute-filter"
          value={filter.text}
          onChange={(event) => setFilter({ ...filter, text: event.target.value })}
        />
        <select
          aria-label={messages.tools.table.columns.level}
          value={filter.level}
          onChange={(event) => setFilter({ ...filter, level: event.target.value })}
        >
          <option value="">{text.allLevels}</option>
          {BLOCK_LEVELS.map((level) => (
            <option key={level} value={level}>
              {messages.level[level]}
            </option>
          ))}
        </select>
        <select
          aria-label={messages.tools.table.columns.status}
          data-testid="attribute-status"
          value={filter.status}
          onChange={(event) => setFilter({ ...filter, status: event.target.value })}
        >
          <option value="">{text.allStatuses}</option>
          {BLOCK_STATUSES.map((status) => (
            <option key={status} value={status}>
              {messages.status[status]}
            </option>
          ))}
        </select>
        <span className="muted" data-testid="attribute-count">
          {text.loaded(rows.length, nextCursor !== null)} · {text.selected(chosen.length)}
        </span>
        <button
          type="button"
          data-testid="attribute-zoom"
          disabled={chosen.length === 0}
          onClick={() => void zoomToSelection()}
        >
          {text.zoom}
        </button>
        <button
          type="button"
          data-testid="attribute-export"
          disabled={chosen.length === 0}
          onClick={exportCsv}
        >
          {text.exportCsv}
        </button>
      </div>
      {problem ? <p className="error">{text.failed(problem)}</p> : null}
      <div className="attribute-scroll">
        <table>
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label={text.selectAll}
                  checked={rows.length > 0 && chosen.length === rows.length}
                  onChange={(event) =>
                    setSelected(new Set(event.target.checked ? rows.map((row) => row.id) : []))
                  }
                />
              </th>
              {ROW_COLUMNS.map((column) => (
                <th
                  key={column}
                  aria-sort={sort.column === column ? (sort.descending ? "descending" : "ascending") : "none"}
                >
                  <button
                    type="button"
                    className="link-button"
                    data-testid={`sort-${column}`}
                    onClick={() =>
                      setSort({ column, descending: sort.column === column ? !sort.descending : false })
                    }
                  >
                    {text.columns[column]}
                    {sort.column === column ? (sort.descending ? " ▼" : " ▲") : ""}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sorted.map((row) => (
              <tr
                key={row.id}
                data-testid="attribute-row"
                className={row.id === selectedBlockId ? "selected" : undefined}
                onClick={() => selectBlock(row.id, true)}
              >
                <td>
                  <input
                    type="checkbox"
                    aria-label={row.name}
                    checked={selected.has(row.id)}
                    onClick={(event) => event.stopPropagation()}
                    onChange={() => toggle(row.id)}
                  />
                </td>
                {ROW_COLUMNS.map((column) => (
                  <td key={column} className={column === "areaKm2" || column === "id" ? "number" : undefined}>
                    {cell(row, column)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {nextCursor !== null ? (
        <button type="button" data-testid="attribute-more" onClick={() => void load(nextCursor)}>
          {text.loadMore}
        </button>
      ) : null}
    </div>
  );
}
