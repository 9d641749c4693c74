//! From raw bytes to CSV records: the encoding, the delimiter, line endings.

use std::io::{Cursor, Read};

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;
use pledgegraph_importer::ImportError;

/// How much of the input is read to decide its encoding and delimiter.
const HEAD: usize = 64 * 1024;

/// UTF-8 (with or without a BOM) when the head is valid UTF-8, else
/// Windows-1252, the usual encoding of spreadsheets saved on Windows.
pub fn guess_encoding(head: &[u8]) -> &'static Encoding {
    match std::str::from_utf8(head) {
        Ok(_) => UTF_8,
        // Invalid only in a character cut at the end of the head: still UTF-8.
        Err(e) if e.error_len().is_none() => UTF_8,
        Err(_) => WINDOWS_1252,
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
    let has_bom = head.starts_with(b"\xEF\xBB\xBF");
    let encoding = encoding.unwrap_or_else(|| {
        if has_bom {
            UTF_8
        } else {
            guess_encoding(&head)
        }
    });
    let (head_text, _, _) = encoding.decode(&head);
    let delimiter =
        delimiter.unwrap_or_else(|| guess_delimiter(head_text.trim_start_matches('\u{feff}')));
    let bytes = Cursor::new(head).chain(input);
    // The BOM, when there is one, decides: a UTF-8 BOM is never data.
    let decoded = DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .build(bytes);
    let reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        // Rows of another length are reported with their row number, not by csv.
        .flexible(true)
        .has_headers(true)
        // CRLF terminator: \r\n, \n and a lone \r all end a record.
        .terminator(csv::Terminator::CRLF)
        .from_reader(Box::new(decoded) as Box<dyn Read + 'a>);
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
        assert_eq!(guess_encoding("Fès".as_bytes()), UTF_8);
        assert_eq!(guess_encoding(b"F\xe8s"), WINDOWS_1252);
        // A character cut by the end of the head is still UTF-8.
        assert_eq!(guess_encoding(&"Fès".as_bytes()[..2]), UTF_8);
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
