//! A world gazetteer shared by every importer: cities and towns of 1,000
//! people or more (GeoNames, CC BY 4.0) and countries with their ISO codes,
//! names, demonyms and currencies (world-countries, ODbL 1.0). The data
//! files in `data/world/` are built by `data/world/refresh.py` from the
//! packages PyPI and npm serve; `data/world/LICENSE.md` credits them.
//!
//! Loaded once, on first use, into compact tables: names are indexed by the
//! hash of their folded form, and a hit is confirmed on the name itself.

use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeMap;
use std::hash::BuildHasher;
use std::sync::LazyLock;

use crate::{fold, Batch, EntityType};

pub struct City {
    pub geonameid: &'static str,
    pub name: &'static str,
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
    pub latitude: &'static str,
    pub longitude: &'static str,
    pub population: u64,
    spellings: &'static str,
}

impl City {
    /// The name, then its other Latin spellings; not the airport and
    /// station codes GeoNames lists among them ("ACC" for Accra), which
    /// releases use for companies and acronyms.
    pub fn spellings(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.name).chain(
            self.spellings
                .split('|')
                .filter(|s| !s.is_empty() && !is_code(s)),
        )
    }
}

/// Two to four capitals: a code, not a name.
fn is_code(spelling: &str) -> bool {
    (2..=4).contains(&spelling.len()) && spelling.bytes().all(|b| b.is_ascii_uppercase())
}

pub struct Country {
    pub iso2: &'static str,
    pub iso3: &'static str,
    /// ISO 4217 codes, the main one first when the data says which.
    pub currencies: Vec<&'static str>,
    pub name_en: &'static str,
    pub name_fr: &'static str,
    spellings: &'static str,
    demonyms_en: &'static str,
    demonyms_fr: &'static str,
}

impl Country {
    /// Every name of the country, in English, French and official forms.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        [self.name_en, self.name_fr]
            .into_iter()
            .chain(self.spellings.split('|'))
            .filter(|s| !s.is_empty())
    }

    /// "Moroccan", "marocain", "marocaine" ...
    pub fn demonyms(&self) -> impl Iterator<Item = &'static str> {
        self.demonyms_en
            .split('|')
            .chain(self.demonyms_fr.split('|'))
            .filter(|s| !s.is_empty())
    }
}

pub struct World {
    cities: Vec<City>,
    city_names: HashMap<u64, Vec<u32>>,
    countries: Vec<Country>,
    country_names: HashMap<String, usize>,
    demonyms: HashMap<String, usize>,
}

fn key(folded: &str) -> u64 {
    foldhash::fast::FixedState::default().hash_one(folded)
}

fn rows(data: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    data.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(|line| line.split('\t').collect())
}

static WORLD: LazyLock<World> = LazyLock::new(|| {
    World::new(
        include_str!("../data/world/cities.tsv"),
        include_str!("../data/world/countries.tsv"),
    )
});

/// The gazetteer, loaded on first use (about 170,000 places).
pub fn world() -> &'static World {
    &WORLD
}

impl World {
    fn new(cities_tsv: &'static str, countries_tsv: &'static str) -> World {
        let cities: Vec<City> = rows(cities_tsv)
            .filter(|f| f.len() >= 7)
            .map(|f| City {
                geonameid: f[0],
                name: f[1],
                country: f[2],
                latitude: f[3],
                longitude: f[4],
                population: f[5].parse().unwrap_or(0),
                spellings: f[6],
            })
            .collect();
        let mut city_names: HashMap<u64, Vec<u32>> = HashMap::with_capacity(cities.len() * 2);
        for (i, city) in cities.iter().enumerate() {
            let mut keys: Vec<u64> = city.spellings().map(|s| key(&fold(s))).collect();
            keys.dedup();
            for k in keys {
                let entries = city_names.entry(k).or_default();
                if entries.last() != Some(&(i as u32)) {
                    entries.push(i as u32);
                }
            }
        }
        let countries: Vec<Country> = rows(countries_tsv)
            .filter(|f| f.len() >= 8)
            .map(|f| Country {
                iso2: f[0],
                iso3: f[1],
                currencies: f[2].split('|').filter(|c| !c.is_empty()).collect(),
                name_en: f[3],
                name_fr: f[4],
                spellings: f[5],
                demonyms_en: f[6],
                demonyms_fr: f[7],
            })
            .collect();
        let mut country_names = HashMap::new();
        let mut demonyms = HashMap::new();
        for (i, country) in countries.iter().enumerate() {
            for name in country.names() {
                country_names.entry(fold(name)).or_insert(i);
            }
            for demonym in country.demonyms() {
                demonyms.entry(fold(demonym)).or_insert(i);
            }
        }
        World {
            cities,
            city_names,
            countries,
            country_names,
            demonyms,
        }
    }

    /// Places spelled `name`, the most populous first.
    pub fn cities_named(&self, name: &str) -> Vec<&City> {
        self.cities_named_folded(&fold(name))
    }

    /// [`World::cities_named`] for a name already [`fold`]ed.
    pub fn cities_named_folded(&self, folded: &str) -> Vec<&City> {
        let Some(found) = self.city_names.get(&key(folded)) else {
            return Vec::new();
        };
        found
            .iter()
            .map(|&i| &self.cities[i as usize])
            .filter(|city| city.spellings().any(|s| fold(s) == folded))
            .collect()
    }

    /// The place a text most likely means by `name`: the most populous of
    /// that name in `country` when one is given and has one, else the most
    /// populous anywhere.
    pub fn city(&self, name: &str, country: Option<&str>) -> Option<&City> {
        let found = self.cities_named(name);
        country
            .and_then(|c| {
                found
                    .iter()
                    .find(|city| city.country.eq_ignore_ascii_case(c))
            })
            .or(found.first())
            .copied()
    }

    /// A country by ISO code (alpha-2 or alpha-3) or by any of its names.
    pub fn country(&self, code_or_name: &str) -> Option<&Country> {
        let text = code_or_name.trim();
        if text.len() <= 3 && text.chars().all(|c| c.is_ascii_alphabetic()) {
            let upper = text.to_ascii_uppercase();
            if let Some(c) = self
                .countries
                .iter()
                .find(|c| c.iso2 == upper || c.iso3 == upper)
            {
                return Some(c);
            }
        }
        self.country_names
            .get(&fold(text))
            .map(|&i| &self.countries[i])
    }

    /// A country or nationality named by `folded` (already [`fold`]ed): one
    /// fold for both lookups, for callers that try many words.
    pub fn country_named_folded(&self, folded: &str) -> Option<&Country> {
        self.country_names
            .get(folded)
            .or_else(|| self.demonyms.get(folded))
            .map(|&i| &self.countries[i])
    }

    /// The country of a nationality word: "Moroccan", "marocaine".
    pub fn country_of_demonym(&self, word: &str) -> Option<&Country> {
        self.demonyms.get(&fold(word)).map(|&i| &self.countries[i])
    }

    pub fn countries(&self) -> &[Country] {
        &self.countries
    }
}

/// Gives every city of `batch` that has no coordinates those of the place
/// the gazetteer knows by its name (in its `country` attribute's country,
/// when it has one, else in the country most of the batch's cities are in),
/// with its country and GeoNames id.
pub fn place_cities(batch: &mut Batch) {
    let world = world();
    let mut countries: BTreeMap<String, usize> = BTreeMap::new();
    for entity in batch.entities.iter().filter(|e| e.kind == EntityType::City) {
        if let Some(c) = entity.attributes.get("country") {
            *countries.entry(c.to_ascii_uppercase()).or_default() += 1;
        }
    }
    let usual = countries
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(c, _)| c);
    for entity in batch
        .entities
        .iter_mut()
        .filter(|e| e.kind == EntityType::City)
    {
        if entity.attributes.contains_key("latitude") {
            continue;
        }
        let country = entity.attributes.get("country").cloned().or(usual.clone());
        let names = std::iter::once(&entity.name).chain(&entity.aliases);
        let Some(city) = names
            .filter_map(|n| world.city(n, country.as_deref()))
            .find(|c| {
                country
                    .as_deref()
                    .is_none_or(|k| c.country.eq_ignore_ascii_case(k))
            })
        else {
            continue;
        };
        let attributes = &mut entity.attributes;
        attributes.insert("latitude".into(), city.latitude.into());
        attributes.insert("longitude".into(), city.longitude.into());
        attributes
            .entry("country".into())
            .or_insert_with(|| city.country.into());
        attributes.insert("geonameid".into(), city.geonameid.into());
    }
}

#[cfg(test)]
mod tests {
    use super::world;

    #[test]
    fn finds_cities_by_any_usual_spelling_and_prefers_the_country_given() {
        let world = world();
        let tangier = world.city("Tanger", None).expect("Tanger");
        assert_eq!((tangier.name, tangier.country), ("Tangier", "MA"));
        assert_eq!(
            world.city("TANGIERS", None).map(|c| c.name),
            Some("Tangier")
        );
        assert_eq!(world.city("Fès", None).map(|c| c.country), Some("MA"));
        // The most populous London, unless the text is about Canada.
        assert_eq!(world.city("London", None).map(|c| c.country), Some("GB"));
        assert_eq!(
            world.city("London", Some("CA")).map(|c| c.country),
            Some("CA")
        );
        assert!(world.city("Nowhereville Upon Sea", None).is_none());
        // Airport codes are not spellings: "ACC" is a company, not Accra.
        assert!(world.city("ACC", None).is_none());
        assert_eq!(world.city("Accra", None).map(|c| c.country), Some("GH"));
    }

    #[test]
    fn countries_by_code_name_and_demonym_with_their_currency() {
        let world = world();
        assert_eq!(world.country("MAR").map(|c| c.iso2), Some("MA"));
        assert_eq!(world.country("Maroc").map(|c| c.iso2), Some("MA"));
        assert_eq!(
            world.country("cameroun").map(|c| c.currencies.clone()),
            Some(vec!["XAF"])
        );
        assert_eq!(
            world.country_of_demonym("Marocaine").map(|c| c.iso2),
            Some("MA")
        );
        assert_eq!(
            world.country_of_demonym("Canadian").map(|c| c.iso2),
            Some("CA")
        );
    }
}
