#!/usr/bin/env python3
"""Writes Tests/Fixtures/lunar_festivals.csv, the reference the Swift ChineseLunarCalendar is tested against:
the Gregorian dates of Spring Festival (1/1), Dragon Boat (5/5) and Mid-Autumn (8/15) for every lunar year
1950-2100, as `year,spring_festival,dragon_boat,mid_autumn` with ISO dates.

Produced with lunar-python 1.4.8 (PyPI `lunar-python`, MIT, by 6tail) under Python 3.11. It is used because it
derives new moons and solar terms from its own astronomical series (the ShouXing algorithms) instead of a
month-length table, so it checks the Swift table rather than repeating it, and it covers the whole of 1950-2100.

LunarCalendar 0.0.9 (PyPI `LunarCalendar`), which interpolates Hong Kong Observatory tables, is consulted too
when installed, and every festival on which it disagrees is printed. It differs once: Mid-Autumn 2089 (2089-09-19
there, 2089-09-18 here), because the new moon of 2089-09-04 falls within minutes of midnight in China, which
the Observatory's own notes flag as uncertain by a day, as they do for 2057-09-28 and 2097-08-07. lunardate
0.3.0 stops at 2099 and disagrees with both on months of 1933, 1954, 1978 and 2057, so it is not used.

Re-run from the repository root:
    pip install lunar-python==1.4.8 LunarCalendar==0.0.9
    python3 scripts/generate_lunar_reference.py [OUTPUT.csv]
"""
import csv
import datetime
import importlib.metadata
import sys
from pathlib import Path

from lunar_python import Lunar

PINNED = "1.4.8"
YEARS = range(1950, 2101)
FESTIVALS = {"spring_festival": (1, 1), "dragon_boat": (5, 5), "mid_autumn": (8, 15)}


def lunar_python_date(year, month, day):
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def lunarcalendar_disagreements(rows):
    try:
        from lunarcalendar import Converter, Lunar as HKOLunar
    except ImportError:
        return ["LunarCalendar is not installed: no cross-check"]
    notes = []
    for row in rows:
        for column, (month, day) in FESTIVALS.items():
            other = Converter.Lunar2Solar(HKOLunar(row["year"], month, day, isleap=False)).to_date()
            if other != row[column]:
                notes.append(f"{row['year']} {column}: lunar-python {row[column]}, LunarCalendar {other}")
    return notes


def main():
    version = importlib.metadata.version("lunar-python")
    if version != PINNED:
        print(f"warning: lunar-python {version}, the fixture was made with {PINNED}", file=sys.stderr)
    default = Path(__file__).resolve().parent.parent / "Tests" / "Fixtures" / "lunar_festivals.csv"
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    rows = [{"year": year, **{column: lunar_python_date(year, *md) for column, md in FESTIVALS.items()}}
            for year in YEARS]
    with output.open("w", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["year", *FESTIVALS])
        for row in rows:
            writer.writerow([row["year"], *(row[column].isoformat() for column in FESTIVALS)])
    for note in lunarcalendar_disagreements(rows):
        print(note, file=sys.stderr)
    print(f"wrote {len(rows)} years to {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
