//! Cities and sectors, from the gazetteers.

use std::sync::LazyLock;

use pledgegraph_importer::{fold, EntityType};
use regex::Regex;

use super::names::re;

use super::Mentions;
use crate::gazetteer::{self, CITIES, SECTORS};

pub(super) fn places(text: &str, found: &mut Mentions) {
    for place in gazetteer::cities(text) {
        if found.taken(place.start, place.end) {
            continue;
        }
        let city = &CITIES[place.entry];
        let i = found.add(
            EntityType::City,
            city.name,
            fold(city.name),
            (place.start, place.end),
        );
        let spelled = &text[place.start..place.end];
        let thing = &mut found.things[i];
        if spelled != city.name && !thing.aliases.iter().any(|a| a == spelled) {
            thing.aliases.push(spelled.to_owned());
        }
        for spelling in &city.spellings[1..] {
            if !thing.aliases.iter().any(|a| a == spelling) {
                thing.aliases.push((*spelling).to_owned());
            }
        }
        thing
            .attributes
            .insert("country".into(), city.country.into());
        thing
            .attributes
            .insert("latitude".into(), city.latitude.into());
        thing
            .attributes
            .insert("longitude".into(), city.longitude.into());
    }
}

/// Towns the gazetteer does not know, where the phrasing says they are
/// places: "ses sites de Molsheim et Martillac", "à Chaponnay (Rhône)".
static TOWN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:sites?|usines?)\s+(?:de\s+|du\s+|d')(?P<a>\p{Lu}[\p{L}]+(?:-[\p{L}]+)*)(?:\s+et\s+(?:de\s+|d')?(?P<b>\p{Lu}[\p{L}]+(?:-[\p{L}]+)*))?|(?:\s|^)(?:à|in)\s+(?P<c>\p{Lu}[\p{L}]+(?:-[\p{L}]+)*)\s+\(\p{Lu}",
    )
});

/// The towns of [`TOWN`]: cities without coordinates.
pub(super) fn towns(text: &str, found: &mut Mentions) {
    for caps in TOWN.captures_iter(text) {
        for group in ["a", "b", "c"] {
            let Some(m) = caps.name(group) else { continue };
            let name = m.as_str();
            if found.taken(m.start(), m.end()) || !super::names::companylike(name) {
                continue;
            }
            found.add(EntityType::City, name, fold(name), (m.start(), m.end()));
        }
    }
}

pub(super) fn sectors(text: &str, found: &mut Mentions) {
    for place in gazetteer::sectors(text) {
        if found.taken(place.start, place.end) {
            continue;
        }
        let (sector, _) = &SECTORS[place.entry];
        let i = found.add(
            EntityType::Sector,
            sector.name_en,
            sector.code.to_owned(),
            (place.start, place.end),
        );
        let spelled = text[place.start..place.end].to_owned();
        let thing = &mut found.things[i];
        for alias in [sector.name_fr.to_owned(), spelled] {
            if alias != thing.name && !thing.aliases.iter().any(|a| fold(a) == fold(&alias)) {
                thing.aliases.push(alias);
            }
        }
        thing.attributes.insert("code".into(), sector.code.into());
        if let Some(isic) = sector.isic {
            thing.attributes.insert("isic".into(), isic.into());
        }
        if let Some(parent) = sector.parent {
            thing.attributes.insert("parent".into(), parent.into());
        }
    }
}
