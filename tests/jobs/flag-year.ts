import { expect } from "vitest";
import { approveYear } from "../evaluation/approve-year.js";
import { INDICATOR_INPUTS } from "../fixtures/indicator-inputs.js";
import { rectangle } from "../helpers/geodesic.js";
import type { TestApp } from "../helpers/test-app.js";

/**
 * A year ready for a 责令整改 flag run (the flag-run job tests): a park of our own with four recognized blocks and
 * their indicators — the first far the weakest, so the bottom 5% is not empty — 报审 and 审定 through the API.
 * Returns the blocks' ids, the weakest first.
 */
export async function flagYear(t: TestApp, year: number, label: string): Promise<number[]> {
  const [{ id: parkId }] = await t.db
    .knex("parks")
    .insert({
      code: `test-${label}-${process.pid}`,
      name: `${label}测试园`,
      name_en: label,
      district: "test",
      category: "B",
    })
    .returning("id");
  const strengths = [0.3, 1, 1.1, 1.2];
  const ids: number[] = [];
  for (const [index] of strengths.entries()) {
    const created = await t.app.inject({
      method: "POST",
      url: "/api/blocks",
      payload: {
        type: "Feature",
        geometry: rectangle(117.6 + index * 0.02, 39.2, 117.61 + index * 0.02, 39.21),
        properties: {
          name: `${label}测试${index + 1}`,
          parkId,
          level: "municipal",
          status: "recognized",
          attributes: { recognizedOn: `${year}-01-01` },
        },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    ids.push(created.json().properties.id);
  }
  const rows = ids.map((blockId, index) => ({
    blockId,
    ...Object.fromEntries(
      Object.entries(INDICATOR_INPUTS).map(([key, value]) => [key, Math.round(value * strengths[index])]),
    ),
  }));
  const put = await t.app.inject({
    method: "PUT",
    url: `/api/evaluations/${year}/indicators`,
    payload: { rows },
  });
  expect(put.statusCode, put.body).toBe(200);
  await approveYear(t, year, { ignoreIncomplete: true });
  return ids;
}

/** What a flag run of `year` writes (also on the demo's blocks it acts on), counted; every block's status. */
export async function flagRunWrites(knex: TestApp["db"]["knex"], year: number) {
  const count = async (query: ReturnType<TestApp["db"]["knex"]>) =>
    Number(((await query.count({ n: "*" })) as { n: number | string }[])[0].n);
  return {
    flags: await count(knex("evaluation_flags").where({ year })),
    runs: await count(knex("evaluation_runs").where({ year })),
    rectifications: await count(knex("rectifications")),
    outcomes: await count(knex("rectification_outcomes")),
    audit: await count(
      knex("audit_events").where({ action: "evaluation.flag-bottom", entity_id: String(year) }),
    ),
    statuses: (await knex("blocks").orderBy("id").pluck("status")) as string[],
  };
}
