import { describe, expect, it } from "vitest";
import { fourBoundaries } from "../../../../server/domain/four-boundaries.js";
import { numberRings, writeBoundaryFile } from "../../../../server/formats/boundary-points.js";
import { readBoundaryFile } from "../../../../server/formats/boundary-points-read.js";
import { rectangle } from "../../../helpers/geodesic.js";

const HEADER = { coordinateSystem: "2000国家大地坐标系", zone: 39, producer: "测试单位", date: "2026-11-29" };

// A 200 m × 100 m parcel with a 20 m × 20 m hole, and a second part; GK zone 39 with the prefix.
const OUTER: [number, number][] = [
  [39440000, 4430000],
  [39440200, 4430000],
  [39440200, 4430100],
  [39440000, 4430100],
  [39440000, 4430000],
];
const HOLE: [number, number][] = [
  [39440050, 4430040],
  [39440070, 4430040],
  [39440070, 4430060],
  [39440050, 4430060],
  [39440050, 4430040],
];
const SECOND: [number, number][] = [
  [39441000, 4430000],
  [39441050, 4430000],
  [39441050, 4430050],
  [39441000, 4430000],
];

describe("界址点 exchange file", () => {
  const text = writeBoundaryFile(HEADER, [
    {
      name: "测试区块",
      code: "T-1",
      areaHectares: 2.0123456,
      use: "市级高新区区块",
      rings: [
        { role: "outer", positions: OUTER },
        { role: "hole", positions: HOLE },
        { role: "outer", positions: SECOND },
      ],
    },
  ]);
  const lines = text.split("\r\n");

  it("states the system and zone, and writes X northing, Y easting with the prefix", () => {
    expect(lines).toContain("坐标系=2000国家大地坐标系");
    expect(lines).toContain("带号=39");
    expect(lines).toContain("[地块坐标]");
    // 4 + 4 + 3 corners, each ring closed by repeating its first point: 14 point lines.
    expect(lines).toContain("14,2.0123,T-1,测试区块,面,,市级高新区区块,,@");
    // The outer ring starts at its north-west corner and runs clockwise: NW, NE, SE, SW, NW again.
    expect(lines.slice(lines.indexOf("[地块坐标]") + 2, lines.indexOf("[地块坐标]") + 7)).toEqual([
      "J1,1,4430100.00,39440000.00",
      "J2,1,4430100.00,39440200.00",
      "J3,1,4430000.00,39440200.00",
      "J4,1,4430000.00,39440000.00",
      "J1,1,4430100.00,39440000.00",
    ]);
    expect(lines).toContain("J5,2,4430060.00,39440050.00");
    expect(lines.filter((line) => line.startsWith("J5,2,"))).toHaveLength(2);
    expect(lines.filter((line) => /^J\d+,3,/.test(line))).toHaveLength(4);
  });

  it("reads back the same rings, telling the hole from the parts", () => {
    const reading = readBoundaryFile(text);
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.file.header).toMatchObject({ coordinateSystem: "2000国家大地坐标系", zone: 39 });
    const [parcel] = reading.file.parcels;
    expect(parcel).toMatchObject({ name: "测试区块", code: "T-1", areaHectares: 2.0123 });
    expect(parcel.rings.map((ring) => ring.role)).toEqual(["outer", "hole", "outer"]);
    expect(parcel.rings[0].points).toHaveLength(5);
    expect(parcel.rings[0].points[0]).toEqual(parcel.rings[0].points[4]);
    expect(parcel.rings[1].points.map((point) => [point.easting, point.northing])).toContainEqual([
      39440070, 4430040,
    ]);
  });

  it("numbers rings the same way for the map as for the file", () => {
    const rings = numberRings([{ role: "outer", positions: OUTER }]);
    expect(rings[0].points.map((point) => point.name)).toEqual(["J1", "J2", "J3", "J4", "J1"]);
  });

  it("reads plain tables: header row, tabs, rings split by blank lines or a ring column", () => {
    const blankLines =
      "点号\tX\tY\n1\t4430000\t39440000\n2\t4430000\t39440200\n3\t4430100\t39440200\n\n1\t4430500\t39440000\n2\t4430500\t39440100\n3\t4430600\t39440100\n";
    const reading = readBoundaryFile(blankLines);
    expect(
      reading.ok && reading.file.parcels[0].rings.map((ring) => [ring.role, ring.points.length]),
    ).toEqual([
      ["outer", 4],
      ["outer", 4],
    ]);
    const ringColumn =
      "J1,1,4430000,39440000\nJ2,1,4430000,39440200\nJ3,1,4430100,39440200\nJ4,2,4430010,39440150\nJ5,2,4430010,39440190\nJ6,2,4430050,39440190\n";
    const second = readBoundaryFile(ringColumn);
    expect(second.ok && second.file.parcels[0].rings.map((ring) => ring.role)).toEqual(["outer", "hole"]);
    expect(readBoundaryFile("these are\nnot coordinates").ok).toBe(false);
  });
});

describe("四至范围", () => {
  const block = rectangle(116.3, 40.0, 116.32, 40.01);

  it("names what lies beyond each side and always gives the extreme coordinate", () => {
    const result = fourBoundaries(block, {
      neighbours: [
        { name: "东邻区块", kind: "block", geometry: rectangle(116.3205, 39.99, 116.33, 40.02) },
        { name: "北边开发区", kind: "zone", geometry: rectangle(116.29, 40.0105, 116.33, 40.03) },
        { name: "海淀区", kind: "district", geometry: rectangle(116.0, 39.5, 116.5, 40.5) },
        { name: "昌平区", kind: "district", geometry: rectangle(116.0, 39.0, 116.5, 39.9999) },
      ],
      ownDistrict: "海淀区",
    });
    expect(result.sides.east.text).toBe("东至东邻区块（东经116.320000°）");
    expect(result.sides.north.text).toBe("北至北边开发区（北纬40.010000°）");
    expect(result.sides.south.text).toBe("南至昌平区（北纬40.000000°）");
    expect(result.sides.west.text).toBe("西至东经116.300000°");
    expect(result.text).toBe(
      "东至东邻区块（东经116.320000°）；南至昌平区（北纬40.000000°）；西至东经116.300000°；北至北边开发区（北纬40.010000°）",
    );
  });
});
