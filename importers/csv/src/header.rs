//! Recognising columns from a header, in French and English.

pub use pledgegraph_importer::fold;

use crate::numbers::{parse_unit, Unit};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Operator,
    Parent,
    City,
    Sector,
    Jobs,
    ExistingJobs,
    Investment,
    Currency,
    Date,
    Ministry,
    Agreement,
    Horizon,
    // Entity tables.
    Name,
    Type,
    Country,
    Region,
    Latitude,
    Longitude,
    Code,
    Post,
    Aliases,
}

impl Role {
    pub fn parse(name: &str) -> Option<Role> {
        ROLES.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
    }

    pub fn names() -> impl Iterator<Item = &'static str> {
        ROLES.iter().map(|(n, _)| *n)
    }

    pub fn name(self) -> &'static str {
        ROLES
            .iter()
            .find(|(_, r)| *r == self)
            .map(|(n, _)| *n)
            .unwrap_or("?")
    }
}

const ROLES: [(&str, Role); 21] = [
    ("operator", Role::Operator),
    ("parent", Role::Parent),
    ("city", Role::City),
    ("sector", Role::Sector),
    ("jobs", Role::Jobs),
    ("existing_jobs", Role::ExistingJobs),
    ("investment", Role::Investment),
    ("currency", Role::Currency),
    ("date", Role::Date),
    ("ministry", Role::Ministry),
    ("agreement", Role::Agreement),
    ("horizon", Role::Horizon),
    ("name", Role::Name),
    ("type", Role::Type),
    ("country", Role::Country),
    ("region", Role::Region),
    ("latitude", Role::Latitude),
    ("longitude", Role::Longitude),
    ("code", Role::Code),
    ("post", Role::Post),
    ("aliases", Role::Aliases),
];

/// Header words for each role, folded. The longest that fits wins, so that
/// "société mère" is a parent before "société" is an operator.
const SYNONYMS: &[(&str, Role)] = &[
    ("entreprise", Role::Operator),
    ("societe", Role::Operator),
    ("raison sociale", Role::Operator),
    ("company", Role::Operator),
    ("investisseur", Role::Operator),
    ("investor", Role::Operator),
    ("operateur", Role::Operator),
    ("operator", Role::Operator),
    ("porteur du projet", Role::Operator),
    ("groupe", Role::Parent),
    ("group", Role::Parent),
    ("societe mere", Role::Parent),
    ("maison mere", Role::Parent),
    ("parent company", Role::Parent),
    ("parent", Role::Parent),
    ("actionnaire", Role::Parent),
    ("ville", Role::City),
    ("city", Role::City),
    ("localisation", Role::City),
    ("location", Role::City),
    ("commune", Role::City),
    ("secteur", Role::Sector),
    ("sector", Role::Sector),
    ("activite", Role::Sector),
    ("activity", Role::Sector),
    ("filiere", Role::Sector),
    ("industry", Role::Sector),
    ("emplois", Role::Jobs),
    ("emploi", Role::Jobs),
    ("postes", Role::Jobs),
    ("jobs", Role::Jobs),
    ("jobs created", Role::Jobs),
    ("new jobs", Role::Jobs),
    ("effectif actuel", Role::ExistingJobs),
    ("emplois existants", Role::ExistingJobs),
    ("emplois actuels", Role::ExistingJobs),
    ("jobs retained", Role::ExistingJobs),
    ("existing jobs", Role::ExistingJobs),
    ("current jobs", Role::ExistingJobs),
    ("montant", Role::Investment),
    ("investissement", Role::Investment),
    ("investment", Role::Investment),
    ("amount", Role::Investment),
    ("capex", Role::Investment),
    ("devise", Role::Currency),
    ("currency", Role::Currency),
    ("monnaie", Role::Currency),
    ("date", Role::Date),
    ("date de signature", Role::Date),
    ("signature date", Role::Date),
    ("ministere", Role::Ministry),
    ("ministry", Role::Ministry),
    ("convention", Role::Agreement),
    ("type de convention", Role::Agreement),
    ("agreement", Role::Agreement),
    ("accord", Role::Agreement),
    ("echeance", Role::Horizon),
    ("horizon", Role::Horizon),
    ("deadline", Role::Horizon),
    ("annee cible", Role::Horizon),
    ("target year", Role::Horizon),
    ("nom", Role::Name),
    ("name", Role::Name),
    ("type", Role::Type),
    ("pays", Role::Country),
    ("country", Role::Country),
    ("region", Role::Region),
    ("latitude", Role::Latitude),
    ("lat", Role::Latitude),
    ("longitude", Role::Longitude),
    ("lon", Role::Longitude),
    ("lng", Role::Longitude),
    ("code", Role::Code),
    ("poste", Role::Post),
    ("fonction", Role::Post),
    ("post", Role::Post),
    ("title", Role::Post),
    ("aliases", Role::Aliases),
    ("alias", Role::Aliases),
    ("autres noms", Role::Aliases),
];

/// A column as the header names it, what it holds, and the unit its header
/// states ("Montant (MDH)").
#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    pub role: Option<Role>,
    pub unit: Option<Unit>,
}

/// The unit in a header's parentheses or after its last space: "(MDH)", "en M€".
fn header_unit(header: &str) -> Option<Unit> {
    if let (Some(open), Some(close)) = (header.rfind('('), header.rfind(')')) {
        if open < close {
            return parse_unit(&header[open + 1..close]);
        }
    }
    let last = header.rsplit([' ', '_']).next()?;
    parse_unit(last).filter(|u| u.currency.is_some() || u.scale != 1.0)
}

/// What `header` holds: the longest synonym that is the whole header or a
/// run of its words.
pub fn recognise(header: &str) -> Column {
    let without_unit = match header.find('(') {
        Some(open) => &header[..open],
        None => header,
    };
    let folded = fold(without_unit);
    let padded = format!(" {folded} ");
    let role = SYNONYMS
        .iter()
        .filter(|(word, _)| padded.contains(&format!(" {word} ")))
        .max_by_key(|(word, _)| word.len())
        .map(|(_, role)| *role);
    Column {
        header: header.trim().to_owned(),
        role,
        unit: header_unit(header),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(header: &str) -> Option<Role> {
        recognise(header).role
    }

    #[test]
    fn french_and_english_headers() {
        assert_eq!(role("Entreprise"), Some(Role::Operator));
        assert_eq!(role("Société"), Some(Role::Operator));
        assert_eq!(role("Société mère"), Some(Role::Parent));
        assert_eq!(role("Parent company"), Some(Role::Parent));
        assert_eq!(role("Nombre d'emplois créés"), Some(Role::Jobs));
        assert_eq!(role("Effectif actuel"), Some(Role::ExistingJobs));
        assert_eq!(role("Jobs retained"), Some(Role::ExistingJobs));
        assert_eq!(role("Montant (MDH)"), Some(Role::Investment));
        assert_eq!(role("Échéance"), Some(Role::Horizon));
        assert_eq!(role("Ministère"), Some(Role::Ministry));
        assert_eq!(role("Colour"), None);
    }

    #[test]
    fn header_units() {
        assert_eq!(
            recognise("Montant (MDH)").unit,
            Some(Unit {
                scale: 1e6,
                currency: Some("MAD")
            })
        );
        assert_eq!(
            recognise("Investment (M€)").unit,
            Some(Unit {
                scale: 1e6,
                currency: Some("EUR")
            })
        );
        assert_eq!(
            recognise("Investment ($)").unit,
            Some(Unit {
                scale: 1.0,
                currency: Some("USD")
            })
        );
        assert_eq!(recognise("Montant").unit, None);
    }
}
