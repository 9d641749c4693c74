#!/usr/bin/env python3
"""Writes a synthetic pledgegraph batch for benchmarks: groups owning
operators, operators with commitments in cities and sectors.

    bench/generate.py --companies 10000 --commitments 50000 > batch.json

Deterministic (seeded), so every run measures the same graph.
"""
import argparse
import json
import random
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--companies", type=int, default=10_000)
    ap.add_argument("--commitments", type=int, default=50_000)
    ap.add_argument("--cities", type=int, default=60)
    ap.add_argument("--sectors", type=int, default=24)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)

    groups = args.companies // 10  # one company in ten is a parent group
    operators = args.companies - groups
    entities, relations, commitments = [], [], []
    row = 0

    def cell(column):
        return [{"row": row, "column": column}]

    for c in range(args.cities):
        row += 1
        entities.append({"id": f"city{c}", "type": "city", "name": f"City {c:03d}",
                         "attributes": {"country": "MA"}, "evidence": cell("city")})
    for s in range(args.sectors):
        row += 1
        entities.append({"id": f"sector{s}", "type": "sector", "name": f"Sector {s:02d}", "evidence": cell("sector")})
        if s >= 4:  # four top sectors, the rest under them
            relations.append({"type": "part_of", "from": f"sector{s}", "to": f"sector{s % 4}", "evidence": cell("parent")})
    for g in range(groups):
        row += 1
        entities.append({"id": f"g{g}", "type": "company", "name": f"Group {g:05d}",
                         "attributes": {"country": rng.choice(["FR", "US", "DE", "JP", "MA", "CA"])},
                         "evidence": cell("parent")})
    for o in range(operators):
        row += 1
        entities.append({"id": f"o{o}", "type": "company", "name": f"Operator {o:05d}",
                         "attributes": {"country": "MA"}, "evidence": cell("operator")})
        relations.append({"type": "subsidiary_of", "from": f"o{o}", "to": f"g{o % groups}", "evidence": cell("parent")})
    for i in range(args.commitments):
        row += 1
        commitments.append({
            "operator": f"o{i % operators}",
            "jobs": rng.randrange(20, 3000),
            "jobs_qualifier": rng.choice(["exact", "at_least", "about"]),
            "investment": {"amount": rng.randrange(1, 500) * 1_000_000, "currency": rng.choice(["MAD", "EUR", "USD"])},
            "cities": [f"city{rng.randrange(args.cities)}"],
            "sectors": [f"sector{rng.randrange(args.sectors)}"],
            "horizon": str(rng.randrange(2024, 2031)),
            "evidence": cell("jobs"),
        })
    batch = {"format": "pledgegraph.batch/1",
             "document": {"kind": "table", "title": f"Synthetic benchmark graph (seed {args.seed})"},
             "entities": entities, "relations": relations, "commitments": commitments}
    json.dump(batch, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main()
