import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readZip } from "../../../../server/formats/zip-read.js";
import { chunkBundler, zipStream } from "../../../../server/formats/zip-stream.js";
import { readValue } from "../../../helpers/read-result.js";

describe("zipStream", () => {
  it("writes each file as it is added; yauzl reads back every name and byte", async () => {
    const files: [string, Uint8Array][] = [
      ["界址点/001_A.txt", new TextEncoder().encode("J1,1,2\r\n")],
      ["地图/001_A.pdf", new Uint8Array(randomBytes(300_000))],
      ["说明.txt", new TextEncoder().encode("\uFEFF说明\r\n")],
    ];
    const parts: Uint8Array[] = [];
    const zip = zipStream((chunk) => parts.push(chunk));
    zip.add(...files[0]);
    // The first file's bytes are out before the second is given.
    const afterFirst = parts.length;
    expect(afterFirst).toBeGreaterThan(0);
    zip.add(...files[1]);
    zip.add(...files[2]);
    zip.end();
    const entries = readValue(await readZip(new Uint8Array(Buffer.concat(parts))));
    expect(entries.map((entry) => entry.name)).toEqual(files.map(([name]) => name));
    for (const [i, [, data]] of files.entries()) expect(Buffer.compare(entries[i].data, data)).toBe(0);
  });
});

describe("chunkBundler", () => {
  it("hands out bundles of at least the size, in order, the rest at flush", () => {
    const bundles: number[][] = [];
    const bundler = chunkBundler(4, (bundle) => bundles.push([...bundle]));
    for (const chunk of [[1, 2], [3], [4, 5, 6], [7]]) bundler.push(new Uint8Array(chunk));
    bundler.flush();
    bundler.flush();
    expect(bundles).toEqual([[1, 2, 3, 4, 5, 6], [7]]);
  });
});
