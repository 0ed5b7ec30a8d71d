/** The OpenAPI document's head; every route's schema names one of these tags and a summary. */
export const TAGS = {
  health: "health",
  parks: "parks",
  layers: "layers",
  blocks: "blocks",
  settings: "settings",
  analysis: "analysis",
  tiles: "tiles",
  evaluations: "evaluations",
  exit: "exit",
  reductions: "reductions",
  imports: "imports",
  exports: "exports",
  jobs: "jobs",
  audit: "audit",
  auth: "auth",
  rounds: "rounds",
} as const;

const TAG_DESCRIPTIONS: Record<keyof typeof TAGS, string> = {
  health: "Is the service and its database up",
  parks: "分园 — the sub-parks and their blocks' shares",
  layers: "参考图层 — reference zones as GeoJSON",
  blocks: "区块 — blocks, their versions and history",
  settings: "Decisions the Measures leave open, with defaults",
  analysis: "Areas, overlaps, composition, site check",
  tiles: "Vector tiles of blocks and zones",
  evaluations: "综合评价 — indicators, weights, rankings, transitions",
  exit: "退出 — exit decisions and the batch",
  reductions: "核减 — reduced-boundary previews and proposals",
  imports: "GIS file imports with a preview and a commit",
  exports: "GIS file exports and the catalogue package",
  jobs: "Background jobs (the overlap report): state, progress, cancel, result",
  audit: "审计记录 — the append-only, hash-chained audit trail: list, export, verify",
  auth: "Accounts: sign-in, sessions, users, roles and API tokens",
  rounds: "集中认定 — the annual recognition round: applications, materials, pre-checks, joint review, 批复",
};

export const OPENAPI_INFO = {
  openapi: "3.0.3",
  info: {
    title: "Beijing municipal high-tech zone planning platform API",
    description:
      "Every answer is JSON unless a file is asked for; every error is `{ error: { code, message, details? } }`. " +
      "A request that does not match its schema gets 400 `invalid-request` with the field path.",
    version: "0.1.0",
  },
  tags: Object.entries(TAG_DESCRIPTIONS).map(([name, description]) => ({ name, description })),
};
