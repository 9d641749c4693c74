//! Finding the things a release names: ministries, public bodies, people,
//! companies, cities and sectors, each with every place it is named.

mod bodies;
mod companies;
mod ministries;
mod names;
mod people;
mod places;

use std::collections::BTreeMap;

use pledgegraph_importer::EntityType;

pub use names::company_key;

/// One thing the release names.
#[derive(Debug, Clone)]
pub struct Thing {
    pub kind: EntityType,
    pub name: String,
    pub aliases: Vec<String>,
    pub attributes: BTreeMap<String, String>,
    /// Where it is named: byte ranges of the normalised text.
    pub mentions: Vec<(usize, usize)>,
    /// What makes two namings the same thing.
    key: String,
}

/// Everything named, and where.
#[derive(Debug, Default)]
pub struct Mentions {
    pub things: Vec<Thing>,
    /// (child, parent) company indexes, and the span that says so.
    pub subsidiaries: Vec<(usize, usize, (usize, usize))>,
    /// (person, ministry or body, title) and the span that says so.
    pub posts: Vec<(usize, usize, String, (usize, usize))>,
    /// Companies named as a list item's head ("Merck : ...") by paragraph start.
    pub list_heads: Vec<(usize, usize)>,
    /// Runs of companies named together ("Yazaki, Sumitomo et Lear"): spans.
    pub enumerations: Vec<(usize, usize)>,
}

impl Mentions {
    pub fn of_kind(&self, kind: EntityType) -> impl Iterator<Item = (usize, &Thing)> {
        self.things
            .iter()
            .enumerate()
            .filter(move |(_, t)| t.kind == kind)
    }

    /// The thing named at `start..end` or around it.
    pub fn at(&self, start: usize, end: usize) -> Option<usize> {
        self.things.iter().position(|t| {
            t.mentions
                .iter()
                .any(|&(s, e)| s <= start && end <= e || start <= s && e <= end)
        })
    }

    /// Whether `start..end` overlaps a mention of something already found.
    fn taken(&self, start: usize, end: usize) -> bool {
        self.things
            .iter()
            .flat_map(|t| &t.mentions)
            .any(|&(s, e)| s < end && start < e)
    }

    fn add(&mut self, kind: EntityType, name: &str, key: String, span: (usize, usize)) -> usize {
        let name = name.trim();
        if let Some(i) = self
            .things
            .iter()
            .position(|t| t.kind == kind && t.key == key)
        {
            let thing = &mut self.things[i];
            if !thing.mentions.contains(&span) {
                thing.mentions.push(span);
            }
            if name != thing.name && !thing.aliases.iter().any(|a| a == name) {
                // The fuller spelling names it; all-capitals only when nothing else does.
                let shouting = |s: &str| s.chars().filter(|c| c.is_lowercase()).count() == 0;
                if shouting(&thing.name) && !shouting(name)
                    || name.len() > thing.name.len() && !shouting(name)
                {
                    let old = std::mem::replace(&mut thing.name, name.to_owned());
                    thing.aliases.push(old);
                } else {
                    thing.aliases.push(name.to_owned());
                }
            }
            return i;
        }
        self.things.push(Thing {
            kind,
            name: name.to_owned(),
            aliases: Vec::new(),
            attributes: BTreeMap::new(),
            mentions: vec![span],
            key,
        });
        self.things.len() - 1
    }
}

/// Finds every thing `text` (normalised) names.
pub fn find(text: &str) -> Mentions {
    let mut found = Mentions::default();
    ministries::ministries(text, &mut found);
    bodies::bodies(text, &mut found);
    people::people(text, &mut found);
    companies::companies(text, &mut found);
    places::places(text, &mut found);
    places::towns(text, &mut found);
    places::sectors(text, &mut found);
    found
}

/// The country the release is about: the one its cities are in most.
pub fn main_country(_text: &str, found: &Mentions) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (_, city) in found.of_kind(EntityType::City) {
        if let Some(c) = city.attributes.get("country") {
            *counts.entry(c.clone()).or_default() += city.mentions.len();
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c)
}
