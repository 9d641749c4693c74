//! The event a release reports: the agreement, each operator's commitment,
//! the totals, and the figures quoted about the sector. [`read`] runs named
//! passes over one shared [`Reading`], each a function of its own.

mod attribution;
mod date;
mod kind;
mod operators;
mod totals;
mod venue;

use foldhash::HashMap;
use std::collections::{BTreeMap, BTreeSet};

use pledgegraph_importer::{EntityType, Qualifier};

use crate::dates::Date;
use crate::mentions::Mentions;
use crate::numbers::Amount;
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

/// What every pass reads: the text, its sentences and mentions, and what
/// is worked out once from them.
pub struct Reading<'a> {
    pub text: &'a str,
    pub sentences: &'a [Sentence],
    pub mentions: &'a Mentions,
    pub published: Option<Date>,
    /// Where the dateline's city is named ("Dakar, le 12 septembre 2023 -"):
    /// where the release was written, not where anything is invested.
    pub dateline: Option<usize>,
    /// Each kind's mentions as (start, entity), sorted once: a sentence
    /// finds its own by binary search, so long releases stay linear.
    sorted_mentions: HashMap<EntityType, Vec<(usize, usize)>>,
    /// Parent company to the subsidiary named as its child.
    pub parent_of_child: BTreeMap<usize, usize>,
    pub parents: BTreeSet<usize>,
    /// The currency of amounts that name none.
    pub currency: Option<String>,
    /// The amounts each sentence writes, at offsets in the sentence (a
    /// shared word such as "$" in the currency of the release's country).
    pub amounts: Vec<Vec<Amount>>,
    /// Where each kind of agreement is named, in the order of
    /// `kind::KINDS`: (start, end) of each phrase.
    pub kind_phrases: Vec<Vec<(usize, usize)>>,
}

impl<'a> Reading<'a> {
    pub fn new(
        text: &'a str,
        sentences: &'a [Sentence],
        mentions: &'a Mentions,
        published: Option<Date>,
        country: Option<&str>,
    ) -> Reading<'a> {
        let dateline = venue::dateline(text, mentions);
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
                .flat_map(|(i, t)| t.mentions.iter().map(move |&span| (span, i)))
                .filter(|&((start, _), _)| Some(start) != dateline)
                .filter(|&((start, end), _)| {
                    kind != EntityType::City
                        || !venue::names_a_region(text, start) && !names_an_origin(text, end)
                })
                .map(|((start, _), i)| (start, i))
                .collect();
            found.sort();
            (kind, found)
        })
        .collect();
        let parent_of_child: BTreeMap<usize, usize> = mentions
            .subsidiaries
            .iter()
            .map(|&(c, p, _)| (p, c))
            .collect();
        let parents: BTreeSet<usize> = mentions.subsidiaries.iter().map(|&(_, p, _)| p).collect();
        let local_currency = country
            .and_then(|c| pledgegraph_importer::world::world().country(c))
            .and_then(|c| c.currencies.first().copied());
        let amounts: Vec<Vec<Amount>> = sentences
            .iter()
            .map(|s| crate::numbers::amounts(&text[s.start..s.end], local_currency))
            .collect();
        let currency = default_currency(&amounts, local_currency);
        let kind_phrases = kind::phrases(text);
        Reading {
            text,
            sentences,
            mentions,
            published,
            dateline,
            sorted_mentions,
            parent_of_child,
            parents,
            currency,
            amounts,
            kind_phrases,
        }
    }

    /// The mentions of `kind` in `sentence`: (start, entity), in order.
    pub fn in_sentence(&self, sentence: &Sentence, kind: EntityType) -> Vec<(usize, usize)> {
        let all = &self.sorted_mentions[&kind];
        let from = all.partition_point(|&(start, _)| start < sentence.start);
        let to = all.partition_point(|&(start, _)| start < sentence.end);
        all[from..to].to_vec()
    }
}

/// Reads the event from the sentences and what they name.
pub fn read(
    text: &str,
    sentences: &[Sentence],
    mentions: &Mentions,
    published: Option<Date>,
    country: Option<&str>,
) -> Event {
    let reading = Reading::new(text, sentences, mentions, published, country);
    let mut event = Event::default();
    kind::kind_and_count(&reading, &mut event);
    event.date = date::event_date(&reading);
    let venues = venue::venues(&reading);
    event.venue = venues.iter().next().copied();
    let sentence_totals = attribution::attribute_figures(&reading, &mut event, &venues);
    totals::merge_totals(&reading, &mut event, sentence_totals);
    totals::parents_figures_to_subsidiaries(&reading, &mut event);
    let operators = operators::operators(&reading, &event);
    totals::single_operator_takes_totals(&reading, &mut event, &operators);
    operators::place_operators(&reading, &mut event, &venues);
    operators::parties(&reading, &mut event, operators);
    event
        .sentences
        .extend(event.totals.sentences.iter().copied());
    event
}

pub(super) fn pledge_of(pledges: &mut Vec<(usize, Pledge)>, company: usize) -> &mut Pledge {
    let i = match pledges.iter().position(|(c, _)| *c == company) {
        Some(i) => i,
        None => {
            pledges.push((company, Pledge::default()));
            pledges.len() - 1
        }
    };
    &mut pledges[i].1
}

/// "The Denver-based firm": where the firm is from, not where it invests.
fn names_an_origin(text: &str, end: usize) -> bool {
    static SUFFIXES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        crate::vocabulary::phrases("origin_suffix")
            .into_iter()
            .map(|s| format!("-{s}"))
            .collect()
    });
    SUFFIXES.iter().any(|s| text[end..].starts_with(s.as_str()))
}

/// The currency that amounts without one are in: the one the release uses
/// most, else the currency of its country.
fn default_currency(amounts: &[Vec<Amount>], local: Option<&'static str>) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for amount in amounts.iter().flatten() {
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
