//! Cities and sectors, from the gazetteers.

use std::sync::LazyLock;

use pledgegraph_importer::{fold, EntityType};
use regex::Regex;

use pledgegraph_importer::world::world;

use super::names::{re, spelled_as_place, FIRST_NAMES, NOT_A_NAME};

use super::Mentions;
use crate::gazetteer::{self, CITIES, SECTORS};

pub(super) fn places(text: &str, found: &mut Mentions) {
    for place in gazetteer::cities(text) {
        if found.taken(place.start, place.end) {
            continue;
        }
        let city = &CITIES[place.entry];
        let i = found.add(
            EntityType::City,
            city.name,
            fold(city.name),
            (place.start, place.end),
        );
        let spelled = &text[place.start..place.end];
        let thing = &mut found.things[i];
        if spelled != city.name && !thing.aliases.iter().any(|a| a == spelled) {
            thing.aliases.push(spelled.to_owned());
        }
        for spelling in &city.spellings[1..] {
            if !thing.aliases.iter().any(|a| a == spelling) {
                thing.aliases.push((*spelling).to_owned());
            }
        }
        thing
            .attributes
            .insert("country".into(), city.country.into());
        thing
            .attributes
            .insert("latitude".into(), city.latitude.into());
        thing
            .attributes
            .insert("longitude".into(), city.longitude.into());
    }
}

/// A run of capitalised words, hyphenated parts included: "Lapu-Lapu
/// City", "Al Kharj", "LOUISVILLE".
static CAPITALISED_RUN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"\p{Lu}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*(?: \p{Lu}[\p{L}'’]*(?:-\p{L}[\p{L}'’]*)*){0,4}")
});
/// "Belfast-based", "Ohio-headquartered".
static ORIGIN_COMPOUND: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^\p{{L}}+-(?:{})$",
        crate::vocabulary::alternation("origin_suffix")
    ))
});
/// Words that open a sentence before a place: "In Louisville, ...".
const OPENERS: &[&str] = &[
    "in", "at", "near", "from", "to", "the", "à", "a", "au", "en", "dans", "près", "vers", "de",
];
/// What says that the next word is a place: "in", "à", "near", "outside".
static LOCATIVE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:(?:^|[^\p{L}])(?:in|at|near|outside|to|from|of|à|au|en|dans|vers|de|près\s+de|aux\s+environs\s+de)\s+(?:the\s+(?:city|town)\s+of\s+|la\s+ville\s+de\s+)?|(?:^|[^\p{L}])d')$",
    )
});
/// Places this large are named without a cue in the release's own country;
/// smaller ones need one.
const NAMED_IN_COUNTRY: u64 = 5_000;
/// Abroad, places this large need a cue, and only these are named without.
const NAMED_ABROAD: u64 = 100_000;
const NAMED_ANYWHERE: u64 = 1_000_000;

/// Cities and towns of the world gazetteer that the curated list lacks: a
/// run of capitalised words that is a place's whole name, not a country,
/// a nationality or a word the text also writes in lower case; a small
/// place only after "in", "à", "near" ... and in the release's country.
pub(super) fn world_cities(text: &str, found: &mut Mentions) {
    let world = world();
    let country = super::main_country(text, found);
    let lower_words: foldhash::HashSet<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .collect();
    // "De Cebu opened the plant": Maria de Cebu, not Cebu.
    let surnames: Vec<String> = found
        .of_kind(EntityType::Person)
        .map(|(_, p)| p.name.to_lowercase())
        .filter(|n| n.contains(' '))
        .collect();
    for run in CAPITALISED_RUN.find_iter(text) {
        let mut start = run.start();
        let mut name = run.as_str();
        if let Some((first, rest)) = name.split_once(' ') {
            if OPENERS.contains(&first.to_lowercase().as_str()) {
                start += first.len() + 1;
                name = rest;
            }
        }
        // "Alberta-based Coaldale", "Belfast-based": the place is the word
        // without the suffix, or the one after the compound.
        if let Some((first, rest)) = name.split_once(' ') {
            if ORIGIN_COMPOUND.is_match(first) {
                start += first.len() + 1;
                name = rest;
            }
        }
        if let Some(m) = ORIGIN_COMPOUND.find(name) {
            if m.end() == name.len() {
                name = &name[..name.rfind('-').unwrap_or(name.len())];
            }
        }
        let end = start + name.len();
        if found.taken(start, end)
            || NOT_A_NAME.contains(&name.to_lowercase())
            || ends_a_persons_name(text, start, name, &surnames)
        {
            continue;
        }
        let Some(city) = world.city(name, country.as_deref()) else {
            continue;
        };
        if !spelled_as_place(city, name)
            || world.country(name).is_some()
            || world.country_of_demonym(name).is_some()
            || FIRST_NAMES.contains(name)
            || lower_words.contains(name.to_lowercase().as_str())
        {
            continue;
        }
        let before = &text[crate::normalize::char_floor(text, start.saturating_sub(40))..start];
        let at_home = country.as_deref().is_none_or(|c| c == city.country);
        let cued = LOCATIVE_BEFORE.is_match(before);
        let accepted = if at_home {
            city.population >= NAMED_IN_COUNTRY || cued
        } else {
            city.population >= NAMED_ANYWHERE || cued && city.population >= NAMED_ABROAD
        };
        if !accepted {
            continue;
        }
        let i = found.add(EntityType::City, city.name, fold(city.name), (start, end));
        let thing = &mut found.things[i];
        if name != city.name && !thing.aliases.iter().any(|a| a == name) {
            thing.aliases.push(name.to_owned());
        }
        for (key, value) in [
            ("country", city.country),
            ("latitude", city.latitude),
            ("longitude", city.longitude),
            ("geonameid", city.geonameid),
        ] {
            thing
                .attributes
                .entry(key.into())
                .or_insert_with(|| value.into());
        }
    }
}

/// Towns the gazetteer does not know, where the phrasing says they are
/// places: "ses sites de Molsheim et Martillac", "à Chaponnay (Rhône)",
/// "la zone industrielle de X", "au village X", "une usine ... à X",
/// "À X, ..." opening a sentence.
static TOWN: LazyLock<Regex> = LazyLock::new(|| {
    let town = r"\p{Lu}[\p{L}']+(?:-\p{Lu}[\p{L}']+)*";
    re(&format!(
        r"\b(?:sites?|usines?)\s+(?:de\s+|du\s+|d')(?P<a>{town})(?:\s+et\s+(?:de\s+|d')?(?P<b>{town}))?|(?:\s|^)(?:à|in)\s+(?P<c>{town})\s+\(\p{{Lu}}|{zone}\s+(?:de\s+|d'|du\s+|of\s+)(?P<d>{town}(?:\s{town})?)|(?:au\s+village|village\s+of|(?i:commune)(?:\s+rurale)?\s+de)\s+(?:de\s+)?(?P<e>{town})|(?:{facility})\s+(?:[\p{{Ll}}\-]+\s+){{0,3}}(?:à|in)\s+(?P<f>{town})|(?m:^)À\s+(?P<g>{town}),|(?:[.;]\s+)À\s+(?P<h>{town}),|(?:\s|^)in\s+(?P<i>{town}(?:\s{town})?)\s+industrial\s+(?:zone|park|area)|(?:located|situated|situés?|située?s?)\s+(?:between|entre)\s+(?P<j>{town})\s+(?:and|et)\s+(?P<k>{town})",
        zone = r"(?:zones?\s+industrielles?|zone\s+d'activités|parc\s+industriel|industrial\s+(?:zone|park|city))",
        facility = r"usine|unité\s+de\s+production|unité|complexe|cimenterie|raffinerie|SA|SARL|SARLU|plant|factory",
    ))
});

/// Whether `name` at `start`, with the word before it, ends the name of a
/// person the text names ("De Cebu" of "Maria de Cebu").
fn ends_a_persons_name(text: &str, start: usize, name: &str, names: &[String]) -> bool {
    let before = text[..start].trim_end_matches(' ');
    let word = &before[before.rfind([' ', '\n']).map_or(0, |i| i + 1)..];
    if word.is_empty() || before.len() == text[..start].len() {
        return false;
    }
    let written = format!("{} {}", word, name).to_lowercase();
    names
        .iter()
        .any(|n| n.ends_with(&written) && n.len() > written.len())
}

/// The towns of [`TOWN`]: cities without coordinates.
pub(super) fn towns(text: &str, found: &mut Mentions) {
    for caps in TOWN.captures_iter(text) {
        for group in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"] {
            let Some(m) = caps.name(group) else { continue };
            let name = m.as_str();
            // "la zone industrielle d'Arise": a zone named for its developer.
            let a_company = found
                .of_kind(EntityType::Company)
                .any(|(_, c)| fold(&c.name) == fold(name));
            if found.taken(m.start(), m.end()) || !super::names::companylike(name) || a_company {
                continue;
            }
            found.add(EntityType::City, name, fold(name), (m.start(), m.end()));
        }
    }
}

pub(super) fn sectors(text: &str, found: &mut Mentions) {
    for place in gazetteer::sectors(text) {
        if found.taken(place.start, place.end) {
            continue;
        }
        let (sector, _) = &SECTORS[place.entry];
        let i = found.add(
            EntityType::Sector,
            sector.name_en,
            sector.code.to_owned(),
            (place.start, place.end),
        );
        let spelled = text[place.start..place.end].to_owned();
        let thing = &mut found.things[i];
        for alias in [sector.name_fr.to_owned(), spelled] {
            if alias != thing.name && !thing.aliases.iter().any(|a| fold(a) == fold(&alias)) {
                thing.aliases.push(alias);
            }
        }
        thing.attributes.insert("code".into(), sector.code.into());
        if let Some(isic) = sector.isic {
            thing.attributes.insert("isic".into(), isic.into());
        }
        if let Some(parent) = sector.parent {
            thing.attributes.insert("parent".into(), parent.into());
        }
    }
}
