//! Public bodies and organisations: agencies, regional investment centres,
//! commissions, chambers, federations, and the acronyms they go by.

use std::sync::LazyLock;

use pledgegraph_importer::{fold, EntityType};
use regex::Regex;

use super::names::{re, words_in, words_key};
use super::Mentions;

static BODY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<name>\b(?:Agence|Centre [Rr]égional d'[Ii]nvestissement|Centres? [Rr]égionaux d'[Ii]nvestissement|Commission|Autorité|Office|Haut[- ]Commissariat|Chambre|Confédération|Fédération|Association|Conseil|Investment Promotion Agency|Agency|Authority|Chamber|Federation|Association|Council)(?:\s|$)[^,.;:()\n\x22]*?)(?:\s*(?:\.|,)?\s*\((?P<acr>\p{Lu}[\p{L}\-]{1,12})\)|(?P<stop>[,.;:()\n\x22]|\s(?:a|qui|ont|est|sont|et\sdu|et\sde\sl|du\sPDG|has|is|was|which|said)\s)|$)",
    )
});

/// Public bodies everyone knows by their acronym.
const KNOWN_BODIES: &[(&str, &str, EntityType)] = &[
    (
        "AMDIE",
        "Agence marocaine de développement des investissements et des exportations",
        EntityType::Agency,
    ),
    (
        "CEPICI",
        "Centre de promotion des investissements en Côte d'Ivoire",
        EntityType::Agency,
    ),
    (
        "FIPA",
        "Agence de promotion de l'investissement extérieur",
        EntityType::Agency,
    ),
    (
        "APIX",
        "Agence pour la promotion des investissements et des grands travaux",
        EntityType::Agency,
    ),
    (
        "ANDI",
        "Agence nationale de développement de l'investissement",
        EntityType::Agency,
    ),
    (
        "CGEM",
        "Confédération générale des entreprises du Maroc",
        EntityType::Organization,
    ),
    (
        "AMICA",
        "Association marocaine pour l'industrie et la construction automobile",
        EntityType::Organization,
    ),
    (
        "APEBI",
        "Fédération des technologies de l'information, des télécommunications et de l'offshoring",
        EntityType::Organization,
    ),
    (
        "TMSA",
        "Agence spéciale Tanger Méditerranée",
        EntityType::Agency,
    ),
];

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

/// English names put the noun last: "the Foreign Investment Promotion
/// Agency (FIPA)", "the Suez Canal Economic Zone Authority".
static BODY_EN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?P<name>(?:\p{Lu}[\p{L}\-]+\s+(?:(?:of|for|and|&)\s+)?){1,6}(?:Agency|Authority|Commission|Council|Chamber|Federation|Association|Board|Centre|Center)(?:\s+(?:of|for)(?:\s+the)?(?:\s+\p{Lu}[\p{L}\-]+)+)?)(?:\s*\((?P<acr>\p{Lu}[\p{L}\-]{1,12})\))?",
    )
});

pub(super) fn bodies(text: &str, found: &mut Mentions) {
    for caps in BODY_EN.captures_iter(text).chain(BODY.captures_iter(text)) {
        let name = caps.name("name").expect("always matched");
        let body = name.as_str().trim();
        let body = body.strip_prefix("The ").unwrap_or(body);
        let name_start = name.start()
            + (name.as_str().len() - name.as_str().trim_start().len())
            + (name.as_str().trim().len() - body.len());
        // A bare noun ("la Commission a ...") needs its acronym to be a name.
        if body.split_whitespace().count() < 3 && caps.name("acr").is_none() {
            continue;
        }
        let end = caps
            .name("acr")
            .map_or(name_start + body.len(), |a| a.end() + 1);
        let span = (name_start, end);
        if found.taken(span.0, span.1) {
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
    let needles: Vec<&str> = KNOWN_BODIES
        .iter()
        .map(|(acronym, _, _)| *acronym)
        .collect();
    for (needle, start, end) in words_in(text, &needles) {
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
