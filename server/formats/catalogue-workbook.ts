import ExcelJS from "exceljs";
import { AREA_BASIS_NAMES, type CatalogueZone } from "./catalogue-zones.js";

/**
 * The catalogue table as Excel (exceljs): the catalogue's columns 序号, 开发区名称, 批准时间 (YYYY.MM),
 * 核准面积（公顷）, 主导产业, one row per zone merged over the rows of its blocks, each block with its park,
 * district, area in 公顷 and km², which area that is (核准面积 or 计算面积), 四至范围 and a remark (a block
 * inside another). No internal status or workflow word: the table goes to the ministries (issue #12.9).
 * Cells hold the areas unrounded; the number format shows 4 decimals (公顷) and 6 (km²).
 */
export const CATALOGUE_COLUMNS = [
  { header: "序号", width: 6 },
  { header: "开发区名称", width: 26 },
  { header: "批准时间", width: 10 },
  { header: "核准面积（公顷）", width: 16 },
  { header: "主导产业", width: 24 },
  { header: "区块序号", width: 8 },
  { header: "区块名称", width: 24 },
  { header: "区块编号", width: 22 },
  { header: "所属分园", width: 12 },
  { header: "所在行政区", width: 10 },
  { header: "区块面积（公顷）", width: 16 },
  { header: "区块面积（平方公里）", width: 18 },
  { header: "面积类型", width: 10 },
  { header: "四至范围", width: 90 },
  { header: "备注", width: 30 },
] as const;

const HECTARE_FORMAT = "0.0000";
const KM2_FORMAT = "0.000000";

export async function writeCatalogueWorkbook(zones: CatalogueZone[], notes: string[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "北京市高新区空间规划平台";
  const sheet = workbook.addWorksheet("开发区目录");
  sheet.columns = CATALOGUE_COLUMNS.map((column) => ({ width: column.width }));
  sheet.addRow(["中国开发区审核公告目录 · 申报表（示意，非正式文件）"]).font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, CATALOGUE_COLUMNS.length);
  const header = sheet.addRow(CATALOGUE_COLUMNS.map((column) => column.header));
  header.font = { bold: true };
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  for (const zone of zones) {
    const firstRow = sheet.rowCount + 1;
    zone.blocks.forEach((entry, i) => {
      const p = entry.block.properties;
      const row = sheet.addRow([
        i === 0 ? zone.number : null,
        i === 0 ? zone.name : null,
        i === 0 ? zone.approvedOn : null,
        i === 0 ? zone.areaHectares : null,
        i === 0 ? zone.mainIndustries : null,
        entry.number,
        p.name,
        p.code ?? `#${p.id}`,
        p.parkName,
        entry.district,
        entry.area.hectares,
        entry.area.km2,
        AREA_BASIS_NAMES[entry.area.basis],
        entry.boundaries.text,
        entry.remark || null,
      ]);
      row.getCell(4).numFmt = HECTARE_FORMAT;
      row.getCell(11).numFmt = HECTARE_FORMAT;
      row.getCell(12).numFmt = KM2_FORMAT;
      row.alignment = { vertical: "top", wrapText: true };
    });
    const lastRow = sheet.rowCount;
    if (lastRow > firstRow)
      for (let column = 1; column <= 5; column++) sheet.mergeCells(firstRow, column, lastRow, column);
  }
  const notesSheet = workbook.addWorksheet("说明");
  notesSheet.columns = [{ width: 120 }];
  for (const note of notes) notesSheet.addRow([note]).alignment = { wrapText: true };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
