//! French or English, from the words that only one of them uses often.

const FRENCH: &[&str] = &[
    "le", "la", "les", "des", "du", "de", "et", "une", "un", "est", "dans", "pour", "par", "sur",
    "qui", "que", "avec", "au", "aux", "ont", "été", "sont", "cette", "ces", "ministre",
];
const ENGLISH: &[&str] = &[
    "the", "of", "and", "to", "in", "is", "for", "with", "on", "by", "that", "are", "was", "which",
    "will", "has", "have", "this", "these", "minister",
];

/// `fr` or `en`, whichever the text's common words say; `fr` on a tie, the
/// usual language of the releases this importer reads.
pub fn detect(text: &str) -> &'static str {
    let (mut fr, mut en) = (0usize, 0usize);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(2000)
    {
        // The common words are short: longer ones need no case mapping.
        if word.len() > 9 {
            continue;
        }
        let lower;
        let word = if word.is_ascii() {
            word
        } else {
            lower = word.to_lowercase();
            &lower
        };
        let is = |common: &[&str]| common.iter().any(|c| c.eq_ignore_ascii_case(word));
        fr += usize::from(is(FRENCH));
        en += usize::from(is(ENGLISH));
    }
    if en > fr {
        "en"
    } else {
        "fr"
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn french_and_english() {
        assert_eq!(
            super::detect("Le ministre a signé une convention avec les opérateurs."),
            "fr"
        );
        assert_eq!(
            super::detect("The minister signed an agreement with the operators."),
            "en"
        );
    }
}
