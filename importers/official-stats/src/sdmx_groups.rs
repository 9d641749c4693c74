//! The groups of an SDMX-ML data set, indexed by their partial keys so that
//! each series finds the groups it belongs to in time independent of how
//! many groups there are.

use std::collections::{HashMap, HashSet};

use pledgegraph_importer::ImportError;

use crate::emit::Coded;

/// Data structures define a handful of group types; a file with more kinds
/// of partial key than this is not one a structure describes.
const MAX_SHAPES: usize = 64;

#[derive(Default)]
pub struct GroupIndex {
    /// The dimension ids of each kind of partial key, sorted.
    shapes: Vec<Vec<String>>,
    /// (shape, codes in the shape's order) to the attributes of the groups
    /// with that key.
    by_key: HashMap<(usize, Vec<String>), usize>,
    /// The attributes of each distinct key, in the order keys first appear;
    /// of groups sharing a key, the first to give an attribute wins, as it
    /// would over them when a series inherits.
    attributes: Vec<Vec<Coded>>,
    /// The attribute ids each of them holds.
    attribute_ids: Vec<HashSet<String>>,
}

impl GroupIndex {
    pub fn add(&mut self, dimensions: &[Coded], attributes: Vec<Coded>) -> Result<(), ImportError> {
        let mut key: Vec<(&str, &str)> = dimensions
            .iter()
            .map(|d| (d.id.as_str(), d.code.as_str()))
            .collect();
        key.sort_unstable();
        let ids: Vec<String> = key.iter().map(|(id, _)| id.to_string()).collect();
        let shape = match self.shapes.iter().position(|s| *s == ids) {
            Some(shape) => shape,
            None if self.shapes.len() < MAX_SHAPES => {
                self.shapes.push(ids);
                self.shapes.len() - 1
            }
            None => {
                return Err(ImportError::new(format!(
                    "groups with more than {MAX_SHAPES} different sets of dimensions: not a data set a structure describes"
                )))
            }
        };
        let codes = key.iter().map(|(_, code)| code.to_string()).collect();
        let next = self.attributes.len();
        let at = *self.by_key.entry((shape, codes)).or_insert(next);
        if at == next {
            self.attributes.push(Vec::new());
            self.attribute_ids.push(HashSet::new());
        }
        for attribute in attributes {
            if self.attribute_ids[at].insert(attribute.id.clone()) {
                self.attributes[at].push(attribute);
            }
        }
        Ok(())
    }

    /// The attributes of the groups whose partial key `series` shares, in
    /// file order.
    pub fn matching(&self, series: &[Coded]) -> Vec<&[Coded]> {
        let mut found: Vec<usize> = Vec::new();
        for (shape, ids) in self.shapes.iter().enumerate() {
            let codes: Option<Vec<String>> = ids
                .iter()
                .map(|id| series.iter().find(|d| d.id == *id).map(|d| d.code.clone()))
                .collect();
            if let Some(&group) = codes.and_then(|c| self.by_key.get(&(shape, c))) {
                found.push(group);
            }
        }
        found.sort_unstable();
        found
            .iter()
            .map(|&g| self.attributes[g].as_slice())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(pairs: &[(&str, &str)]) -> Vec<Coded> {
        pairs
            .iter()
            .map(|(id, code)| Coded::new(*id, *code, None))
            .collect()
    }

    #[test]
    fn a_series_finds_the_groups_whose_partial_key_it_shares() {
        let mut groups = GroupIndex::default();
        groups
            .add(&key(&[("REF_AREA", "MA")]), key(&[("TITLE", "Morocco")]))
            .unwrap();
        groups
            .add(
                &key(&[("INDICATOR", "JOBS"), ("REF_AREA", "MA")]),
                key(&[("UNIT_MULT", "3")]),
            )
            .unwrap();
        groups
            .add(&key(&[("REF_AREA", "TN")]), key(&[("TITLE", "Tunisia")]))
            .unwrap();
        let series = key(&[("FREQ", "A"), ("REF_AREA", "MA"), ("INDICATOR", "JOBS")]);
        let found = groups.matching(&series);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0][0].code, "Morocco");
        assert_eq!(found[1][0].code, "3");
        assert!(groups.matching(&key(&[("REF_AREA", "DZ")])).is_empty());
    }

    #[test]
    fn groups_of_one_key_merge_and_the_first_wins() {
        let mut groups = GroupIndex::default();
        for multiplier in ["3", "6", "9"] {
            groups
                .add(
                    &key(&[("REF_AREA", "MA")]),
                    key(&[("UNIT_MULT", multiplier)]),
                )
                .unwrap();
        }
        groups
            .add(&key(&[("REF_AREA", "MA")]), key(&[("TITLE", "Morocco")]))
            .unwrap();
        let found = groups.matching(&key(&[("REF_AREA", "MA")]));
        assert_eq!(found.len(), 1);
        let attributes: Vec<(&str, &str)> = found[0]
            .iter()
            .map(|a| (a.id.as_str(), a.code.as_str()))
            .collect();
        assert_eq!(attributes, [("UNIT_MULT", "3"), ("TITLE", "Morocco")]);
    }

    #[test]
    fn too_many_kinds_of_partial_key_are_refused() {
        let mut groups = GroupIndex::default();
        for i in 0..MAX_SHAPES {
            let id = format!("D{i}");
            groups.add(&key(&[(&id, "x")]), Vec::new()).unwrap();
        }
        assert!(groups.add(&key(&[("OTHER", "x")]), Vec::new()).is_err());
    }
}
