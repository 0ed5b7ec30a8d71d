import type { MultiPolygon } from "geojson";
import { describe, expect, test } from "vitest";
import type { BlockFeature } from "../../../../client/api/blocks.js";
import type { DrawForm } from "../../../../client/components/draw-draft.js";
import { mergedValues, mergeRows } from "../../../../client/components/draw-merge.js";

const square = (size: number): MultiPolygon => ({
  type: "MultiPolygon",
  coordinates: [
    [
      [
        [116, 40],
        [116 + size, 40],
        [116 + size, 40 + size],
        [116, 40],
      ],
    ],
  ],
});

const base: DrawForm = {
  name: "旧名",
  code: "A-1",
  parkId: 1,
  level: "municipal",
  attributes: [
    { key: "mainIndustries", value: "软件" },
    { key: "note", value: "原备注" },
  ],
};

function theirs(form: Partial<DrawForm>, geometry: MultiPolygon, attributes: Record<string, unknown>) {
  return {
    type: "Feature",
    geometry,
    properties: { ...base, ...form, code: form.code ?? base.code, version: 3, attributes },
  } as unknown as BlockFeature;
}

describe("three-way merge after a version conflict", () => {
  // They renamed the block and changed 主导产业; I changed the note and the boundary.
  const input = {
    base: { form: base, geometry: square(0.01) },
    mine: {
      form: { ...base, attributes: [base.attributes[0], { key: "note", value: "我的备注" }] },
      geometry: square(0.02),
    },
    theirs: theirs({ name: "他人的新名" }, square(0.01), { mainIndustries: "集成电路", note: "原备注" }),
  };
  const rows = mergeRows(input);
  const byId = Object.fromEntries(rows.map((row) => [row.id, row]));

  test("each field says who changed it", () => {
    expect(byId.name.changedBy).toBe("theirs");
    expect(byId.code.changedBy).toBe("none");
    expect(byId["attribute:mainIndustries"].changedBy).toBe("theirs");
    expect(byId["attribute:note"].changedBy).toBe("mine");
    expect(byId.geometry.changedBy).toBe("mine");
  });

  test("saving without choices keeps their new name and industries and my note and boundary", () => {
    const merged = mergedValues(input, rows, {});
    expect(merged.form.name).toBe("他人的新名");
    expect(merged.form.attributes).toEqual([
      { key: "mainIndustries", value: "集成电路" },
      { key: "note", value: "我的备注" },
    ]);
    expect(merged.geometry).toBe(input.mine.geometry);
  });

  test("a field both changed is a choice; theirs when chosen", () => {
    const both = { ...input, mine: { ...input.mine, form: { ...input.mine.form, name: "我的新名" } } };
    const bothRows = mergeRows(both);
    const name = bothRows.find((row) => row.id === "name");
    expect(name?.changedBy).toBe("both");
    expect(mergedValues(both, bothRows, {}).form.name).toBe("我的新名");
    expect(mergedValues(both, bothRows, { name: "theirs" }).form.name).toBe("他人的新名");
  });

  test("an attribute they removed stays removed unless I changed it", () => {
    const removed = { ...input, theirs: theirs({}, square(0.01), { note: "原备注" }) };
    const merged = mergedValues(removed, mergeRows(removed), {});
    expect(merged.form.attributes.map((entry) => entry.key)).toEqual(["note"]);
  });
});
