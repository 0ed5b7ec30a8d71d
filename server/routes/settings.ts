import type { FastifyPluginAsync } from "fastify";
import type { AppContext } from "../app-context.js";
import { checkSettings, DEFAULT_SETTINGS } from "../domain/settings.js";
import { badRequest } from "../errors.js";
import { actorOf } from "./params.js";

export const settingsRoutes: FastifyPluginAsync<AppContext> = async (app, { stores }) => {
  app.get("/settings", async () => ({ settings: await stores.settings.get(), defaults: DEFAULT_SETTINGS }));

  app.put<{ Body: unknown }>("/settings", async (request) => {
    const check = checkSettings(request.body);
    if (!check.valid) throw badRequest("bad-setting", check.message, { key: check.key });
    return {
      settings: await stores.settings.update(check.settings, actorOf(request)),
      defaults: DEFAULT_SETTINGS,
    };
  });
};
