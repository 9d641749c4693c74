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
/// "le ministre d'État chargé du développement industriel": a portfolio
/// written in lower case after "chargé".
static MINISTRY_FR_CHARGED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:minist(?:re|ère|ere)s?)(?:\s+(?i:d'[ÉE]tat|délégu[ée]e?|delegue))*,?\s+(?i:charg[ée]e?)\s+(?:de\s+l'|de\s+la\s+|du\s+|des\s+|de\s+)(?P<dom>\p{Ll}[^,.;:()\n\x22]{2,})",
    )
});
static MINISTRY_EN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:minist(?:er|ry))(?:\s+(?i:delegate))?\s+(?i:of|for)\s+(?:the\s+)?(?P<dom>\p{Lu}[^,.;:()\n\x22]{2,})",
    )
});

/// "Minister in the Presidency": a ministry that is a head of state's or
/// government's office.
static MINISTRY_IN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i:minister)\s+in\s+the\s+(?P<dom>Presidency|Prime\s+Minister's\s+Office|Office\s+of\s+the\s+(?:President|Prime\s+Minister))",
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
    offices(text, found);
    for (regex, french) in [
        (&*MINISTRY_FR, true),
        (&*MINISTRY_FR_CHARGED, true),
        (&*MINISTRY_EN, false),
    ] {
        let mut at = 0;
        while let Some(caps) = regex.captures_at(text, at) {
            let whole = caps.get(0).expect("group 0");
            let dom = caps.name("dom").expect("always matched");
            // What the domain leaves may name the next ministry.
            at = dom.start();
            // "Chief Minister of Gujarat", "Prime Minister of Canada": a head
            // of government, not a ministry.
            let from = crate::normalize::char_floor(text, whole.start().saturating_sub(12));
            if HEAD_OF_GOVERNMENT.is_match(&text[from..whole.start()]) {
                continue;
            }
            let domain_end = if french {
                let mut domain = dom.as_str();
                for end in DOMAIN_ENDS {
                    if let Some(at) = domain.find(end) {
                        domain = &domain[..at];
                    }
                }
                dom.start() + domain.trim_end().len()
            } else {
                english_domain_end(text, dom.start())
            };
            let domain = text[dom.start()..domain_end].trim();
            if domain.is_empty() {
                continue;
            }
            at = domain_end;
            let span = (whole.start(), dom.start() + domain.len());
            let article = &text[whole.start()..dom.start()];
            let name = if french {
                let article = ["de l'", "de la ", "du ", "des "]
                    .into_iter()
                    .find(|a| article.to_lowercase().ends_with(a))
                    .unwrap_or("de ");
                let mut letters = domain.chars();
                let first: String = letters
                    .next()
                    .into_iter()
                    .flat_map(char::to_uppercase)
                    .collect();
                format!("Ministère {article}{first}{}", letters.as_str())
            } else {
                format!("Ministry of {domain}")
            };
            add_ministry(found, &name, domain, span);
        }
    }
}

/// "Minister in the Presidency, Jane Doe": the ministry is "The Presidency".
fn offices(text: &str, found: &mut Mentions) {
    for caps in MINISTRY_IN.captures_iter(text) {
        let (whole, dom) = (
            caps.get(0).expect("group 0"),
            caps.name("dom").expect("always"),
        );
        let name = format!("The {}", dom.as_str());
        add_ministry(found, &name, dom.as_str(), (whole.start(), dom.end()));
    }
}

/// Words of English portfolios ("Economic", "Trade", "Electronics").
static PORTFOLIO_WORDS: LazyLock<foldhash::HashSet<&'static str>> = LazyLock::new(|| {
    crate::vocabulary::phrases("ministry_domain")
        .into_iter()
        .collect()
});

/// Where an English ministry's domain that starts at `start` ends: its
/// capitalised words joined by and/of/the/for/&, a list with commas when it
/// closes with "and" and a portfolio word ("Economic Growth, Skills
/// and Trade"), up to the first capitalised word after a portfolio
/// word that is none (the minister's name: "Minister for Electronics and
/// Information Technology Rakesh Varma").
fn english_domain_end(text: &str, start: usize) -> usize {
    let line = &text[start..];
    let line = &line[..line
        .find(['.', ';', ':', '(', ')', '\n', '"'])
        .unwrap_or(line.len())];
    let mut end = start;
    let mut portfolio = false;
    let mut offset = 0;
    for word in line.split(' ') {
        let word_start = start + offset;
        offset += word.len() + 1;
        let (bare, comma) = match word.strip_suffix(',') {
            Some(bare) => (bare, true),
            None => (word, false),
        };
        if matches!(bare, "and" | "of" | "the" | "for" | "&") {
            continue;
        }
        let capitalised = bare.chars().next().is_some_and(char::is_uppercase);
        let known = PORTFOLIO_WORDS.contains(bare);
        if !capitalised || FIRST_NAMES.contains(bare) || portfolio && !known {
            break;
        }
        portfolio |= known;
        end = word_start + bare.len();
        if comma && !listed_portfolios(&line[offset.min(line.len())..]) {
            break;
        }
    }
    end
}

/// Whether `rest`, after a comma, goes on with portfolio words up to "and"
/// and one more ("Skills and Trade").
fn listed_portfolios(rest: &str) -> bool {
    let mut words = rest.split(' ').map(|w| w.trim_end_matches(','));
    while let Some(word) = words.next() {
        if word == "and" || word == "&" {
            return words.next().is_some_and(|w| PORTFOLIO_WORDS.contains(w));
        }
        if !PORTFOLIO_WORDS.contains(word) {
            return false;
        }
    }
    false
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
