import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upload } from "../formats/helpers.js";
import { rectangle } from "../helpers/geodesic.js";
import { startTwoApps, type TwoApps } from "../helpers/two-apps.js";

/**
 * Issue #14 item 5 for imports: the upload reaches server A, which runs no jobs; server B claims the preview
 * job and reads the upload's bytes from the database; the commit is asked of B and its job runs there; A then
 * serves the import and its blocks. Nothing of the import lives in one process.
 */
let two: TwoApps;
const jobs = (concurrency: number) => ({
  concurrency,
  resultHours: 24,
  perAccount: 5,
  importInlineFeatures: 5,
});

beforeAll(async () => {
  two = await startTwoApps({ config: { jobs: jobs(0) }, configB: { jobs: jobs(1) } });
});
afterAll(async () => two?.close());

async function waitOn(
  inject: TwoApps["b"]["inject"],
  id: number,
): Promise<{ state: string; error: string | null }> {
  for (let i = 0; i < 2400; i++) {
    const job = (await inject({ method: "GET", url: `/api/jobs/${id}` })).json();
    if (!["queued", "running"].includes(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${id} did not end`);
}

describe("an import across two servers", () => {
  it("is uploaded on A, previewed by B's job, committed on B, and read on A", async () => {
    const { a, b } = two;
    const n = 12;
    const file = JSON.stringify({
      type: "FeatureCollection",
      features: Array.from({ length: n }, (_, i) => ({
        type: "Feature",
        properties: { name: `两台 ${i + 1}` },
        geometry: rectangle(116.1 + i * 0.002, 40.58, 116.1012 + i * 0.002, 40.5809),
      })),
    });
    const started = await upload(a.app, "two.geojson", file);
    expect(started.statusCode, started.body).toBe(202);
    const preview = await waitOn(b.inject, started.json().id);
    expect(preview.state, String(preview.error)).toBe("succeeded");
    const worker = await a.db.knex("jobs").where({ id: started.json().id }).first("worker");
    expect(worker.worker).not.toBeNull();
    const { importId } = (
      await a.app.inject({ method: "GET", url: `/api/jobs/${started.json().id}/result` })
    ).json();

    const parkId = (await b.inject({ method: "GET", url: "/api/parks" })).json()[0].id;
    const commit = await b.inject({
      method: "POST",
      url: `/api/imports/${importId}/commit`,
      payload: { parkId, level: "municipal" },
    });
    expect(commit.statusCode, commit.body).toBe(202);
    const committed = await waitOn(a.app.inject.bind(a.app), commit.json().id);
    expect(committed.state, String(committed.error)).toBe("succeeded");
    const status = (await a.app.inject({ method: "GET", url: `/api/imports/${importId}` })).json();
    expect(status.status).toBe("committed");
    expect(status.blockIds).toHaveLength(n);
    const block = await a.app.inject({ method: "GET", url: `/api/blocks/${status.blockIds[0]}` });
    expect(block.statusCode).toBe(200);
    expect(block.json().properties.name).toBe("两台 1");
  });
});
