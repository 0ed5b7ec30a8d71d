import { describe, expect, it } from "vitest";
import { checkBlockFields } from "../../../../server/domain/block-input.js";

describe("checkBlockFields", () => {
  it("a create with name, park and level: trimmed name, unknown keys ignored", () => {
    expect(
      checkBlockFields({ name: "  中关村软件园  ", parkId: 4, level: "municipal", areaKm2: 9 }, [
        "name",
        "parkId",
        "level",
      ]),
    ).toEqual({ valid: true, fields: { name: "中关村软件园", parkId: 4, level: "municipal" } });
  });

  it("a missing, null or empty required field is named", () => {
    expect(checkBlockFields({ parkId: 4 }, ["name", "parkId"])).toMatchObject({
      valid: false,
      field: "name",
    });
    expect(checkBlockFields({ name: "x", parkId: null }, ["name", "parkId"])).toMatchObject({
      valid: false,
      field: "parkId",
    });
    expect(checkBlockFields(null, ["name"])).toMatchObject({ valid: false, field: "name" });
  });

  it("names the field of each bad value", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "   " }, "name"],
      [{ name: "x".repeat(201) }, "name"],
      [{ name: 7 }, "name"],
      [{ code: "c".repeat(65) }, "code"],
      [{ code: 12 }, "code"],
      [{ parkId: 0 }, "parkId"],
      [{ parkId: 1.5 }, "parkId"],
      [{ parkId: "4" }, "parkId"],
      [{ level: "district" }, "level"],
      [{ attributes: [] }, "attributes"],
      [{ attributes: "x" }, "attributes"],
    ];
    for (const [input, field] of cases) {
      expect(checkBlockFields(input, []), JSON.stringify(input)).toMatchObject({ valid: false, field });
    }
  });

  it("limits: a 200-character name and a 64-character code pass; a code may be null", () => {
    const result = checkBlockFields(
      { name: "x".repeat(200), code: "c".repeat(64), attributes: { a: 1 } },
      [],
    );
    expect(result.valid).toBe(true);
    expect(checkBlockFields({ code: null }, [])).toEqual({ valid: true, fields: { code: null } });
  });
});
