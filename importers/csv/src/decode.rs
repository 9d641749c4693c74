//! From raw bytes to CSV records: the encoding, the delimiter, line endings.

use std::io::{Cursor, Read};

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;
use pledgegraph_importer::ImportError;

/// How much of the input is read to decide its encoding and delimiter.
const HEAD: usize = 64 * 1024;

/// The most a record (a line, or several inside quotes) may hold: far
/// beyond any table's row, and a bound on what one row costs in memory.
pub const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// UTF-8 (with or without a BOM) when the head is valid UTF-8; Windows-1252,
/// the usual encoding of spreadsheets saved on Windows, when it holds no
/// UTF-8 character at all. A head with both is refused: guessing either way
/// would garble part of the file.
pub fn guess_encoding(head: &[u8]) -> Result<&'static Encoding, ImportError> {
    let invalid = match std::str::from_utf8(head) {
        Ok(_) => return Ok(UTF_8),
        // Invalid only in a character cut at the end of the head: still UTF-8.
        Err(e) if e.error_len().is_none() => return Ok(UTF_8),
        Err(e) => e.valid_up_to(),
    };
    let utf8_before = head[..invalid].iter().any(|b| !b.is_ascii());
    let utf8_after = String::from_utf8_lossy(&head[invalid..])
        .chars()
        .any(|c| !c.is_ascii() && c != char::REPLACEMENT_CHARACTER);
    if utf8_before || utf8_after {
        return Err(mixed_encodings(line_at(head, invalid)));
    }
    Ok(WINDOWS_1252)
}

/// The line (from 1) of byte `offset`.
fn line_at(bytes: &[u8], offset: usize) -> u64 {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

fn mixed_encodings(line: u64) -> ImportError {
    ImportError::new(format!(
        "line {line}: bytes that are not UTF-8 in a file that is UTF-8 elsewhere: the file mixes \
         encodings; save it in one (UTF-8), or say which with --option encoding=windows-1252"
    ))
}

/// What a record that cannot be read becomes: the line, and why.
pub fn record_error(error: csv::Error) -> ImportError {
    let line = error.position().map(|p| p.line());
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => mixed_encodings(line.unwrap_or(0)),
        csv::ErrorKind::Io(e) => ImportError::new(e.to_string()),
        _ => {
            let at = line.map(|l| format!("line {l}: ")).unwrap_or_default();
            ImportError::new(format!("{at}{error}"))
        }
    }
}

pub fn encoding_named(name: &str) -> Result<&'static Encoding, ImportError> {
    Encoding::for_label(name.trim().as_bytes()).ok_or_else(|| {
        ImportError::new(format!(
            "unknown encoding {name:?} (try utf-8 or windows-1252)"
        ))
    })
}

/// The delimiter of the first line: the most frequent of `,` `;` tab `|`
/// outside quotes; `,` when none appears.
pub fn guess_delimiter(text: &str) -> u8 {
    let first_line = text.split(['\n', '\r']).next().unwrap_or_default();
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for c in first_line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            '|' if !quoted => counts[3] += 1,
            _ => {}
        }
    }
    let delimiters = [b',', b';', b'\t', b'|'];
    let best = (0..4)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        delimiters[best]
    }
}

/// Passes bytes on until a record grows past [`MAX_RECORD_BYTES`]: a record
/// ends at a line break outside quotes, and, as csv reads them, a quote
/// opens a quoted field only at the start of a field (`12" pipes` does not).
struct RecordLimit<R> {
    inner: R,
    delimiter: u8,
    line: u64,
    record_bytes: u64,
    quoted: bool,
    field_start: bool,
    after_cr: bool,
}

impl<R> RecordLimit<R> {
    fn new(inner: R, delimiter: u8) -> Self {
        RecordLimit {
            inner,
            delimiter,
            line: 1,
            record_bytes: 0,
            quoted: false,
            field_start: true,
            after_cr: false,
        }
    }

    fn step(&mut self, byte: u8) {
        self.record_bytes += 1;
        // \r\n, \n and a lone \r each end a line, as they end a record.
        let line_break = byte == b'\r' || byte == b'\n' && !self.after_cr;
        if line_break {
            self.line += 1;
        }
        self.after_cr = byte == b'\r';
        if self.quoted {
            // A closing quote, or the first of an escaped pair: the pair's
            // second quote reopens, as at a field start.
            if byte == b'"' {
                self.quoted = false;
                self.field_start = true;
            }
            return;
        }
        match byte {
            b'"' if self.field_start => self.quoted = true,
            b'\r' | b'\n' => {
                self.record_bytes = 0;
                self.field_start = true;
            }
            b if b == self.delimiter => self.field_start = true,
            _ => self.field_start = false,
        }
    }
}

impl<R: Read> Read for RecordLimit<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &byte in &buf[..n] {
            self.step(byte);
            if self.record_bytes > MAX_RECORD_BYTES {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!(
                        "line {}: a row longer than {} MiB (an unclosed quote?); rows are at most that long",
                        self.line,
                        MAX_RECORD_BYTES >> 20
                    ),
                ));
            }
        }
        Ok(n)
    }
}

/// A CSV reader over `input`, decoded to UTF-8, and the choices made.
pub struct Opened<'a> {
    pub reader: csv::Reader<Box<dyn Read + 'a>>,
    pub encoding: &'static Encoding,
}

pub fn open<'a>(
    mut input: impl Read + 'a,
    encoding: Option<&'static Encoding>,
    delimiter: Option<u8>,
) -> Result<Opened<'a>, ImportError> {
    let mut head = Vec::with_capacity(HEAD);
    (&mut input)
        .take(HEAD as u64)
        .read_to_end(&mut head)
        .map_err(|e| ImportError::new(format!("cannot read the input: {e}")))?;
    // A byte order mark decides, over a guess and over the option.
    let encoding = match (Encoding::for_bom(&head), encoding) {
        (Some((marked, _)), _) => marked,
        (None, Some(named)) => named,
        (None, None) => guess_encoding(&head)?,
    };
    let (head_text, _, _) = encoding.decode(&head);
    let delimiter =
        delimiter.unwrap_or_else(|| guess_delimiter(head_text.trim_start_matches('\u{feff}')));
    let bytes = Cursor::new(head).chain(input);
    // UTF-8 is read as it is, so that csv refuses a bad byte with its line
    // rather than a decoder replacing it; csv drops a UTF-8 BOM.
    let text: Box<dyn Read + 'a> = if encoding == UTF_8 {
        Box::new(bytes)
    } else {
        Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding))
                .bom_override(true)
                .build(bytes),
        )
    };
    let limited = RecordLimit::new(text, delimiter);
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        // Rows of another length are reported with their row number, not by csv.
        .flexible(true)
        .has_headers(true)
        // CRLF terminator: \r\n, \n and a lone \r all end a record.
        .terminator(csv::Terminator::CRLF)
        .from_reader(Box::new(limited) as Box<dyn Read + 'a>);
    Ok(Opened { reader, encoding })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(guess_delimiter("a;b;c\n1;2;3"), b';');
        assert_eq!(guess_delimiter("a\tb\tc"), b'\t');
        assert_eq!(guess_delimiter("\"x;y\",b,c"), b',');
        assert_eq!(guess_delimiter("a|b"), b'|');
        assert_eq!(guess_delimiter("alone"), b',');
    }

    #[test]
    fn encodings() {
        assert_eq!(guess_encoding("Fès".as_bytes()).unwrap(), UTF_8);
        assert_eq!(guess_encoding(b"F\xe8s").unwrap(), WINDOWS_1252);
        // A character cut by the end of the head is still UTF-8.
        assert_eq!(guess_encoding(&"Fès".as_bytes()[..2]).unwrap(), UTF_8);
        // UTF-8 and a stray Windows-1252 byte: refused, with the line.
        let mixed = guess_encoding(b"ville\nF\xc3\xa8s\nMekn\xe8s\n").unwrap_err();
        assert!(mixed.message.starts_with("line 3: "), "{}", mixed.message);
        assert!(mixed.message.contains("mixes encodings"));
    }

    fn all_records(input: &[u8]) -> Result<Vec<csv::StringRecord>, ImportError> {
        let mut opened = open(input, None, None)?;
        opened.reader.headers().map_err(record_error)?;
        opened
            .reader
            .records()
            .map(|r| r.map_err(record_error))
            .collect()
    }

    #[test]
    fn a_bad_byte_after_the_head_is_refused_with_its_line() {
        let mut input = b"ville;emplois\n".to_vec();
        for _ in 0..HEAD / 8 {
            input.extend_from_slice("Fès;10\n".as_bytes());
        }
        input.extend_from_slice(b"Mekn\xe8s;20\n");
        let lines = input.iter().filter(|&&b| b == b'\n').count();
        let message = all_records(&input).unwrap_err().message;
        assert!(message.starts_with(&format!("line {lines}: ")), "{message}");
        assert!(message.contains("mixes encodings"), "{message}");
    }

    #[test]
    fn a_quote_inside_a_field_opens_nothing() {
        let mut input = b"produit;emplois\n".to_vec();
        for _ in 0..(2 * MAX_RECORD_BYTES as usize / 20) {
            input.extend_from_slice(b"tube 12\" acier;10\n");
        }
        input.extend_from_slice(b"\"quoted; with \"\"inner\"\" quotes\";5\n");
        let records = all_records(&input).unwrap();
        assert_eq!(&records.last().unwrap()[0], "quoted; with \"inner\" quotes");
    }

    #[test]
    fn a_long_file_of_lone_carriage_returns_is_many_rows() {
        let mut input = b"ville;emplois\r".to_vec();
        while input.len() < 2 * MAX_RECORD_BYTES as usize {
            input.extend_from_slice("Fès;10\r".as_bytes());
        }
        input.extend_from_slice(b"Mekn\xe8s;20\r");
        // Read row by row to the bad byte, not refused as one long row.
        let message = all_records(&input).unwrap_err().message;
        assert!(message.contains("mixes encodings"), "{message}");
    }

    #[test]
    fn an_endless_row_is_refused_with_its_line() {
        let mut input = b"ville;emplois\nF\xc3\xa8s;10\n\"".to_vec();
        input.resize(input.len() + 2 * MAX_RECORD_BYTES as usize, b'x');
        let message = all_records(&input).unwrap_err().message;
        assert!(
            message.starts_with("line 3: a row longer than 1 MiB"),
            "{message}"
        );
    }

    #[test]
    fn records_from_any_encoding_and_line_ending() {
        for input in [
            &b"\xEF\xBB\xBFville;emplois\r\nF\xC3\xA8s;10\r\n"[..],
            &b"ville;emplois\rF\xe8s;10\r"[..],
            &b"ville;emplois\nF\xe8s;10\n"[..],
        ] {
            let mut opened = open(input, None, None).unwrap();
            let header = opened.reader.headers().unwrap().clone();
            assert_eq!(&header[0], "ville");
            let record = opened.reader.records().next().unwrap().unwrap();
            assert_eq!(&record[0], "Fès");
            assert_eq!(&record[1], "10");
        }
    }
}
