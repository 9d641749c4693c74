//! Periods as statistics sources write them, to the normal form of the
//! batch (`2021`, `2021-S1`, `2021-Q3`, `2021-03`, `2021-W12`, `2021-03-15`).
//!
//! Read: SDMX reporting periods (`2021-A1`, `2021-S1`, `2021-Q3`,
//! `2021-M03`, `2021-W12`, `2021-D074`), the compact forms JSON-stat and
//! others use (`2021Q3`, `2021M03`, `2021W12`, `2021S1`, `2021H1`), ISO
//! dates and date-times, and SDMX time ranges (`2021-01-01/P1Y`).

use pledgegraph_importer::period::Period;

/// The normal form of `raw`, or `None` when it is not a period.
pub fn normalise(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if let Some((start, duration)) = raw.split_once('/') {
        return time_range(start, duration);
    }
    // Date-times keep their day.
    let raw = raw.split_once('T').map_or(raw, |(day, _)| day);
    if Period::parse(raw).is_some() {
        return Some(raw.to_owned());
    }
    let year = raw
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))?;
    let rest = raw[4..].trim_start_matches(['-', ' ', '_']);
    let mut chars = rest.chars();
    let tag = chars.next()?.to_ascii_uppercase();
    let number: u16 = chars.as_str().parse().ok()?;
    let period = match tag {
        'A' if number == 1 => year.to_owned(),
        'S' | 'H' => format!("{year}-S{number}"),
        'Q' | 'T' => format!("{year}-Q{number}"),
        'M' => format!("{year}-{number:02}"),
        'W' => format!("{year}-W{number:02}"),
        'D' => day_of_year(year, number)?,
        _ => return None,
    };
    Period::parse(&period).is_some().then_some(period)
}

/// `2021-01-01/P1Y` and the like: the period the range is, when it is one.
fn time_range(start: &str, duration: &str) -> Option<String> {
    let start = start.split_once('T').map_or(start, |(day, _)| day);
    let Some(Period::Day(year, month, day)) = Period::parse(start) else {
        return None;
    };
    let period = match (duration, month, day) {
        ("P1Y" | "P12M", 1, 1) => format!("{year}"),
        ("P6M", 1 | 7, 1) => format!("{year}-S{}", 1 + month / 7),
        ("P3M", 1 | 4 | 7 | 10, 1) => format!("{year}-Q{}", 1 + (month - 1) / 3),
        ("P1M", _, 1) => format!("{year}-{month:02}"),
        ("P1D", _, _) => start.to_owned(),
        _ => return None,
    };
    Some(period)
}

fn day_of_year(year: &str, day: u16) -> Option<String> {
    let leap = Period::parse(&format!("{year}-02-29")).is_some();
    let lengths = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut left = day;
    for (month, length) in lengths.iter().enumerate() {
        if (1..=*length).contains(&left) {
            return Some(format!("{year}-{:02}-{left:02}", month + 1));
        }
        left = left.checked_sub(*length)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn every_source_spelling_reaches_the_normal_form() {
        for (raw, normal) in [
            ("2021", "2021"),
            ("2021-A1", "2021"),
            ("2021-S2", "2021-S2"),
            ("2021H1", "2021-S1"),
            ("2021-Q3", "2021-Q3"),
            ("2021Q3", "2021-Q3"),
            ("2021-M03", "2021-03"),
            ("2021M3", "2021-03"),
            ("2021-03", "2021-03"),
            ("2021-W12", "2021-W12"),
            ("2021W7", "2021-W07"),
            ("2021-D074", "2021-03-15"),
            ("2020-D366", "2020-12-31"),
            ("2021-03-15T00:00:00Z", "2021-03-15"),
            ("2021-01-01/P1Y", "2021"),
            ("2021-07-01/P3M", "2021-Q3"),
            ("2021-03-01/P1M", "2021-03"),
        ] {
            assert_eq!(normalise(raw).as_deref(), Some(normal), "{raw}");
        }
        for bad in [
            "",
            "21",
            "2021-Q5",
            "2021-M13",
            "2021-D366",
            "2021-02-01/P1Y",
            "soon",
        ] {
            assert_eq!(normalise(bad), None, "{bad}");
        }
    }
}
