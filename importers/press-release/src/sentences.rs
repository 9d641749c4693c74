//! Paragraphs and sentences, as byte ranges of the text.

/// A sentence, and the paragraph it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
    /// The first sentence of its paragraph.
    pub opens_paragraph: bool,
}

/// Splits on blank-or-not line breaks (a line is a paragraph) and on
/// `.`, `!`, `?` followed by a space and a capital, a quote or a dash; not
/// inside numbers (`1.500`) nor after initials (`S.A.`, `M.`).
pub fn split(text: &str) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    let mut paragraph_start = 0;
    for (paragraph, line) in text.split_inclusive('\n').enumerate() {
        let line_start = paragraph_start;
        paragraph_start += line.len();
        let bytes = line.as_bytes();
        let mut start = 0;
        let mut first = true;
        let mut push = |start: usize, end: usize, first: &mut bool| {
            let piece = &line[start..end];
            // A list item's bullet is no part of its sentence.
            let unbulleted = piece
                .trim_start()
                .trim_start_matches(['-', '*', '•'])
                .trim_start();
            let trimmed_start = start + (piece.len() - unbulleted.len());
            let trimmed_end = start + piece.trim_end().len();
            if trimmed_end > trimmed_start {
                sentences.push(Sentence {
                    start: line_start + trimmed_start,
                    end: line_start + trimmed_end,
                    paragraph,
                    opens_paragraph: *first,
                });
                *first = false;
            }
        };
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if matches!(c, b'.' | b'!' | b'?') && ends_sentence(line, i) {
                push(start, i + 1, &mut first);
                start = i + 1;
            }
            i += 1;
        }
        push(start, line.len(), &mut first);
    }
    sentences
}

fn ends_sentence(line: &str, at: usize) -> bool {
    let after = &line[at + 1..];
    let next = after.trim_start_matches([' ', '.']);
    let spaced = after.starts_with(' ') || after.starts_with('.');
    let Some(first) = next.chars().next() else {
        return true;
    };
    if !spaced || !(first.is_uppercase() || matches!(first, '"' | '-')) {
        return false;
    }
    // Initials and short abbreviations: "S.A. Maroc", "M. Alaoui", "St. Louis".
    let word: String = line[..at]
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let word: String = word.chars().rev().collect();
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase)
        || matches!(
            word.as_str(),
            "M" | "Mme" | "Dr" | "St" | "Mr" | "Mrs" | "Ms" | "No" | "n°" | "Gov" | "Sen" | "Rep"
        )
    {
        return false;
    }
    // "Daechang Seat Corp. USA will ...": a company's legal form goes on,
    // unless what follows opens a sentence ("... Corp. The plant ...").
    if matches!(word.as_str(), "Corp" | "Inc" | "Ltd" | "Co" | "Jr" | "Sr") {
        let next_word = next
            .split(|c: char| !c.is_alphabetic())
            .next()
            .unwrap_or("");
        return SENTENCE_OPENERS.contains(&next_word);
    }
    true
}

/// Words that open sentences and never continue a company's name.
const SENTENCE_OPENERS: &[&str] = &[
    "The", "It", "Its", "This", "These", "He", "She", "They", "We", "In", "On", "At", "A", "An",
    "Le", "La", "Les", "L", "Il", "Elle", "Ils", "Ce", "Cette", "Un", "Une", "En", "Au", "Selon",
];

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn sentences_and_paragraphs() {
        let text = "Il a créé 1.500 emplois. M. Alami, de Atlas S.A. Maroc, parle.\nNouveau paragraphe! Fin";
        let got: Vec<&str> = split(text).iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(
            got,
            [
                "Il a créé 1.500 emplois.",
                "M. Alami, de Atlas S.A. Maroc, parle.",
                "Nouveau paragraphe!",
                "Fin"
            ]
        );
        let text2 =
            "Harbor Seat Corp. USA will hire 300. It opens in 2026. Acme Inc. The plant opens.";
        let got: Vec<&str> = split(text2)
            .iter()
            .map(|s| &text2[s.start..s.end])
            .collect();
        assert_eq!(
            got,
            [
                "Harbor Seat Corp. USA will hire 300.",
                "It opens in 2026.",
                "Acme Inc.",
                "The plant opens."
            ]
        );
        let s = split(text);
        assert!(s[2].opens_paragraph && !s[3].opens_paragraph && s[3].paragraph == 1);
    }
}
