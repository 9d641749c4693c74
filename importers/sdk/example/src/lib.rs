//! The minimal importer of the SDK guide. It reads `.pledges` files, one
//! pledge per line: `Operator | City | jobs`.

use pledgegraph_importer::{
    Batch, Commitment, Document, DocumentKind, Entity, EntityType, Evidence, ImportError, Importer,
    ImporterInfo, Input,
};

#[derive(Default)]
pub struct PledgeLines;

impl Importer for PledgeLines {
    fn info() -> ImporterInfo {
        ImporterInfo {
            name: "pledge-lines".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            description: "One pledge per line: Operator | City | jobs".into(),
            extensions: vec!["pledges".into()],
            media_types: vec![],
            options: vec![],
        }
    }

    fn import(&self, mut input: Input<'_>) -> Result<Batch, ImportError> {
        let bytes = input.bytes()?;
        let text =
            String::from_utf8(bytes).map_err(|_| ImportError::new("the file is not UTF-8"))?;
        let mut batch = Batch::new(Document {
            kind: DocumentKind::Table,
            title: input.request.file_name.clone(),
            url: input.request.url.clone(),
            published: input.request.published.clone(),
            language: input.request.language.clone(),
            publisher: None,
            text: None, // spans point into the raw input, which is text
        });
        let mut offset = 0;
        for (number, line) in text.split_inclusive('\n').enumerate() {
            let start = offset;
            offset += line.len();
            let line = line.trim_end();
            if line.is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('|').map(str::trim).collect();
            let [operator, city, jobs] = fields[..] else {
                return Err(ImportError::new(format!(
                    "line {}: expected Operator | City | jobs",
                    number + 1
                )));
            };
            let jobs: i64 = jobs.parse().map_err(|_| {
                ImportError::new(format!(
                    "line {}: {jobs:?} is not a number of jobs",
                    number + 1
                ))
            })?;
            // The whole line supports every fact read from it.
            let evidence = vec![Evidence::Span {
                start,
                end: start + line.len(),
            }];
            let operator_id = format!("o{number}");
            let city_id = format!("c{number}");
            for (id, kind, name) in [
                (&operator_id, EntityType::Company, operator),
                (&city_id, EntityType::City, city),
            ] {
                batch.entities.push(Entity {
                    id: id.clone(),
                    kind,
                    name: name.to_owned(),
                    aliases: vec![],
                    attributes: Default::default(),
                    evidence: evidence.clone(),
                });
            }
            batch.commitments.push(Commitment {
                operator: operator_id,
                agreement: None,
                jobs: Some(jobs),
                jobs_qualifier: None,
                existing_jobs: None,
                investment: None,
                cities: vec![city_id],
                sectors: vec![],
                horizon: None,
                evidence,
            });
        }
        Ok(batch)
    }
}

pledgegraph_importer::export_importer!(PledgeLines);
