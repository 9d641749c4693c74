//! Finding the things a release names: ministries, public bodies, people,
//! companies, cities and sectors, each with every place it is named.

mod bodies;
mod companies;
mod ministries;
mod names;
mod people;
mod places;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::collections::BTreeMap;

use pledgegraph_importer::{fold, EntityType};

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
    /// (kind, key) to the thing: finding a known thing takes one lookup.
    by_key: HashMap<(EntityType, String), usize>,
    /// Every mention by its start: (end, thing).
    spans: BTreeMap<usize, Vec<(usize, usize)>>,
    /// The longest mention, so that the mentions overlapping a span are
    /// found among those starting at most this far before it.
    longest: usize,
    /// Folded names and aliases of the things that are not companies, as
    /// they stood when companies were looked for.
    other_names: HashSet<String>,
    pub things: Vec<Thing>,
    /// (child, parent) company indexes, and the span that says so.
    pub subsidiaries: Vec<(usize, usize, (usize, usize))>,
    /// (person, ministry or body, title) and the span that says so.
    pub posts: Vec<(usize, usize, String, (usize, usize))>,
    /// Companies named as a list item's head ("Merck : ...") by paragraph start.
    pub list_heads: Vec<(usize, usize)>,
    /// Runs of companies named together ("Hoshida, Kasumi et Arvex"): spans.
    pub enumerations: Vec<(usize, usize)>,
}

impl Mentions {
    pub fn of_kind(&self, kind: EntityType) -> impl Iterator<Item = (usize, &Thing)> {
        self.things
            .iter()
            .enumerate()
            .filter(move |(_, t)| t.kind == kind)
    }

    /// The mentions that may overlap `start..end`: (start, end, thing).
    fn near(&self, start: usize, end: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.spans
            .range(start.saturating_sub(self.longest)..end)
            .flat_map(|(&s, ends)| ends.iter().map(move |&(e, thing)| (s, e, thing)))
    }

    /// The thing named at `start..end` or around it (the first found, when
    /// several are).
    pub fn at(&self, start: usize, end: usize) -> Option<usize> {
        self.near(start, end)
            .filter(|&(s, e, _)| s <= start && end <= e || start <= s && e <= end)
            .map(|(_, _, thing)| thing)
            .min()
    }

    /// Whether `start..end` overlaps a mention of something already found.
    fn taken(&self, start: usize, end: usize) -> bool {
        self.near(start, end).any(|(s, e, _)| s < end && start < e)
    }

    /// Gives `thing` a new key (a fuller spelling of what it is).
    fn rekey(&mut self, thing: usize, key: String) {
        let kind = self.things[thing].kind;
        let old = std::mem::replace(&mut self.things[thing].key, key.clone());
        self.by_key.remove(&(kind, old));
        self.by_key.insert((kind, key), thing);
    }

    /// Records that `thing` is named at `span`, once.
    fn mention(&mut self, thing: usize, span: (usize, usize)) {
        let ends = self.spans.entry(span.0).or_default();
        if ends.contains(&(span.1, thing)) {
            return;
        }
        ends.push((span.1, thing));
        self.longest = self.longest.max(span.1.saturating_sub(span.0));
        self.things[thing].mentions.push(span);
    }

    /// Makes `from` one with `into`: its names, mentions and links become
    /// `into`'s, the fuller name names it, and `from` is no more (the things
    /// after it move down by one).
    fn absorb(&mut self, into: usize, from: usize) {
        let gone = self.things.remove(from);
        let moved = |i: usize| moved_by_absorbing(i, into, from);
        let into = moved(into);
        for ends in self.spans.values_mut() {
            for (_, thing) in ends.iter_mut() {
                *thing = moved(*thing);
            }
            let mut seen = HashSet::new();
            ends.retain(|entry| seen.insert(*entry));
        }
        for thing in self.by_key.values_mut() {
            *thing = moved(*thing);
        }
        self.by_key.insert((gone.kind, gone.key), into);
        for (child, parent, _) in &mut self.subsidiaries {
            (*child, *parent) = (moved(*child), moved(*parent));
        }
        self.subsidiaries
            .retain(|(child, parent, _)| child != parent);
        for (person, post, _, _) in &mut self.posts {
            (*person, *post) = (moved(*person), moved(*post));
        }
        for (company, _) in &mut self.list_heads {
            *company = moved(*company);
        }
        let thing = &mut self.things[into];
        for span in gone.mentions {
            if !thing.mentions.contains(&span) {
                thing.mentions.push(span);
            }
        }
        thing.mentions.sort_unstable();
        let mut names = std::iter::once(gone.name).chain(gone.aliases);
        if let Some(name) = names.next() {
            if name.len() > thing.name.len() {
                let old = std::mem::replace(&mut thing.name, name);
                thing.aliases.push(old);
            } else {
                thing.aliases.push(name);
            }
        }
        thing.aliases.extend(names);
        let own = thing.name.clone();
        thing.aliases.retain(|a| *a != own);
        let mut seen = HashSet::new();
        thing.aliases.retain(|a| seen.insert(a.clone()));
    }

    /// Whether a thing other than a company has `name` as its name or alias.
    fn names_another_kind(&self, name: &str) -> bool {
        self.other_names.contains(&fold(name))
    }

    /// Indexes the names and aliases of what is not a company, for
    /// [`Mentions::names_another_kind`].
    fn index_other_names(&mut self) {
        self.other_names = self
            .things
            .iter()
            .filter(|t| t.kind != EntityType::Company)
            .flat_map(|t| std::iter::once(&t.name).chain(&t.aliases))
            .map(|name| fold(name))
            .collect();
    }

    fn add(&mut self, kind: EntityType, name: &str, key: String, span: (usize, usize)) -> usize {
        let name = name.trim();
        if let Some(&i) = self.by_key.get(&(kind, key.clone())) {
            self.mention(i, span);
            let thing = &mut self.things[i];
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
            mentions: Vec::new(),
            key: key.clone(),
        });
        let i = self.things.len() - 1;
        self.by_key.insert((kind, key), i);
        self.mention(i, span);
        i
    }
}

/// Where thing `i` is once `from` is absorbed into `into`.
fn moved_by_absorbing(i: usize, into: usize, from: usize) -> usize {
    match i.cmp(&from) {
        std::cmp::Ordering::Equal => moved_by_absorbing(into, into, from),
        std::cmp::Ordering::Greater => i - 1,
        std::cmp::Ordering::Less => i,
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
    places::world_cities(text, &mut found);
    places::towns(text, &mut found);
    places::sectors(text, &mut found);
    merge_namesakes(&mut found);
    found
}

/// Two things of one kind with one name, found by different rules
/// ("Atlas Cables Morocco" read whole and as Atlas's unit), are
/// one.
fn merge_namesakes(found: &mut Mentions) {
    let world = pledgegraph_importer::world::world();
    // "Chinese Hengli Dyeing" beside "Hengli Dyeing": the
    // nationality, not the name.
    let key_of = |t: &Thing| {
        let folded = fold(&t.name);
        let name = match folded.split_once(' ') {
            Some((first, rest))
                if t.kind == EntityType::Company
                    && rest.contains(' ')
                    && world.country_of_demonym(first).is_some() =>
            {
                rest.to_owned()
            }
            _ => folded,
        };
        if t.kind == EntityType::Company {
            company_key(&name)
        } else {
            name
        }
    };
    loop {
        let mut first_of: HashMap<(EntityType, String), usize> = HashMap::new();
        let pair = found.things.iter().enumerate().find_map(|(i, t)| {
            let key = (t.kind, key_of(t));
            match first_of.get(&key) {
                Some(&first) => Some((first, i)),
                None => {
                    first_of.insert(key, i);
                    None
                }
            }
        });
        let Some((into, from)) = pair else { break };
        found.absorb(into, from);
    }
}

/// Capitalised words, for looking up countries named in a text.
static CAPITALISED_WORDS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    crate::pattern::compile(r"\p{Lu}[\p{L}'\-]+(?: \p{Lu}[\p{L}'\-]+){0,2}")
});

/// The country the release is about: the one its cities are in most, each
/// mention counting, and each naming of a country ("Canada", "Canadian").
pub fn main_country(text: &str, found: &Mentions) -> Option<String> {
    let world = pledgegraph_importer::world::world();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (_, city) in found.of_kind(EntityType::City) {
        if let Some(c) = city.attributes.get("country") {
            *counts.entry(c.clone()).or_default() += city.mentions.len();
        }
    }
    for run in CAPITALISED_WORDS.find_iter(text) {
        let words = run.as_str();
        if words.len() <= 3 {
            continue;
        }
        if let Some(country) = world.country_named_folded(&fold(words)) {
            *counts.entry(country.iso2.to_owned()).or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(c, _)| c)
}
