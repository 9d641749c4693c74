//! The store and the write transaction, on SQLite and on PostgreSQL: schema
//! migration, idempotent imports, and refusals that leave nothing behind.

mod common;

use common::{Backend, TestDb};
use pledgegraph::store::{Migration, Store};
use serde_json::{json, Value};

fn totals(store: &Store) -> Value {
    use pledgegraph::store::filter::{CommitmentFilter, NodeFilter, Window};
    use pledgegraph::store::read;
    store
        .run_blocking(|conn| {
            let all = |_: i64| Window {
                offset: 0,
                limit: 0,
            };
            let nodes = read::nodes_page(conn, &NodeFilter::default(), all)?.total;
            let commitments =
                read::commitments_page(conn, &CommitmentFilter::default(), all)?.total;
            let documents = read::documents_page(conn, &Default::default(), all)?.total;
            Ok(json!({"nodes": nodes, "commitments": commitments, "documents": documents}))
        })
        .unwrap()
}

fn migration_is_idempotent_and_versioned(backend: Backend) {
    let db = TestDb::new(backend);
    let store = Store::connect(db.url()).unwrap();
    assert_eq!(
        store.run_blocking(pledgegraph::store::migrate).unwrap(),
        Migration::Created
    );
    assert_eq!(
        store.run_blocking(pledgegraph::store::migrate).unwrap(),
        Migration::UpToDate
    );
    assert_eq!(
        totals(&store),
        json!({"nodes": 0, "commitments": 0, "documents": 0})
    );
}

/// A database made by version 1 (no `documents.warnings`, no observation
/// period starts or series) is brought up to date, and keeps its documents
/// and observations, whose periods now order by their first day.
fn a_version_1_database_is_upgraded(backend: Backend) {
    use diesel::connection::SimpleConnection;
    let db = TestDb::new(backend);
    let store = Store::connect(db.url()).unwrap();
    store.run_blocking(pledgegraph::store::migrate).unwrap();
    store
        .run_blocking(|conn| {
            conn.batch_execute(
                "ALTER TABLE documents DROP COLUMN warnings;
                 DROP INDEX observations_series;
                 DROP INDEX observations_subject;
                 CREATE INDEX observations_subject ON observations (subject_id);
                 ALTER TABLE observations DROP COLUMN period_start;
                 ALTER TABLE observations DROP COLUMN series;
                 ALTER TABLE observations DROP COLUMN attributes;
                 CREATE INDEX observations_indicator ON observations (indicator_code, period);
                 INSERT INTO observations (indicator_code, geography, period, value, dimensions)
                     VALUES ('EMP', 'MA', '2021-Q3', 5.0, '{\"sex\":\"T\"}'), ('EMP', 'MA', '2020', 4.0, '{}');
                 DELETE FROM schema_version;
                 INSERT INTO schema_version (version, applied_at) VALUES (1, '2026-01-01T00:00:00Z');
                 INSERT INTO documents (kind, sha256, importer, imported_at)
                     VALUES ('table', 'abc', 'csv', '2026-01-01T00:00:00Z');",
            )?;
            Ok(())
        })
        .unwrap();
    assert_eq!(
        store.run_blocking(pledgegraph::store::migrate).unwrap(),
        Migration::Upgraded
    );
    assert_eq!(
        store.run_blocking(pledgegraph::store::migrate).unwrap(),
        Migration::UpToDate
    );
    let documents = store
        .run_blocking(|conn| {
            pledgegraph::store::read::documents_page(conn, &Default::default(), |_| {
                pledgegraph::store::filter::Window {
                    offset: 0,
                    limit: 10,
                }
            })
        })
        .unwrap();
    assert_eq!(documents.rows.len(), 1);
    assert_eq!(documents.rows[0].warnings, "[]");
    let observations = store
        .run_blocking(|conn| {
            pledgegraph::store::read::observations_page(conn, &Default::default(), |_| {
                pledgegraph::store::filter::Window {
                    offset: 0,
                    limit: 10,
                }
            })
        })
        .unwrap();
    let upgraded: Vec<(&str, &str, &str)> = observations
        .rows
        .iter()
        .map(|o| {
            (
                o.period.as_str(),
                o.period_start.as_str(),
                o.series.as_str(),
            )
        })
        .collect();
    assert_eq!(
        upgraded,
        [
            ("2020", "2020-01-01", "MA||{}"),
            ("2021-Q3", "2021-07-01", "MA||{\"sex\":\"T\"}")
        ]
    );
}

fn the_same_batch_twice_changes_nothing(backend: Backend) {
    let db = TestDb::new(backend);
    let store = Store::open(db.url()).unwrap();
    let (_, release) = pledgegraph::cli::demo::BATCHES[0];
    let first = pledgegraph::cli::load_bytes(&store, release.as_bytes()).unwrap();
    assert!(!first.already_imported);
    assert_eq!(first.facts, 11);
    let after_first = totals(&store);
    let second = pledgegraph::cli::load_bytes(&store, release.as_bytes()).unwrap();
    assert!(second.already_imported);
    assert_eq!(second.document_id, first.document_id);
    assert_eq!(totals(&store), after_first);
}

fn a_refused_batch_writes_nothing(backend: Backend) {
    let db = TestDb::new(backend);
    let store = Store::open(db.url()).unwrap();
    let mut batch: Value = serde_json::from_str(pledgegraph::cli::demo::BATCHES[0].1).unwrap();
    batch["commitments"][2]["cities"] = json!(["nowhere"]);
    let err =
        pledgegraph::cli::load_bytes(&store, &serde_json::to_vec(&batch).unwrap()).unwrap_err();
    assert_eq!(
        format!("{err:#}"),
        "invalid batch: commitments[2].cities[0]: \"nowhere\" is not an entity of this batch"
    );
    assert_eq!(
        totals(&store),
        json!({"nodes": 0, "commitments": 0, "documents": 0})
    );

    // A batch that is not batch-v1 is refused before anything is read.
    let mut batch: Value = serde_json::from_str(pledgegraph::cli::demo::BATCHES[0].1).unwrap();
    batch["commitments"][0]["jobs_qualifier"] = json!("roughly");
    let err =
        pledgegraph::cli::load_bytes(&store, &serde_json::to_vec(&batch).unwrap()).unwrap_err();
    assert!(
        format!("{err:#}").contains("not a pledgegraph batch"),
        "{err:#}"
    );
    assert_eq!(
        totals(&store),
        json!({"nodes": 0, "commitments": 0, "documents": 0})
    );
}

fn entities_resolve_by_folded_name_and_alias(backend: Backend) {
    let db = TestDb::new(backend);
    let store = Store::open(db.url()).unwrap();
    let registry = common::registry();
    pledgegraph::cli::demo::load_reference_graph(&store, &registry).unwrap();
    // 10 cities + 9 sectors + 10 (French release) + 4 (English release) new nodes.
    assert_eq!(
        totals(&store),
        json!({"nodes": 33, "commitments": 5, "documents": 5})
    );
    pledgegraph::cli::demo::import_table(&store, &registry, pledgegraph::cli::demo::PROJECTS)
        .unwrap();
    // Five operators and three groups, but Northgate Systems is known already;
    // the cities and sectors match, and of three ministries only Agriculture is new.
    assert_eq!(
        totals(&store),
        json!({"nodes": 33 + 5 + 2 + 1, "commitments": 10, "documents": 6})
    );
}

fn companies_of_different_countries_stay_apart(backend: Backend) {
    let db = TestDb::new(backend);
    let store = Store::open(db.url()).unwrap();
    let batch = |title: &str, country: Option<&str>| {
        let attributes = country.map_or(json!({}), |c| json!({"country": c}));
        serde_json::to_vec(&json!({"format": "pledgegraph.batch/1",
            "document": {"kind": "table", "title": title},
            "entities": [{"id": "a", "type": "company", "name": "Atlas SARL", "attributes": attributes}]}))
        .unwrap()
    };
    let created = |bytes: Vec<u8>| {
        pledgegraph::cli::load_bytes(&store, &bytes)
            .unwrap()
            .nodes_created
    };
    assert_eq!(created(batch("one", Some("MA"))), 1);
    assert_eq!(
        created(batch("two", Some("FR"))),
        1,
        "same name, another country: another company"
    );
    assert_eq!(created(batch("three", Some("ma"))), 0);
    assert_eq!(
        created(batch("four", None)),
        0,
        "no country: the first Atlas"
    );
}

/// A database made by version 4 (agreements and commitments as rows, no
/// reports or claims) is brought up to date: each fact becomes a report of
/// the document its evidence cites, so that a later report of the same
/// event joins it instead of counting again.
fn a_version_4_database_is_upgraded(backend: Backend) {
    use diesel::connection::SimpleConnection;
    let db = TestDb::new(backend);
    let store = Store::open(db.url()).unwrap();
    let (_, release) = pledgegraph::cli::demo::BATCHES[0];
    pledgegraph::cli::load_bytes(&store, release.as_bytes()).unwrap();
    let facts = |store: &Store| {
        store
            .run_blocking(|conn| {
                use pledgegraph::store::filter::{CommitmentFilter, Window};
                let all = |_: i64| Window {
                    offset: 0,
                    limit: 100,
                };
                let page = pledgegraph::store::read::commitments_page(
                    conn,
                    &CommitmentFilter::default(),
                    all,
                )?;
                Ok(page
                    .rows
                    .iter()
                    .map(|c| (c.operator_id, c.jobs, c.source_count, c.status.clone()))
                    .collect::<Vec<_>>())
            })
            .unwrap()
    };
    let made = facts(&store);
    assert!(!made.is_empty());
    store
        .run_blocking(|conn| {
            conn.batch_execute(
                "DROP TABLE claims; DROP TABLE reports; DROP TABLE contents; DROP TABLE settings;
                 DROP INDEX commitments_sources;
                 ALTER TABLE documents DROP COLUMN request;
                 ALTER TABLE agreements DROP COLUMN source_count;
                 ALTER TABLE commitments DROP COLUMN source_count;
                 ALTER TABLE commitments DROP COLUMN status;
                 ALTER TABLE commitments DROP COLUMN promised_jobs;
                 ALTER TABLE commitments DROP COLUMN promised_investment_amount;
                 ALTER TABLE commitments DROP COLUMN promised_investment_currency;
                 DELETE FROM schema_version;
                 INSERT INTO schema_version (version, applied_at) VALUES (4, '2026-06-01T00:00:00Z');",
            )?;
            Ok(())
        })
        .unwrap();
    assert_eq!(
        store.run_blocking(pledgegraph::store::migrate).unwrap(),
        Migration::Upgraded
    );
    assert_eq!(facts(&store), made);
    // The same release told by another outlet: one more source, no new pledge.
    let mut retold: Value = serde_json::from_str(release).unwrap();
    retold["document"]["title"] = json!("The same signing, told by another outlet");
    let retold = serde_json::to_vec(&retold).unwrap();
    let summary = pledgegraph::cli::load_bytes(&store, &retold).unwrap();
    assert!(summary.facts_matched > 0, "{summary:?}");
    let twice: Vec<_> = made
        .into_iter()
        .map(|(operator, jobs, _, status)| (operator, jobs, 2, status))
        .collect();
    assert_eq!(facts(&store), twice);
}

on_both_backends!(
    a_version_4_database_is_upgraded,
    companies_of_different_countries_stay_apart,
    migration_is_idempotent_and_versioned,
    a_version_1_database_is_upgraded,
    the_same_batch_twice_changes_nothing,
    a_refused_batch_writes_nothing,
    entities_resolve_by_folded_name_and_alias,
);
