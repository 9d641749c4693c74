//! Assembles a batch from table rows: one entity per distinct name, one
//! relation per distinct pair, each with every cell that names it.

use std::collections::HashMap;

use pledgegraph_importer::{Batch, Document, Entity, EntityType, Evidence, Relation};

use crate::header::fold;

pub fn cell(row: u64, column: &str) -> Evidence {
    Evidence::Cell {
        row,
        column: column.to_owned(),
    }
}

pub struct Builder {
    pub batch: Batch,
    entities: HashMap<String, usize>,
    relations: HashMap<(String, String, String), usize>,
}

impl Builder {
    pub fn new(document: Document) -> Builder {
        Builder {
            batch: Batch::new(document),
            entities: HashMap::new(),
            relations: HashMap::new(),
        }
    }

    /// A fresh builder for the next part of the same table.
    pub fn next_part(&self) -> Builder {
        Builder::new(self.batch.document.clone())
    }

    pub fn rows_done(&self) -> usize {
        self.batch.commitments.len() + self.batch.entities.len()
    }

    /// The id of the entity of `kind` named `name` (folded), declared on
    /// first sight; ids are the same in every part of a table.
    pub fn entity(&mut self, kind: EntityType, name: &str, evidence: Evidence) -> String {
        let id = format!("{}:{}", kind.as_str(), fold(name));
        match self.entities.get(&id) {
            Some(&at) => self.batch.entities[at].evidence.push(evidence),
            None => {
                self.entities.insert(id.clone(), self.batch.entities.len());
                self.batch.entities.push(Entity {
                    id: id.clone(),
                    kind,
                    name: name.trim().to_owned(),
                    aliases: Vec::new(),
                    attributes: Default::default(),
                    evidence: vec![evidence],
                });
            }
        }
        id
    }

    pub fn entity_mut(&mut self, id: &str) -> &mut Entity {
        let at = self.entities[id];
        &mut self.batch.entities[at]
    }

    pub fn relation(
        &mut self,
        kind: &str,
        from: &str,
        to: &str,
        evidence: Evidence,
    ) -> &mut Relation {
        let key = (kind.to_owned(), from.to_owned(), to.to_owned());
        let at = match self.relations.get(&key) {
            Some(&at) => {
                self.batch.relations[at].evidence.push(evidence);
                at
            }
            None => {
                self.relations.insert(key, self.batch.relations.len());
                self.batch.relations.push(Relation {
                    kind: kind.to_owned(),
                    from: from.to_owned(),
                    to: to.to_owned(),
                    attributes: Default::default(),
                    evidence: vec![evidence],
                });
                self.batch.relations.len() - 1
            }
        };
        &mut self.batch.relations[at]
    }
}
