#!/usr/bin/env python3
"""Press releases for the consolidation benchmark: signings of invented
firms in Moroccan cities, each told by one to three outlets (a ministry's
release in French, a French newspaper, an English one), with the truth of
which release tells of which event.

    bench/generate_releases.py --releases 10000 --out bench/out/releases

writes OUT/NNNNN-outlet.txt and OUT.truth.json: {"files": {file: event},
"commitments": how many (firm, event) pairs the releases tell of}. A share of
events (--retold, default 0.4) is told more than once; a share of firms sign
again, later, in another event (--again, default 0.1), which matching must
keep apart. Deterministic for a given --seed."""

import argparse
import json
import os
import random

CITIES = [
    ("Tanger", "Tangier"), ("Kénitra", "Kenitra"), ("Casablanca", "Casablanca"),
    ("Rabat", "Rabat"), ("Fès", "Fez"), ("Marrakech", "Marrakesh"),
    ("Agadir", "Agadir"), ("Oujda", "Oujda"), ("Meknès", "Meknes"),
    ("Tétouan", "Tetouan"), ("Settat", "Settat"), ("Berrechid", "Berrechid"),
]
FIRST = ["Atlas", "Dune", "Oasis", "Sahel", "Nova", "Cedar", "Argan", "Rif",
         "Zenith", "Orion", "Delta", "Sirius", "Tafilalt", "Draa", "Sebou",
         "Moulouya", "Anfa", "Volubilis", "Toubkal", "Ifrane"]
SECOND = ["Seating", "Cables", "Plastics", "Wiring", "Batteries", "Textiles",
          "Components", "Electronics", "Foods", "Pharma", "Glass", "Metals",
          "Composites", "Logistics", "Motors", "Solar", "Paper", "Chemicals"]
# Joined to a first word, to make many distinct names: Atlasor, Duneva ...
SYLLABLES = ["", "or", "ix", "on", "el", "ia", "us", "ar", "eo", "ena",
             "ira", "ova", "um", "is", "ex", "al", "ys", "ane", "ito", "ero"]
FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet",
             "août", "septembre", "octobre", "novembre", "décembre"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]


def grouped(n, sep):
    return f"{n:,}".replace(",", sep)


def ministry_fr(event):
    d = event["date"]
    lines = [
        f"{event['city'][0]}, le {d[2]} {FR_MONTHS[d[1] - 1]} {d[0]} - Le ministre de "
        f"l'Industrie et du Commerce a présidé le {d[2]} {FR_MONTHS[d[1] - 1]} {d[0]} à "
        f"{event['city'][0]} la cérémonie de signature de {len(event['firms'])} conventions "
        "d'investissement.",
        "",
    ]
    for firm in event["firms"]:
        lines.append(
            f"{firm['name']} créera {grouped(firm['jobs'], ' ')} emplois à {firm['city'][0]} "
            f"pour un investissement de {firm['money']} millions de dirhams."
        )
    return "\n".join(lines) + "\n"


def press_fr(event):
    d = event["date"]
    lines = [
        f"Industrie : {len(event['firms'])} conventions signées à {event['city'][0]}",
        "",
        f"Des conventions d'investissement ont été signées le {d[2]} {FR_MONTHS[d[1] - 1]} "
        f"{d[0]} à {event['city'][0]} sous la présidence du ministre de l'Industrie et du "
        "Commerce.",
        "",
    ]
    for firm in event["firms"]:
        lines.append(f"{firm['name']} va créer {grouped(firm['jobs'], ' ')} emplois à {firm['city'][0]}.")
    return "\n".join(lines) + "\n"


def press_en(event):
    d = event["date"]
    lines = [
        f"Morocco signs {len(event['firms'])} investment agreements",
        "",
        f"{event['city'][1]}, {EN_MONTHS[d[1] - 1]} {d[2]}, {d[0]} - Investment agreements "
        f"were signed in {event['city'][1]}, chaired by the Minister of Industry and Trade.",
        "",
    ]
    for firm in event["firms"]:
        lines.append(
            f"{firm['name']} will create {grouped(firm['jobs'], ',')} jobs in {firm['city'][1]} "
            f"with an investment of MAD {firm['money']} million."
        )
    return "\n".join(lines) + "\n"


OUTLETS = [("ministry", ministry_fr), ("press-fr", press_fr), ("press-en", press_en)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--releases", type=int, default=10000)
    parser.add_argument("--retold", type=float, default=0.4)
    parser.add_argument("--again", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default="bench/out/releases")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    firms = [f"{a}{s} {b}" for a in FIRST for s in SYLLABLES for b in SECOND]
    rng.shuffle(firms)
    next_firm = 0
    signed_before = []
    truth = {}
    commitments = 0
    written = 0
    event_id = 0
    while written < args.releases:
        event_id += 1
        city = rng.choice(CITIES)
        count = rng.choice([1, 1, 2, 3])
        chosen = []
        for _ in range(count):
            if signed_before and rng.random() < args.again:
                name = rng.choice(signed_before)
            else:
                # 7,200 names: beyond, names come round again, as firms that sign again.
                name = firms[next_firm % len(firms)]
                next_firm += 1
                signed_before.append(name)
            if name not in [f["name"] for f in chosen]:
                chosen.append({"name": name, "jobs": rng.randrange(50, 3000, 10),
                               "money": rng.randrange(10, 900, 5), "city": city})
        # Events spread over ten years, a day each: a firm that signs again
        # does so weeks or years apart.
        day = event_id * 3650 // (args.releases + 1) + rng.randrange(0, 3)
        year, rest = 2015 + day // 365, day % 365
        date = (year, 1 + rest // 31 % 12, 1 + rest % 28)
        event = {"firms": chosen, "city": city, "date": date}
        tellers = 1 + (rng.random() < args.retold) * rng.choice([1, 2])
        if written < args.releases:
            commitments += len(chosen)
        for outlet, write in rng.sample(OUTLETS, tellers):
            if written == args.releases:
                break
            name = f"{written:05d}-{outlet}.txt"
            with open(os.path.join(args.out, name), "w", encoding="utf-8") as f:
                f.write(write(event))
            truth[name] = event_id
            written += 1
    with open(args.out.rstrip("/") + ".truth.json", "w") as f:
        json.dump({"files": truth, "commitments": commitments}, f, indent=0)
    print(f"{written} releases of {event_id} events in {args.out}")


if __name__ == "__main__":
    main()
