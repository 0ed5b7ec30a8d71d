import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type AuditContent,
  auditHash,
  canonicalJson,
  checkLink,
  GENESIS_HASH,
} from "../../../../server/domain/audit-chain.js";

const content: AuditContent = {
  id: 1,
  at: "2026-12-01T08:00:00.000Z",
  accountId: null,
  actorName: "张三",
  roles: ["lead"],
  action: "block.update",
  entity: "block",
  entityId: "5",
  before: { name: "甲" },
  after: { name: "乙" },
  requestId: "req-1",
  clientAddress: "127.0.0.1",
  prevHash: GENESIS_HASH,
};

describe("canonicalJson", () => {
  it("sorts keys at every depth, drops undefined members and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: undefined, e: null } })).toBe(
      '{"a":{"d":[3,1],"e":null},"b":1}',
    );
  });
});

describe("auditHash and checkLink", () => {
  it("is the sha256 of the canonical content", () => {
    const text =
      '{"accountId":null,"action":"block.update","actorName":"张三","after":{"name":"乙"},"at":"2026-12-01T08:00:00.000Z",' +
      '"before":{"name":"甲"},"clientAddress":"127.0.0.1","entity":"block","entityId":"5","id":1,' +
      `"prevHash":"${GENESIS_HASH}","requestId":"req-1","roles":["lead"]}`;
    expect(auditHash(content)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
  });

  it("holds for the row as written, and names what broke", () => {
    const hash = auditHash(content);
    expect(checkLink(content, hash, GENESIS_HASH)).toBeNull();
    expect(checkLink({ ...content, actorName: "李四" }, hash, GENESIS_HASH)).toBe("hash-mismatch");
    expect(checkLink(content, hash, "f".repeat(64))).toBe("prev-hash-mismatch");
  });
});
