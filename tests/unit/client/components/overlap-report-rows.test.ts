import { describe, expect, it } from "vitest";
import type { OverlapReportRow } from "../../../../client/api/jobs.js";
import { reportRows } from "../../../../client/components/overlap-report-rows.js";

function row(
  blockId: number,
  name: string,
  areaKm2: number,
  districtShare: number,
  overlaps = 0,
): OverlapReportRow {
  return {
    blockId,
    code: `C-${blockId}`,
    name,
    parkName: blockId % 2 === 0 ? "海淀园" : "昌平园",
    level: "municipal",
    status: "recognized",
    areaKm2,
    layers: { district: { areaKm2: areaKm2 * districtShare, shareOfBlock: districtShare } },
    blocks: Array.from({ length: overlaps }, (_, i) => ({
      id: 100 + i,
      code: null,
      name: `other ${i}`,
      areaKm2: 0.1,
      shareOfBlock: 0.1,
    })),
  };
}

const ROWS = [
  row(1, "乙区块", 2, 0.5, 1),
  row(2, "甲区块", 1, 1),
  row(3, "丙区块", 2, 0.25, 2),
  row(4, "丁", 0.5, 0),
];
const base = { sortKey: "name" as const, descending: false, text: "", onlyOverlappingBlocks: false };
const ids = (rows: OverlapReportRow[]) => rows.map((r) => r.blockId);

describe("reportRows", () => {
  it("sorts by area, ties by block id, both directions", () => {
    expect(ids(reportRows(ROWS, { ...base, sortKey: "areaKm2", descending: true }))).toEqual([1, 3, 2, 4]);
    expect(ids(reportRows(ROWS, { ...base, sortKey: "areaKm2" }))).toEqual([4, 2, 1, 3]);
  });

  it("sorts by a layer's share and by the number of overlapping blocks", () => {
    expect(ids(reportRows(ROWS, { ...base, sortKey: "layer:district", descending: true }))).toEqual([
      2, 1, 3, 4,
    ]);
    expect(ids(reportRows(ROWS, { ...base, sortKey: "blocks", descending: true }))).toEqual([3, 1, 2, 4]);
    // A layer the report does not have counts as 0 for every row: the order is by id.
    expect(ids(reportRows(ROWS, { ...base, sortKey: "layer:etdz" }))).toEqual([1, 2, 3, 4]);
  });

  it("filters by text in name, code or park, and by overlapping blocks", () => {
    expect(ids(reportRows(ROWS, { ...base, sortKey: "areaKm2", text: "海淀" }))).toEqual([4, 2]);
    expect(ids(reportRows(ROWS, { ...base, text: "c-3" }))).toEqual([3]);
    expect(ids(reportRows(ROWS, { ...base, sortKey: "areaKm2", onlyOverlappingBlocks: true }))).toEqual([
      1, 3,
    ]);
    expect(reportRows(ROWS, { ...base, text: "  " })).toHaveLength(4);
  });

  it("leaves the input untouched", () => {
    const before = ids(ROWS);
    reportRows(ROWS, { ...base, sortKey: "areaKm2", descending: true });
    expect(ids(ROWS)).toEqual(before);
  });
});
