//! The text the rules read: typographic variants folded to one spelling,
//! with a map back to the bytes of the original, so that every span the
//! batch gives points into the text the user imported.

/// A normalised copy of a text.
pub struct Normalized {
    pub text: String,
    /// `origin[i]`: the original byte offset of normalised byte `i`, plus one
    /// entry for the end.
    origin: Vec<usize>,
}

impl Normalized {
    /// Curly and typewriter apostrophes and quotes, no-break and narrow
    /// no-break spaces, dashes: releases mix them freely.
    pub fn new(original: &str) -> Normalized {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        for (at, c) in original.char_indices() {
            let replacement = match c {
                '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
                '\u{00AB}' | '\u{00BB}' | '\u{201C}' | '\u{201D}' | '\u{201E}' => '"',
                '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}' | '\t' => ' ',
                '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
                '\u{2026}' => '.',
                '\r' => '\n',
                c => c,
            };
            let start = text.len();
            text.push(replacement);
            origin.extend(std::iter::repeat_n(at, text.len() - start));
        }
        origin.push(original.len());
        Normalized { text, origin }
    }

    /// The original byte range of a normalised range.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let end = if end == 0 {
            0
        } else {
            // The end of the character that holds the last byte.
            let last = self.origin[end - 1];
            let mut next = end;
            while next < self.origin.len() - 1 && self.origin[next] == last {
                next += 1;
            }
            self.origin[next]
        };
        (self.origin[start], end)
    }
}

/// The largest character boundary of `text` at or before `at`.
pub fn char_floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::Normalized;

    #[test]
    fn spans_map_back_to_the_original_bytes() {
        let original = "l\u{2019}Industrie, 5\u{202F}050 emplois";
        let n = Normalized::new(original);
        assert_eq!(n.text, "l'Industrie, 5 050 emplois");
        let at = n.text.find("5 050").unwrap();
        let (start, end) = n.original(at, at + "5 050".len());
        assert_eq!(&original[start..end], "5\u{202F}050");
        let (start, end) = n.original(0, n.text.len());
        assert_eq!(&original[start..end], original);
    }
}
