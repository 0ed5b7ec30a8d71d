import { createHash, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** What the stub answers at /token for one authorization code: the ID token's claims, and how it is signed. */
export interface StubGrant {
  claims: Record<string, unknown>;
  /** The S256 code challenge the start sent: the token request's code_verifier must hash to it (PKCE). */
  codeChallenge: string;
  /** Sign with a key the JWKS does not publish (a forged token). */
  forged?: boolean;
}

/**
 * A tiny OpenID Connect provider on a loopback port (tests only, no internet): discovery, JWKS and the token
 * endpoint; the test plays the browser at the authorization endpoint and registers the code's grant.
 */
export async function startOidcProviderStub(clientId: string) {
  const key = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const grants = new Map<string, StubGrant>();
  let issuer = "";
  /** Who the authorization endpoint signs in without asking (a browser test); unset → 404 there. */
  let approveAs: Record<string, unknown> | undefined;
  let codes = 0;

  function idToken(claims: Record<string, unknown>, privateKey: KeyObject): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: "RS256", typ: "JWT", kid: "stub-1" };
    const payload = { iss: issuer, aud: clientId, iat: now, exp: now + 300, ...claims };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString("base64url");
    const body = `${encode(header)}.${encode(payload)}`;
    return `${body}.${sign("sha256", Buffer.from(body), privateKey).toString("base64url")}`;
  }

  const server: Server = createServer((request, response) => {
    const answer = (status: number, value: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(value));
    };
    const path = new URL(request.url ?? "/", issuer).pathname;
    if (path === "/.well-known/openid-configuration") {
      return answer(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
      });
    }
    if (path === "/authorize" && approveAs) {
      const query = new URL(request.url ?? "/", issuer).searchParams;
      codes += 1;
      const code = `browser-code-${codes}`;
      grants.set(code, {
        codeChallenge: query.get("code_challenge") ?? "",
        claims: { ...approveAs, nonce: query.get("nonce") },
      });
      const back = new URL(query.get("redirect_uri") ?? "");
      back.search = new URLSearchParams({ code, state: query.get("state") ?? "" }).toString();
      response.writeHead(302, { location: back.href });
      return response.end();
    }
    if (path === "/jwks") {
      return answer(200, {
        keys: [{ ...key.publicKey.export({ format: "jwk" }), kid: "stub-1", alg: "RS256", use: "sig" }],
      });
    }
    if (path === "/token" && request.method === "POST") {
      let body = "";
      request.on("data", (chunk) => {
        body += chunk;
      });
      request.on("end", () => {
        const form = new URLSearchParams(body);
        const grant = grants.get(form.get("code") ?? "");
        grants.delete(form.get("code") ?? "");
        const verifier = form.get("code_verifier") ?? "";
        const challenge = createHash("sha256").update(verifier).digest("base64url");
        if (!grant || challenge !== grant.codeChallenge) return answer(400, { error: "invalid_grant" });
        const signer = grant.forged ? other.privateKey : key.privateKey;
        answer(200, {
          access_token: "stub-access-token",
          token_type: "Bearer",
          expires_in: 300,
          id_token: idToken(grant.claims, signer),
        });
      });
      return;
    }
    answer(404, { error: "not_found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    /** The authorization endpoint signs in as these claims at once (as a provider whose user is signed in). */
    approve(claims: Record<string, unknown>) {
      approveAs = claims;
    },
    grant(code: string, grant: StubGrant) {
      grants.set(code, grant);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
