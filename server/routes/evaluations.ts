import multipart from "@fastify/multipart";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import type { AppContext } from "../app-context.js";
import { requireBlockParks } from "../auth/enforce.js";
import { evaluationBlocks } from "../db/evaluation-year-input.js";
import { baseWeightSumPercent, checkConfigChange, SCORE_METHODS } from "../domain/evaluation-config.js";
import { checkIndicatorRows, listReports, type RawRow } from "../domain/evaluation-import.js";
import { deriveIndicators, INDICATORS, INPUT_FIELDS } from "../domain/evaluation-indicators.js";
import { recommendedForNational } from "../domain/evaluation-recommendations.js";
import { TEMPLATE_COLUMNS } from "../domain/evaluation-table.js";
import { CATEGORIES, CATEGORY_LABELS, evaluateYear } from "../domain/evaluation-year.js";
import { RECTIFICATION_CLAUSE } from "../domain/rectification.js";
import { ApiError, badRequest } from "../errors.js";
import {
  EVALUATION_FLAGS_JOB,
  type EvaluationFlagsParams,
  evaluationFlagsJob,
} from "../jobs/evaluation-flags-job.js";
import { flagBottomSchema, flagsSchema, rectificationsSchema } from "../schemas/evaluation-flags.js";
import {
  getIndicatorsSchema,
  indicatorCatalogueSchema,
  putIndicatorsSchema,
  templateSchema,
} from "../schemas/evaluation-indicators.js";
import {
  getWeightsSchema,
  putWeightsSchema,
  rankingSchema,
  recommendationsSchema,
} from "../schemas/evaluations.js";
import { auditActorOf } from "./audit-request.js";
import { evaluationApprovalRoutes } from "./evaluation-approval.js";
import { evaluationFilingRoutes } from "./evaluation-filings.js";
import { evaluationNoticeRoutes } from "./evaluation-notices.js";
import { configOrThrow, parseYear, rankingResponse } from "./evaluation-queries.js";
import { recommendationRevisionRoutes } from "./evaluation-recommendations.js";
import { readTable, tableKindOf, templateWorkbook } from "./evaluation-spreadsheet.js";
import { evaluationTransitionRoutes } from "./evaluation-transitions.js";
import { startJob } from "./job-start.js";
import { actorOf, flag, parseId } from "./params.js";
import { rectificationReportRoutes } from "./rectification-reports.js";

/** Largest CSV/XLSX upload accepted (a year of indicators for a few hundred blocks is ~100 KB). */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

const RECOMMENDATION_RULE = {
  zh: "市级区块在其类别完整排名（国家级与市级区块一并排名）中位于前 P%（前 ceil(P%×n) 名，至少1名），数据完整，且不在后5%、不在整改中。",
  en: "A municipal block ranked within the top P% of its category's full ranking (national and municipal blocks together; the first ceil(P% × n) ranks, at least 1), with complete data, neither in the bottom 5% nor under rectification.",
};

/** 综合评价 — yearly indicators, weights, rankings, bottom 5%, recommendations (DOMAIN.md §4.1–4.4). */
export const evaluationRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, context) => {
  const { stores, jobs, db } = context;
  jobs.register(EVALUATION_FLAGS_JOB, evaluationFlagsJob(db.jobKnex, db.kind === "postgresql"));
  // Registered here only: multipart uploads are accepted by this plugin's routes and nowhere else.
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 } });
  await app.register(evaluationTransitionRoutes, context);
  await app.register(evaluationApprovalRoutes, context);
  await app.register(evaluationFilingRoutes, context);
  await app.register(evaluationNoticeRoutes, context);
  await app.register(recommendationRevisionRoutes, context);
  await app.register(rectificationReportRoutes, context);

  app.get("/evaluations/indicators", { schema: indicatorCatalogueSchema }, async () => ({
    inputFields: INPUT_FIELDS,
    indicators: INDICATORS,
    methods: SCORE_METHODS,
    templateColumns: TEMPLATE_COLUMNS,
  }));

  app.put(
    "/evaluations/:year/indicators",
    { schema: putIndicatorsSchema, config: { permission: "indicators.edit", scope: "in-route" } },
    async (request) => {
      const year = parseYear(request.params.year);
      const upload = await uploadedRows(request);
      if (upload.rows.length === 0) throw badRequest("no-rows", "The import has no data rows.");
      const { reports, valid } = checkIndicatorRows(upload.rows, await stores.evaluations.blockKeys());
      const rejected = reports.length - valid.length;
      const validRowsOnly = flag(request.query.validRowsOnly);
      const report = {
        year,
        source: upload.source,
        fileName: upload.fileName,
        columns: upload.columns,
        ...listReports(reports),
      };
      if (rejected > 0 && (!validRowsOnly || valid.length === 0)) {
        throw new ApiError(
          422,
          "invalid-rows",
          validRowsOnly
            ? "No row is valid: nothing was stored."
            : `${rejected} of ${reports.length} rows have problems: nothing was stored (ask validRowsOnly=true to store the valid rows).`,
          { ...report, stored: 0, rejected },
        );
      }
      await requireBlockParks(
        request,
        stores,
        valid.map((row) => row.blockId),
      );
      const meta = { source: upload.source, fileName: upload.fileName, rowCount: reports.length };
      const importId = await stores.audit.audited(
        auditActorOf(request),
        { action: "indicators.import", entity: "evaluation-year", entityId: year },
        async (trx) => {
          const id = await stores.evaluations.saveValues(year, valid, meta, actorOf(request), trx);
          const blockIds = valid.map((row) => row.blockId);
          return { value: id, after: { importId: id, ...meta, stored: valid.length, rejected, blockIds } };
        },
      );
      return { ...report, importId, stored: valid.length, rejected };
    },
  );

  app.get("/evaluations/:year/indicators", { schema: getIndicatorsSchema }, async (request) => {
    const year = parseYear(request.params.year);
    const [blocks, values] = await Promise.all([
      evaluationBlocks(stores.evaluations, year),
      stores.evaluations.valuesForYear(year),
    ]);
    return {
      year,
      rows: blocks
        .filter((block) => values.has(block.blockId))
        .map((block) => ({
          blockId: block.blockId,
          code: block.code,
          name: block.name,
          areaKm2: block.areaKm2,
          inputs: values.get(block.blockId),
          indicators: deriveIndicators(values.get(block.blockId), block.areaKm2),
        })),
    };
  });

  app.get("/evaluations/:year/template.xlsx", { schema: templateSchema }, async (request, reply) => {
    const year = parseYear(request.params.year);
    const [blocks, values] = await Promise.all([
      evaluationBlocks(stores.evaluations, year),
      stores.evaluations.valuesForYear(year),
    ]);
    const ordered = [...blocks].sort(
      (a, b) => a.category.localeCompare(b.category) || a.park.id - b.park.id || a.blockId - b.blockId,
    );
    reply
      .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .header("content-disposition", `attachment; filename="indicators-template-${year}.xlsx"`);
    return templateWorkbook(year, ordered, values);
  });

  app.get("/evaluations/:year/weights", { schema: getWeightsSchema }, async (request) =>
    weightsResponse(parseYear(request.params.year)),
  );

  app.put(
    "/evaluations/:year/weights",
    { schema: putWeightsSchema, config: { permission: "weights.edit" } },
    async (request) => {
      const year = parseYear(request.params.year);
      const stored = await configOrThrow(stores, year);
      const check = checkConfigChange(request.body, stored.config);
      if (!check.valid) {
        throw badRequest("bad-weights", check.problems.map((problem) => problem.message).join(" "), {
          problems: check.problems,
        });
      }
      await stores.audit.audited(
        auditActorOf(request),
        { action: "weights.update", entity: "evaluation-year", entityId: year },
        async (trx) => {
          await stores.evaluations.saveConfig(year, check.config, actorOf(request), trx);
          return { value: undefined, before: stored.config, after: check.config };
        },
      );
      return weightsResponse(year);
    },
  );

  app.get("/evaluations/:year/ranking", { schema: rankingSchema }, async (request) =>
    rankingResponse(context, parseYear(request.params.year), request.query),
  );

  app.get("/evaluations/:year/recommendations", { schema: recommendationsSchema }, async (request) => {
    const year = parseYear(request.params.year);
    const [stored, settings, blocks] = await Promise.all([
      configOrThrow(stores, year),
      stores.settings.get(),
      evaluationBlocks(stores.evaluations, year),
    ]);
    const topPercent = request.query.topPercent ?? stored.config.recommendationTopPercent;
    const evaluation = evaluateYear(year, blocks, stored.config, settings);
    const categories = Object.fromEntries(
      CATEGORIES.map((category) => {
        const { topPositions, recommended } = recommendedForNational(
          evaluation.categories[category],
          evaluation.summary[category].ranked,
          topPercent,
        );
        return [
          category,
          {
            label: CATEGORY_LABELS[category],
            ranked: evaluation.summary[category].ranked,
            topPositions,
            recommended: recommended.map(({ breakdown: _breakdown, ...entry }) => entry),
          },
        ];
      }),
    );
    return { year, method: stored.config.method, topPercent, rule: RECOMMENDATION_RULE, categories };
  });

  app.post(
    "/evaluations/:year/flag-bottom",
    { schema: flagBottomSchema, config: { permission: "evaluations.run" } },
    async (request, reply) => {
      const year = parseYear(request.params.year);
      // Checked before queueing (and again by the job in its transaction: the year may be sent back meanwhile).
      const { state } = await stores.approvals.status(year);
      if (state !== "approved") {
        throw new ApiError(
          409,
          "year-not-approved",
          `The evaluation of ${year} is ${state}: the bottom 5% is flagged only once the year is approved (审定), over the ranking frozen at 报审.`,
          { state },
        );
      }
      const params: EvaluationFlagsParams = { year, actor: actorOf(request), audit: auditActorOf(request) };
      return startJob(context, request, reply, EVALUATION_FLAGS_JOB, { ...params });
    },
  );

  /** The rectification records (责令整改 → 整改后仍不达标), one per order, with their outcome; `?blockId=` filters. */
  app.get("/evaluations/rectifications", { schema: rectificationsSchema }, async (request) => {
    const blockIds = request.query.blockId === undefined ? undefined : [parseId(request.query.blockId)];
    return {
      rule: RECTIFICATION_CLAUSE,
      rectifications: await stores.rectifications.list({ blockIds }),
    };
  });

  app.get("/evaluations/:year/flags", { schema: flagsSchema }, async (request) => {
    const year = parseYear(request.params.year);
    const [flags, runs] = await Promise.all([
      stores.evaluations.flags({ year }),
      stores.evaluations.runs(year),
    ]);
    return { year, flags, runs };
  });

  async function weightsResponse(year: number) {
    const stored = await configOrThrow(stores, year);
    const { config } = stored;
    return {
      year,
      definedForYear: stored.definedForYear,
      inherited: stored.inherited,
      method: config.method,
      methods: [...SCORE_METHODS],
      weightsPercent: config.weightsPercent,
      baseSumPercent: baseWeightSumPercent(config.weightsPercent),
      recommendationTopPercent: config.recommendationTopPercent,
      exemptTransitionBlocks: config.exemptTransitionBlocks,
      indicators: INDICATORS.map((definition) => ({
        ...definition,
        weightPercent: config.weightsPercent[definition.key],
      })),
      changedAt: stored.changedAt,
      changedBy: stored.changedBy,
    };
  }
};

interface Upload {
  source: "json" | "csv" | "xlsx";
  fileName: string | null;
  rows: RawRow[];
  columns: { recognized: string[]; ignored: string[]; missing: string[] } | null;
}

/**
 * The one file of a multipart form. A form the parser cannot read (a cut or foreign body, too many parts) is
 * 400 `bad-upload`, a file over the limit Fastify's 413 (issue #15: random bytes as a form answered 500).
 */
async function readTableFile(request: FastifyRequest) {
  try {
    const file = await request.file();
    if (!file) throw badRequest("no-file", "The form has no file: send the CSV or .xlsx as a file field.");
    return { file, bytes: await file.toBuffer() };
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // Over the size limit: Fastify's own 413 FST_REQ_FILE_TOO_LARGE, as before.
    if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw error;
    throw badRequest("bad-upload", `The upload cannot be read: ${(error as Error).message}`);
  }
}

/** The rows of an import: a JSON body `{ rows: [...] }`, or one CSV/XLSX file in a multipart form. */
async function uploadedRows(request: FastifyRequest): Promise<Upload> {
  if (request.isMultipart()) {
    const { file, bytes } = await readTableFile(request);
    const kind = tableKindOf(file.filename, bytes);
    const read = await readTable(kind, bytes);
    if (!read.ok) throw badRequest("bad-table", read.message);
    return { source: kind, fileName: file.filename, rows: read.rows, columns: read.columns };
  }
  const body = request.body as { rows?: unknown } | null;
  if (!body || !Array.isArray(body.rows)) {
    throw badRequest(
      "bad-body",
      "Send { rows: [{ blockId, ...inputs }] } as JSON, or a CSV/.xlsx file as multipart.",
    );
  }
  const rows = body.rows.map((row, index): RawRow => {
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw badRequest("bad-body", `rows[${index}] is not an object.`);
    }
    return { index, cells: row as Record<string, unknown> };
  });
  return { source: "json", fileName: null, rows, columns: null };
}
