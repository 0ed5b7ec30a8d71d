import type { InjectOptions } from "fastify";
import type { TestApp } from "../helpers/test-app.js";

/**
 * 报审 then 审定 of a year through the API (the flag run needs an approved year): `ignoreIncomplete` freezes the
 * ranking with incomplete blocks left out. Throws with the answer when a step is refused.
 */
export async function approveYear(
  t: TestApp,
  year: number,
  options: { ignoreIncomplete?: boolean; headers?: InjectOptions["headers"] } = {},
) {
  const query = options.ignoreIncomplete ? "?ignoreIncomplete=true" : "";
  const submit = await t.app.inject({
    method: "POST",
    url: `/api/evaluations/${year}/approval/submit${query}`,
    headers: options.headers,
  });
  if (submit.statusCode !== 200) throw new Error(`报审 ${year}: ${submit.statusCode} ${submit.body}`);
  const approve = await t.app.inject({
    method: "POST",
    url: `/api/evaluations/${year}/approval/approve`,
    headers: options.headers,
    payload: { reference: `京政函〔${year + 1}〕1号（测试）`, approvedOn: `${year + 1}-03-31` },
  });
  if (approve.statusCode !== 200) throw new Error(`审定 ${year}: ${approve.statusCode} ${approve.body}`);
  return approve.json();
}
