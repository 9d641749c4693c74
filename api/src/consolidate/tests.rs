//! Assembling facts from reports: figures followed over time, conflicts.

use super::facts::{money_value, property as p, Conflict};
use super::*;

fn report(id: i64, event: i64, stage: Stage, date: &str, claims: &[(&str, &str)]) -> ReportView {
    ReportView {
        id,
        event: Some(event),
        stage,
        date: Some(date.to_owned()),
        source: Source {
            document: id,
            official: false,
            when: date.to_owned(),
        },
        claims: claims
            .iter()
            .map(|(p, v)| ((*p).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

#[test]
fn a_promise_scaled_down_later_keeps_both_figures() {
    let reports = [
        report(
            1,
            10,
            Stage::Announced,
            "2021-02",
            &[(p::JOBS, "13000"), (p::CITY, "5")],
        ),
        report(2, 11, Stage::Signed, "2023-06-01", &[(p::JOBS, "1454")]),
    ];
    let facts = assemble_commitment(&reports);
    assert_eq!(facts.jobs, Some(1454));
    assert_eq!(facts.promised_jobs, Some(13000));
    assert_eq!(facts.status, Some(Stage::Revised));
    assert_eq!(facts.agreement_id, Some(10));
    assert_eq!(facts.cities.into_iter().collect::<Vec<_>>(), [5]);
    assert_eq!(facts.source_count, 2);
    // Figures that differ between events are a timeline, not a conflict.
    assert!(conflicts(&reports).is_empty());
}

#[test]
fn an_opening_reports_the_jobs_hired_beside_the_promise() {
    let money = money_value(40e6, "EUR");
    let reports = [
        report(
            1,
            10,
            Stage::Signed,
            "2022-01-10",
            &[(p::JOBS, "800"), (p::INVESTMENT, &money)],
        ),
        report(2, 10, Stage::Signed, "2022-01-11", &[(p::JOBS, "800")]),
        report(3, 12, Stage::Opened, "2023-09-20", &[(p::JOBS, "450")]),
    ];
    let facts = assemble_commitment(&reports);
    assert_eq!((facts.jobs, facts.promised_jobs), (Some(450), Some(800)));
    // The opening says nothing of money: the signing's stands.
    assert_eq!(facts.investment, Some((40e6, "EUR".to_owned())));
    assert_eq!(facts.status, Some(Stage::Opened));
    assert_eq!(facts.source_count, 3);
}

#[test]
fn reports_of_one_event_that_disagree_are_a_conflict() {
    let reports = [
        report(1, 10, Stage::Signed, "2024-03-02", &[(p::JOBS, "200")]),
        report(2, 10, Stage::Signed, "2024-03-03", &[(p::JOBS, "2162")]),
        report(3, 10, Stage::Signed, "2024-03-03", &[(p::JOBS, "2162")]),
    ];
    let facts = assemble_commitment(&reports);
    assert_eq!(facts.jobs, Some(2162));
    assert_eq!(facts.status, Some(Stage::Signed));
    assert_eq!(
        conflicts(&reports),
        [Conflict {
            property: p::JOBS.to_owned(),
            event: Some(10),
            values: vec![("2162".to_owned(), vec![2, 3]), ("200".to_owned(), vec![1])],
        }]
    );
}

#[test]
fn an_agreement_gathers_every_reports_members() {
    let reports = [
        report(
            1,
            10,
            Stage::Signed,
            "2022-04",
            &[
                (p::KIND, "memorandum_of_understanding"),
                (p::PARTY, "7"),
                (p::DATE, "2022-04"),
            ],
        ),
        report(
            2,
            10,
            Stage::Signed,
            "2022-04",
            &[
                (p::KIND, "memorandum_of_understanding"),
                (p::PARTY, "8"),
                (p::DATE, "2022-04-13"),
            ],
        ),
    ];
    let facts = assemble_agreement(&reports);
    assert_eq!(facts.date.as_deref(), Some("2022-04-13"));
    assert_eq!(facts.members.len(), 2);
    assert_eq!(facts.source_count, 2);
    // Compatible dates are one date told more or less precisely.
    assert!(conflicts(&reports).is_empty());
}
