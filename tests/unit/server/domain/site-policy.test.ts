import { describe, expect, it } from "vitest";
import type { OverlapEntry } from "../../../../server/domain/analysis-report.js";
import {
  parcelFacts,
  pointFacts,
  type SiteFacts,
  sitePolicy,
} from "../../../../server/domain/site-policy.js";

/**
 * 项目落地核查 (DOMAIN.md §1 生态涵养区, §5): in the ecological conservation area new manufacturing only inside a
 * development zone of municipal level or above; outside Zhongguancun a municipal block gets only the municipal
 * Zhongguancun policies. Every expected outcome below is read from those two sentences, case by case.
 */
const NOWHERE: SiteFacts = {
  inZgc: false,
  inEtdz: false,
  inMunicipalDevelopmentZone: false,
  inDistrictDevelopmentZone: false,
  inRecognizedMunicipalBlock: false,
  inCandidateMunicipalBlock: false,
  inEcoArea: false,
};

describe("sitePolicy", () => {
  it("a site outside every zone: no policy, not in a zone, manufacturing not restricted", () => {
    expect(sitePolicy(NOWHERE)).toEqual({
      insideMunicipalOrAboveZone: false,
      newManufacturingAllowed: true,
      pendingRecognitionWouldAllow: false,
      policies: [],
    });
  });

  it("in the eco area outside every zone: no new manufacturing", () => {
    expect(sitePolicy({ ...NOWHERE, inEcoArea: true })).toEqual({
      insideMunicipalOrAboveZone: false,
      newManufacturingAllowed: false,
      pendingRecognitionWouldAllow: false,
      policies: [],
    });
  });

  it("in the eco area inside a district-level zone only: still no (district level is below municipal)", () => {
    const result = sitePolicy({ ...NOWHERE, inEcoArea: true, inDistrictDevelopmentZone: true });
    expect(result).toMatchObject({ insideMunicipalOrAboveZone: false, newManufacturingAllowed: false });
    expect(result.policies).toEqual([]);
  });

  it("in the eco area inside a candidate municipal block: not yet, but recognition would allow it", () => {
    expect(sitePolicy({ ...NOWHERE, inEcoArea: true, inCandidateMunicipalBlock: true })).toEqual({
      insideMunicipalOrAboveZone: false,
      newManufacturingAllowed: false,
      pendingRecognitionWouldAllow: true,
      policies: [],
    });
  });

  it("a candidate block outside the eco area gets no municipal support yet", () => {
    expect(sitePolicy({ ...NOWHERE, inCandidateMunicipalBlock: true })).toMatchObject({
      newManufacturingAllowed: true,
      pendingRecognitionWouldAllow: false,
      policies: [],
    });
  });

  it("in the eco area inside a recognized municipal block outside Zhongguancun: allowed, municipal ZGC policies only", () => {
    expect(sitePolicy({ ...NOWHERE, inEcoArea: true, inRecognizedMunicipalBlock: true })).toEqual({
      insideMunicipalOrAboveZone: true,
      newManufacturingAllowed: true,
      pendingRecognitionWouldAllow: false,
      policies: ["municipal-high-tech-zone-support", "municipal-zgc-policies-only"],
    });
  });

  it("a recognized municipal block inside Zhongguancun keeps the national policies (not 'municipal only')", () => {
    expect(sitePolicy({ ...NOWHERE, inZgc: true, inRecognizedMunicipalBlock: true }).policies).toEqual([
      "zgc-national-policies",
      "municipal-high-tech-zone-support",
    ]);
  });

  it("亦庄 (the national ETDZ) and a municipal development zone are zones of municipal level or above", () => {
    for (const facts of [{ inEtdz: true }, { inMunicipalDevelopmentZone: true }, { inZgc: true }]) {
      expect(sitePolicy({ ...NOWHERE, ...facts, inEcoArea: true })).toMatchObject({
        insideMunicipalOrAboveZone: true,
        newManufacturingAllowed: true,
      });
    }
    expect(sitePolicy({ ...NOWHERE, inEtdz: true }).policies).toEqual(["etdz-policies"]);
    expect(sitePolicy({ ...NOWHERE, inMunicipalDevelopmentZone: true }).policies).toEqual([]);
  });
});

function overlap(entry: Partial<OverlapEntry> & { layer: string; shareOfGeometry: number }): OverlapEntry {
  return { id: 1, name: "x", nameEn: "x", overlapKm2: 0, shareOfTarget: 0, ...entry };
}

describe("parcelFacts: a parcel is inside a layer only when wholly inside (to 1e-6 of its area)", () => {
  it("no overlaps: inside nothing", () => {
    expect(parcelFacts([], 0).facts).toEqual(NOWHERE);
  });

  it("shares add up over several features of one layer; 1 − 1e-6 is inside, 1 − 2e-6 is not", () => {
    const halves = [
      overlap({ layer: "etdz", shareOfGeometry: 0.5 }),
      overlap({ layer: "etdz", shareOfGeometry: 0.5 - 1e-6 }),
    ];
    expect(parcelFacts(halves, 0).facts.inEtdz).toBe(true);
    const short = [
      overlap({ layer: "etdz", shareOfGeometry: 0.5 }),
      overlap({ layer: "etdz", shareOfGeometry: 0.5 - 2e-6 }),
    ];
    expect(parcelFacts(short, 0).facts.inEtdz).toBe(false);
  });

  it("partly in Zhongguancun is not in Zhongguancun; any touch of the eco area counts", () => {
    const { facts, shares } = parcelFacts(
      [overlap({ layer: "eco-conservation-area", shareOfGeometry: 0.01 })],
      0.6,
    );
    expect(facts).toMatchObject({ inZgc: false, inEcoArea: true });
    expect(shares).toMatchObject({ zgc: 0.6, ecoArea: 0.01 });
  });

  it("municipal blocks count by status: in force → recognized, pending → candidate, ended → neither", () => {
    const block = (status: string, level = "municipal") =>
      overlap({ layer: "block", level, status, shareOfGeometry: 1 });
    expect(parcelFacts([block("reduced")], 0).facts).toMatchObject({
      inRecognizedMunicipalBlock: true,
      inCandidateMunicipalBlock: false,
    });
    expect(parcelFacts([block("applied")], 0).facts).toMatchObject({
      inRecognizedMunicipalBlock: false,
      inCandidateMunicipalBlock: true,
    });
    for (const ended of ["exited", "withdrawn"]) {
      expect(parcelFacts([block(ended)], 0).facts).toMatchObject({
        inRecognizedMunicipalBlock: false,
        inCandidateMunicipalBlock: false,
      });
    }
    expect(parcelFacts([block("recognized", "national")], 0).facts.inRecognizedMunicipalBlock).toBe(false);
  });
});

describe("pointFacts", () => {
  it("a point in no zone and no block: inside nothing", () => {
    expect(pointFacts([], [])).toEqual(NOWHERE);
  });

  it("a national block means Zhongguancun; zone kinds map one to one", () => {
    expect(
      pointFacts(
        ["etdz", "municipal-development-zone", "district-development-zone", "eco-conservation-area"],
        [{ level: "national", status: "recognized" }],
      ),
    ).toEqual({
      inZgc: true,
      inEtdz: true,
      inMunicipalDevelopmentZone: true,
      inDistrictDevelopmentZone: true,
      inRecognizedMunicipalBlock: false,
      inCandidateMunicipalBlock: false,
      inEcoArea: true,
    });
  });

  it("municipal blocks by status; an exited one gives nothing", () => {
    expect(pointFacts([], [{ level: "municipal", status: "rectifying" }])).toMatchObject({
      inZgc: false,
      inRecognizedMunicipalBlock: true,
    });
    expect(pointFacts([], [{ level: "municipal", status: "candidate" }])).toMatchObject({
      inCandidateMunicipalBlock: true,
      inRecognizedMunicipalBlock: false,
    });
    expect(pointFacts(["district"], [{ level: "municipal", status: "exited" }])).toEqual(NOWHERE);
  });
});
