//! Who the operators are, where they invest, and who is bound.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use pledgegraph_importer::EntityType;
use regex::Regex;

use super::{Event, Reading};
use crate::pattern::compile as regex;
use crate::sentences::Sentence;
use crate::vocabulary;

/// Operators: those with figures, those a list heads, and the companies
/// named where the agreement is; never a parent whose subsidiary is one.
pub fn operators(reading: &Reading, event: &Event) -> Vec<usize> {
    let Reading {
        sentences,
        mentions,
        parent_of_child,
        ..
    } = reading;
    let in_sentence = |s: &Sentence, kind: EntityType| reading.in_sentence(s, kind);
    let mut operators: Vec<usize> = event.pledges.iter().map(|(c, _)| *c).collect();
    operators.extend(mentions.list_heads.iter().map(|(c, _)| *c));
    for &i in &event.sentences {
        // Not a company named only for someone's title ("le directeur de X").
        operators.extend(
            in_sentence(&sentences[i], EntityType::Company)
                .into_iter()
                .filter(|&(at, company)| !named_for_a_post(reading, company, at))
                .map(|(_, c)| c),
        );
    }
    let mut seen = BTreeSet::new();
    operators.retain(|c| seen.insert(*c));
    let operator_set: BTreeSet<usize> = operators.iter().copied().collect();
    operators.retain(|c| {
        !parent_of_child
            .get(c)
            .is_some_and(|child| operator_set.contains(child))
    });
    // The companies of an enumeration next to the event are operators too.
    for (i, _) in mentions.of_kind(EntityType::Company) {
        let listed = mentions.things[i].mentions.iter().any(|&(s, _)| {
            mentions
                .enumerations
                .iter()
                .any(|&(es, ee)| es <= s && s < ee)
        });
        if listed && !operators.contains(&i) {
            operators.push(i);
        }
    }
    if operators.is_empty() && (event.totals.jobs.is_some() || event.totals.investment.is_some()) {
        operators.extend(main_company(reading));
    }
    operators
}

/// Whether `company`, named at `at`, is named only for someone's title
/// ("le directeur de X").
fn named_for_a_post(reading: &Reading, company: usize, at: usize) -> bool {
    reading
        .mentions
        .posts
        .iter()
        .any(|&(_, body, _, (s, e))| body == company && s <= at && at < e)
}

/// The company a release is about, when its figures name no operator: the
/// one named more often than any other (parents and employers of people
/// quoted aside, unless no other is named). The figures nobody else claims
/// are its own.
fn main_company(reading: &Reading) -> Option<usize> {
    let mentions = reading.mentions;
    let candidates: Vec<(usize, usize)> = mentions
        .of_kind(EntityType::Company)
        .filter(|(i, _)| !reading.parents.contains(i))
        .map(|(i, thing)| {
            let own = thing
                .mentions
                .iter()
                .filter(|&&(at, _)| !named_for_a_post(reading, i, at))
                .count();
            (i, own)
        })
        .collect();
    let named_for_itself: Vec<(usize, usize)> =
        candidates.iter().copied().filter(|&(_, n)| n > 0).collect();
    let ranked = match named_for_itself.is_empty() {
        true if candidates.len() == 1 => return Some(candidates[0].0),
        true => return None,
        false => named_for_itself,
    };
    let most = ranked.iter().map(|&(_, n)| n).max()?;
    let mut leaders = ranked.iter().filter(|&&(_, n)| n == most);
    let (leader, _) = *leaders.next()?;
    // Named twice at least, and more than any other.
    (leaders.next().is_none() && (ranked.len() == 1 || most >= 2)).then_some(leader)
}

/// An operator whose figures name no city is where the sentences that
/// introduce it place it; a release about one city places everyone there.
pub fn place_operators(reading: &Reading, event: &mut Event, venues: &BTreeSet<usize>) {
    let Reading {
        sentences,
        mentions,
        parents,
        dateline,
        ..
    } = reading;
    let in_sentence = |s: &Sentence, kind: EntityType| reading.in_sentence(s, kind);
    for (company, pledge) in event.pledges.iter_mut() {
        if !pledge.cities.is_empty() {
            continue;
        }
        for sentence in sentences.iter() {
            let companies = in_sentence(sentence, EntityType::Company);
            let operators: Vec<usize> = companies
                .iter()
                .map(|(_, c)| *c)
                .filter(|c| !parents.contains(c))
                .collect();
            if operators.iter().all(|c| c == company) && operators.contains(company) {
                let first = companies
                    .iter()
                    .find(|(_, c)| c == company)
                    .map(|(at, _)| *at)
                    .unwrap_or(0);
                pledge.cities.extend(
                    in_sentence(sentence, EntityType::City)
                        .into_iter()
                        .filter(|(at, _)| *at > first)
                        .map(|(_, c)| c),
                );
            }
        }
    }
    let cities: BTreeSet<usize> = mentions
        .of_kind(EntityType::City)
        .filter(|(_, t)| {
            t.mentions.iter().any(|&(start, _)| {
                Some(start) != *dateline && !super::venue::names_a_region(reading.text, start)
            })
        })
        .map(|(i, _)| i)
        .collect();
    if cities.len() == 1 {
        // Not the city of the signing, nor one another operator is placed in.
        let placed: BTreeSet<usize> = event
            .pledges
            .iter()
            .flat_map(|(_, p)| p.cities.iter().copied())
            .collect();
        let spread = cities
            .iter()
            .all(|c| !venues.contains(c) && !placed.contains(c));
        for (_, pledge) in event.pledges.iter_mut() {
            if pledge.cities.is_empty() && spread {
                pledge.cities.extend(&cities);
            }
        }
        if event.totals.cities.is_empty() && event.pledges.len() > 1 {
            event.totals.cities.extend(&cities);
        }
    }
}

/// The parties: ministries and the bodies named where the agreement is
/// signed, then the operators; the people who hold posts sign.
pub fn parties(reading: &Reading, event: &mut Event, operators: Vec<usize>) {
    let Reading {
        sentences,
        mentions,
        ..
    } = reading;
    let in_sentence = |s: &Sentence, kind: EntityType| reading.in_sentence(s, kind);
    // Projects announced, or approved by a commission: no signature, but
    // an event with figures.
    let has_totals = event.totals.jobs.is_some() || event.totals.investment.is_some();
    if event.kind.is_none() && (!event.pledges.is_empty() || has_totals) {
        event.kind = Some("announcement");
    }
    if event.kind.is_some() {
        // An inauguration binds no ministry: its ministers attend.
        if !matches!(event.kind, Some("announcement" | "inauguration")) {
            // Not those only present: "en présence du ministre de ...".
            event.parties.extend(
                mentions
                    .of_kind(EntityType::Ministry)
                    .filter(|(_, t)| !only_present(reading, &t.mentions))
                    .map(|(i, _)| i),
            );
            // A public body named where the agreement is signed is bound by it.
            for &i in &event.sentences {
                for (_, body) in in_sentence(&sentences[i], EntityType::Agency) {
                    let named = &mentions.things[body].mentions;
                    if !event.parties.contains(&body) && !only_present(reading, named) {
                        event.parties.push(body);
                    }
                }
            }
            // "entre l'État, représenté par les ministres ..., et X": the
            // state is the party, its ministers sign for it.
            if event
                .parties
                .iter()
                .any(|&p| is_the_state(&mentions.things[p].name))
            {
                event
                    .parties
                    .retain(|&p| mentions.things[p].kind != EntityType::Ministry);
            }
            event
                .signatories
                .extend(mentions.posts.iter().map(|(p, _, _, _)| *p));
            event.signatories.dedup();
        }
        event.parties.extend(operators);
    }
}

/// Whether a body's name is the state or its government ("l'État marocain",
/// "Government of Canada").
fn is_the_state(name: &str) -> bool {
    let first = pledgegraph_importer::fold(name.split_whitespace().next().unwrap_or_default());
    matches!(
        first.as_str(),
        "etat" | "gouvernement" | "government" | "state"
    )
}

/// "en présence de", "in the presence of": before the title or name.
static PRESENT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?i)(?:{})\s+(?:\p{{L}}+\s+){{0,12}}$",
        vocabulary::alternation_any_first_case("presence_cue")
    ))
});

/// Whether every mention is in a clause that says its holder was present.
fn only_present(reading: &Reading, mentions: &[(usize, usize)]) -> bool {
    let text = reading.text;
    !mentions.is_empty()
        && mentions.iter().all(|&(at, _)| {
            let from = crate::normalize::char_floor(text, at.saturating_sub(120));
            let before = &text[from..at];
            let clause = before.rsplit([',', ';', '.', '(']).next().unwrap_or(before);
            PRESENT_BEFORE.is_match(clause)
        })
}
