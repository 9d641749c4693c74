//! Public bodies and organisations: agencies, regional investment centres,
//! commissions, chambers, federations, and the acronyms they go by.

use std::sync::LazyLock;

use pledgegraph_importer::{fold, EntityType};
use regex::Regex;

use super::names::{re, words_in, words_key, Needles};
use super::Mentions;
use crate::pattern::{Gate, Gated};

static BODY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<name>\b(?:Agence|Centre [Rr]égional d'[Ii]nvestissement|Centres? [Rr]égionaux d'[Ii]nvestissement|Commission|Autorité|Office|Haut[- ]Commissariat|Chambre|Confédération|Fédération|Association|Conseil|Investment Promotion Agency|Agency|Authority|Chamber|Federation|Association|Council)(?:\s|$)[^,.;:()\n\x22]*?)(?:\s*(?:\.|,)?\s*\((?P<acr>\p{Lu}[\p{L}\-]{1,12})\)|(?P<stop>[,.;:()\n\x22]|\s(?:a|qui|ont|est|sont|et\sdu|et\sde\sl|du\sPDG|has|is|was|which|said)\s)|$)",
    )
});

/// Public bodies releases name by an acronym or a short name
/// (`data/bodies.tsv`): (as written, full name, kind).
static KNOWN_BODIES: LazyLock<Vec<(&'static str, &'static str, EntityType)>> =
    LazyLock::new(|| {
        include_str!("../../data/bodies.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                let kind = match *f.get(2)? {
                    "organization" => EntityType::Organization,
                    _ => EntityType::Agency,
                };
                Some((f[0], f[1], kind))
            })
            .collect()
    });

static KNOWN_BODY_NAMES: LazyLock<Needles> =
    LazyLock::new(|| Needles::new(KNOWN_BODIES.iter().map(|(name, _, _)| *name).collect()));

/// Governments as parties: "the Government of Gujarat", "the Ontario
/// government", "le gouvernement ivoirien", "l'État marocain".
static GOVERNMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?P<of>(?:Government|Gouvernement|State|Republic)\s+of\s+(?:the\s+)?\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?)|(?:\b[Tt]he\s+)?\b(?P<place>\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?)\s+(?:state\s+|provincial\s+|federal\s+)?(?:[Gg]overnment)\b|(?P<fr>\b[Gg]ouvernement|\b[Ll]'[ÉE]tat)\s+(?P<adj>\p{Ll}[\p{Ll}\-]+)",
    )
});

fn governments(lines: &Gated, found: &mut Mentions) {
    let world = pledgegraph_importer::world::world();
    for caps in lines.captures_iter(&GOVERNMENT) {
        let (name, span) = if let Some(of) = caps.name("of") {
            (of.as_str().to_owned(), (of.start(), of.end()))
        } else if let Some(place) = caps.name("place") {
            // "Head of Government" and "The government" are no place's.
            let whole = caps.get(0).expect("group 0");
            let words = place.as_str();
            if [
                "Head",
                "The",
                "Chief",
                "Local",
                "Federal",
                "State",
                "Provincial",
                "National",
            ]
            .iter()
            .any(|w| words.starts_with(w))
            {
                continue;
            }
            // "the Moroccan government" is Morocco's.
            if let Some(country) = world.country_of_demonym(words) {
                let key = format!("government {}", country.iso2.to_lowercase());
                if !found.taken(place.start(), whole.end()) {
                    let name = format!("{words} government");
                    found.add(EntityType::Agency, &name, key, (place.start(), whole.end()));
                }
                continue;
            }
            (
                format!("Government of {words}"),
                (place.start(), whole.end()),
            )
        } else {
            let (Some(fr), Some(adj)) = (caps.name("fr"), caps.name("adj")) else {
                continue;
            };
            let Some(country) = world.country_of_demonym(adj.as_str()) else {
                continue;
            };
            let noun = if fr.as_str().to_lowercase().starts_with("gouv") {
                "Gouvernement"
            } else {
                "État"
            };
            let name = format!("{noun} {}", adj.as_str());
            let key = format!("government {}", country.iso2.to_lowercase());
            if !found.taken(fr.start(), adj.end()) {
                found.add(EntityType::Agency, &name, key, (fr.start(), adj.end()));
            }
            continue;
        };
        if found.taken(span.0, span.1) {
            continue;
        }
        // "Government of Morocco" and "the Moroccan government" are one.
        let country = name.split_once(" of ").and_then(|(_, place)| {
            world.country_named_folded(&fold(place.trim_start_matches("the ")))
        });
        let key = country.map_or_else(
            || words_key(&name),
            |c| format!("government {}", c.iso2.to_lowercase()),
        );
        found.add(EntityType::Agency, &name, key, span);
    }
}

fn body_kind(name: &str) -> EntityType {
    let lower = name.to_lowercase();
    if [
        "chambre",
        "confédération",
        "fédération",
        "association",
        "chamber",
        "federation",
    ]
    .iter()
    .any(|w| lower.starts_with(w))
    {
        EntityType::Organization
    } else {
        EntityType::Agency
    }
}

/// Titles that may follow a body's name with no comma.
static TITLE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\s(?:Commissioner|Chairman|Chairwoman|Chair|President|Director|Secretary|Minister|CEO|Governor|Mayor|Executive)\b",
    )
});

/// English names put the noun last: "the Foreign Investment Promotion
/// Agency (FIPA)", "the Suez Canal Economic Zone Authority".
static BODY_EN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<name>(?:\p{Lu}[\p{L}\-]+\s+(?:(?:of|for|and|&)\s+)?){1,6}(?:Agency|Authority|Commission|Council|Chamber|Federation|Association|Board|Centre|Center|Economic\s+Development\s+(?:Corporation|Corp\.?|Partnership)|Development\s+Bank|Wealth\s+Fund|Economic\s+Zone|Free\s+Zone|University|Trust|Foundation|Confederation|Department)\b(?:\s+(?:of|for)(?:\s+the)?(?:\s+(?:(?:and|&)\s+)?\p{Lu}[\p{L}\-]+)+)?)(?:\s*\((?P<acr>\p{Lu}[\p{L}\-]{1,12})\))?",
    )
});

/// "the regional employers' confederation, Unió Empresarial, ...": a body
/// named in apposition to what it is, the noun in lower case.
static BODY_APPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"\b(?P<noun>confederation|federation|association|chamber of commerce|business council|employers' organi[sz]ation|trade body|investment agency|development agency|confédération|fédération|organisation patronale|chambre de commerce|agence de promotion)\s*,\s+(?P<n>NAME)\s*,"#,
    )
});

fn bodies_in_apposition(lines: &Gated, found: &mut Mentions) {
    for caps in lines.captures_iter(&BODY_APPOSITION) {
        let (noun, name) = (&caps["noun"], caps.name("n").expect("always matched"));
        if found.taken(name.start(), name.end()) {
            continue;
        }
        let kind = if noun.contains("agenc") {
            EntityType::Agency
        } else {
            EntityType::Organization
        };
        let key = words_key(name.as_str());
        found.add(kind, name.as_str(), key, (name.start(), name.end()));
    }
}

/// "le groupe Office chérifien des phosphates": a public company, named as
/// one, is no public body.
fn named_as_a_company(text: &str, at: usize) -> bool {
    let from = crate::normalize::char_floor(text, at.saturating_sub(16));
    let before = text[from..at].trim_end().to_lowercase();
    [
        "groupe",
        "group",
        "société",
        "compagnie",
        "the company",
        "firm",
    ]
    .iter()
    .any(|noun| before.ends_with(noun))
}

/// The patterns of this module, searched together (see [`Gate`]).
static PATTERNS: LazyLock<Gate> =
    LazyLock::new(|| Gate::new(vec![&*BODY, &*GOVERNMENT, &*BODY_EN, &*BODY_APPOSITION]));

pub(super) fn bodies(text: &str, found: &mut Mentions) {
    let lines = PATTERNS.on(text);
    bodies_in_apposition(&lines, found);
    for caps in lines
        .captures_iter(&BODY_EN)
        .chain(lines.captures_iter(&BODY))
    {
        let name = caps.name("name").expect("always matched");
        let body = name.as_str().trim();
        let body = body.strip_prefix("The ").unwrap_or(body);
        let name_start = name.start()
            + (name.as_str().len() - name.as_str().trim_start().len())
            + (name.as_str().trim().len() - body.len());
        // "Ohio Department of Development Commissioner Lydia
        // Mihalik": the body ends where a title starts.
        let body = match TITLE_WORDS.find(body) {
            Some(title) if title.start() > 0 => body[..title.start()].trim_end(),
            _ => body,
        };
        // A bare noun ("la Commission a ...") needs its acronym to be a name.
        if body.split_whitespace().count() < 3 && caps.name("acr").is_none() {
            continue;
        }
        let end = caps
            .name("acr")
            .map_or(name_start + body.len(), |a| a.end() + 1);
        let span = (name_start, end);
        if found.taken(span.0, span.1) || named_as_a_company(text, name_start) {
            continue;
        }
        let key = caps
            .name("acr")
            .map(|a| fold(a.as_str()))
            .unwrap_or_else(|| words_key(body));
        let i = found.add(body_kind(body), body, key, span);
        if let Some(acr) = caps.name("acr") {
            let acr = acr.as_str().to_owned();
            if !found.things[i].aliases.contains(&acr) {
                found.things[i].aliases.push(acr);
            }
        }
    }
    // Acronyms: those the text spelt out above, and the well-known ones.
    let acronyms: Vec<(usize, String)> = found
        .things
        .iter()
        .enumerate()
        .filter(|(_, t)| matches!(t.kind, EntityType::Agency | EntityType::Organization))
        .flat_map(|(i, t)| t.aliases.iter().map(move |a| (i, a.clone())))
        .collect();
    let needles: Vec<&str> = acronyms.iter().map(|(_, a)| a.as_str()).collect();
    for (needle, start, end) in words_in(text, &needles) {
        if !found.taken(start, end) {
            found.mention(acronyms[needle].0, (start, end));
        }
    }
    governments(&lines, found);
    for (needle, start, end) in KNOWN_BODY_NAMES.find(text) {
        let (acronym, full, kind) = &KNOWN_BODIES[needle];
        // Known acronyms in capitals only: "Andi" is a name, "ANDI" an agency.
        if &&text[start..end] == acronym && !found.taken(start, end) {
            {
                let i = found.add(*kind, full, fold(acronym), (start, end));
                if !found.things[i].aliases.iter().any(|a| a == acronym) {
                    found.things[i].aliases.push((*acronym).to_owned());
                }
            }
        }
    }
}
