import type { FastifyInstance, InjectOptions } from "fastify";
import type { Knex } from "knex";
import { ROLES } from "../server/auth/account.js";
import { randomSecret, secretHash } from "../server/auth/secrets.js";
import { accountStore } from "../server/db/account-store.js";

/**
 * The benchmarks measure signed-in requests (every API route but health needs an account since issue #11): an
 * account with every role and park and its API token, which `app.inject` sends unless a request brings its own
 * (returned, for a browser's requests).
 */
export async function signInBenchApp(app: FastifyInstance, knex: Knex): Promise<string> {
  const accounts = accountStore(knex);
  const id = await accounts.create({
    login: `bench-${Date.now()}`,
    name: "基准测试 (all roles)",
    passwordHash: null,
    roles: [...ROLES],
    parkIds: [],
    allParks: true,
  });
  const token = randomSecret();
  await accounts.createToken(id, "bench", secretHash(token));
  const original = app.inject.bind(app);
  const signed = (request: InjectOptions) => {
    const headers = request.headers ?? {};
    if ("authorization" in headers) return original(request);
    return original({ ...request, headers: { ...headers, authorization: `Bearer ${token}` } });
  };
  app.inject = signed as typeof app.inject;
  return token;
}
