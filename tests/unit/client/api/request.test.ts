import { afterEach, describe, expect, it, vi } from "vitest";
import { getJson } from "../../../../client/api/request.js";

/** A fetch whose answer's body never ends until the request is cancelled (as a browser's does on abort). */
function fetchWithEndlessBody(status: number) {
  return async (_url: string, init?: RequestInit) =>
    new Response(
      new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"features":'));
          init?.signal?.addEventListener("abort", () =>
            controller.error(new DOMException("The operation was aborted.", "AbortError")),
          );
        },
      }),
      { status, headers: { "content-type": "application/json" } },
    );
}

afterEach(() => vi.unstubAllGlobals());

describe("request", () => {
  it("a request cancelled while its body is read is `aborted`, never ok with no value", async () => {
    vi.stubGlobal("fetch", fetchWithEndlessBody(200));
    const controller = new AbortController();
    const pending = getJson<{ features: unknown[] }>("/api/blocks?bbox=1,2,3,4", controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    expect(await pending).toEqual({
      ok: false,
      problem: { code: "aborted", message: "The request was cancelled." },
    });
  });

  it("an empty 204 answer is ok with no value; a JSON error names its code", async () => {
    vi.stubGlobal("fetch", async () => new Response(null, { status: 204 }));
    expect(await getJson("/api/x")).toEqual({ ok: true, value: undefined });
    vi.stubGlobal(
      "fetch",
      async () =>
        new Response(JSON.stringify({ error: { code: "busy", message: "try again" } }), { status: 503 }),
    );
    const busy = await getJson("/api/x");
    expect(busy).toMatchObject({ ok: false, problem: { code: "busy", message: "try again", status: 503 } });
  });
});
