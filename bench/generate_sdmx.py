#!/usr/bin/env python3
"""Writes a large statistics file to stdout, SDMX-CSV 1.0, SDMX-ML 2.1
structure-specific (--format xml) or a JSON-stat 2.0 dataset (--format
jsonstat): monthly series of countries x indicators x ISIC activities, with
a unit multiplier (SDMX), status flags and about 2% missing values, for the
import benchmark."""
import argparse
import json
import random

COUNTRIES = ["MAR", "TUN", "DZA", "EGY", "SEN", "CIV", "NGA", "KEN", "ZAF", "ETH",
             "FRA", "ESP", "PRT", "ITA", "DEU", "BEL", "NLD", "GBR", "IRL", "POL",
             "ROU", "TUR", "JOR", "SAU", "ARE", "IND", "CHN", "JPN", "KOR", "VNM",
             "THA", "MYS", "IDN", "PHL", "BRA", "MEX", "COL", "PER", "CHL", "ARG",
             "USA", "CAN", "AUS", "NZL", "GHA", "CMR", "MDG", "MUS", "RWA", "UGA"]
INDICATORS = ["EMP", "EMP_F", "HOURS", "WAGE", "EXP", "IMP", "FDI_IN", "VA", "PROD", "ENT"]
ACTIVITIES = ["A", "B", "C", "C10", "C13", "C29", "C30", "D", "F", "G",
              "H", "I", "J", "J62", "K", "M", "N", "N82", "Q", "_T"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--observations", type=int, default=5_000_000)
    parser.add_argument("--format", choices=["csv", "xml", "jsonstat"], default="csv")
    args = parser.parse_args()
    if args.format == "jsonstat":
        json_stat(args.observations)
        return
    series = [(c, i, a) for c in COUNTRIES for i in INDICATORS for a in ACTIVITIES]
    per_series = -(-args.observations // len(series))
    rng = random.Random(42)
    xml = args.format == "xml"
    if xml:
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n'
               '<message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">\n'
               '<message:Header><message:ID>BENCH</message:ID></message:Header>\n'
               '<message:DataSet structureRef="DF_BENCH">\n']
    else:
        out = ["DATAFLOW,FREQ,REF_AREA,INDICATOR,ECO_ACTIVITY,TIME_PERIOD,OBS_VALUE,UNIT_MULT,OBS_STATUS\n"]
    written = 0
    for country, indicator, activity in series:
        if written == args.observations:
            break
        level = rng.uniform(1, 500)
        if xml:
            out.append(f'<Series FREQ="M" REF_AREA="{country}" INDICATOR="{indicator}" ECO_ACTIVITY="{activity}" UNIT_MULT="3">\n')
        for n in range(per_series):
            if written == args.observations:
                break
            year, month = 1960 + n // 12, 1 + n % 12
            missing = rng.random() < 0.02
            value = "NaN" if missing and xml else "" if missing else f"{level * (1 + n / 1000):.1f}"
            status = "M" if missing else "A"
            if xml:
                out.append(f'<Obs TIME_PERIOD="{year}-{month:02}" OBS_VALUE="{value}" OBS_STATUS="{status}"/>\n')
            else:
                out.append(f"PG:DF_BENCH(1.0),M,{country},{indicator},{activity},{year}-{month:02},{value},3,{status}\n")
            written += 1
            if len(out) >= 100_000:
                print("".join(out), end="")
                out.clear()
        if xml:
            out.append("</Series>\n")
    if xml:
        out.append("</message:DataSet>\n</message:StructureSpecificData>\n")
    print("".join(out), end="")


def json_stat(observations):
    """One dense cube: indicator x country x activity x month."""
    months = -(-observations // (len(INDICATORS) * len(COUNTRIES) * len(ACTIVITIES)))
    periods = [f"{1960 + n // 12}-{1 + n % 12:02}" for n in range(months)]
    size = [len(INDICATORS), len(COUNTRIES), len(ACTIVITIES), len(periods)]
    rng = random.Random(42)
    cells = size[0] * size[1] * size[2] * size[3]
    values = ",".join("null" if rng.random() < 0.02 else f"{rng.uniform(1, 500):.1f}" for _ in range(cells))
    category = lambda codes: json.dumps({"category": {"index": codes}})
    print('{"version": "2.0", "class": "dataset", "label": "Benchmark cube",'
          ' "id": ["indicator", "geo", "isic", "time"], "size": ' + json.dumps(size) + ','
          ' "role": {"metric": ["indicator"], "geo": ["geo"], "time": ["time"]},'
          ' "dimension": {"indicator": ' + category(INDICATORS) + ', "geo": ' + category(COUNTRIES)
          + ', "isic": ' + category(ACTIVITIES) + ', "time": ' + category(periods) + '},'
          ' "value": [' + values + ']}')


if __name__ == "__main__":
    main()
