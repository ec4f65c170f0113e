import { describe, expect, test } from "bun:test";
import { parseAlerts } from "../alerts.ts";
import { trackingCase } from "./cases.ts";

describe("SWPC alerts (kylecorry31/noaa-aurora RawSpaceWeatherAlert.kt fields)", () => {
  test("swpc-alert-k5: code, serial, type, headline, scale, issue time", () => {
    const c = trackingCase("swpc-alert-k5");
    const [alert] = parseAlerts(c.input.payload);
    expect(alert?.code).toBe(String(c.expected.code));
    expect(alert?.serial).toBe(Number(c.expected.serial));
    expect(alert?.type).toBe(String(c.expected.type));
    expect(alert?.headline).toBe(String(c.expected.headline));
    expect(alert?.scale).toBe(String(c.expected.scale));
    expect(alert?.issued).toBe(String(c.expected.issued_utc));
  });

  test("swpc-alert-xray-m5: mixed line endings and 'Noaa Scale:' spelling", () => {
    const c = trackingCase("swpc-alert-xray-m5");
    const [alert] = parseAlerts(c.input.payload);
    expect(alert?.code).toBe(String(c.expected.code));
    expect(alert?.type).toBe(String(c.expected.type));
    expect(alert?.scale).toBe(String(c.expected.scale));
    expect(alert?.headline).toBe("X-Ray Flux exceeded M5");
  });
});
