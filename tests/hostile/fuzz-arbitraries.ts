import fc from "fast-check";

/**
 * fast-check arbitraries for the fuzz suite (issue #15): hostile scalars, bad geometries and bodies, and
 * ids in paths. Built for what a careless or hostile client sends; none of it is meant to be a valid write.
 */

const EDGE_STRINGS = [
  "",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "=cmd|' /C calc'!A0",
  "+1",
  "@SUM(A1)",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "'; drop table blocks; --",
  "toString",
  "__proto__",
  "constructor",
  "hasOwnProperty",
  "NaN",
  "Infinity",
  "1e308",
  "0x10",
  "\t\r\n",
  "北京".repeat(2000),
];

const EDGE_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  2147483647,
  2147483648,
  -2147483649,
  2 ** 53,
  2 ** 53 + 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  1e-320,
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...EDGE_STRINGS),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc
    .tuple(fc.string({ maxLength: 10 }), loneSurrogate, fc.string({ maxLength: 10 }))
    .map((parts) => parts.join("")),
  fc.nat({ max: 70_000 }).map((length) => "x".repeat(length)),
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(...EDGE_NUMBERS),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** A path segment where an id (or an action, a year, a role) belongs. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "0",
    "-1",
    "1e1",
    "0x10",
    "1.5",
    "01",
    "2147483648",
    "9007199254740993",
    "1e308",
    "NaN",
    "Infinity",
    "abc",
    "%00",
    "%ED%A0%80",
    "toString",
    "__proto__",
    "%20",
    "1%2C2",
  ),
  fc.string({ unit: "binary", minLength: 1, maxLength: 20 }).map(encodeURIComponent),
);

const coordinate = fc.oneof(
  fc.double({ min: 114.5, max: 119.5, noNaN: true }),
  fc.double({ min: 38.5, max: 42, noNaN: true }),
  hostileNumber,
  fc.constantFrom(180, -180, 90, -90, 181, 1e308),
);

/** Positions as they should not be: Z/M, too few or many numbers, strings, nulls, far away. */
const badPosition: fc.Arbitrary<unknown> = fc.oneof(
  fc.tuple(coordinate, coordinate),
  fc.tuple(coordinate, coordinate, coordinate),
  fc.tuple(coordinate, coordinate, coordinate, coordinate),
  fc.array(coordinate, { maxLength: 6 }),
  fc.constantFrom(null, "116,40", [], [116], [[116, 40]], { x: 116, y: 40 }),
);

const closedRing = fc
  .array(fc.tuple(coordinate, coordinate), { minLength: 1, maxLength: 12 })
  .map((points) => [...points, points[0]]);

const badRing: fc.Arbitrary<unknown> = fc.oneof(
  closedRing,
  fc.array(badPosition, { maxLength: 8 }),
  // A bow-tie (self-intersecting), a ring with one point repeated, a line of two points.
  fc.constant([
    [116.3, 40.0],
    [116.32, 40.02],
    [116.32, 40.0],
    [116.3, 40.02],
    [116.3, 40.0],
  ]),
  fc.constant(Array.from({ length: 5 }, () => [116.3, 40.0])),
  fc.constant([
    [116.3, 40.0],
    [116.31, 40.01],
  ]),
);

const WORLD = [
  [
    [-180, -90],
    [180, -90],
    [180, 90],
    [-180, 90],
    [-180, -90],
  ],
];
const ACROSS_180 = [
  [
    [179.9, 40],
    [-179.9, 40],
    [-179.9, 40.1],
    [179.9, 40.1],
    [179.9, 40],
  ],
];
const SYDNEY = [
  [
    [151.2, -33.9],
    [151.22, -33.9],
    [151.22, -33.88],
    [151.2, -33.88],
    [151.2, -33.9],
  ],
];

export const badGeometry: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    { type: "Polygon", coordinates: WORLD },
    { type: "Polygon", coordinates: ACROSS_180 },
    { type: "Polygon", coordinates: SYDNEY },
    { type: "Polygon", coordinates: [] },
    { type: "GeometryCollection", geometries: [] },
    { type: "Point", coordinates: [116.3, 40] },
    { type: "LineString", coordinates: [[116.3, 40]] },
    null,
    {},
  ),
  fc.record({ type: fc.constant("Polygon"), coordinates: fc.array(badRing, { maxLength: 3 }) }),
  fc.record({
    type: fc.constant("MultiPolygon"),
    coordinates: fc.array(fc.array(badRing, { maxLength: 2 }), { maxLength: 3 }),
  }),
  fc.record({ type: hostileString, coordinates: fc.array(badRing, { maxLength: 2 }) }),
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false),
);

/**
 * Deep nesting stands in the generated values as a marker that `serialiseBody` expands to raw JSON text
 * (fast-check's reporter recurses through what it prints, and would overflow on 5,000 levels itself).
 */
function deep(depth: number): string {
  return `\u0001deep:${depth}\u0001`;
}

/** The body as JSON text, each deep-nesting marker replaced by that many nested objects. */
export function serialiseBody(body: unknown): string {
  return JSON.stringify(body).replace(/"\\u0001deep:(\d+)\\u0001"/gu, (_, depth: string) => {
    const n = Number(depth);
    return `${'{"a":'.repeat(n)}"deep"${"}".repeat(n)}`;
  });
}

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 2, arbitrary: badGeometry },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, scalar, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(deep(200), deep(2_000)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** A body for a route whose JSON schema names `keys`: some of those keys (plus strays) with hostile values. */
export function hostileBody(keys: string[]): fc.Arbitrary<unknown> {
  const known = keys.length > 0 ? fc.constantFrom(...keys) : hostileString;
  const feature = fc.record({
    type: fc.constantFrom("Feature", "FeatureCollection", "feature"),
    geometry: badGeometry,
    properties: fc.dictionary(fc.oneof(known, hostileString), hostileValue, { maxKeys: 6 }),
  });
  return fc.oneof(
    { weight: 4, arbitrary: fc.dictionary(known, hostileValue, { minKeys: 1, maxKeys: 6 }) },
    { weight: 2, arbitrary: feature },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        Array.from({ length: 5_000 }, (_, i) => i),
        Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`k${i}`, i])),
        deep(5_000),
      ),
    },
  );
}

/** Raw bodies that are not JSON at all, sent as application/json (or under a wrong content type). */
export const rawBody: fc.Arbitrary<{ payload: string; contentType: string }> = fc.record({
  payload: fc.oneof(
    fc.constantFrom("{", "[]]", '{"a":', "\u0000", "null", '"\\ud800"', "1e999999", '{"__proto__":{"x":1}}'),
    fc.string({ unit: "binary", maxLength: 200 }),
  ),
  contentType: fc.constantFrom(
    "application/json",
    "application/json; charset=latin1",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
  ),
});
