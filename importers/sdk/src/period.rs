//! Observation periods in their normal form: `YYYY`, `YYYY-Sn` (half-year),
//! `YYYY-Qn`, `YYYY-MM`, `YYYY-Www` (ISO 8601 week) and `YYYY-MM-DD`.

/// A period in normal form, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Year(i32),
    Half(i32, u8),
    Quarter(i32, u8),
    Month(i32, u8),
    Week(i32, u8),
    Day(i32, u8, u8),
}

fn number<T: std::str::FromStr>(s: &str, len: usize) -> Option<T> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn in_range(n: u8, max: u8) -> Option<u8> {
    (1..=max).contains(&n).then_some(n)
}

impl Period {
    /// Parses a period in normal form; anything else is `None`.
    pub fn parse(s: &str) -> Option<Period> {
        let mut parts = s.split('-');
        let year: i32 = number(parts.next()?, 4)?;
        let Some(second) = parts.next() else {
            return Some(Period::Year(year));
        };
        let third = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let tagged = |tag: char, len: usize, max: u8| {
            second
                .strip_prefix(tag)
                .and_then(|n| number::<u8>(n, len))
                .and_then(|n| in_range(n, max))
        };
        let period = match (second.as_bytes().first()?, third) {
            (b'S', None) => Period::Half(year, tagged('S', 1, 2)?),
            (b'Q', None) => Period::Quarter(year, tagged('Q', 1, 4)?),
            (b'W', None) => Period::Week(year, in_range(tagged('W', 2, 53)?, weeks_in(year))?),
            (_, None) => Period::Month(year, in_range(number(second, 2)?, 12)?),
            (_, Some(day)) => {
                let month = in_range(number(second, 2)?, 12)?;
                Period::Day(
                    year,
                    month,
                    in_range(number(day, 2)?, days_in(year, month))?,
                )
            }
        };
        Some(period)
    }

    /// The first day of the period, `YYYY-MM-DD`: what periods of different
    /// lengths are ordered and filtered by.
    pub fn start(self) -> String {
        let (year, month, day) = match self {
            Period::Year(y) => (y, 1, 1),
            Period::Half(y, h) => (y, 1 + 6 * (h - 1), 1),
            Period::Quarter(y, q) => (y, 1 + 3 * (q - 1), 1),
            Period::Month(y, m) => (y, m, 1),
            Period::Day(y, m, d) => (y, m, d),
            Period::Week(y, w) => {
                // ISO 8601: week 1 holds 4 January; weeks start on Monday.
                let jan4 = days_from_civil(y, 1, 4);
                let monday = jan4 - weekday_of(jan4) + 7 * (i64::from(w) - 1);
                return format_day(civil_from_days(monday));
            }
        };
        format_day((year, month, day))
    }

    /// The last day of the period, `YYYY-MM-DD`.
    pub fn end(self) -> String {
        let last_of = |y: i32, m: u8| (y, m, days_in(y, m));
        match self {
            Period::Year(y) => format_day((y, 12, 31)),
            Period::Half(y, h) => format_day(last_of(y, 6 * h)),
            Period::Quarter(y, q) => format_day(last_of(y, 3 * q)),
            Period::Month(y, m) => format_day(last_of(y, m)),
            Period::Day(y, m, d) => format_day((y, m, d)),
            Period::Week(..) => {
                let start = Period::parse(&self.start()).expect("a day we formatted");
                let Period::Day(y, m, d) = start else {
                    unreachable!()
                };
                format_day(civil_from_days(days_from_civil(y, m, d) + 6))
            }
        }
    }
}

/// Whether `s` is a period in normal form.
pub fn is_period(s: &str) -> bool {
    Period::parse(s).is_some()
}

fn format_day((year, month, day): (i32, u8, u8)) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// ISO years have 53 weeks when they start on a Thursday, or on a Wednesday
/// in a leap year.
fn weeks_in(year: i32) -> u8 {
    let jan1 = weekday_of(days_from_civil(year, 1, 1));
    if jan1 == 3 || (jan1 == 2 && is_leap(year)) {
        53
    } else {
        52
    }
}

/// Days since 1970-01-01, proleptic Gregorian (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day `days` after 1970-01-01, as (year, month, day).
pub fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month, day)
}

/// The day of the week of a day since 1970-01-01: 0 for Monday … 6 for Sunday.
pub fn weekday_of(days: i64) -> i64 {
    // 1970-01-01 was a Thursday.
    (days + 3).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_normal_form_parses_and_nothing_else_does() {
        for ok in [
            "2021",
            "2021-S2",
            "2021-Q3",
            "2021-03",
            "2020-W53",
            "2024-02-29",
        ] {
            assert!(is_period(ok), "{ok}");
        }
        for bad in [
            "21",
            "2021-Q5",
            "2021Q3",
            "2021-13",
            "2021-W53",
            "2023-02-29",
            "2021-03-15-1",
            "2021-M03",
            "",
        ] {
            assert!(!is_period(bad), "{bad}");
        }
    }

    #[test]
    fn periods_start_and_end_on_the_right_days() {
        let span = |p: &str| {
            let p = Period::parse(p).unwrap();
            (p.start(), p.end())
        };
        assert_eq!(span("2021"), ("2021-01-01".into(), "2021-12-31".into()));
        assert_eq!(span("2021-Q3"), ("2021-07-01".into(), "2021-09-30".into()));
        assert_eq!(span("2024-02"), ("2024-02-01".into(), "2024-02-29".into()));
        assert_eq!(span("2021-S2"), ("2021-07-01".into(), "2021-12-31".into()));
        // ISO weeks: 2021-W01 starts on Monday 4 January; 2020-W53 ends on 3 January 2021.
        assert_eq!(span("2021-W01"), ("2021-01-04".into(), "2021-01-10".into()));
        assert_eq!(span("2020-W53"), ("2020-12-28".into(), "2021-01-03".into()));
        assert_eq!(span("2026-W01").0, "2025-12-29");
    }
}
