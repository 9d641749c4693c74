//! Compiling the rules' patterns so that they run on a small DFA.
//!
//! The regex crate's lazy DFA cannot evaluate a Unicode word boundary on
//! non-ASCII text and falls back to a far slower engine; French text is
//! never ASCII. Every `\b` of a rule is therefore an ASCII word boundary:
//! rules must not rely on `\b` beside an accented letter (write the
//! boundary out, or check it in code, as `gazetteer` does).
//!
//! Letter classes are those of the Latin alphabets French and English
//! releases are written in: the automata stay small, and fast.

use regex::Regex;

const LETTER_CLASSES: &[(&str, &str)] = &[
    (r"\p{Lu}", "A-ZÀ-ÖØ-ÞŒŸ"),
    (r"\p{Ll}", "a-zß-öø-ÿœ"),
    (r"\p{L}", "A-Za-zÀ-ÖØ-öø-ÿŒœŸ"),
    (r"\p{N}", "0-9"),
];

pub fn compile(pattern: &str) -> Regex {
    let mut pattern = pattern.replace(r"\b", r"(?-u:\b)");
    for (class, latin) in LETTER_CLASSES {
        // Inside a bracket class the range goes in as it is; alone, in brackets.
        pattern = pattern
            .replace(&format!("[{class}"), &format!("[{latin}"))
            .replace(class, &format!("[{latin}]"));
    }
    Regex::new(&pattern).expect("a valid pattern")
}
