import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { checkSettings, DEFAULT_SETTINGS } from "../domain/settings.js";
import { badRequest } from "../errors.js";
import { getSettingsSchema, putSettingsSchema } from "../schemas/settings.js";
import { auditActorOf } from "./audit-request.js";
import { actorOf } from "./params.js";

export const settingsRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  app.get("/settings", { schema: getSettingsSchema }, async () => ({
    settings: await stores.settings.get(),
    defaults: DEFAULT_SETTINGS,
  }));

  app.put(
    "/settings",
    { schema: putSettingsSchema, config: { permission: "settings.edit" } },
    async (request) => {
      const check = checkSettings(request.body);
      if (!check.valid) throw badRequest("bad-setting", check.message, { key: check.key });
      const settings = await stores.audit.audited(
        auditActorOf(request),
        { action: "settings.update", entity: "settings" },
        async (trx) => {
          const before = await stores.settings.get(trx);
          const after = await stores.settings.update(check.settings, actorOf(request), trx);
          return { value: after, before, after, skip: Object.keys(check.settings).length === 0 };
        },
      );
      return { settings, defaults: DEFAULT_SETTINGS };
    },
  );
};
