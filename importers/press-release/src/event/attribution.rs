//! Whose each figure is: sentence by sentence, the operator named before
//! it, the head of its list item, or the one pointed back at; else the
//! event's.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use pledgegraph_importer::EntityType;
use regex::Regex;

use super::{pledge_of, Event, Pledge, Quoted, Reading};
use crate::figures::{figures_among, Figure, Measure};
use crate::pattern::compile as regex;
use crate::sentences::Sentence;

pub(super) static HORIZON: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:à\s+l'horizon|a\s+l'horizon|horizon|d'ici(?:\s+(?:à|fin|la\s+fin\s+de))?(?:\s+\p{L}+)?|by(?:\s+the\s+end\s+of)?(?:\s+\p{L}+)?|en|in|avant|before|démarrer\s+en|start\s+in)\s+(?P<year>(?:19|20)\d\d)\b|(?:sur\s+la\s+période|over\s+the\s+period|entre|between)\s+\d{4}\s*(?:-|et|and|à|to)\s*(?P<end>(?:19|20)\d\d)\b",
    )
});
pub(super) static TOTAL_CUE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:au\s+total|en\s+tout|au\s+global|in\s+total|in\s+all|altogether|combined|together)\b",
    )
});
static SECTOR_WORD: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)secteur|sector"));
/// Words that point back at the operator of the previous sentences.
static ANAPHORA: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:la\s+filiale|la\s+société|le\s+groupe|l'entreprise|l'opérateur|ce\s+dernier|cette\s+dernière|(?:la|cette|sa|leur|son|le|ce)\s+(?:\p{L}+\s+)?(?:unité|usine|site|projet)|(?:cet|l')\s*investissement|(?:cette|l')\s*initiative|(?:ce|le)\s+complexe|(?:the|this)\s+(?:[\p{Ll}\-]+\s+){0,2}?(?:project|plant|factory|facility|complex|investment|initiative)|elle|il|the\s+company|the\s+subsidiary|the\s+group|the\s+firm|it\s+(?:will|is|has|undertakes|employs|operates|plans|expects|currently|already|now))(?:[^\p{L}]|$)",
    )
});
static YEAR_IN: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^[^.;]{0,40}?\b(?:en|in)\s+((?:19|20)\d\d)\b"));

/// Gives each figure to its operator (in `event.pledges`) or to the
/// sentence's totals, which it returns by sentence; quoted figures become
/// `event.observations`.
pub fn attribute_figures(
    reading: &Reading,
    event: &mut Event,
    venues: &BTreeSet<usize>,
) -> BTreeMap<usize, Pledge> {
    let Reading {
        text,
        sentences,
        mentions,
        parent_of_child,
        parents,
        currency,
        ..
    } = reading;
    let in_sentence = |s: &Sentence, kind: EntityType| reading.in_sentence(s, kind);
    let mut last_operator: Option<usize> = None;
    // The paragraph of the sentence before, when it named one operator and
    // no figure.
    let mut previous_named_alone: Option<usize> = None;
    let mut head: Option<(usize, usize)> = None; // (paragraph, company)
                                                 // Figures of the event as a whole, by sentence: the fullest statement wins.
    let mut sentence_totals: BTreeMap<usize, Pledge> = BTreeMap::new();
    let mut agreement_nouns: Vec<usize> = reading
        .kind_phrases
        .iter()
        .flatten()
        .map(|&(_, end)| end)
        .collect();
    agreement_nouns.sort_unstable();
    for (index, sentence) in sentences.iter().enumerate() {
        let body = &text[sentence.start..sentence.end];
        if sentence.opens_paragraph {
            head = mentions
                .list_heads
                .iter()
                .find(|&&(_, at)| at >= sentence.start && at < sentence.end)
                .map(|&(company, _)| (sentence.paragraph, company));
        }
        let head = head
            .filter(|(p, _)| *p == sentence.paragraph)
            .map(|(_, c)| c);
        let companies = in_sentence(sentence, EntityType::Company);
        let companies_here: HashSet<usize> = companies.iter().map(|&(_, c)| c).collect();
        // Where each company of the sentence is first named, by index.
        let mut first_named: HashMap<usize, usize> = HashMap::new();
        for (i, &(_, c)) in companies.iter().enumerate() {
            first_named.entry(c).or_insert(i);
        }
        let cities = in_sentence(sentence, EntityType::City);
        let figures = figures_among(body, reading.amounts[index].clone(), currency.as_deref());
        // "Atlas Câbles a signé un accord ... à Fès. Le montant engagé ? 90
        // MDH et 120 emplois." : a sentence that names no company goes on
        // about the one company the sentence before named without figures.
        let goes_on = companies.is_empty()
            && previous_named_alone.is_some_and(|paragraph| paragraph == sentence.paragraph);
        let points_back = goes_on || ANAPHORA.is_match(body);
        let horizon = horizon_of(body, reading.published.map(|d| d.year))
            .map(|(at, year)| (sentence.start + at, year));
        // Operators of this sentence: a child stands for its parent named beside it.
        let previous_operator = last_operator;
        // Companies, agreement nouns and enumerations come sorted by offset:
        // each figure finds what precedes it by binary search.
        let operator_at = |at: usize| -> Option<Option<usize>> {
            let before = &companies[..companies.partition_point(|(s, _)| *s < at)];
            let Some(last) = before.last() else {
                // "the R500 million Vukani plant": the sentence's one
                // company, named right after the sum.
                return match companies.first() {
                    Some(&(s, company)) if companies_here.len() == 1 && s >= at && s - at <= 40 => {
                        Some(Some(company))
                    }
                    _ => None,
                };
            };
            // "..., le président de Talvo, Jean Morel, ces mémorandums
            // visent 3.000 emplois": the agreement's figures, not Talvo's.
            let next_noun = agreement_nouns.partition_point(|&n| n <= last.0);
            if agreement_nouns.get(next_noun).is_some_and(|&n| n <= at) {
                return Some(None);
            }
            let enumerations = &mentions.enumerations;
            let around = enumerations.partition_point(|&(s, _)| s <= last.0);
            let in_enumeration = around.checked_sub(1).is_some_and(|i| {
                let (s, e) = enumerations[i];
                let named = |p: usize| before.partition_point(|(at, _)| *at < p);
                last.0 < e && named(e) - named(s) >= 2
            });
            if in_enumeration {
                return Some(None);
            }
            // Down the chain of subsidiaries named here: "Datavista, unit of
            // Northgate Systems, itself owned by Northgate Holdings, ..."
            let mut company = last.1;
            for _ in 0..4 {
                match parent_of_child.get(&company) {
                    Some(&child)
                        if companies_here.contains(&child) || previous_operator == Some(child) =>
                    {
                        company = child
                    }
                    _ => break,
                }
            }
            Some(Some(company))
        };
        let mut touched: BTreeSet<Option<usize>> = BTreeSet::new();
        // Read once per sentence, not once per figure.
        let total_cue_end = TOTAL_CUE.find(body).map(|m| m.end());
        let about_a_sector = SECTOR_WORD.is_match(body);
        for figure in &figures {
            let at = sentence.start + figure.start;
            // "Au total, ...": the event's figures, whoever is named.
            let total_cue = total_cue_end.is_some_and(|end| end <= figure.start);
            let owner: Option<usize> = match head {
                _ if total_cue => None,
                Some(company) => Some(company),
                None => match operator_at(at) {
                    Some(owner) => owner,
                    None if points_back => last_operator,
                    None => None,
                },
            };
            if let Measure::Observation {
                indicator,
                name,
                unit,
            } = &figure.measure
            {
                let sector = in_sentence(sentence, EntityType::Sector)
                    .first()
                    .map(|&(_, s)| s);
                event.observations.push(Quoted {
                    indicator,
                    name,
                    value: figure.value,
                    unit: unit.clone(),
                    qualifier: figure.qualifier,
                    subject: if about_a_sector { sector } else { None }.or(owner),
                    period: YEAR_IN
                        .captures(&body[figure.end..])
                        .map(|c| c[1].to_owned()),
                    sentence: index,
                });
                continue;
            }
            // Jobs someone already has are that operator's, named or not.
            let owner = match (&figure.measure, owner) {
                (Measure::ExistingJobs, None) => last_operator,
                (_, owner) => owner,
            };
            let pledge = match owner {
                Some(company) => pledge_of(&mut event.pledges, company),
                None => sentence_totals.entry(index).or_default(),
            };
            // A second site of the same operator ("... in Makkah", then
            // "... in Al Kharj"): its figures add up.
            let new_site = owner.is_some()
                && pledge.sentences.iter().any(|&i| i < index)
                && !pledge.cities.is_empty()
                && cities.iter().any(|(_, c)| !pledge.cities.contains(c));
            let owner_name = owner.map(|o| mentions.things[o].name.as_str());
            record_figure(pledge, figure, owner_name, new_site, &mut event.warnings);
            pledge.sentences.insert(index);
            touched.insert(owner);
            if let Some(company) = owner {
                last_operator = Some(company);
            }
        }
        // Cities and horizon go to whoever this sentence's figures belong to.
        for owner in &touched {
            let first_company = companies.first().map(|(at, _)| *at);
            // Cities come sorted by offset: an operator's are the slice in
            // its segment of the sentence.
            let owned_cities: Vec<usize> = match owner {
                // The event's, or an operator the sentence points back at
                // ("The industrial complex in Dammam ...").
                None => cities
                    .iter()
                    .filter(|(_, city)| !venues.contains(city))
                    .map(|&(_, city)| city)
                    .collect(),
                Some(company) if !companies_here.contains(company) => cities
                    .iter()
                    .filter(|(_, city)| !venues.contains(city))
                    .map(|&(_, city)| city)
                    .collect(),
                Some(_) if head.is_some() => cities.iter().map(|&(_, city)| city).collect(),
                Some(company) => {
                    let (from, to) = segment_of(
                        &companies,
                        &first_named,
                        *company,
                        sentence.end,
                        first_company,
                        parents,
                    );
                    let first = cities.partition_point(|&(at, _)| at < from);
                    let last = cities.partition_point(|&(at, _)| at < to);
                    cities[first..last].iter().map(|&(_, city)| city).collect()
                }
            };
            let pledge = match owner {
                Some(company) => pledge_of(&mut event.pledges, *company),
                None => sentence_totals.entry(index).or_default(),
            };
            pledge.cities.extend(owned_cities);
            if let Some((_, year)) = &horizon {
                pledge.horizon.get_or_insert(year.clone());
            }
        }
        // A sentence that only points back at the operator and gives a year.
        if touched.is_empty() && companies.is_empty() && points_back {
            if let (Some(operator), Some((_, year))) = (last_operator, &horizon) {
                if body.contains("d'ici") || body.contains("horizon") || body.contains(" by ") {
                    let pledge = pledge_of(&mut event.pledges, operator);
                    pledge.horizon.get_or_insert(year.clone());
                }
            }
        }
        // "Le projet", "la filiale" point back at one operator; after two
        // named together they point at neither.
        let mut operators_here: Vec<usize> = companies
            .iter()
            .map(|(_, c)| *c)
            .filter(|c| !parents.contains(c))
            .collect();
        operators_here.dedup();
        match operators_here[..] {
            [] => {}
            [only] => last_operator = Some(only),
            _ if touched.is_empty() => last_operator = None,
            _ => {}
        }
        previous_named_alone =
            (operators_here.len() == 1 && figures.is_empty()).then_some(sentence.paragraph);
    }
    sentence_totals
}

/// Adds a job or investment figure to `pledge`: the first one counts, a
/// second site's adds up, and a differing figure for a named operator is
/// questioned.
fn record_figure(
    pledge: &mut Pledge,
    figure: &Figure,
    owner: Option<&str>,
    new_site: bool,
    warnings: &mut Vec<String>,
) {
    match &figure.measure {
        Measure::Jobs => {
            let value = (figure.value as i64, figure.qualifier);
            match pledge.jobs {
                None => pledge.jobs = Some(value),
                Some((old, q)) if new_site => pledge.jobs = Some((old + value.0, q)),
                Some((old, _)) if old != value.0 => {
                    if let Some(name) = owner {
                        warnings.push(format!(
                            "{name} is given two different numbers of jobs: {old} and {}",
                            value.0
                        ));
                    }
                }
                Some(_) => {}
            }
        }
        Measure::ExistingJobs => {
            pledge.existing_jobs.get_or_insert(figure.value as i64);
        }
        Measure::Investment { currency } => match &pledge.investment {
            None => pledge.investment = Some((figure.value, currency.clone())),
            Some((old, c)) if new_site && c == currency => {
                pledge.investment = Some((old + figure.value, c.clone()));
            }
            Some((old, c)) if (old - figure.value).abs() > 1.0 && c == currency => {
                if let Some(name) = owner {
                    warnings.push(format!(
                        "{name} is given two different investments: {old} and {} {currency}",
                        figure.value
                    ));
                }
            }
            Some(_) => {}
        },
        Measure::Observation { .. } => unreachable!("observations are quoted apart"),
    }
}

/// The year a sentence sets as a goal, and where: not a year already past
/// when the release was published ("entamé en 2021"), nor a sentence's
/// opening period ("In 2022, the state attracted ...").
fn horizon_of(body: &str, published_year: Option<i32>) -> Option<(usize, String)> {
    HORIZON.captures_iter(body).find_map(|c| {
        let whole = c.get(0)?;
        let year = c.name("year").or_else(|| c.name("end"))?;
        let past =
            published_year.is_some_and(|p| year.as_str().parse::<i32>().is_ok_and(|y| y < p));
        let opening_period = whole.start() == 0 && body[whole.end()..].starts_with(',');
        (!past && !opening_period).then(|| (whole.start(), year.as_str().to_owned()))
    })
}

/// The part of a sentence that speaks of `company`: from its first mention
/// to the next company's (cities before the first company go to it).
fn segment_of(
    companies: &[(usize, usize)],
    first_named: &HashMap<usize, usize>,
    company: usize,
    sentence_end: usize,
    first_company: Option<usize>,
    parents: &BTreeSet<usize>,
) -> (usize, usize) {
    let Some(&position) = first_named.get(&company) else {
        return (0, 0);
    };
    let start = if Some(companies[position].0) == first_company {
        0
    } else {
        companies[position].0
    };
    let end = companies[position + 1..]
        .iter()
        .find(|(_, c)| *c != company && !parents.contains(c))
        .map_or(sentence_end, |(at, _)| *at);
    (start, end)
}
