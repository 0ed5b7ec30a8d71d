import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";

/**
 * Steps of the recognition round (issue #13) for tests: materials as real multipart uploads of files whose first
 * bytes are those of their type, and the walk of an application from 草稿 to 已报批 through the real routes.
 */
type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>;

export const DEPARTMENTS = ["市发展改革委", "市规划自然资源委"];

/** Minimal files of each kind: a PDF, a PNG, a zip-based docx and xlsx (their signatures are what is checked). */
export const SAMPLE_FILES = {
  request: {
    name: "关于申请认定市级高新区的请示.pdf",
    bytes: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"),
  },
  indicators: {
    name: "重点指标数据.xlsx",
    bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 1, 2, 3]),
  },
  plans: { name: "相关规划.docx", bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x0a, 0, 0, 0, 9, 9]) },
  "space-use": {
    name: "空间利用情况.png",
    bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  },
} as const;

/** A multipart/form-data body with one file in the field `file`. */
export function materialUpload(fileName: string, bytes: Buffer, contentType = "application/octet-stream") {
  const boundary = `----round-test-${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, bytes, tail]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

export async function upload(
  inject: Inject,
  applicationId: number,
  kind: string,
  name: string,
  bytes: Buffer,
) {
  const body = materialUpload(name, bytes);
  return inject({
    method: "POST",
    url: `/api/applications/${applicationId}/materials?kind=${kind}`,
    payload: body.payload,
    headers: body.headers,
  });
}

export async function uploadAllMaterials(inject: Inject, applicationId: number) {
  for (const [kind, file] of Object.entries(SAMPLE_FILES)) {
    const response = await upload(inject, applicationId, kind, file.name, file.bytes);
    expect(response.statusCode, response.body).toBe(201);
  }
}

export async function step(inject: Inject, applicationId: number, action: string, payload: object = {}) {
  return inject({ method: "POST", url: `/api/applications/${applicationId}/actions/${action}`, payload });
}

export async function openRound(inject: Inject, year = 2026) {
  const response = await inject({
    method: "POST",
    url: "/api/rounds",
    payload: {
      year,
      name: `${year}年度市级高新区集中认定`,
      applicationsUntil: "2099-06-30",
      reviewUntil: "2099-12-31",
      departments: DEPARTMENTS,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number; year: number };
}

export async function opineAll(inject: Inject, applicationId: number, opinion = "agree") {
  for (const department of DEPARTMENTS) {
    const response = await inject({
      method: "POST",
      url: `/api/applications/${applicationId}/opinions`,
      payload: { department, opinion, text: `${department}：${opinion}` },
    });
    expect(response.statusCode, response.body).toBe(201);
  }
}

export async function fillChecklist(inject: Inject, applicationId: number) {
  const items = ["industry-orientation", "infrastructure", "safety-and-environment"].map((condition) => ({
    condition,
    met: true,
    reason: "材料齐全，符合要求",
  }));
  const response = await inject({
    method: "PUT",
    url: `/api/applications/${applicationId}/checklist`,
    payload: { items },
  });
  expect(response.statusCode, response.body).toBe(200);
}

/** How far `applicationAt` walks a new application. */
export type Stage = "draft" | "complete" | "submitted" | "reviewing" | "judged" | "reported";
const STAGES: Stage[] = ["draft", "complete", "submitted", "reviewing", "judged", "reported"];

/**
 * A new application for `blockIds` walked to `stage` by one account holding every role (`inject`): materials,
 * submit, joint review with every department's opinion and the checklist, and the lead's 审核意见.
 */
export async function applicationAt(inject: Inject, roundId: number, blockIds: number[], stage: Stage) {
  const created = await inject({
    method: "POST",
    url: `/api/rounds/${roundId}/applications`,
    payload: { title: "区块认定申请", blockIds },
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as number;
  const reached = (s: Stage) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
  if (reached("complete")) await uploadAllMaterials(inject, id);
  for (const [action, at] of [
    ["submit", "submitted"],
    ["start-review", "reviewing"],
  ] as const) {
    if (!reached(at)) break;
    const response = await step(inject, id, action);
    expect(response.statusCode, response.body).toBe(200);
  }
  if (reached("judged")) {
    await opineAll(inject, id);
    await fillChecklist(inject, id);
  }
  if (reached("reported")) {
    const reported = await step(inject, id, "report", { opinion: "经联审，建议认定。" });
    expect(reported.statusCode, reported.body).toBe(200);
  }
  return id;
}

export const reportedApplication = (inject: Inject, roundId: number, blockIds: number[]) =>
  applicationAt(inject, roundId, blockIds, "reported");
