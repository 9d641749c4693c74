//! When the event took place.

use std::sync::LazyLock;

use regex::Regex;

use super::Reading;
use crate::dates::{self, Date};
use crate::pattern::compile as regex;

static SIGNING: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)sign[ée]|signature|paraph|conclu|signing|signed|annonc|announc|inaugur|cérémonie|ceremony|s'est\s+tenue|a\s+présidé|chaired",
    )
});

/// The date: in a sentence about the signing or announcement, else the
/// publication's year.
pub fn event_date(reading: &Reading) -> Option<Date> {
    let published = reading.published;
    reading
        .sentences
        .iter()
        .map(|s| &reading.text[s.start..s.end])
        .filter(|s| SIGNING.is_match(s) && dates::mentions_date(s))
        .find_map(|s| dates::resolve(s, published))
        .or(published.map(Date::year_only))
}
