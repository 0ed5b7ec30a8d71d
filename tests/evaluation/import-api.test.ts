import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INDICATOR_INPUTS } from "../fixtures/indicator-inputs.js";
import { expectError } from "../helpers/expect-error.js";
import { geodesicAreaM2 } from "../helpers/geodesic.js";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { fileUpload, XLSX_TYPE } from "./upload.js";

let t: TestApp;
let ids: number[];

beforeAll(async () => {
  t = await startTestApp();
  const blocks = (await t.app.inject({ method: "GET", url: "/api/blocks" })).json();
  ids = blocks.features.map((feature: { properties: { id: number } }) => feature.properties.id);
});
afterAll(async () => t?.close());

const INPUTS = INDICATOR_INPUTS;
const KEYS = Object.keys(INPUTS);

async function storedRows(year: number): Promise<number> {
  const [{ count }] = await t.db.knex("evaluation_indicator_values").where({ year }).count("* as count");
  return Number(count);
}

function putRows(year: number, rows: unknown[], query = "") {
  return t.app.inject({
    method: "PUT",
    url: `/api/evaluations/${year}/indicators${query}`,
    payload: { rows },
  });
}

describe("JSON import", () => {
  it("stores valid rows, and 地均产出 divides the revenue by the block's stored ellipsoidal area", async () => {
    const response = await putRows(2030, [
      { blockId: ids[0], ...INPUTS, areaKm2: 999 },
      { blockId: ids[1], ...INPUTS },
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ year: 2030, stored: 2, rejected: 0 });
    const block = (await t.app.inject({ method: "GET", url: `/api/blocks/${ids[0]}` })).json();
    const areaKm2 = geodesicAreaM2(block.geometry) / 1e6;
    const values = (await t.app.inject({ method: "GET", url: "/api/evaluations/2030/indicators" })).json();
    const row = values.rows.find((entry: { blockId: number }) => entry.blockId === ids[0]);
    expect(row.inputs).toEqual(INPUTS);
    const outputPerLand = row.indicators.outputPerLand.value;
    expect(Math.abs(outputPerLand - 120000 / areaKm2) / outputPerLand).toBeLessThan(1e-9);
    expect(row.indicators.outputPerEmployee.value).toBe(80);
    expect(row.indicators.rdIntensity.value).toBeCloseTo(0.05, 12);
  });

  it("reports every bad row and stores nothing (all or nothing)", async () => {
    const { employees: _omitted, ...withoutEmployees } = INPUTS;
    const response = await putRows(2031, [
      { blockId: ids[0], ...INPUTS },
      { blockId: 99_999_999, ...INPUTS },
      { blockId: ids[1], ...withoutEmployees },
      { blockId: ids[2], ...INPUTS, rdExpenditure: -3 },
      { blockId: ids[3], ...INPUTS, taxesPaid: "n/a" },
      { blockId: ids[4], ...INPUTS },
      { blockId: ids[4], ...INPUTS, newUnicorns: 1 },
    ]);
    expect(response.statusCode).toBe(422);
    const body = response.json();
    expect(body.error.code).toBe("invalid-rows");
    expect(body.error.details).toMatchObject({ stored: 0, rejected: 6 });
    const codes = body.error.details.rows.map((row: { problems: { field: string; code: string }[] }) =>
      row.problems.map((problem) => `${problem.field}:${problem.code}`),
    );
    expect(codes).toEqual([
      [],
      ["blockId:unknown-block"],
      ["employees:missing-value"],
      ["rdExpenditure:negative-value"],
      ["taxesPaid:not-a-number"],
      ["blockId:duplicate-block"],
      ["blockId:duplicate-block"],
    ]);
    expect(await storedRows(2031)).toBe(0);
  });

  it("stores only the valid rows when validRowsOnly=true is asked", async () => {
    const response = await putRows(
      2031,
      [
        { blockId: ids[0], ...INPUTS },
        { blockId: -1, ...INPUTS },
      ],
      "?validRowsOnly=true",
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ stored: 1, rejected: 1 });
    expect(response.json().rows[1].problems[0].code).toBe("not-a-number");
    expect(await storedRows(2031)).toBe(1);
  });

  it("refuses a bad year, an empty import and a body without rows", async () => {
    expectError(await putRows(1999, [{ blockId: ids[0], ...INPUTS }]), 400, "bad-year");
    expect((await putRows(2030, [])).json().error.code).toBe("no-rows");
    const noRows = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2030/indicators",
      payload: {},
    });
    // Refused by the route schema: body/rows is required (it was "bad-body" before the schemas).
    expectError(noRows, 400, "invalid-request");
    expect(noRows.json().error.details.path).toBe("body/rows");
  });

  it("keeps history: a new import adds rows, the latest is in force, and old rows cannot be changed", async () => {
    await putRows(2033, [{ blockId: ids[0], ...INPUTS }]);
    await putRows(2033, [{ blockId: ids[0], ...INPUTS, totalRevenue: 60000 }]);
    expect(await storedRows(2033)).toBe(2);
    const values = (await t.app.inject({ method: "GET", url: "/api/evaluations/2033/indicators" })).json();
    expect(values.rows[0].inputs.totalRevenue).toBe(60000);
    await expect(t.db.knex("evaluation_indicator_values").where({ year: 2033 }).delete()).rejects.toThrow(
      /append-only/,
    );
  });
});

describe("CSV import", () => {
  const header = ["区块ID", "总收入（万元）", ...KEYS.slice(1)].join(",");
  const keyRow = ["blockId", ...KEYS].join(",");
  const line = (blockId: unknown, values: Record<string, unknown>) =>
    [blockId, ...KEYS.map((key) => values[key])].join(",");

  it("reports bad rows by their line and stores nothing", async () => {
    const csv = [
      header,
      keyRow,
      line(ids[0], INPUTS),
      line(123456789, INPUTS),
      line(ids[1], { ...INPUTS, qualityEnterprises: "" }),
      line(ids[2], { ...INPUTS, totalRevenue: -1 }),
      line(ids[3], { ...INPUTS, employees: '"1,500"' }),
      line(ids[0], INPUTS),
    ].join("\n");
    const response = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2034/indicators",
      ...fileUpload("indicators.csv", csv, "text/csv"),
    });
    expect(response.statusCode).toBe(422);
    const rows = response.json().error.details.rows;
    expect(
      rows.map((row: { line: number; problems: { code: string }[] }) => [
        row.line,
        row.problems.map((p) => p.code),
      ]),
    ).toEqual([
      [3, ["duplicate-block"]],
      [4, ["unknown-block"]],
      [5, ["missing-value"]],
      [6, ["negative-value"]],
      [7, ["not-a-number"]],
      [8, ["duplicate-block"]],
    ]);
    expect(response.json().error.details.source).toBe("csv");
    expect(await storedRows(2034)).toBe(0);
  });

  it("stores a clean CSV with a UTF-8 BOM", async () => {
    const csv = `\uFEFF${[keyRow, line(ids[0], INPUTS), line(ids[1], INPUTS)].join("\r\n")}\r\n`;
    const response = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2034/indicators",
      ...fileUpload("indicators.csv", csv, "text/csv"),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ stored: 2, rejected: 0, fileName: "indicators.csv" });
  });

  it("refuses a table without a header, an old .xls and a file over the size limit", async () => {
    const noHeader = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2034/indicators",
      ...fileUpload("x.csv", "1,2,3\n", "text/csv"),
    });
    expect(noHeader.json().error.code).toBe("bad-table");
    const xls = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2034/indicators",
      ...fileUpload("old.xls", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), "application/vnd.ms-excel"),
    });
    expectError(xls, 415, "unsupported-file");
    const huge = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2034/indicators",
      ...fileUpload("huge.csv", Buffer.alloc(6 * 1024 * 1024, 0x31), "text/csv"),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe("FST_REQ_FILE_TOO_LARGE");
  });
});

describe("XLSX import", () => {
  async function workbook(rows: unknown[][]): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("数据");
    sheet.addRow(["blockId", ...KEYS]);
    for (const row of rows) sheet.addRow(row);
    return Buffer.from(await book.xlsx.writeBuffer());
  }
  const values = (overrides: Record<string, unknown> = {}) =>
    KEYS.map((key) => overrides[key] ?? (INPUTS as Record<string, unknown>)[key]);

  it("reports bad rows by their sheet row, and stores the valid ones only when asked", async () => {
    const bytes = await workbook([
      [ids[0], ...values()],
      [ids[1], ...values({ newTechSmes: 2.5 })],
      [ids[2], ...values({ techServiceRevenue: "abc" })],
      [77_777_777, ...values()],
    ]);
    const upload = fileUpload("indicators.xlsx", bytes, XLSX_TYPE);
    const refused = await t.app.inject({ method: "PUT", url: "/api/evaluations/2035/indicators", ...upload });
    expect(refused.statusCode).toBe(422);
    const rows = refused.json().error.details.rows;
    expect(rows.map((row: { line: number; ok: boolean }) => [row.line, row.ok])).toEqual([
      [2, true],
      [3, false],
      [4, false],
      [5, false],
    ]);
    expect(rows[1].problems[0].code).toBe("not-an-integer");
    expect(rows[2].problems[0].code).toBe("not-a-number");
    expect(rows[3].problems[0].code).toBe("unknown-block");
    expect(await storedRows(2035)).toBe(0);

    const partial = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2035/indicators?validRowsOnly=true",
      ...fileUpload("indicators.xlsx", bytes, XLSX_TYPE),
    });
    expect(partial.json()).toMatchObject({ source: "xlsx", stored: 1, rejected: 3 });
    expect(await storedRows(2035)).toBe(1);
  });

  it("reads formula results as values", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("数据");
    sheet.addRow(["blockId", ...KEYS]);
    sheet.addRow([ids[5], ...values()]);
    sheet.getCell("B2").value = { formula: "100000+20000", result: 120000 };
    const response = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2036/indicators",
      ...fileUpload("f.xlsx", Buffer.from(await book.xlsx.writeBuffer()), XLSX_TYPE),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ year: 2036, stored: 1, rejected: 0 });
    const stored = (await t.app.inject({ method: "GET", url: "/api/evaluations/2036/indicators" })).json();
    const row = stored.rows.find((entry: { blockId: number }) => entry.blockId === ids[5]);
    expect(row.inputs.totalRevenue).toBe(120000); // the formula's cached result, not its text
  });
});

describe("template", () => {
  async function download(year: number) {
    const response = await t.app.inject({ method: "GET", url: `/api/evaluations/${year}/template.xlsx` });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe(XLSX_TYPE);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    return { book, bytes: response.rawPayload };
  }

  it("lists every live block under Chinese headers and keys, with a notes sheet", async () => {
    const { book } = await download(2037);
    const sheet = book.getWorksheet("指标数据");
    expect(sheet).toBeDefined();
    if (!sheet) return;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const keys = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(headers.slice(0, 3)).toEqual(["区块ID", "区块编码", "区块名称"]);
    expect(headers).toContain("总收入（万元）");
    expect(headers).toContain("新晋独角兽企业数（家）");
    expect(keys).toEqual([
      "blockId",
      "blockCode",
      "blockName",
      "park",
      "category",
      "status",
      "areaKm2",
      ...KEYS,
    ]);
    expect(sheet.rowCount - 2).toBe(ids.length);
    expect(book.getWorksheet("说明")?.getCell("A1").value).toContain("2037");
  });

  it("re-imports once filled in, and comes back pre-filled with the stored values", async () => {
    const { book } = await download(2037);
    const sheet = book.getWorksheet("指标数据");
    if (!sheet) throw new Error("no data sheet");
    const firstInputColumn = 8;
    for (let row = 3; row <= sheet.rowCount; row += 1) {
      KEYS.forEach((key, offset) => {
        sheet.getRow(row).getCell(firstInputColumn + offset).value =
          (INPUTS as Record<string, number>)[key] + row;
      });
    }
    const filled = Buffer.from(await book.xlsx.writeBuffer());
    const response = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2037/indicators",
      ...fileUpload("template.xlsx", filled, XLSX_TYPE),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ stored: ids.length, rejected: 0 });

    const again = await download(2037);
    const prefilled = again.book.getWorksheet("指标数据");
    expect(prefilled?.getRow(3).getCell(firstInputColumn).value).toBe(INPUTS.totalRevenue + 3);
    const reimport = await t.app.inject({
      method: "PUT",
      url: "/api/evaluations/2037/indicators",
      ...fileUpload("template.xlsx", again.bytes, XLSX_TYPE),
    });
    expect(reimport.json()).toMatchObject({ stored: ids.length, rejected: 0 });
  });
});
