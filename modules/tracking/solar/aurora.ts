import type { Aurora, AuroraConfig, Location } from "./schemas.ts";

const RAD = Math.PI / 180;

/**
 * Geomagnetic (centred-dipole) latitude in degrees, −90…90, of a geographic position given the dipole's north
 * pole. Spherical approximation: sin φm = sin φ sin φp + cos φ cos φp cos(λ − λp). The pole defaults to the
 * IGRF-13 2020 dipole pole (see `AuroraConfigSchema`).
 */
export function geomagneticLatitude(location: Location, poleLatitude: number, poleLongitude: number): number {
  const lat = location.latitude * RAD;
  const poleLat = poleLatitude * RAD;
  const dLon = (location.longitude - poleLongitude) * RAD;
  const sine = Math.sin(lat) * Math.sin(poleLat) + Math.cos(lat) * Math.cos(poleLat) * Math.cos(dLon);
  return Math.asin(Math.max(-1, Math.min(1, sine))) / RAD;
}

/**
 * Aurora visibility for a location at a Kp level. The oval's equatorward edge sits at `boundary_kp0_deg −
 * boundary_deg_per_kp × Kp` geomagnetic latitude in either hemisphere; at or poleward of it the aurora can be
 * overhead, within `horizon_margin_deg` equatorward it is low on the poleward horizon, beyond that unlikely.
 */
export function auroraVisibility(location: Location, kp: number, config: AuroraConfig): Aurora {
  const geomagnetic = geomagneticLatitude(location, config.pole_latitude, config.pole_longitude);
  const boundary = config.boundary_kp0_deg - config.boundary_deg_per_kp * kp;
  const distance = Math.abs(geomagnetic);
  const visibility = distance >= boundary ? "overhead" : distance >= boundary - config.horizon_margin_deg ? "horizon" : "unlikely";
  return { geomagnetic_latitude: geomagnetic, oval_boundary_latitude: boundary, visibility };
}
