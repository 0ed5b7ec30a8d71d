import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { auditCsv, auditXlsx } from "../formats/audit-file.js";
import { exportAuditSchema, listAuditSchema, verifyAuditSchema } from "../schemas/audit.js";

/**
 * 审计记录 — the audit trail (issue #11): read, exported and verified; never written through here (every
 * mutation writes its own row in its own transaction, server/db/audit-store.ts).
 */
export const auditRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  const readAudit = { permission: "audit.read" as const };

  app.get("/audit", { schema: listAuditSchema, config: readAudit }, async (request) => {
    const { limit = 100, offset = 0, ...filter } = request.query;
    return { limit, offset, ...(await stores.audit.list(filter, { limit, offset })) };
  });

  app.get("/audit/export", { schema: exportAuditSchema, config: readAudit }, async (request, reply) => {
    const { format = "csv", ...filter } = request.query;
    const rows = await stores.audit.all(filter);
    reply.header("content-disposition", `attachment; filename="audit.${format}"`);
    if (format === "csv") return reply.type("text/csv; charset=utf-8").send(auditCsv(rows));
    return reply
      .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
      .send(Buffer.from(await auditXlsx(rows)));
  });

  app.get("/audit/verify", { schema: verifyAuditSchema, config: readAudit }, async () =>
    stores.audit.verify(),
  );
};
