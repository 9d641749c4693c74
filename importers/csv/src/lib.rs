//! The CSV importer: tables of projects (one commitment per row) and
//! entity tables (cities, companies, sectors, people), as real files come:
//! any delimiter, UTF-8 or Windows-1252, any line ending, numbers and money
//! written every which way. Long files are read as a stream and emitted in
//! parts, so memory stays flat.

mod builder;
mod decode;
mod entities;
mod header;
mod mapping;
mod numbers;
mod projects;
mod values;

use pledgegraph_importer::{
    Batch, Document, DocumentKind, ImportError, ImportRequest, Importer, ImporterInfo, Input,
    OptionInfo, Sink,
};

use builder::Builder;
use entities::{entity_type, Entities};
use header::{recognise, Column};
use projects::Projects;

/// Rows per emitted batch: small enough that memory stays flat, large
/// enough that the per-batch work is amortised.
const ROWS_PER_BATCH: usize = 5_000;

#[derive(Default)]
pub struct CsvImporter;

/// What a table holds.
enum Table {
    Projects(Projects),
    Entities(Entities),
}

fn option_flag(input: &Input<'_>, name: &str) -> Result<bool, ImportError> {
    match input.option(name).map(str::trim) {
        None | Some("false") | Some("no") | Some("0") => Ok(false),
        Some("true") | Some("yes") | Some("1") | Some("") => Ok(true),
        Some(other) => Err(ImportError::new(format!(
            "--option {name}={other}: expected true or false"
        ))),
    }
}

fn choose_table(columns: &[Column], request: &ImportRequest) -> Result<Table, ImportError> {
    let currency = || request.options.get("currency").cloned();
    let forced = match request.options.get("table").map(String::as_str) {
        None => None,
        Some("projects") => return Ok(Table::Projects(Projects::new(columns, currency())?)),
        Some(name) => Some(entity_type(name).ok_or_else(|| {
            ImportError::new(format!(
                "--option table={name}: expected projects, cities, companies, sectors or people"
            ))
        })?),
    };
    if let Some(entities) = Entities::fit(columns, forced) {
        return Ok(Table::Entities(entities));
    }
    let has = |role| columns.iter().any(|c| c.role == Some(role));
    use header::Role::*;
    if has(Operator) && (has(Jobs) || has(Investment) || has(City) || has(Sector)) {
        return Ok(Table::Projects(Projects::new(columns, currency())?));
    }
    let headers: Vec<String> = columns.iter().map(|c| format!("{:?}", c.header)).collect();
    Err(ImportError::new(format!(
        "the header ({}) is neither a table of projects (it needs an operator column and jobs, investment, city or sector) \
         nor a table of cities, companies, sectors or people; say which with --option table=...",
        headers.join(", ")
    )))
}

impl Importer for CsvImporter {
    fn info() -> ImporterInfo {
        let option = OptionInfo::new;
        ImporterInfo {
            name: "csv".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            description: "Tables of projects (one commitment per row) and of cities, companies, sectors or people, in French or English".to_owned(),
            extensions: vec!["csv".to_owned(), "tsv".to_owned()],
            media_types: vec!["text/csv".to_owned(), "text/tab-separated-values".to_owned()],
            options: vec![
                option("table", "projects, cities, companies, sectors or people, when the header does not say"),
                option("currency", "ISO 4217 currency of amounts whose header, cell and row name none"),
                option("delimiter", "the field delimiter, when guessing from the header fails (, ; tab |)"),
                option("encoding", "the text encoding (utf-8, windows-1252 ...), when guessing fails"),
                option("skip_bad_rows", "true: import the good rows and report each bad one, instead of refusing the file"),
                option("mapping", "a TOML file giving the roles (and units) of columns the header does not name plainly"),
            ],
        }
    }

    fn sniff(head: &[u8]) -> bool {
        let Ok(encoding) = decode::guess_encoding(head) else {
            return false;
        };
        let text = encoding.decode(head).0;
        let delimiter = decode::guess_delimiter(&text) as char;
        let first = text
            .trim_start_matches('\u{feff}')
            .lines()
            .next()
            .unwrap_or_default();
        let recognised = first
            .split(delimiter)
            .filter(|h| recognise(h).role.is_some())
            .count();
        recognised >= 2
    }

    fn import(&self, input: Input<'_>) -> Result<Batch, ImportError> {
        self.import_joined(input)?
            .ok_or_else(|| ImportError::new("the table has no rows"))
    }

    fn import_into(&self, mut input: Input<'_>, sink: &mut dyn Sink) -> Result<(), ImportError> {
        let skip_bad_rows = option_flag(&input, "skip_bad_rows")?;
        let encoding = input
            .option("encoding")
            .map(decode::encoding_named)
            .transpose()?;
        let delimiter = match input.option("delimiter") {
            None => None,
            Some("tab") | Some("\\t") | Some("\t") => Some(b'\t'),
            Some(d) if d.len() == 1 => Some(d.as_bytes()[0]),
            Some(d) => {
                return Err(ImportError::new(format!(
                    "--option delimiter={d}: expected one character or tab"
                )))
            }
        };
        let request = input.request.clone();
        let mut opened = decode::open(input.reader(), encoding, delimiter)?;
        let header = opened
            .reader
            .headers()
            .map_err(|e| ImportError::new(format!("the header: {}", decode::record_error(e))))?
            .clone();
        if header.iter().all(|h| h.trim().is_empty()) {
            return Err(ImportError::new("the file is empty: no header"));
        }
        if header.len() > MAX_COLUMNS {
            return Err(ImportError::new(format!(
                "the header has {} columns; tables have at most {MAX_COLUMNS}",
                header.len()
            )));
        }
        let mut columns: Vec<Column> = header.iter().map(recognise).collect();
        let mut request = request;
        if let Some(mapping) = mapping::Mapping::from_request(&request)? {
            mapping.apply(&mut columns)?;
            // The command line wins over the mapping file.
            for (key, value) in [("table", mapping.table), ("currency", mapping.currency)] {
                if let Some(value) = value {
                    request.options.entry(key.to_owned()).or_insert(value);
                }
            }
        }
        let mut table = choose_table(&columns, &request)?;

        let document = Document {
            kind: DocumentKind::Table,
            title: request.file_name.clone(),
            url: request.url.clone(),
            published: request.published.clone(),
            language: request.language.clone(),
            publisher: None,
            text: None,
        };
        let mut out = Builder::new(document);
        let unknown: Vec<&str> = columns
            .iter()
            .filter(|c| c.role.is_none())
            .map(|c| c.header.as_str())
            .collect();
        // Entity tables keep such columns as attributes; projects tables cannot.
        if !unknown.is_empty() && matches!(table, Table::Projects(_)) {
            out.batch
                .warnings
                .push(format!("columns not read: {}", unknown.join(", ")));
        }
        let mut records = opened.reader.records().enumerate().peekable();
        let mut emitted = false;
        while let Some((index, record)) = records.next() {
            let row = index as u64 + 1;
            let outcome = record
                .map_err(|e| ImportError::new(format!("row {row}: {}", decode::record_error(e))))
                .and_then(|record| check_record(row, record, header.len(), opened.encoding))
                .and_then(|record| match &mut table {
                    Table::Projects(projects) => {
                        if record.iter().all(|c| c.trim().is_empty()) {
                            Ok(())
                        } else if records.peek().is_none() && projects.is_total(&record) {
                            out.batch
                                .warnings
                                .push(format!("row {row}: a total row, not imported"));
                            Ok(())
                        } else {
                            projects.add_row(row, &record, &mut out)
                        }
                    }
                    Table::Entities(entities) => entities.add_row(row, &record, &mut out),
                });
            if let Err(e) = outcome {
                if !skip_bad_rows {
                    return Err(e);
                }
                out.batch.warnings.push(format!("skipped: {e}"));
            }
            if matches!(table, Table::Projects(_)) && out.rows_done() >= ROWS_PER_BATCH {
                let next = out.next_part();
                emit(sink, std::mem::replace(&mut out, next).batch)?;
                emitted = true;
            }
        }
        if !emitted || !out.batch.entities.is_empty() || !out.batch.warnings.is_empty() {
            emit(sink, out.batch)?;
        }
        Ok(())
    }
}

/// Sends a part on, its cities placed on the map by the shared gazetteer.
fn emit(sink: &mut dyn Sink, mut batch: Batch) -> Result<(), ImportError> {
    pledgegraph_importer::world::place_cities(&mut batch);
    sink.emit(batch)
}

/// The most a cell may hold: a name, an address or a note, not a document.
const MAX_CELL_BYTES: usize = 64 * 1024;
/// The most columns a header may have.
const MAX_COLUMNS: usize = 1000;

/// A row as long as the header, of cells of bounded size that decoded cleanly.
fn check_record(
    row: u64,
    record: csv::StringRecord,
    columns: usize,
    encoding: &'static encoding_rs::Encoding,
) -> Result<csv::StringRecord, ImportError> {
    let blank = record.len() == 1 && record[0].trim().is_empty();
    if record.len() != columns && !blank {
        return Err(ImportError::new(format!(
            "row {row} has {} cells, the header has {columns}",
            record.len()
        )));
    }
    if let Some(column) = record.iter().position(|c| c.len() > MAX_CELL_BYTES) {
        return Err(ImportError::new(format!(
            "row {row}, column {}: a cell of {} bytes; cells are at most {} KiB",
            column + 1,
            record[column].len(),
            MAX_CELL_BYTES / 1024
        )));
    }
    if let Some(cell) = record.iter().find(|c| c.contains('\u{fffd}')) {
        let excerpt: String = cell.chars().take(40).collect();
        return Err(ImportError::new(format!(
            "row {row}: {excerpt:?} holds bytes that are not {}; say the encoding with --option encoding=windows-1252",
            encoding.name()
        )));
    }
    Ok(record)
}

pledgegraph_importer::export_importer!(CsvImporter);

#[cfg(test)]
mod tests {
    use super::*;
    use pledgegraph_importer::{validate, Evidence, ImportRequest, Qualifier};

    fn run(bytes: &[u8], options: &[(&str, &str)]) -> Result<Vec<Batch>, ImportError> {
        run_allowing(bytes, options, &[])
    }

    /// `run`, with file options allowed from `option_dirs`.
    fn run_allowing(
        bytes: &[u8],
        options: &[(&str, &str)],
        option_dirs: &[&std::path::Path],
    ) -> Result<Vec<Batch>, ImportError> {
        let request = ImportRequest {
            file_name: Some("table.csv".into()),
            options: options
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            option_dirs: option_dirs
                .iter()
                .map(|d| d.to_string_lossy().into_owned())
                .collect(),
            ..Default::default()
        };
        let mut parts = Vec::new();
        CsvImporter.import_into(Input::new(request, bytes), &mut |b| {
            parts.push(b);
            Ok(())
        })?;
        for part in &parts {
            validate(part, None).expect("every part is a valid batch");
        }
        Ok(parts)
    }

    fn one(bytes: &[u8]) -> Batch {
        let mut parts = run(bytes, &[]).unwrap();
        assert_eq!(parts.len(), 1);
        parts.remove(0)
    }

    #[test]
    fn a_french_projects_table_in_windows_1252() {
        let csv = b"Entreprise;Groupe;Ville;Secteur;Emplois;Effectif actuel;Montant (MDH);Ech\xe9ance\r\n\
Atlas Wiring;Solenne;F\xe8s;C\xe2blage;1 750;800;65;2026\r\n\
Nordline;;Oujda;BPO;plus de 600;;1,7 Mds DH;31/12/2027\r\n\
TOTAL;;;;2 350;;;\r\n";
        let batch = one(csv);
        assert_eq!(
            batch.commitments.len(),
            2,
            "the total row is not a commitment"
        );
        let first = &batch.commitments[0];
        assert_eq!(first.jobs, Some(1750));
        assert_eq!(first.existing_jobs, Some(800));
        assert_eq!(
            first
                .investment
                .as_ref()
                .map(|m| (m.amount, m.currency.as_str())),
            Some((65e6, "MAD"))
        );
        assert_eq!(first.horizon.as_deref(), Some("2026"));
        assert_eq!(
            first.evidence,
            [Evidence::Cell {
                row: 1,
                column: "Emplois".into()
            }]
        );
        let second = &batch.commitments[1];
        assert_eq!(second.jobs_qualifier, Some(Qualifier::AtLeast));
        assert_eq!(second.investment.as_ref().map(|m| m.amount), Some(1.7e9));
        assert_eq!(second.horizon.as_deref(), Some("2027-12-31"));
        let city = batch.entities.iter().find(|e| e.id == "city:fes").unwrap();
        assert_eq!(city.name, "Fès");
        assert_eq!(batch.relations[0].kind, "subsidiary_of");
        assert!(
            batch
                .warnings
                .iter()
                .any(|w| w.contains("row 3: a total row")),
            "{:?}",
            batch.warnings
        );
    }

    #[test]
    fn english_headers_commas_and_a_currency_column() {
        let csv = "company,parent company,city,jobs created,jobs retained,investment,currency,date,ministry,agreement\n\
\"Cnexia, Inc\",Bell Canada,Fez,\"1,750\",,\"11,675,501\",usd,2022-04,Ministry of Industry,MoU\n\
Acme,,Tangier,~300,120,2.5M,EUR,2022-04,Ministry of Industry,MoU\n";
        let batch = one(csv.as_bytes());
        assert_eq!(batch.commitments[0].jobs, Some(1750));
        assert_eq!(
            batch.commitments[0]
                .investment
                .as_ref()
                .map(|m| (m.amount, m.currency.as_str())),
            Some((11_675_501.0, "USD"))
        );
        assert_eq!(
            batch.commitments[1]
                .investment
                .as_ref()
                .map(|m| (m.amount, m.currency.as_str())),
            Some((2_500_000.0, "EUR"))
        );
        assert_eq!(batch.commitments[1].jobs_qualifier, Some(Qualifier::About));
        assert_eq!(
            batch.agreements.len(),
            1,
            "rows with the same kind, date and ministry share an agreement"
        );
        let agreement = &batch.agreements[0];
        assert_eq!(agreement.kind, "memorandum_of_understanding");
        assert_eq!(
            agreement.parties.len(),
            3,
            "the ministry and both operators"
        );
    }

    #[test]
    fn bad_cells_are_named_and_can_be_skipped() {
        let csv = b"entreprise,emplois\nA,12\nB,douze\nC,7\n";
        let err = run(csv, &[]).unwrap_err();
        assert_eq!(
            err.message,
            "row 2, column \"emplois\": \"douze\" is not a number of jobs"
        );
        let batch = run(csv, &[("skip_bad_rows", "true")]).unwrap().remove(0);
        assert_eq!(batch.commitments.len(), 2);
        assert!(batch
            .warnings
            .iter()
            .any(|w| w.starts_with("skipped: row 2")));

        let ragged = b"entreprise,emplois\nA,12,extra\n";
        assert_eq!(
            run(ragged, &[]).unwrap_err().message,
            "row 1 has 3 cells, the header has 2"
        );
        let no_currency = b"entreprise,montant\nA,12\n";
        assert!(run(no_currency, &[])
            .unwrap_err()
            .message
            .contains("names no currency"));
        assert_eq!(
            run(no_currency, &[("currency", "MAD")]).unwrap()[0].commitments[0]
                .investment
                .as_ref()
                .unwrap()
                .currency,
            "MAD"
        );
        let unknown = b"colour,shape\nred,round\n";
        assert!(run(unknown, &[])
            .unwrap_err()
            .message
            .contains("neither a table of projects"));
        let not_utf8 = "entreprise,emplois\nFès,12\n".replace('è', "\u{fffd}");
        assert!(run(not_utf8.as_bytes(), &[])
            .unwrap_err()
            .message
            .contains("not UTF-8"));
    }

    #[test]
    fn oversized_cells_and_headers_are_refused() {
        let mut big = b"entreprise;emplois\nAcme;".to_vec();
        big.resize(big.len() + MAX_CELL_BYTES + 1, b'9');
        big.push(b'\n');
        let message = run(&big, &[]).unwrap_err().message;
        assert!(
            message.starts_with("row 1, column 2: a cell of 65537 bytes"),
            "{message}"
        );
        let wide = format!("{}\n", vec!["c"; MAX_COLUMNS + 1].join(","));
        let message = run(wide.as_bytes(), &[]).unwrap_err().message;
        assert!(message.contains("1001 columns"), "{message}");
    }

    #[test]
    fn a_mapping_file_covers_any_layout() {
        let dir = std::env::temp_dir().join(format!("pledgegraph-mapping-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mapping = dir.join("mapping.toml");
        std::fs::write(
            &mapping,
            "currency = \"USD\"\n[columns]\n\"Porteur\" = \"operator\"\n\"Effectifs\" = \"jobs\"\n\"Budget\" = \"investment\"\n[units]\n\"Budget\" = \"k\"\n",
        )
        .unwrap();
        let csv = b"Porteur;Effectifs;Budget\nAcme;40;250\n";
        assert!(run(csv, &[])
            .unwrap_err()
            .message
            .contains("neither a table of projects"));
        let path = mapping.to_string_lossy().into_owned();
        let batch = run_allowing(csv, &[("mapping", &path)], &[&dir])
            .unwrap()
            .remove(0);
        let commitment = &batch.commitments[0];
        assert_eq!(commitment.jobs, Some(40));
        assert_eq!(
            commitment
                .investment
                .as_ref()
                .map(|m| (m.amount, m.currency.as_str())),
            Some((250_000.0, "USD"))
        );

        std::fs::write(&mapping, "[columns]\n\"Porteur\" = \"boss\"\n").unwrap();
        assert!(run_allowing(csv, &[("mapping", &path)], &[&dir])
            .unwrap_err()
            .message
            .contains("\"boss\" (for column \"Porteur\") is not a role"));
        std::fs::write(&mapping, "[columns]\n\"Chef\" = \"operator\"\n").unwrap();
        assert!(run_allowing(csv, &[("mapping", &path)], &[&dir])
            .unwrap_err()
            .message
            .contains("the file has no column \"Chef\""));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_mapping_file_is_read_only_from_allowed_directories_and_never_quoted() {
        let allowed = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let secret = outside.path().join("secret.toml");
        std::fs::write(&secret, "token = \"s3cr3t-value\"\n").unwrap();
        let csv = b"Porteur;Effectifs\nAcme;40\n";
        let secret_path = secret.to_string_lossy().into_owned();
        for (path, why) in [
            (secret_path.as_str(), "not inside an allowed directory"),
            ("/dev/zero", "not inside an allowed directory"),
        ] {
            let message = run_allowing(csv, &[("mapping", path)], &[allowed.path()])
                .unwrap_err()
                .message;
            assert!(message.contains(why), "{message}");
            assert!(!message.contains("s3cr3t"), "{message}");
        }
        // Inside an allowed directory, a file that is not a mapping is
        // refused with its line, and its contents stay unquoted.
        let message = run_allowing(csv, &[("mapping", &secret_path)], &[outside.path()])
            .unwrap_err()
            .message;
        assert!(message.starts_with("option mapping: line 1:"), "{message}");
        assert!(!message.contains("s3cr3t"), "{message}");
        // No directory allowed: file options are off.
        let message = run(csv, &[("mapping", &secret_path)]).unwrap_err().message;
        assert!(message.contains("file options are disabled"), "{message}");
    }

    #[test]
    fn entity_tables() {
        let cities = one(
            "ville|région|latitude|longitude|aliases\nFès|Fès-Meknès|34,0331|-5,0003|Fez;Fes\n"
                .as_bytes(),
        );
        let fes = &cities.entities[0];
        assert_eq!((fes.kind.as_str(), fes.name.as_str()), ("city", "Fès"));
        assert_eq!(fes.attributes["latitude"], "34.0331");
        assert_eq!(fes.aliases, ["Fez", "Fes"]);

        let sectors = one(
            b"code\tname\tparent\tisic\nAUTO\tAutomotive\t\tC29\nAUTO-WIR\tWiring\tAUTO\tC2930\n",
        );
        assert_eq!(
            sectors.entities[0].attributes["isic"], "C29",
            "other columns are attributes"
        );
        assert_eq!(sectors.relations[0].kind, "part_of");
        assert_eq!(
            sectors.relations[0].to, "sector:automotive",
            "a parent code names the sector of that code"
        );

        let mixed = one(b"type,name,parent,country\ncompany,Cnexia,Bell Canada,CA\ncity,Rabat,,\n");
        assert_eq!(mixed.entities.len(), 3);
        assert_eq!(mixed.entities[0].attributes["country"], "CA");
    }

    #[test]
    fn cities_are_placed_by_the_shared_gazetteer() {
        let projects =
            one(b"operator,city,jobs\nBeta Steel,Sheffield,25\nGamma,Atlantis Prime,3\n");
        let city = |name: &str| {
            projects
                .entities
                .iter()
                .find(|e| e.name == name)
                .unwrap_or_else(|| panic!("{name}"))
        };
        let sheffield = &city("Sheffield").attributes;
        assert_eq!(sheffield["country"], "GB");
        assert!(sheffield["longitude"].starts_with("-1."));
        // A place the gazetteer does not know keeps no coordinates.
        assert!(!city("Atlantis Prime").attributes.contains_key("latitude"));
        // London, Ontario, when the table says Canada.
        let cities = one(b"city,country\nLondon,CA\nLondon,\n");
        let london = &cities.entities[0].attributes;
        assert_eq!(
            (london["country"].as_str(), &london["latitude"][..3]),
            ("CA", "42.")
        );
    }

    #[test]
    fn long_tables_come_in_parts_that_merge_back() {
        let mut csv = String::from("entreprise,ville,emplois\n");
        for i in 0..12_000 {
            csv.push_str(&format!(
                "Operator {},City {},{}\n",
                i % 700,
                i % 40,
                i % 97
            ));
        }
        let parts = run(csv.as_bytes(), &[]).unwrap();
        assert!(parts.len() >= 3, "{} parts", parts.len());
        assert_eq!(
            parts.iter().map(|p| p.commitments.len()).sum::<usize>(),
            12_000
        );
        let whole = CsvImporter
            .import(Input::new(ImportRequest::default(), csv.as_bytes()))
            .unwrap();
        assert_eq!(whole.commitments.len(), 12_000);
        assert_eq!(whole.entities.len(), 740);
    }
}
