//! Ministries, from "ministre de ...", "ministère de ...", "Minister of ...".

use std::sync::LazyLock;

use pledgegraph_importer::EntityType;
use regex::Regex;

use super::names::{re, words_key, FIRST_NAMES};
use super::Mentions;

static MINISTRY_FR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:minist(?:re|ère|ere)s?)(?:\s+(?i:délégu[ée]e?|delegue))?(?:\s+auprès\s+du\s+(?i:chef\s+du\s+gouvernement|premier\s+ministre|ministre\s+de[^,;]{3,80}))?,?(?:\s+(?i:charg[ée]e?))?\s+(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+)(?P<dom>\p{Lu}[^,.;:()\n\x22]{2,})",
    )
});
static MINISTRY_EN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:minist(?:er|ry))(?:\s+(?i:delegate))?\s+(?i:of|for)\s+(?:the\s+)?(?P<dom>\p{Lu}[^,.;:()\n\x22]{2,})",
    )
});

static HEAD_OF_GOVERNMENT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i:chief|prime|first|premier)\s$"));

/// The words that end a ministry's domain in running text.
const DOMAIN_ENDS: &[&str] = &[
    " et la ministre",
    " et le ministre",
    " et de la ministre",
    " et du ministre",
    " and the minister",
    " and the Minister",
    " avec ",
    " pour ",
    " a ",
    " ont ",
    " qui ",
    " lors ",
    " dans ",
    " sur ",
    " à ",
    " au ",
    " en ",
    " le ",
    " ce ",
    " cette ",
    " par ",
    " said",
    " chaired",
    " has ",
    " will ",
    " is ",
    " was ",
    " in ",
    " on ",
    " at ",
    " to ",
    " with ",
    " signed",
    " et d'une part",
    " ainsi que",
    " via ",
    " Minister ",
    " minister ",
];

pub(super) fn ministries(text: &str, found: &mut Mentions) {
    for (regex, french) in [(&*MINISTRY_FR, true), (&*MINISTRY_EN, false)] {
        for caps in regex.captures_iter(text) {
            let whole = caps.get(0).expect("group 0");
            // "Chief Minister of Gujarat", "Prime Minister of Canada": a head
            // of government, not a ministry.
            let from = crate::normalize::char_floor(text, whole.start().saturating_sub(12));
            if HEAD_OF_GOVERNMENT.is_match(&text[from..whole.start()]) {
                continue;
            }
            let dom = caps.name("dom").expect("always matched");
            let mut domain = dom.as_str();
            for end in DOMAIN_ENDS {
                if let Some(at) = domain.find(end) {
                    domain = &domain[..at];
                }
            }
            if !french {
                // English domains are capitalised words joined by and/of/the.
                let mut keep = 0;
                for (i, word) in domain.split(' ').enumerate() {
                    let joiner = matches!(word, "and" | "of" | "the" | "for" | "&");
                    // "Minister of Industry and Trade Karim Alaoui said"
                    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
                    if !(joiner || capitalised) || FIRST_NAMES.contains(word) {
                        break;
                    }
                    keep = domain
                        .split(' ')
                        .take(i + 1)
                        .map(|w| w.len() + 1)
                        .sum::<usize>()
                        - 1;
                }
                domain = &domain[..keep];
                domain = domain
                    .trim_end_matches([' '])
                    .trim_end_matches(" and")
                    .trim_end_matches(" of");
            }
            let domain = domain.trim();
            if domain.is_empty() {
                continue;
            }
            let span = (whole.start(), dom.start() + domain.len());
            let article = &text[whole.start()..dom.start()];
            let name = if french {
                let article = ["de l'", "de la ", "du ", "des "]
                    .into_iter()
                    .find(|a| article.to_lowercase().ends_with(a))
                    .unwrap_or("de ");
                format!("Ministère {article}{domain}")
            } else {
                format!("Ministry of {domain}")
            };
            add_ministry(found, &name, domain, span);
        }
    }
}

/// A ministry named again more briefly (Transition numérique) is the one
/// named in full (Transition numérique et de la Réforme de l'administration).
fn add_ministry(found: &mut Mentions, name: &str, domain: &str, span: (usize, usize)) {
    let key = words_key(domain);
    let same = found.things.iter().position(|t| {
        t.kind == EntityType::Ministry && (t.key.starts_with(&key) || key.starts_with(&t.key))
    });
    let i = match same {
        Some(i) => {
            if key.len() > found.things[i].key.len() {
                found.rekey(i, key);
            }
            found.add(EntityType::Ministry, name, thing_key(found, i), span)
        }
        None => found.add(EntityType::Ministry, name, key, span),
    };
    let thing = &mut found.things[i];
    if !thing.aliases.iter().any(|a| a == domain) && thing.name != domain {
        thing.aliases.push(domain.to_owned());
    }
}

fn thing_key(found: &Mentions, i: usize) -> String {
    found.things[i].key.clone()
}
