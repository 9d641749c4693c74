//! Folding names for matching and search: the SDK's `fold`, and the
//! matching key that also ignores legal forms.

pub use pledgegraph_importer::fold;

/// Words of legal form that say nothing about which company is meant.
const LEGAL_FORMS: &[&str] = &[
    "sa",
    "sarl",
    "sas",
    "sasu",
    "sarlau",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "nv",
    "bv",
    "spa",
    "srl",
    "corp",
    "corporation",
    "co",
];

/// What names are matched on: the folded name, and for a company without
/// its legal form or a leading "Groupe": "CNEXIA", "Cnexia SA" and
/// "Groupe Cnexia" all match as "cnexia".
pub fn match_key(kind: &str, name: &str) -> String {
    let folded = fold(name);
    if kind != "company" {
        return folded;
    }
    let mut words: Vec<&str> = folded.split(' ').collect();
    // "S.A." folds to "s a": a trailing run of single letters is one word.
    let letters = words.iter().rev().take_while(|w| w.len() == 1).count();
    if letters >= 2 {
        let joined: String = words[words.len() - letters..].concat();
        if LEGAL_FORMS.contains(&joined.as_str()) {
            words.truncate(words.len() - letters);
        }
    }
    while words.len() > 1 && LEGAL_FORMS.contains(words.last().unwrap()) {
        words.pop();
    }
    while words.len() > 1 && matches!(words.last(), Some(&"group") | Some(&"groupe")) {
        words.pop();
    }
    while words.len() > 1 && matches!(words.first(), Some(&"group") | Some(&"groupe")) {
        words.remove(0);
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::match_key;

    #[test]
    fn company_keys_drop_legal_forms() {
        for name in [
            "CNEXIA",
            "Cnexia SA",
            "Cnexia S.A.",
            "Groupe Cnexia",
            "Cnexia Group Inc.",
        ] {
            assert_eq!(match_key("company", name), "cnexia", "{name}");
        }
        assert_eq!(match_key("company", "Groupe"), "groupe");
        assert_eq!(
            match_key("company", "Société Générale SA"),
            "societe generale"
        );
        assert_eq!(match_key("city", "Fès SA"), "fes sa", "only companies");
    }
}
