#!/usr/bin/env python3
"""Developer script: Swiss Ephemeris house cusps at 60°–66.5° of latitude, both hemispheres, for the astrology
module's tests (modules/calculation/astrology/tests/fixtures/swisseph-high-latitude.json). Run once by hand:

    pip install pyswisseph==2.10.3.2
    python3 scripts/accuracy/generate_high_latitude_fixture.py /path/to/ephe modules/calculation/astrology/tests/fixtures/swisseph-high-latitude.json

The cases are a grid (latitudes × instants × longitudes) plus a reported case (65.09° N, 1877) where a
fixed-point Placidus iteration gave up and fell back to Porphyry.
"""
import datetime as dt
import json
import sys

import swisseph as swe

SYSTEMS = {"placidus": b"P", "koch": b"K", "porphyry": b"O", "regiomontanus": b"R", "campanus": b"C", "equal": b"E"}
LATITUDES = [60.0, 62.5, 64.0, 65.0, 65.5, 65.9, 66.2, 66.4, 66.5]
INSTANTS = ["1877-04-09T21:20:19Z", "1950-01-01T06:00:00Z", "1987-07-14T14:37:00Z", "2031-10-30T02:15:30Z"]
LONGITUDES = [-73.005946, 18.95]


def case(iso, latitude, longitude):
    t = dt.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    jd = swe.julday(t.year, t.month, t.day, t.hour + t.minute / 60 + t.second / 3600)
    out = {"utc": iso, "latitude": latitude, "longitude": longitude}
    for name, code in SYSTEMS.items():
        cusps, ascmc = swe.houses_ex(jd, latitude, longitude, code)
        out[name] = [round(c, 7) for c in cusps[:12]]
    out["ascendant"] = round(ascmc[0], 7)
    out["midheaven"] = round(ascmc[1], 7)
    return out


def main(ephe_path, out_path):
    swe.set_ephe_path(ephe_path)
    cases = [case("1877-04-09T21:20:19Z", 65.086977, -73.005946)]
    for iso in INSTANTS:
        for latitude in LATITUDES:
            for sign in (1, -1):
                for longitude in LONGITUDES:
                    cases.append(case(iso, sign * latitude, longitude))
    document = {
        "source": f"Swiss Ephemeris {swe.version} (pyswisseph 2.10.3.2), swe_houses_ex, files sepl_18/semo_18; "
        "written by scripts/accuracy/generate_high_latitude_fixture.py",
        "cases": cases,
    }
    with open(out_path, "w") as f:
        json.dump(document, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
