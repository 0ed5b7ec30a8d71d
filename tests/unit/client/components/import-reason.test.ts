import { describe, expect, test } from "vitest";
import {
  importFeatureMessage,
  importNoteLines,
  importNoteText,
} from "../../../../client/components/import-reason.js";
import { en } from "../../../../client/i18n/en.js";
import { zhCN } from "../../../../client/i18n/zh-CN.js";
import { GEOMETRY_REASONS } from "../../../../server/domain/geometry-check.js";
import { IMPORT_REASONS } from "../../../../server/formats/import-candidates.js";
import { IMPORT_NOTE_CODES } from "../../../../server/formats/import-notes.js";

/** An imported feature's refusal in the UI language (issue #18 item 10). */
describe("import report reasons", () => {
  test("a known import code in either language", () => {
    const feature = { reason: "outside-beijing", message: "The shape lies outside Beijing once converted" };
    expect(importFeatureMessage(zhCN, feature)).toBe(
      "换算后图形位于北京市范围之外：请检查源坐标系是否正确。",
    );
    expect(importFeatureMessage(en, feature)).toBe(
      "Once converted, the shape lies outside Beijing: check the source coordinate system.",
    );
  });

  test("a geometry code shares the drawing's strings", () => {
    expect(importFeatureMessage(zhCN, { reason: "ring-too-short", message: "x" })).toBe(
      zhCN.draw.errors.reasons["ring-too-short"],
    );
  });

  test("an unknown code falls back to the server's sentence; no code, the sentence as sent", () => {
    expect(importFeatureMessage(zhCN, { reason: "brand-new-code", message: "Something new." })).toBe(
      "Something new.",
    );
    expect(importFeatureMessage(en, { message: "As sent." })).toBe("As sent.");
  });
});

/** Every note code the server can put in an import report has a string in both languages (issue #18 item 10). */
describe("import report notes", () => {
  const languages = { "zh-CN": zhCN, en };
  // Params with a value for every name the tables read, so a missing one shows as "undefined".
  const params = {
    crs: "EPSG:4548",
    source: "prj",
    name: "CGCS2000 / 3-degree Gauss-Kruger CM 117E",
    count: 2,
    reason: "Self-intersection[116.3 39.9]",
    problem: "self-intersection",
    hectaresBefore: "1.0000",
    hectaresAfter: "1.0000",
    parts: 2,
    value: "西山园",
    statedHectares: 5,
    computedHectares: "4.9000",
    differencePercent: "-2.00",
    tolerancePercent: 0.1,
    file: "plan.dxf",
    entities: "HATCH ×4",
    closedRings: 4,
    openLines: 0,
    handle: "2F",
    edge: "spline",
    table: "blocks",
    tables: "v_blocks",
    label: "UTF-8",
    byte: 77,
    cpg: "none",
    asciiOnly: 0,
  };

  for (const [language, messages] of Object.entries(languages)) {
    test(`${language}: a string for every code in IMPORT_NOTE_CODES, and no string for a code the server lacks`, () => {
      const table = messages.review.importer.notes as Record<string, unknown>;
      const missing = IMPORT_NOTE_CODES.filter((code) => typeof table[code] !== "function");
      expect(missing).toEqual([]);
      expect(
        Object.keys(table).filter((code) => !(IMPORT_NOTE_CODES as readonly string[]).includes(code)),
      ).toEqual([]);
      for (const code of IMPORT_NOTE_CODES) {
        const line = importNoteText(messages, { code, params, text: "SERVER TEXT" });
        expect(line, code).not.toMatch(/undefined|SERVER TEXT|^$/);
      }
    });

    test(`${language}: a string for every reason code a refused feature can carry`, () => {
      const codes = [...Object.values(IMPORT_REASONS), ...Object.values(GEOMETRY_REASONS)];
      const message = "SERVER TEXT";
      expect(
        codes.filter((reason) => importFeatureMessage(messages, { reason, message }) === message),
      ).toEqual([]);
    });
  }

  test("Chinese strings in the Chinese UI, with the figures and names of the params", () => {
    expect(
      importNoteText(zhCN, {
        code: "repair-made-valid",
        params: { ...params, hectaresBefore: "2.0000", hectaresAfter: "1.5000" },
        text: "made valid with ST_MakeValid",
      }),
    ).toBe("边界自相交，已用 ST_MakeValid 修复：2.0000 → 1.5000 公顷，2 个部分");
    expect(importNoteText(zhCN, { code: "mapping-park-unmatched", params, text: "x" })).toBe(
      "分园“西山园”与任何分园都不对应",
    );
  });

  test("an unknown code falls back to the server's text; notes absent, the texts as sent", () => {
    expect(importNoteText(zhCN, { code: "brand-new-note", params: {}, text: "Something new." })).toBe(
      "Something new.",
    );
    expect(importNoteLines(en, undefined, ["As sent."])).toEqual(["As sent."]);
  });
});
