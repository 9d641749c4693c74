//! The event a release reports: the agreement, each operator's commitment,
//! the totals, and the figures quoted about the sector.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;

use pledgegraph_importer::{EntityType, Qualifier};
use regex::Regex;

use crate::dates::{self, Date};
use crate::figures::{figures, Measure};
use crate::mentions::Mentions;
use crate::sentences::Sentence;

/// What one operator promises, before it becomes batch JSON.
#[derive(Debug, Default, Clone)]
pub struct Pledge {
    pub jobs: Option<(i64, Qualifier)>,
    pub existing_jobs: Option<i64>,
    pub investment: Option<(f64, String)>,
    pub cities: BTreeSet<usize>,
    pub horizon: Option<String>,
    /// The sentences that say so.
    pub sentences: BTreeSet<usize>,
}

#[derive(Debug, Clone)]
pub struct Quoted {
    pub indicator: &'static str,
    pub name: &'static str,
    pub value: f64,
    pub unit: String,
    pub qualifier: Qualifier,
    pub subject: Option<usize>,
    pub period: Option<String>,
    pub sentence: usize,
}

#[derive(Debug, Default)]
pub struct Event {
    pub kind: Option<&'static str>,
    pub date: Option<Date>,
    /// The city where it was signed.
    pub venue: Option<usize>,
    pub count: Option<i64>,
    pub parties: Vec<usize>,
    pub signatories: Vec<usize>,
    pub totals: Pledge,
    /// By operator, in the order they appear.
    pub pledges: Vec<(usize, Pledge)>,
    pub observations: Vec<Quoted>,
    pub warnings: Vec<String>,
    /// The sentences that describe the event itself.
    pub sentences: BTreeSet<usize>,
}

use crate::pattern::compile as regex;

/// Kinds of agreement, most specific first, with the nouns that name them.
static KINDS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    vec![
        (
            "memorandum_of_understanding",
            regex(
                r"(?i)(?P<count>\b\w+(?:[\s\-]\w+)?\s+)?\b(?:m[ée]morand(?:um|a|ums)\s+d'entente|protocoles?\s+d'accord|m[ée]morand(?:um|a|ums)\s+of\s+understanding|memorandums?\s+d'accord|\bMoUs?\b)",
            ),
        ),
        (
            "investment_agreement",
            regex(
                r"(?i)(?P<count>\b\w+(?:[\s\-]\w+)?\s+)?\b(?:conventions?\s+d'investissement|accords?\s+d'investissement|investment\s+agreements?|investment\s+conventions?)",
            ),
        ),
        (
            "convention",
            regex(
                r"(?i)(?P<count>\b\w+(?:[\s\-]\w+)?\s+)?\b(?:conventions?|agreements?|accords?\s+de\s+partenariat|partnership\s+agreements?|contrats?\s+d'investissement)\b",
            ),
        ),
        (
            "inauguration",
            regex(
                r"(?i)(?P<count>)\b(?:a\s+inauguré|ont\s+inauguré|inaugurated|cérémonie\s+d'inauguration|a\s+été\s+inaugurée?|inaugurates)",
            ),
        ),
    ]
});
static SIGNING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)sign[ée]|signature|paraph|conclu|signing|signed|annonc|announc|inaugur|cérémonie|ceremony|s'est\s+tenue|a\s+présidé|chaired",
    )
});
static HORIZON: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:à\s+l'horizon|a\s+l'horizon|horizon|d'ici(?:\s+(?:à|fin|la\s+fin\s+de))?(?:\s+\p{L}+)?|by(?:\s+the\s+end\s+of)?(?:\s+\p{L}+)?|en|in|avant|before|démarrer\s+en|start\s+in)\s+(?P<year>(?:19|20)\d\d)\b|(?:sur\s+la\s+période|over\s+the\s+period|entre|between)\s+\d{4}\s*(?:-|et|and|à|to)\s*(?P<end>(?:19|20)\d\d)\b",
    )
});
/// A signing verb or ceremony just before "à Rabat", "in Rabat".
static VENUE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:présidée?|chaired|tenue|held|sign[ée]e?s?|signed|cérémonie|ceremony|paraphée?s?)[^.;]{0,36}\s(?:à|in|at)\s+$",
    )
});
/// What follows a dateline's city: a comma and a date.
static DATELINE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^\s*(?:\(\w+\)\s*)?,\s*(?:(?:le|on)\s+)?(?:\w+\s+)?\d{1,2}(?:er)?\s+\p{L}+\.?\s+\d{4}|^\s*,\s*\p{L}+\s+\d{1,2},?\s+\d{4}|^\s*\(\w+\)",
    )
});
static TOTAL_CUE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:au\s+total|en\s+tout|au\s+global|in\s+total|in\s+all|altogether|combined|together)\b",
    )
});
/// Words that point back at the operator of the previous sentences.
static ANAPHORA: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:la\s+filiale|la\s+société|le\s+groupe|l'entreprise|l'opérateur|ce\s+dernier|cette\s+dernière|(?:la|cette|sa|leur|son|le|ce)\s+(?:\p{L}+\s+)?(?:unité|usine|site|projet)|the\s+(?:new\s+)?(?:project|plant|factory)|elle|il|the\s+company|the\s+subsidiary|the\s+group|the\s+firm|it\s+(?:will|is|has|undertakes))(?:[^\p{L}]|$)",
    )
});

/// Reads the event from the sentences and what they name.
pub fn read(
    text: &str,
    sentences: &[Sentence],
    mentions: &Mentions,
    published: Option<Date>,
    country: Option<&str>,
) -> Event {
    let mut event = Event::default();
    // "Dakar, le 12 septembre 2023 -": where the release was written, not
    // where anything is invested.
    let dateline: Option<usize> = mentions
        .of_kind(EntityType::City)
        .flat_map(|(_, t)| t.mentions.iter().copied())
        .find(|&(start, end)| {
            text[..start].trim().is_empty() && DATELINE_AFTER.is_match(&text[end..])
        })
        .map(|(start, _)| start);
    // Each kind's mentions as (start, entity), sorted once: a sentence finds
    // its own by binary search, so long releases stay linear.
    let sorted_mentions: HashMap<EntityType, Vec<(usize, usize)>> = [
        EntityType::Company,
        EntityType::City,
        EntityType::Sector,
        EntityType::Agency,
    ]
    .into_iter()
    .map(|kind| {
        let mut found: Vec<(usize, usize)> = mentions
            .of_kind(kind)
            .flat_map(|(i, t)| t.mentions.iter().map(move |&(start, _)| (start, i)))
            .filter(|&(start, _)| Some(start) != dateline)
            .collect();
        found.sort();
        (kind, found)
    })
    .collect();
    let in_sentence = |s: &Sentence, kind: EntityType| -> Vec<(usize, usize)> {
        let all = &sorted_mentions[&kind];
        let from = all.partition_point(|&(start, _)| start < s.start);
        let to = all.partition_point(|&(start, _)| start < s.end);
        all[from..to].to_vec()
    };
    let parent_of_child: BTreeMap<usize, usize> = mentions
        .subsidiaries
        .iter()
        .map(|&(c, p, _)| (p, c))
        .collect();
    let parents: BTreeSet<usize> = mentions.subsidiaries.iter().map(|&(_, p, _)| p).collect();
    let local_currency = country
        .and_then(|c| pledgegraph_importer::world::world().country(c))
        .and_then(|c| c.currencies.first().copied());
    let currency = default_currency(text, local_currency);

    // The kind and count of documents, from the most specific noun used.
    'kinds: for (kind, pattern) in KINDS.iter() {
        for caps in pattern.captures_iter(text) {
            event.kind.get_or_insert(kind);
            let count = caps
                .name("count")
                .and_then(|c| c.as_str().split_whitespace().last().map(str::to_owned))
                .and_then(|w| crate::numbers::word_number(&w));
            if let Some(n) = count.filter(|&n| n > 0 && n < 1000) {
                event.count = Some(event.count.map_or(n, |c: i64| c.max(n)));
            }
            let at = caps.get(0).expect("group 0").start();
            if let Some(i) = sentences.iter().position(|s| s.start <= at && at < s.end) {
                event.sentences.insert(i);
            }
        }
        if event.kind.is_some() {
            break 'kinds;
        }
    }

    // The date: in a sentence about the signing or announcement, else the
    // publication's year.
    event.date = sentences
        .iter()
        .map(|s| &text[s.start..s.end])
        .filter(|s| SIGNING.is_match(s) && dates::mentions_date(s))
        .find_map(|s| dates::resolve(s, published))
        .or(published.map(Date::year_only));

    // Where the signing took place: not where the investments go.
    let venues: BTreeSet<usize> = mentions
        .of_kind(EntityType::City)
        .filter(|(_, city)| {
            city.mentions.iter().any(|&(at, _)| {
                let before = &text[crate::normalize::char_floor(text, at.saturating_sub(48))..at];
                VENUE_BEFORE.is_match(before)
            })
        })
        .map(|(i, _)| i)
        .collect();
    event.venue = venues.iter().next().copied();

    // Figures, sentence by sentence.
    let mut last_operator: Option<usize> = None;
    let mut head: Option<(usize, usize)> = None; // (paragraph, company)
                                                 // Figures of the event as a whole, by sentence: the fullest statement wins.
    let mut sentence_totals: BTreeMap<usize, Pledge> = BTreeMap::new();
    let mut agreement_nouns: Vec<usize> = KINDS
        .iter()
        .flat_map(|(_, pattern)| pattern.find_iter(text).map(|m| m.end()))
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
        let figures = figures(body, currency.as_deref(), local_currency);
        let points_back = ANAPHORA.is_match(body);
        let horizon = HORIZON.captures(body).and_then(|c| {
            let year = c.name("year").or_else(|| c.name("end"))?;
            Some((sentence.start + c.get(0)?.start(), year.as_str().to_owned()))
        });
        // Operators of this sentence: a child stands for its parent named beside it.
        let previous_operator = last_operator;
        // Companies, agreement nouns and enumerations come sorted by offset:
        // each figure finds what precedes it by binary search.
        let operator_at = |at: usize| -> Option<Option<usize>> {
            let before = &companies[..companies.partition_point(|(s, _)| *s < at)];
            let last = before.last()?;
            // "..., le président de Kolibri, Jean Lussier, ces mémorandums
            // visent 3.000 emplois": the agreement's figures, not Kolibri's.
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
        let lower_body = body.to_lowercase();
        let about_a_sector = lower_body.contains("secteur") || lower_body.contains("sector");
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
            match &figure.measure {
                Measure::Jobs => {
                    let value = (figure.value as i64, figure.qualifier);
                    match pledge.jobs {
                        None => pledge.jobs = Some(value),
                        Some((old, _)) if old != value.0 && owner.is_some() => {
                            let name = &mentions.things[owner.unwrap()].name;
                            event.warnings.push(format!(
                                "{name} is given two different numbers of jobs: {old} and {}",
                                value.0
                            ));
                        }
                        Some(_) => {}
                    }
                }
                Measure::ExistingJobs => {
                    pledge.existing_jobs.get_or_insert(figure.value as i64);
                }
                Measure::Investment { currency } => match &pledge.investment {
                    None => pledge.investment = Some((figure.value, currency.clone())),
                    Some((old, c))
                        if (old - figure.value).abs() > 1.0 && c == currency && owner.is_some() =>
                    {
                        let name = &mentions.things[owner.unwrap()].name;
                        event.warnings.push(format!(
                            "{name} is given two different investments: {old} and {} {currency}",
                            figure.value
                        ));
                    }
                    Some(_) => {}
                },
                Measure::Observation { .. } => unreachable!("handled above"),
            }
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
                None => cities
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
                        &parents,
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
    }

    let fullness = |p: &Pledge| {
        usize::from(p.jobs.is_some())
            + usize::from(p.investment.is_some())
            + usize::from(p.horizon.is_some())
            + usize::from(!p.cities.is_empty())
    };
    // The fullest statement, completed by the others: "7 milliards de
    // dirhams ..." then "Le projet devrait créer 1.500 emplois".
    let mut candidates: Vec<(usize, Pledge)> = sentence_totals
        .into_iter()
        .filter(|(_, p)| p.jobs.is_some() || p.investment.is_some())
        .collect();
    candidates.sort_by_key(|(index, p)| (std::cmp::Reverse(fullness(p)), *index));
    let mut candidates = candidates.into_iter();
    if let Some((_, mut totals)) = candidates.next() {
        for (_, other) in candidates {
            totals.jobs = totals.jobs.or(other.jobs);
            totals.investment = totals.investment.or(other.investment);
            totals.horizon = totals.horizon.or(other.horizon);
            if totals.cities.is_empty() {
                totals.cities = other.cities;
            }
            totals.sentences.extend(other.sentences);
        }
        event.totals = totals;
    }

    // A parent's figures belong to its subsidiary when that is the operator.
    let mut moved = Vec::new();
    for (i, (company, _)) in event.pledges.iter().enumerate() {
        if let Some(&child) = parent_of_child.get(company) {
            if event.pledges.iter().any(|(c, _)| *c == child) {
                moved.push((i, child));
            }
        }
    }
    for (i, child) in moved.into_iter().rev() {
        let (_, parent) = event.pledges.remove(i);
        let target = pledge_of(&mut event.pledges, child);
        target.jobs = target.jobs.or(parent.jobs);
        target.investment = target.investment.clone().or(parent.investment);
        target.existing_jobs = target.existing_jobs.or(parent.existing_jobs);
        target.horizon = target.horizon.clone().or(parent.horizon);
        target.cities.extend(parent.cities);
        target.sentences.extend(parent.sentences);
    }

    // Operators: those with figures, those a list heads, and the companies
    // named where the agreement is; never a parent whose subsidiary is one.
    let mut operators: Vec<usize> = event.pledges.iter().map(|(c, _)| *c).collect();
    operators.extend(mentions.list_heads.iter().map(|(c, _)| *c));
    for &i in &event.sentences {
        // Not a company named only for someone's title ("le directeur de X").
        operators.extend(
            in_sentence(&sentences[i], EntityType::Company)
                .into_iter()
                .filter(|&(at, company)| {
                    !mentions
                        .posts
                        .iter()
                        .any(|&(_, body, _, (s, e))| body == company && s <= at && at < e)
                })
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

    // One operator: the event's figures are its own.
    if let [operator] = operators[..] {
        let totals = std::mem::take(&mut event.totals);
        let pledge = pledge_of(&mut event.pledges, operator);
        pledge.jobs = pledge.jobs.or(totals.jobs);
        pledge.investment = pledge.investment.clone().or(totals.investment);
        pledge.horizon = pledge.horizon.clone().or(totals.horizon);
        pledge.sentences.extend(totals.sentences);
    }

    // An operator whose figures name no city is where the sentences that
    // introduce it place it; a release about one city places everyone there.
    for (company, pledge) in event.pledges.iter_mut() {
        if !pledge.cities.is_empty() {
            continue;
        }
        for sentence in sentences {
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
        .filter(|(_, t)| t.mentions.iter().any(|&(start, _)| Some(start) != dateline))
        .map(|(i, _)| i)
        .collect();
    if cities.len() == 1 {
        for (_, pledge) in event.pledges.iter_mut() {
            if pledge.cities.is_empty() {
                pledge.cities.extend(&cities);
            }
        }
        if event.totals.cities.is_empty() && event.pledges.len() > 1 {
            event.totals.cities.extend(&cities);
        }
    }

    // Projects announced, or approved by a commission: no signature, but
    // an event with figures.
    let has_totals = event.totals.jobs.is_some() || event.totals.investment.is_some();
    if event.kind.is_none() && (!event.pledges.is_empty() || has_totals) {
        event.kind = Some("announcement");
    }
    if event.kind.is_some() {
        if event.kind != Some("announcement") {
            event
                .parties
                .extend(mentions.of_kind(EntityType::Ministry).map(|(i, _)| i));
            // A public body named where the agreement is signed is bound by it.
            for &i in &event.sentences {
                for (_, body) in in_sentence(&sentences[i], EntityType::Agency) {
                    if !event.parties.contains(&body) {
                        event.parties.push(body);
                    }
                }
            }
            event
                .signatories
                .extend(mentions.posts.iter().map(|(p, _, _, _)| *p));
            event.signatories.dedup();
        }
        event.parties.extend(operators);
    }
    event
        .sentences
        .extend(event.totals.sentences.iter().copied());
    event
}

static YEAR_IN: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^[^.;]{0,40}?\b(?:en|in)\s+((?:19|20)\d\d)\b"));

fn pledge_of(pledges: &mut Vec<(usize, Pledge)>, company: usize) -> &mut Pledge {
    let i = match pledges.iter().position(|(c, _)| *c == company) {
        Some(i) => i,
        None => {
            pledges.push((company, Pledge::default()));
            pledges.len() - 1
        }
    };
    &mut pledges[i].1
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

/// The currency that amounts without one are in: the one the release uses
/// most, else the currency of its country.
fn default_currency(text: &str, local: Option<&'static str>) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for amount in crate::numbers::amounts(text, local) {
        if let Some(c) = amount.currency {
            *counts.entry(c).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(c, _)| c)
        .or(local)
        .map(str::to_owned)
}
