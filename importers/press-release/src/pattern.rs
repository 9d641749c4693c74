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

use regex::{Captures, Match, Regex, RegexSet};

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

/// Patterns a release is searched with together. One pass of a set over
/// each line says which of them match there; each pattern then runs on
/// those lines only, instead of every pattern over the whole text. A line
/// is a paragraph (`sentences`), and no rule's match spans two.
pub struct Gate {
    set: RegexSet,
    patterns: Vec<&'static Regex>,
}

impl Gate {
    pub fn new(patterns: Vec<&'static Regex>) -> Gate {
        let set = RegexSet::new(patterns.iter().map(|p| p.as_str())).expect("valid patterns");
        Gate { set, patterns }
    }

    /// The lines of `text` where each pattern matches.
    pub fn on<'t>(&'t self, text: &'t str) -> Gated<'t> {
        let mut lines = vec![Vec::new(); self.patterns.len()];
        let mut start = 0;
        let ends = text.match_indices('\n').map(|(at, _)| at);
        for end in ends.chain([text.len()]) {
            if end > start {
                let line = &text[..end];
                for pattern in self.set.matches_at(line, start).iter() {
                    lines[pattern].push((start, end));
                }
            }
            start = end + 1;
        }
        Gated {
            gate: self,
            text,
            lines,
        }
    }
}

/// A text, and the lines on which each of a [`Gate`]'s patterns matches.
pub struct Gated<'t> {
    gate: &'t Gate,
    text: &'t str,
    lines: Vec<Vec<(usize, usize)>>,
}

impl<'t> Gated<'t> {
    /// As `pattern.captures_iter(text)`: the same matches, at the same
    /// offsets of the whole text.
    pub fn captures_iter<'g>(
        &'g self,
        pattern: &'t Regex,
    ) -> impl Iterator<Item = Captures<'t>> + use<'g, 't> {
        self.on_lines(pattern, |haystack, at| {
            let caps = pattern.captures_at(haystack, at)?;
            let whole = caps.get(0).expect("group 0");
            Some(((whole.start(), whole.end()), caps))
        })
    }

    /// As `pattern.find_iter(text)`.
    pub fn find_iter<'g>(
        &'g self,
        pattern: &'t Regex,
    ) -> impl Iterator<Item = Match<'t>> + use<'g, 't> {
        self.on_lines(pattern, |haystack, at| {
            let m = pattern.find_at(haystack, at)?;
            Some(((m.start(), m.end()), m))
        })
    }

    /// The lines, as (start, end), where `pattern` matches.
    pub fn lines_where(&self, pattern: &Regex) -> &[(usize, usize)] {
        let index = self
            .gate
            .patterns
            .iter()
            .position(|p| std::ptr::eq(*p, pattern))
            .expect("the pattern is one of the gate's");
        &self.lines[index]
    }

    /// Every match of `search` on the lines where `pattern` matches. The
    /// line's end closes the haystack; what comes before its start still
    /// counts for `^` and `\b`.
    fn on_lines<'g, T, F>(
        &'g self,
        pattern: &Regex,
        search: F,
    ) -> impl Iterator<Item = T> + use<'g, 't, T, F>
    where
        F: Fn(&'t str, usize) -> Option<((usize, usize), T)> + Copy + 't,
    {
        let text = self.text;
        self.lines_where(pattern)
            .iter()
            .flat_map(move |&(start, end)| {
                let haystack = &text[..end];
                let mut at = Some(start);
                std::iter::from_fn(move || {
                    let ((match_start, match_end), found) = search(haystack, at?)?;
                    // An empty match moves the search on by a character.
                    at = if match_start < match_end {
                        Some(match_end)
                    } else {
                        haystack[match_end..]
                            .chars()
                            .next()
                            .map(|c| match_end + c.len_utf8())
                    };
                    Some(found)
                })
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static FIRM: LazyLock<Regex> =
        LazyLock::new(|| compile(r"(?P<n>\p{Lu}\p{Ll}+) (?:will create|créera)"));
    static ITEM: LazyLock<Regex> = LazyLock::new(|| compile(r"(?m)^- (?P<n>\p{Lu}\p{L}+)"));
    static JOBS: LazyLock<Regex> = LazyLock::new(|| compile(r"\b\d+ jobs\b"));
    static GATE: LazyLock<Gate> = LazyLock::new(|| Gate::new(vec![&*FIRM, &*ITEM, &*JOBS]));

    const RELEASE: &str = "Talvo will create 300 jobs in Tangier, and Orbis will create 40 jobs.\n\
        The ministry welcomed the news.\n\
        - Veridia: 120 jobs\n\
        - Kasumi créera 80 postes à Kénitra.";

    fn spans<'t>(found: impl Iterator<Item = Captures<'t>>) -> Vec<(usize, usize, String)> {
        found
            .map(|c| {
                let whole = c.get(0).unwrap();
                let name = c.name("n").map_or("", |n| n.as_str()).to_owned();
                (whole.start(), whole.end(), name)
            })
            .collect()
    }

    #[test]
    fn a_gated_search_finds_what_a_search_of_the_whole_text_finds() {
        let lines = GATE.on(RELEASE);
        for pattern in [&*FIRM, &*ITEM, &*JOBS] {
            assert_eq!(
                spans(lines.captures_iter(pattern)),
                spans(pattern.captures_iter(RELEASE)),
                "{}",
                pattern.as_str()
            );
            let found: Vec<&str> = lines.find_iter(pattern).map(|m| m.as_str()).collect();
            let expected: Vec<&str> = pattern.find_iter(RELEASE).map(|m| m.as_str()).collect();
            assert_eq!(found, expected);
        }
        assert_eq!(lines.find_iter(&JOBS).count(), 3);
        assert_eq!(
            spans(lines.captures_iter(&FIRM))
                .into_iter()
                .map(|(_, _, n)| n)
                .collect::<Vec<_>>(),
            ["Talvo", "Orbis", "Kasumi"]
        );
    }

    #[test]
    fn a_match_never_runs_on_into_the_next_line() {
        static ACROSS: LazyLock<Regex> = LazyLock::new(|| compile(r"welcomed\s+the\s+news\.\s+-"));
        static GATE: LazyLock<Gate> = LazyLock::new(|| Gate::new(vec![&*ACROSS]));
        assert!(ACROSS.is_match(RELEASE));
        assert_eq!(GATE.on(RELEASE).find_iter(&ACROSS).count(), 0);
    }

    #[test]
    fn empty_matches_move_the_search_on() {
        static OPTIONAL: LazyLock<Regex> = LazyLock::new(|| compile(r"x?"));
        static GATE: LazyLock<Gate> = LazyLock::new(|| Gate::new(vec![&*OPTIONAL]));
        let text = "ab\né";
        assert_eq!(
            GATE.on(text).find_iter(&OPTIONAL).count(),
            // One per position of each line, its end included.
            3 + 2
        );
    }
}
