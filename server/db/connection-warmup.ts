import { GK_ZONE_38_SRID, GK_ZONE_39_SRID, STORAGE_SRID, WEB_MERCATOR_SRID } from "./geometry.js";

/** The planes the app transforms into: both Gauss-Krüger zones (analysis, reductions) and Web Mercator (tiles). */
export const WARMED_SRIDS = [GK_ZONE_38_SRID, GK_ZONE_39_SRID, WEB_MERCATOR_SRID] as const;

/**
 * SQL run once on each new PostgreSQL connection, before it serves a request: loads PostGIS and builds the PROJ
 * transformations from the storage CRS into every plane the app uses, plus one ellipsoidal area. A fresh backend
 * pays this on its first use of each — measured on this machine 8–15 ms for the PostGIS library, 7–17 ms per
 * Gauss-Krüger zone, 65–72 ms for Web Mercator — and it landed on whichever request drew the new connection
 * (issue #16: GET /api/blocks/:id/analysis p50 9.8 ms, p95 86 ms). Skipped while PostGIS is not yet installed
 * (the first start creates it through this pool).
 */
export const CONNECTION_WARMUP_SQL = `do $warm$ begin
  if exists (select 1 from pg_extension where extname = 'postgis') then
    perform ${WARMED_SRIDS.map((srid) => `ST_Transform(ST_SetSRID(ST_MakePoint(116.4, 39.9), ${STORAGE_SRID}), ${srid})`).join(", ")},
            ST_Area(ST_Expand(ST_SetSRID(ST_MakePoint(116.4, 39.9), ${STORAGE_SRID}), 0.001)::geography);
  end if;
end $warm$`;
