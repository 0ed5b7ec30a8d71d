import { describe, expect, it } from "vitest";
import { changedFields } from "../../../../client/components/audit-change.js";
import { EMPTY_FORM, filterOf } from "../../../../client/components/audit-filter.js";

describe("changedFields", () => {
  it("lists the fields whose values differ, as text, ignoring key order inside values", () => {
    const before = { name: "甲", version: 1, attributes: { a: 1, b: 2 }, status: "candidate" };
    const after = { name: "乙", version: 2, attributes: { b: 2, a: 1 }, status: "candidate" };
    expect(changedFields(before, after)).toEqual([
      { field: "name", before: "甲", after: "乙" },
      { field: "version", before: "1", after: "2" },
    ]);
  });

  it("shows every field of a new entity, and a field that went away", () => {
    expect(changedFields(null, { id: 7 })).toEqual([{ field: "id", before: "—", after: "7" }]);
    expect(changedFields({ note: "x" }, {})).toEqual([{ field: "note", before: "x", after: "—" }]);
  });

  it("shortens long values to 80 characters", () => {
    const [change] = changedFields({}, { note: "长".repeat(200) });
    expect(change.after).toHaveLength(80);
    expect(change.after.endsWith("…")).toBe(true);
  });
});

describe("filterOf", () => {
  it("turns Beijing days into UTC instants, the end day included whole", () => {
    expect(filterOf({ ...EMPTY_FORM, fromDate: "2026-12-01", toDate: "2026-12-01" })).toMatchObject({
      from: "2026-11-30T16:00:00.000Z",
      to: "2026-12-01T16:00:00.000Z",
    });
  });

  it("leaves out empty fields and trims text", () => {
    expect(filterOf({ ...EMPTY_FORM, actor: "  张三 ", entity: "block" })).toEqual({
      entity: "block",
      entityId: undefined,
      actor: "张三",
      action: undefined,
      from: undefined,
      to: undefined,
    });
  });
});
