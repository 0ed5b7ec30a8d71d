import { describe, expect, it } from "vitest";
import { readConfig } from "../../server/config.js";

/** Issue #11: 政务统一身份认证 is configured only by OIDC_* environment variables. */
describe("OIDC configuration", () => {
  it("is off without OIDC_ISSUER", () => {
    expect(readConfig({}).oidc).toBeUndefined();
  });

  it("reads the role map and the claims, with roles as the default role claim", () => {
    const oidc = readConfig({
      OIDC_ISSUER: "https://sso.example.gov.cn",
      OIDC_CLIENT_ID: "bjhtz",
      OIDC_CLIENT_SECRET: "s3cret",
      OIDC_REDIRECT_URL: "https://plan.example.gov.cn/api/auth/oidc/callback",
      OIDC_ROLE_MAP: "gov-district:district, kjw-staff:reviewer,broken",
      OIDC_PARK_CLAIM: "parks",
    }).oidc;
    expect(oidc).toMatchObject({
      roleClaim: "roles",
      roleMap: { "gov-district": "district", "kjw-staff": "reviewer" },
      parkClaim: "parks",
    });
    expect(Object.keys(oidc?.roleMap ?? {})).toHaveLength(2);
  });

  it("refuses to start with an issuer but no client secret (it keys the sign-in cookie)", () => {
    expect(() =>
      readConfig({
        OIDC_ISSUER: "https://sso.example.gov.cn",
        OIDC_CLIENT_ID: "bjhtz",
        OIDC_REDIRECT_URL: "x",
      }),
    ).toThrow(/OIDC_CLIENT_SECRET/);
  });
});
