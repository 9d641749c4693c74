#!/usr/bin/env python3
"""Writes a projects table for the import benchmark, as real files come:
semicolons, French headers, amounts with a unit in the header, thousands
separated by spaces.

    bench/generate_projects.py --rows 1000000 > projects.csv

Deterministic (seeded): every run measures the same file.
"""
import argparse
import random
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--operators", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    cities = [f"Ville {i:03d}" for i in range(80)]
    sectors = [f"Secteur {i:02d}" for i in range(30)]
    out = sys.stdout
    out.write("Entreprise;Groupe;Ville;Secteur;Emplois;Montant (MDH);Échéance\n")
    for i in range(args.rows):
        operator = i % args.operators
        jobs = rng.randrange(10, 5000)
        amount = rng.randrange(1, 9000) / 10
        out.write(
            f"Opérateur {operator:05d};Groupe {operator % 2000:04d};{rng.choice(cities)};{rng.choice(sectors)};"
            f"{jobs:,}".replace(",", " ") + f";{amount:.1f}".replace(".", ",") + f";{rng.randrange(2024, 2031)}\n"
        )


if __name__ == "__main__":
    main()
