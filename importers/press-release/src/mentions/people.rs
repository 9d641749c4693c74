//! People: ministers, heads of companies and bodies, and names the text
//! gives without a title.

use std::sync::LazyLock;

use pledgegraph_importer::{fold, EntityType};
use regex::Regex;

use super::names::{clean_name, companylike, re, FIRST_NAMES, NAME_AT_START, NOT_A_NAME};
use super::{company_key, Mentions};
use crate::gazetteer;
use crate::pattern::Gate;

static MINISTER_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?P<p>PERSON),\s+(?:la\s+|le\s+|the\s+)?(?P<title>(?i:ministre|minister)[^,;()\n]*)")
});
/// "Minister of Industry and Trade Karim Alaoui said": no comma, a given name.
static MINISTER_BARE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<title>(?i:ministre|minister)\s+(?i:of|for|de\s+l'|de\s+la|du|des|de|délégué)\s[^,.;()\n]{{2,}}?)\s(?P<p>{})",
        &*GIVEN_PERSON_PATTERN
    ))
});
static MINISTER_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<title>(?i:ministre|minister)[^;()\n]*?),\s+(?:(?:{})\s+){{0,2}}(?P<p>PERSON)",
        crate::vocabulary::alternation("honorific")
    ))
});
const TITLES: &str = r"(?i:directeur général délégué|directrice générale déléguée|directeur général|directrice générale|directeur|directrice|président-directeur général|présidente|président|PDG|P-DG|CEO|DG|administrateur délégué|secrétaire général|secrétaire générale|ambassadeur|ambassadrice|gouverneur|wali|maire|fondateur|fondatrice|chairman|chairwoman|president|chief executive officer|chief executive|managing director|general manager|country manager|founder|mayor|governor|ambassador|head|patron|patronne|boss)";
static TITLED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?P<title>{TITLES}(?:\s+(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+|d'|of\s+(?:the\s+)?)(?P<org>[^,;()\n]{{2,}}))?)(?:\s+(?:to|in|at|auprès\s+de|à|au|en)\s+[^,;()\n]{{2,40}})?,\s+(?P<p>PERSON)"
    ))
});
static TITLED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<p>PERSON),\s+(?:le\s+|la\s+|the\s+|son\s+|sa\s+|its\s+)?(?P<title>{TITLES}(?:\s+(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+|d'|of\s+(?:the\s+)?)(?P<org>[^,;()\n]{{2,}}))?)"
    ))
});
static ROYAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:(?i:roi|king|émir|emir|sultan|prince|princesse|princess)\s+)(?P<p>\p{Lu}[\p{L}\-]+(?:\s\p{Lu}[\p{L}\-]+)?\s[IVX]+)\b",
    )
});
/// "Gov. Dana Whitlock", "M. Karim Alaoui", "Chief Minister Meera Rao": a
/// title or honorific, no comma, a name of two to four words (particles
/// such as bin, el, de allowed, the surname maybe in capitals).
static TITLE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:^|[^\p{{L}}])(?:{titles})\s+(?P<p>\p{{Lu}}[\p{{Ll}}'\-]+(?:\s(?:(?:bin|ben|ibn|el|al|de|da|ould|van|von|le|la)\s)?\p{{Lu}}[\p{{L}}'\-]+){{1,3}})",
        titles = crate::vocabulary::alternation("title_before_name")
    ))
});

/// "Chief Minister of Gujarat Meera Rao": a head's title, the place, then
/// the name with no comma.
static HEAD_OF_PLACE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:^|[^\p{{L}}])(?:{heads})\s+of\s+(?:the\s+)?\p{{Lu}}[\p{{L}}\-]+(?:\s\p{{Lu}}[\p{{L}}\-]+)?\s(?P<p>\p{{Lu}}[\p{{Ll}}'\-]+(?:\s\p{{Lu}}[\p{{L}}'\-]+){{1,2}})(?:[^\p{{L}}]|$)",
        heads = crate::vocabulary::alternation("head_of_place")
    ))
});

/// "said Jane Doe", "selon Karim Alaoui": a person quoted, by the verb.
static SPOKEN_AFTER_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:^|[^\p{{L}}])(?:{})\s+(?P<p>PERSON)",
        crate::vocabulary::alternation_any_first_case("speech_before")
    ))
});
/// "Jane Doe said", "Karim Alaoui a déclaré".
static SPOKEN_BEFORE_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?P<p>PERSON),?\s(?:{})(?:[^\p{{L}}]|$)",
        crate::vocabulary::alternation("speech_after")
    ))
});
/// A title word opening a quoted name ("Chairman Bill Slaughter said").
static TITLE_AT_START: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?:{})\s+",
        crate::vocabulary::alternation("title_before_name")
    ))
});

/// Whether the organisation a title names ("le président de l'Assemblée
/// nationale", "the director of Cepici") is a public institution or a body
/// the text names otherwise, not a company.
fn institution(found: &Mentions, name: &str) -> bool {
    static HEADS: LazyLock<foldhash::HashSet<&'static str>> = LazyLock::new(|| {
        crate::vocabulary::phrases("institution_head")
            .into_iter()
            .collect()
    });
    let first = name.split_whitespace().next().unwrap_or_default();
    let folded = fold(name);
    HEADS.contains(first)
        || found.things.iter().any(|t| {
            t.kind != EntityType::Company
                && std::iter::once(&t.name)
                    .chain(&t.aliases)
                    .any(|n| fold(n) == folded)
        })
}

/// Whether a word of `name` is one organisations' names use.
fn names_an_organisation(name: &str) -> bool {
    static WORDS: LazyLock<foldhash::HashSet<&'static str>> = LazyLock::new(|| {
        ["org_noun", "company_head", "legal_form"]
            .into_iter()
            .flat_map(crate::vocabulary::phrases)
            .collect()
    });
    name.split_whitespace().any(|w| WORDS.contains(w))
}

/// A given name of the list, then one or two capitalised words.
static GIVEN_PERSON_PATTERN: LazyLock<String> = LazyLock::new(|| {
    let mut names: Vec<&str> = FIRST_NAMES.iter().copied().collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let names: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
    // No `\b` (see `pattern`): a name is a whole word by its capital, and
    // what precedes it is checked in code.
    format!(
        r"(?:{})(?:[\s\-]\p{{Lu}}[\p{{L}}'\-]+){{1,2}}",
        names.join("|")
    )
});
static GIVEN_NAME: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?P<p>{})", &*GIVEN_PERSON_PATTERN)));

/// The patterns above, searched together (see [`Gate`]).
static PATTERNS: LazyLock<Gate> = LazyLock::new(|| {
    Gate::new(vec![
        &*MINISTER_BEFORE,
        &*MINISTER_AFTER,
        &*MINISTER_BARE,
        &*TITLED_BEFORE,
        &*TITLED_AFTER,
        &*TITLE_NAME,
        &*HEAD_OF_PLACE_NAME,
        &*SPOKEN_AFTER_VERB,
        &*SPOKEN_BEFORE_VERB,
        &*ROYAL,
        &*GIVEN_NAME,
    ])
});

fn add_person(found: &mut Mentions, text: &str, start: usize, end: usize) -> Option<usize> {
    let mut name = text[start..end].trim();
    // "President Thabo Ndlovu's call": the person, not the possessive.
    name = name.strip_suffix("'s").unwrap_or(name);
    // "President Uhuru Kenyatta Wednesday inaugurated": a day, not a name.
    while let Some((rest, last)) = name.rsplit_once(' ') {
        if !NOT_A_NAME.contains(&last.to_lowercase()) || !rest.contains(' ') {
            break;
        }
        name = rest;
    }
    let words: Vec<&str> = name.split([' ', '-']).collect();
    if words
        .iter()
        .any(|w| NOT_A_NAME.contains(&w.to_lowercase()) && w.len() > 2)
    {
        return None;
    }
    if !companylike(name) && gazetteer::country_code(name).is_some() {
        return None;
    }
    Some(found.add(
        EntityType::Person,
        name,
        fold(name),
        (start, start + name.len()),
    ))
}

/// Two or three capitalised words right after a title.
static NAME_RIGHT_AFTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^ (?P<p>\p{Lu}[\p{Ll}'\-]+(?:\s\p{Lu}[\p{L}'\-]+){1,2})(?:[^\p{L}]|$)"));

/// "Minister for Electronics and Information Technology Rakesh Varma":
/// the name right after an English minister's portfolio, no comma, is the
/// minister's (the portfolio ends where its words do).
fn ministers_after_portfolio(text: &str, found: &mut Mentions) {
    let titles: Vec<(usize, (usize, usize))> = found
        .of_kind(EntityType::Ministry)
        .flat_map(|(i, m)| m.mentions.iter().map(move |&span| (i, span)))
        .filter(|&(_, (s, _))| {
            text[s..].starts_with("Minister ") || text[s..].starts_with("minister ")
        })
        .collect();
    for (ministry, (start, end)) in titles {
        let Some(caps) = NAME_RIGHT_AFTER.captures(&text[end..]) else {
            continue;
        };
        let p = caps.name("p").expect("always matched");
        let (s, e) = (end + p.start(), end + p.end());
        if names_an_organisation(p.as_str()) || found.taken(s, e) {
            continue;
        }
        if let Some(person) = add_person(found, text, s, e) {
            let title = text[start..end].to_owned();
            found.posts.push((person, ministry, title, (start, e)));
        }
    }
}

pub(super) fn people(text: &str, found: &mut Mentions) {
    let lines = PATTERNS.on(text);
    // "ministre de X, Karim Alaoui" first: in "la ministre de X, Salma
    // Bennani, le ministre de Y, Karim Alaoui", Salma Bennani is not of Y.
    for regex in [&*MINISTER_BEFORE, &*MINISTER_AFTER, &*MINISTER_BARE] {
        for caps in lines.captures_iter(regex) {
            let p = caps.name("p").expect("always matched");
            // "Minister of Economic Growth, Skills and Trade":
            // the words after the comma are the portfolio's.
            if found
                .at(p.start(), p.end())
                .is_some_and(|t| found.things[t].kind != EntityType::Person)
            {
                continue;
            }
            let Some(person) = add_person(found, text, p.start(), p.end()) else {
                continue;
            };
            if found.posts.iter().any(|(holder, post, _, _)| {
                *holder == person && found.things[*post].kind == EntityType::Ministry
            }) {
                continue;
            }
            let title = caps.name("title").expect("always matched");
            // The ministry this title names.
            let ministry = found
                .of_kind(EntityType::Ministry)
                .filter_map(|(i, m)| {
                    m.mentions
                        .iter()
                        .map(|&(s, _)| s)
                        .filter(|&s| s >= title.start() && s < title.end())
                        .max()
                        .map(|s| (s, i))
                })
                .max()
                .map(|(_, i)| i);
            if let Some(ministry) = ministry {
                let title_text = title.as_str().trim().to_owned();
                let whole = caps.get(0).expect("group 0");
                found
                    .posts
                    .push((person, ministry, title_text, (whole.start(), whole.end())));
            }
        }
    }
    ministers_after_portfolio(text, found);
    for regex in [&*TITLED_BEFORE, &*TITLED_AFTER] {
        for caps in lines.captures_iter(regex) {
            let p = caps.name("p").expect("always matched");
            if caps
                .name("title")
                .is_some_and(|t| t.as_str().to_lowercase().starts_with("minist"))
            {
                continue;
            }
            let Some(person) = add_person(found, text, p.start(), p.end()) else {
                continue;
            };
            if let Some(org) = caps.name("org") {
                let whole = caps.get(0).expect("group 0");
                let title = caps["title"].trim().to_owned();
                if let Some(body) = found.at(org.start(), org.start() + 1) {
                    found
                        .posts
                        .push((person, body, title, (whole.start(), whole.end())));
                } else if let Some(m) = NAME_AT_START.find(org.as_str()) {
                    // "le président de Talvo": an organisation the text
                    // names only here is a company.
                    let (s, e) = (org.start() + m.start(), org.start() + m.end());
                    if let Some((s, e)) = clean_name(text, s, e) {
                        if companylike(&text[s..e])
                            && !institution(found, &text[s..e])
                            && !found.taken(s, e)
                        {
                            let company = found.add(
                                EntityType::Company,
                                &text[s..e],
                                company_key(&text[s..e]),
                                (s, e),
                            );
                            found.posts.push((
                                person,
                                company,
                                title,
                                (whole.start(), whole.end()),
                            ));
                        }
                    }
                }
            }
        }
    }
    for caps in lines
        .captures_iter(&TITLE_NAME)
        .chain(lines.captures_iter(&HEAD_OF_PLACE_NAME))
    {
        let p = caps.name("p").expect("always matched");
        if !found.taken(p.start(), p.end()) && !names_an_organisation(p.as_str()) {
            add_person(found, text, p.start(), p.end());
        }
    }
    for regex in [&*SPOKEN_AFTER_VERB, &*SPOKEN_BEFORE_VERB] {
        for caps in lines.captures_iter(regex) {
            let p = caps.name("p").expect("always matched");
            let start = p.start() + TITLE_AT_START.find(p.as_str()).map_or(0, |m| m.end());
            let name = &text[start..p.end()];
            let words = name.split_whitespace().count();
            if words >= 2 && !names_an_organisation(name) && !found.taken(start, p.end()) {
                add_person(found, text, start, p.end());
            }
        }
    }
    for caps in lines.captures_iter(&ROYAL) {
        let p = caps.name("p").expect("always matched");
        add_person(found, text, p.start(), p.end());
    }
    for p in lines.find_iter(&GIVEN_NAME) {
        let glued = text[..p.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if !glued && !found.taken(p.start(), p.end()) {
            add_person(found, text, p.start(), p.end());
        }
    }
    // Every other place a person's full name appears.
    let names: Vec<(usize, String)> = found
        .of_kind(EntityType::Person)
        .map(|(i, t)| (i, t.name.clone()))
        .collect();
    for (i, name) in names {
        for (at, _) in text.match_indices(&name) {
            let span = (at, at + name.len());
            found.mention(i, span);
        }
    }
}
