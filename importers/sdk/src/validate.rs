//! Checks a batch against the rules of batch-v1 before anything is written.

use std::collections::HashMap;

use crate::batch::*;

/// Why a batch was refused; `path` names the offending field, as in
/// `commitments[2].cities[0]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ValidationError {
    pub path: String,
    pub message: String,
}

fn fail<T>(path: impl Into<String>, message: impl Into<String>) -> Result<T, ValidationError> {
    Err(ValidationError {
        path: path.into(),
        message: message.into(),
    })
}

/// Validates `batch`; `input` is the raw input the importer read, used to
/// check text evidence when the document carries no `text` of its own.
/// Returns the warnings a reader must pass on (e.g. unknown relation types).
pub fn validate(batch: &Batch, input: Option<&[u8]>) -> Result<Vec<String>, ValidationError> {
    if batch.format != BATCH_FORMAT {
        return fail(
            "format",
            format!(
                "unknown batch format {:?}, expected {BATCH_FORMAT:?}",
                batch.format
            ),
        );
    }
    let text: Option<&[u8]> = batch.document.text.as_deref().map(str::as_bytes).or(input);
    let mut warnings = Vec::new();
    check_date("document.published", batch.document.published.as_deref())?;

    let mut entities: HashMap<&str, EntityType> = HashMap::new();
    for (i, entity) in batch.entities.iter().enumerate() {
        let path = format!("entities[{i}]");
        if entity.id.is_empty() {
            return fail(format!("{path}.id"), "empty id");
        }
        if entities.insert(&entity.id, entity.kind).is_some() {
            return fail(
                format!("{path}.id"),
                format!("duplicate entity id {:?}", entity.id),
            );
        }
        if entity.name.trim().is_empty() {
            return fail(
                format!("{path}.name"),
                format!("entity {:?} has an empty name", entity.id),
            );
        }
        check_evidence(&path, &entity.evidence, text)?;
    }
    let entity_of =
        |path: String, id: &str, allowed: &[EntityType]| -> Result<(), ValidationError> {
            match entities.get(id) {
                None => fail(path, format!("{id:?} is not an entity of this batch")),
                Some(kind) if !allowed.contains(kind) => fail(
                    path,
                    format!(
                        "{id:?} is a {}, expected {}",
                        kind.as_str(),
                        allowed
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                ),
                Some(_) => Ok(()),
            }
        };

    for (i, relation) in batch.relations.iter().enumerate() {
        let path = format!("relations[{i}]");
        let Some(kind) = RelationType::parse(&relation.kind) else {
            warnings.push(format!(
                "{path}: unknown relation type {:?} ignored",
                relation.kind
            ));
            continue;
        };
        let (from, to) = kind.endpoints();
        entity_of(format!("{path}.from"), &relation.from, from)?;
        entity_of(format!("{path}.to"), &relation.to, to)?;
        check_evidence(&path, &relation.evidence, text)?;
    }

    use EntityType::*;
    let mut agreements: HashMap<&str, ()> = HashMap::new();
    for (i, agreement) in batch.agreements.iter().enumerate() {
        let path = format!("agreements[{i}]");
        if agreements.insert(&agreement.id, ()).is_some() {
            return fail(
                format!("{path}.id"),
                format!("duplicate agreement id {:?}", agreement.id),
            );
        }
        if agreement.kind.trim().is_empty() {
            return fail(format!("{path}.kind"), "empty agreement kind");
        }
        check_date(&format!("{path}.date"), agreement.date.as_deref())?;
        for (j, party) in agreement.parties.iter().enumerate() {
            entity_of(
                format!("{path}.parties[{j}]"),
                party,
                &[Ministry, Agency, Organization, Company],
            )?;
        }
        for (j, person) in agreement.signatories.iter().enumerate() {
            entity_of(format!("{path}.signatories[{j}]"), person, &[Person])?;
        }
        for (j, city) in agreement.totals.cities.iter().enumerate() {
            entity_of(format!("{path}.totals.cities[{j}]"), city, &[City])?;
        }
        check_count(&format!("{path}.totals.jobs"), agreement.totals.jobs)?;
        check_count(&format!("{path}.count"), agreement.count)?;
        check_money(
            &format!("{path}.totals.investment"),
            agreement.totals.investment.as_ref(),
        )?;
        check_evidence(&path, &agreement.evidence, text)?;
    }

    for (i, commitment) in batch.commitments.iter().enumerate() {
        let path = format!("commitments[{i}]");
        entity_of(format!("{path}.operator"), &commitment.operator, &[Company])?;
        if let Some(agreement) = &commitment.agreement {
            if !agreements.contains_key(agreement.as_str()) {
                return fail(
                    format!("{path}.agreement"),
                    format!("{agreement:?} is not an agreement of this batch"),
                );
            }
        }
        for (j, city) in commitment.cities.iter().enumerate() {
            entity_of(format!("{path}.cities[{j}]"), city, &[City])?;
        }
        for (j, sector) in commitment.sectors.iter().enumerate() {
            entity_of(format!("{path}.sectors[{j}]"), sector, &[Sector])?;
        }
        check_count(&format!("{path}.jobs"), commitment.jobs)?;
        check_count(&format!("{path}.existing_jobs"), commitment.existing_jobs)?;
        check_money(
            &format!("{path}.investment"),
            commitment.investment.as_ref(),
        )?;
        check_evidence(&path, &commitment.evidence, text)?;
    }

    for (i, observation) in batch.observations.iter().enumerate() {
        let path = format!("observations[{i}]");
        if observation.indicator.code.trim().is_empty() {
            return fail(format!("{path}.indicator.code"), "empty indicator code");
        }
        if let Some(subject) = &observation.subject {
            entity_of(format!("{path}.subject"), subject, &EntityType::ALL)?;
        }
        if !crate::period::is_period(&observation.period) {
            return fail(
                format!("{path}.period"),
                format!(
                    "{:?} is not a period (YYYY, YYYY-Sn, YYYY-Qn, YYYY-MM, YYYY-Www or YYYY-MM-DD)",
                    observation.period
                ),
            );
        }
        if !observation.value.is_finite() {
            return fail(format!("{path}.value"), "value is not a finite number");
        }
        check_evidence(&path, &observation.evidence, text)?;
    }
    Ok(warnings)
}

fn check_evidence(
    path: &str,
    evidence: &[Evidence],
    text: Option<&[u8]>,
) -> Result<(), ValidationError> {
    for (i, item) in evidence.iter().enumerate() {
        if let Evidence::Span { start, end } = *item {
            let path = format!("{path}.evidence[{i}]");
            let Some(text) = text else {
                return fail(path, "a text span, but the batch has no document text");
            };
            if start >= end || end > text.len() {
                return fail(
                    path,
                    format!(
                        "span {start}..{end} is outside the document text ({} bytes)",
                        text.len()
                    ),
                );
            }
            let on_boundary = |at: usize| at == text.len() || (text[at] as i8) >= -0x40;
            if !on_boundary(start) || !on_boundary(end) {
                return fail(path, format!("span {start}..{end} cuts a UTF-8 character"));
            }
        }
    }
    Ok(())
}

fn check_count(path: &str, value: Option<i64>) -> Result<(), ValidationError> {
    match value {
        Some(v) if v < 0 => fail(path, format!("{v} is negative")),
        _ => Ok(()),
    }
}

fn check_money(path: &str, money: Option<&Money>) -> Result<(), ValidationError> {
    let Some(money) = money else { return Ok(()) };
    if !money.amount.is_finite() || money.amount < 0.0 {
        return fail(
            format!("{path}.amount"),
            format!("{} is not a non-negative amount", money.amount),
        );
    }
    let code = money.currency.as_bytes();
    if code.len() != 3 || !code.iter().all(u8::is_ascii_uppercase) {
        return fail(
            format!("{path}.currency"),
            format!("{:?} is not an ISO 4217 code", money.currency),
        );
    }
    Ok(())
}

fn check_date(path: &str, date: Option<&str>) -> Result<(), ValidationError> {
    match date {
        Some(d) if !is_date(d) => fail(path, format!("{d:?} is not YYYY, YYYY-MM or YYYY-MM-DD")),
        _ => Ok(()),
    }
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with a month 01–12 and a day 01–31.
pub(crate) fn is_date(s: &str) -> bool {
    let mut parts = s.split('-');
    let year_ok = parts.next().is_some_and(|y| digits(y, 4));
    let month_ok = parts
        .next()
        .is_none_or(|m| digits(m, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0)));
    let day_ok = parts
        .next()
        .is_none_or(|d| digits(d, 2) && (1..=31).contains(&d.parse::<u8>().unwrap_or(0)));
    year_ok && month_ok && day_ok && parts.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Batch {
        serde_json::from_str(
            r#"{"format": "pledgegraph.batch/1",
                "document": {"kind": "press_release", "text": "Acme will create 300 jobs in Fès."},
                "entities": [
                  {"id": "c1", "type": "company", "name": "Acme", "evidence": [{"start": 0, "end": 4}]},
                  {"id": "fes", "type": "city", "name": "Fès"}],
                "relations": [{"type": "located_in", "from": "c1", "to": "fes"},
                              {"type": "rival_of", "from": "c1", "to": "c1"}],
                "commitments": [{"operator": "c1", "jobs": 300, "cities": ["fes"],
                                 "evidence": [{"start": 0, "end": 34}]}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_sound_batch_passes_and_unknown_relations_warn() {
        let warnings = validate(&sample(), None).unwrap();
        assert_eq!(
            warnings,
            ["relations[1]: unknown relation type \"rival_of\" ignored"]
        );
    }

    #[test]
    fn refusals_name_the_field() {
        let mut batch = sample();
        batch.commitments[0].cities.push("c1".into());
        let err = validate(&batch, None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "commitments[0].cities[1]: \"c1\" is a company, expected city"
        );

        let mut batch = sample();
        batch.entities[1].id = "c1".into();
        assert_eq!(validate(&batch, None).unwrap_err().path, "entities[1].id");

        let mut batch = sample();
        batch.commitments[0].evidence = vec![Evidence::Span { start: 30, end: 36 }];
        let err = validate(&batch, None).unwrap_err();
        assert!(err.message.contains("outside the document text"), "{err}");

        let mut batch = sample();
        // "è" in "Fès" is two bytes: ending inside it is refused.
        batch.commitments[0].evidence = vec![Evidence::Span { start: 29, end: 31 }];
        assert!(validate(&batch, None)
            .unwrap_err()
            .message
            .contains("UTF-8"));

        let mut batch = sample();
        batch.format = "pledgegraph.batch/2".into();
        assert_eq!(validate(&batch, None).unwrap_err().path, "format");
    }

    #[test]
    fn dates_and_periods() {
        assert!(is_date("2022") && is_date("2022-04") && is_date("2022-04-30"));
        assert!(!is_date("2022-13") && !is_date("22-04") && !is_date("2022-04-30-1"));
    }
}
