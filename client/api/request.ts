/**
 * The one request function of the REST API wrappers. Every call returns a result value: the data, or the
 * server's `{ error: { code, message } }` (a network failure becomes code "network").
 */
export interface ApiProblem {
  code: string;
  message: string;
  status?: number;
  details?: unknown;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; problem: ApiProblem };

/** A non-2xx answer → the problem it names (or the HTTP status when it names none). */
export function problemOf(answer: unknown, status: number, statusText: string): ApiProblem {
  const error = (answer as { error?: ApiProblem } | undefined)?.error;
  return {
    code: error?.code ?? "http-error",
    message: error?.message ?? `${status} ${statusText}`,
    status,
    details: error?.details,
  };
}

/** The session's CSRF token (the readable cookie the server set at sign-in), sent with every write. */
export function csrfHeader(): Record<string, string> {
  const match = /(?:^|;\s*)bjhtz_csrf=([^;]+)/.exec(typeof document === "undefined" ? "" : document.cookie);
  return match ? { "x-csrf-token": decodeURIComponent(match[1]) } : {};
}

/** One request → a result value: the JSON answer, or the server's `error` (a network failure is "network"). */
export async function request<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<ApiResult<T>> {
  const { body, headers = {}, signal } = options;
  const isForm = body instanceof FormData;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: "application/json",
        ...(method === "GET" ? {} : csrfHeader()),
        ...(body === undefined || isForm ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: isForm ? body : JSON.stringify(body) }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted)
      return { ok: false, problem: { code: "aborted", message: "The request was cancelled." } };
    return { ok: false, problem: { code: "network", message: String(error) } };
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    // Cancelled after the headers came: not an answer (it used to read as `{ ok: true, value: undefined }`).
    if (signal?.aborted)
      return { ok: false, problem: { code: "aborted", message: "The request was cancelled." } };
    return { ok: false, problem: { code: "network", message: String(error) } };
  }
  const answer = parseJson(text);
  if (response.ok) return { ok: true, value: answer as T };
  return { ok: false, problem: problemOf(answer, response.status, response.statusText) };
}

/** The body as JSON; an empty or non-JSON body (204, a plain-text error page) is `undefined`. */
function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function getJson<T>(path: string, signal?: AbortSignal): Promise<ApiResult<T>> {
  return request<T>("GET", path, { signal });
}

/** POST/PUT a JSON body (an absent body is sent as `{}`). */
export function sendJson<T>(
  method: "POST" | "PUT",
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  return request<T>(method, path, { body: body ?? {}, headers });
}
