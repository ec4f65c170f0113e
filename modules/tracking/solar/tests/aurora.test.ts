import { describe, expect, test } from "bun:test";
import { auroraVisibility, geomagneticLatitude } from "../aurora.ts";
import { AuroraConfigSchema } from "../schemas.ts";

describe("geomagnetic latitude (centred dipole)", () => {
  // No published centred-dipole latitudes were at hand (site lists such as EISCAT's give corrected geomagnetic
  // latitudes, which differ by up to 0.9° at Tromsø); these checks pin the geometry instead.
  test("a point on the pole's meridian is 90° minus its angular distance from the pole", () => {
    expect(geomagneticLatitude({ latitude: 50.7, longitude: -72.7 }, 80.7, -72.7)).toBeCloseTo(60, 9);
    expect(geomagneticLatitude({ latitude: 80, longitude: 107.3 }, 80.7, -72.7)).toBeCloseTo(70.7, 9);
  });

  test("the pole itself is at 90° and its antipode at −90°", () => {
    expect(geomagneticLatitude({ latitude: 80.7, longitude: -72.7 }, 80.7, -72.7)).toBeCloseTo(90, 4);
    expect(geomagneticLatitude({ latitude: -80.7, longitude: 107.3 }, 80.7, -72.7)).toBeCloseTo(-90, 4);
  });
});

describe("aurora visibility", () => {
  const config = AuroraConfigSchema.parse({});
  const tromso = { latitude: 69.65, longitude: 18.96 };
  const paris = { latitude: 48.86, longitude: 2.35 };
  const hobart = { latitude: -42.88, longitude: 147.33 };
  test("quiet Kp: Tromsø sees it overhead, Paris does not", () => {
    expect(auroraVisibility(tromso, 1, config).visibility).toBe("overhead");
    expect(auroraVisibility(paris, 1, config).visibility).toBe("unlikely");
  });
  test("a strong storm brings the oval south: Paris on the horizon at Kp 7, overhead at Kp 9; Hobart (south) too", () => {
    const parisG3 = auroraVisibility(paris, 7, config);
    expect(parisG3.oval_boundary_latitude).toBe(52);
    expect(parisG3.visibility).toBe("horizon");
    expect(auroraVisibility(paris, 9, config).visibility).toBe("overhead");
    expect(auroraVisibility(hobart, 9, config).visibility).toBe("overhead");
  });
});
