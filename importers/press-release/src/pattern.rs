//! Compiling the rules' patterns so that they run on a DFA.
//!
//! The regex crate's lazy DFA cannot evaluate a Unicode word boundary on
//! non-ASCII text and falls back to a far slower engine; French text is
//! never ASCII. Every `\b` of a rule is therefore an ASCII word boundary:
//! rules must not rely on `\b` beside an accented letter (write the
//! boundary out, or check it in code, as `gazetteer` does).

use regex::Regex;

pub fn compile(pattern: &str) -> Regex {
    Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("a valid pattern")
}
