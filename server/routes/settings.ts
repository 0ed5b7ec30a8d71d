import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AppContext } from "../app-context.js";
import { checkSettings, DEFAULT_SETTINGS } from "../domain/settings.js";
import { badRequest } from "../errors.js";
import { getSettingsSchema, putSettingsSchema } from "../schemas/settings.js";
import { actorOf } from "./params.js";

export const settingsRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, { stores }) => {
  app.get("/settings", { schema: getSettingsSchema }, async () => ({
    settings: await stores.settings.get(),
    defaults: DEFAULT_SETTINGS,
  }));

  app.put("/settings", { schema: putSettingsSchema }, async (request) => {
    const check = checkSettings(request.body);
    if (!check.valid) throw badRequest("bad-setting", check.message, { key: check.key });
    return {
      settings: await stores.settings.update(check.settings, actorOf(request)),
      defaults: DEFAULT_SETTINGS,
    };
  });
};
