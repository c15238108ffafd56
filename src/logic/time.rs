//! Times as the API sends them (RFC 3339) and as the pages show them: in the admin's locale
//! and time zone, through the browser's `Intl.DateTimeFormat` ([`Local`]). The zone's offset
//! from UTC is looked up for each moment, so times on both sides of a daylight-saving change
//! are right, and a local date and time typed into a filter becomes the moment it names on
//! that date. The arithmetic around it (RFC 3339, a wall time to UTC) is plain Rust, tested.
//! RFC 3339 is parsed here rather than by `Date.parse`, which leaves anything but exactly
//! three fraction digits (the server may send six) to the implementation.
//!
//! Measured (brotli 11 of the first load, `scripts/size-check.mjs`): the `Intl` version is
//! about 1.5 KB larger than the fixed-offset formatting it replaced, which was wrong across DST.

use js_sys::Intl::{
    DateTimeFormat, DateTimeFormatOptions, DateTimeFormatPart, DateTimeFormatPartType,
    DateTimeStyle, DayFormat, MonthFormat, NumericFormat, TimeZoneNameFormat,
};
use wasm_bindgen::{JsCast, JsValue};

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

/// Parses `2026-11-29T08:15:30Z`, `…30.123Z` or `…30+02:00` into milliseconds since the epoch.
pub fn parse_rfc3339(text: &str) -> Option<Millis> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[4] != b'-' || bytes[7] != b'-' || bytes[13] != b':' {
        return None;
    }
    if !matches!(bytes[10], b'T' | b't' | b' ') || bytes[16] != b':' {
        return None;
    }
    let num = |from: usize, to: usize| text.get(from..to)?.parse::<i64>().ok();
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    let mut rest = &text[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        let first3: String = fraction[..digits]
            .chars()
            .chain("000".chars())
            .take(3)
            .collect();
        millis = first3.parse::<i64>().ok()?;
        rest = &fraction[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6 && rest.as_bytes()[3] == b':' => {
            let sign = match rest.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            sign * (rest[1..3].parse::<i64>().ok()? * 60 + rest[4..6].parse::<i64>().ok()?)
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The parts of a moment in a time zone `offset_minutes` east of UTC.
struct Parts {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
}

fn parts(at: Millis, offset_minutes: i64) -> Parts {
    let seconds = at.div_euclid(1000) + offset_minutes * 60;
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    Parts {
        year,
        month,
        day,
        hour: of_day / 3600,
        minute: of_day % 3600 / 60,
        second: of_day % 60,
    }
}

/// The RFC 3339 form (`2026-11-29T08:15:30Z`) of a moment, in UTC.
pub fn to_rfc3339(at: Millis) -> String {
    let p = parts(at, 0);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    )
}

const MINUTE: Millis = 60_000;
const DAY: Millis = 86_400_000;

/// A `datetime-local` value (`2026-11-29T10:15`, seconds optional) read as if it were UTC: the
/// wall time's number, which [`wall_to_utc`] turns into the moment.
pub fn parse_local_input(value: &str) -> Option<Millis> {
    let value = value.trim();
    let seconds = if value.len() == 16 { ":00" } else { "" };
    parse_rfc3339(&format!("{value}{seconds}Z"))
}

/// The moment a wall time names in a zone whose offset east of UTC (in minutes) at a moment
/// `offset_at` gives. A wall time that occurs twice (clocks going back) is the earlier moment;
/// one skipped (clocks going forward) is read with the offset before the change, as browsers
/// do (02:30 on a night that skips from 02:00 to 03:00 is 03:30).
pub fn wall_to_utc(wall: Millis, offset_at: impl Fn(Millis) -> i64) -> Millis {
    // One offset a day before and one a day after: a zone changes at most once in between.
    let before = offset_at(wall - DAY);
    let after = offset_at(wall + DAY);
    let fits = |offset: i64| {
        let at = wall - offset * MINUTE;
        (offset_at(at) == offset).then_some(at)
    };
    [fits(before), fits(after)]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(wall - before * MINUTE)
}

/// The offset east of UTC, in minutes, of `Intl`'s `longOffset` zone name: `GMT+02:00`,
/// `GMT-03:30`, or `GMT` itself for UTC.
pub fn parse_gmt_offset(name: &str) -> Option<i64> {
    let rest = name.strip_prefix("GMT")?;
    if rest.is_empty() {
        return Some(0);
    }
    let sign = match rest.as_bytes().first()? {
        b'+' => 1,
        b'-' | 0xe2 => -1, // ASCII minus, or the start of U+2212 MINUS SIGN
        _ => return None,
    };
    let digits: String = rest.chars().skip(1).filter(char::is_ascii_digit).collect();
    let (hours, minutes) = match digits.len() {
        1 | 2 => (digits.parse::<i64>().ok()?, 0),
        4 => (digits[..2].parse().ok()?, digits[2..].parse::<i64>().ok()?),
        _ => return None,
    };
    Some(sign * (hours * 60 + minutes))
}

/// The admin's locale and time zone: how moments read, and which moment a local date and
/// time names. [`Local::browser`] is the browser's own; [`Local::new`] a named one.
#[derive(Debug, Clone)]
pub struct Local {
    /// "29 Nov 2026, 08:15:30" (en-GB).
    date_time: DateTimeFormat,
    /// "08:15".
    clock: DateTimeFormat,
    /// "29 Nov, 08:15".
    day_clock: DateTimeFormat,
    /// The zone's offset at a moment, as `GMT+01:00`.
    offset: DateTimeFormat,
}

impl Local {
    /// The browser's locale and time zone (one set of formatters per page, made on first use).
    pub fn browser() -> Local {
        thread_local! {
            static BROWSER: Local = Local::with(None, None);
        }
        BROWSER.with(Clone::clone)
    }

    /// A BCP 47 locale (`en-GB`) and an IANA time zone (`Europe/Berlin`), for tests and
    /// previews. Both must be known to the browser.
    pub fn new(locale: &str, time_zone: &str) -> Local {
        Local::with(Some(locale), Some(time_zone))
    }

    fn with(locale: Option<&str>, time_zone: Option<&str>) -> Local {
        let locales = js_sys::Array::new();
        if let Some(locale) = locale {
            locales.push(&JsValue::from_str(locale));
        }
        let format = |set: &dyn Fn(&DateTimeFormatOptions)| {
            let options = DateTimeFormatOptions::new();
            if let Some(zone) = time_zone {
                options.set_time_zone(zone);
            }
            set(&options);
            DateTimeFormat::new(&locales, &options)
        };
        Local {
            date_time: format(&|o| {
                o.set_date_style(DateTimeStyle::Medium);
                o.set_time_style(DateTimeStyle::Medium);
            }),
            clock: format(&|o| {
                o.set_hour(NumericFormat::TwoDigit);
                o.set_minute(NumericFormat::TwoDigit);
            }),
            day_clock: format(&|o| {
                o.set_day(DayFormat::Numeric);
                o.set_month(MonthFormat::Short);
                o.set_hour(NumericFormat::TwoDigit);
                o.set_minute(NumericFormat::TwoDigit);
            }),
            offset: format(&|o| o.set_time_zone_name(TimeZoneNameFormat::LongOffset)),
        }
    }

    /// "29 Nov 2026, 08:15:30" (as the locale writes it).
    pub fn date_time(&self, at: Millis) -> String {
        format(&self.date_time, at)
    }

    /// "08:15" (when `with_date` is false) or "29 Nov, 08:15": a chart axis label.
    pub fn short_time(&self, at: Millis, with_date: bool) -> String {
        format(
            if with_date {
                &self.day_clock
            } else {
                &self.clock
            },
            at,
        )
    }

    /// An RFC 3339 text as [`Local::date_time`], or the text itself if it does not parse.
    pub fn show(&self, text: &str) -> String {
        parse_rfc3339(text).map_or_else(|| text.to_owned(), |at| self.date_time(at))
    }

    /// The zone's offset east of UTC at `at`, in minutes.
    pub fn offset_minutes(&self, at: Millis) -> i64 {
        let date = js_sys::Date::new(&JsValue::from_f64(at as f64));
        self.offset
            .format_to_parts(&date)
            .iter()
            .map(JsCast::unchecked_into::<DateTimeFormatPart>)
            .find(|part| part.type_() == DateTimeFormatPartType::TimeZoneName)
            .and_then(|part| parse_gmt_offset(&String::from(part.value())))
            .unwrap_or(0)
    }

    /// The RFC 3339 UTC form of a `datetime-local` input's value (`2026-11-29T10:15`, a wall
    /// time in this zone on that date).
    pub fn from_input(&self, value: &str) -> Option<String> {
        let wall = parse_local_input(value)?;
        Some(to_rfc3339(wall_to_utc(wall, |at| self.offset_minutes(at))))
    }

    /// A `datetime-local` input's value (`2026-11-29T10:15`) for an RFC 3339 text, in this
    /// zone; empty if it does not parse.
    pub fn to_input(&self, text: &str) -> String {
        parse_rfc3339(text).map_or_else(String::new, |at| {
            let p = parts(at, self.offset_minutes(at));
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}",
                p.year, p.month, p.day, p.hour, p.minute
            )
        })
    }
}

fn format(formatter: &DateTimeFormat, at: Millis) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at as f64));
    formatter
        .format()
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// "45 s", "3 min 5 s", "2 h 4 min", "3 d 1 h": a duration for people.
pub fn duration(millis: Millis) -> String {
    let seconds = millis.max(0) / 1000;
    match seconds {
        0 => "under 1 s".to_owned(),
        1..60 => format!("{seconds} s"),
        60..3600 if seconds % 60 == 0 => format!("{} min", seconds / 60),
        60..3600 => format!("{} min {} s", seconds / 60, seconds % 60),
        3600..86_400 => format!("{} h {} min", seconds / 3600, seconds % 3600 / 60),
        _ => format!("{} d {} h", seconds / 86_400, seconds % 86_400 / 3600),
    }
}

/// Browser-side: now.
pub mod browser {
    use super::Millis;

    /// Milliseconds since the epoch, now.
    pub fn now() -> Millis {
        // An f64 of milliseconds since 1970 fits an i64 exactly for the next 285,000 years.
        js_sys::Date::now() as Millis
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn rfc3339_times_parse_with_fractions_and_offsets() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(
            parse_rfc3339("2026-11-29T10:15:30+02:00"),
            parse_rfc3339("2026-11-29T08:15:30Z")
        );
        assert_eq!(
            parse_rfc3339("2024-02-29T12:00:00.123456Z"),
            Some(1_709_208_000_123)
        );
        assert_eq!(parse_rfc3339("yesterday"), None);
        assert_eq!(parse_rfc3339("2026-13-01T00:00:00Z"), None);
    }

    fn at(text: &str) -> Millis {
        parse_rfc3339(text).unwrap_or_default()
    }

    // Berlin moved from CET (+1) to CEST (+2) at 01:00 UTC on 29 March 2026 and back at 01:00
    // UTC on 25 October 2026; New York from EST (-5) to EDT (-4) at 07:00 UTC on 8 March 2026.

    #[wasm_bindgen_test]
    fn a_moment_shows_in_the_locale_and_zone_with_that_day_s_offset() {
        let berlin = Local::new("en-GB", "Europe/Berlin");
        assert_eq!(
            berlin.date_time(at("2026-03-28T12:00:00Z")),
            "28 Mar 2026, 13:00:00"
        );
        assert_eq!(
            berlin.date_time(at("2026-03-29T12:00:00Z")),
            "29 Mar 2026, 14:00:00"
        );
        assert_eq!(berlin.show("2026-03-29T00:59:59Z"), "29 Mar 2026, 01:59:59");
        assert_eq!(berlin.show("2026-03-29T01:00:00Z"), "29 Mar 2026, 03:00:00");
        assert_eq!(berlin.show("2026-10-25T00:30:00Z"), "25 Oct 2026, 02:30:00");
        assert_eq!(berlin.show("2026-10-25T01:30:00Z"), "25 Oct 2026, 02:30:00");
        assert_eq!(berlin.show("not a time"), "not a time");
        let new_york = Local::new("en-GB", "America/New_York");
        assert_eq!(
            new_york.date_time(at("2026-03-07T15:00:00Z")),
            "7 Mar 2026, 10:00:00"
        );
        assert_eq!(
            new_york.date_time(at("2026-03-09T15:00:00Z")),
            "9 Mar 2026, 11:00:00"
        );
    }

    #[wasm_bindgen_test]
    fn chart_labels_are_short_times_with_the_date_when_asked() {
        let berlin = Local::new("en-GB", "Europe/Berlin");
        let moment = at("2026-11-29T23:30:05Z");
        assert_eq!(berlin.short_time(moment, false), "00:30");
        assert_eq!(berlin.short_time(moment, true), "30 Nov, 00:30");
        let utc = Local::new("en-GB", "UTC");
        assert_eq!(utc.short_time(moment, true), "29 Nov, 23:30");
        assert_eq!(to_rfc3339(moment), "2026-11-29T23:30:05Z");
    }

    #[wasm_bindgen_test]
    fn the_zone_s_offset_is_the_one_at_each_moment() {
        let berlin = Local::new("en-GB", "Europe/Berlin");
        assert_eq!(berlin.offset_minutes(at("2026-03-29T00:59:00Z")), 60);
        assert_eq!(berlin.offset_minutes(at("2026-03-29T01:00:00Z")), 120);
        assert_eq!(berlin.offset_minutes(at("2026-10-25T01:00:00Z")), 60);
        let kathmandu = Local::new("en-GB", "Asia/Kathmandu");
        assert_eq!(kathmandu.offset_minutes(at("2026-06-01T00:00:00Z")), 345);
        let st_johns = Local::new("en-GB", "America/St_Johns");
        assert_eq!(st_johns.offset_minutes(at("2026-01-01T00:00:00Z")), -210);
        assert_eq!(Local::new("en-GB", "UTC").offset_minutes(0), 0);
    }

    #[wasm_bindgen_test]
    fn gmt_offsets_read_in_minutes() {
        assert_eq!(parse_gmt_offset("GMT"), Some(0));
        assert_eq!(parse_gmt_offset("GMT+02:00"), Some(120));
        assert_eq!(parse_gmt_offset("GMT-03:30"), Some(-210));
        assert_eq!(parse_gmt_offset("GMT\u{2212}05:00"), Some(-300));
        assert_eq!(parse_gmt_offset("CET"), None);
    }

    #[wasm_bindgen_test]
    fn a_filter_s_local_time_becomes_the_moment_it_names_on_that_date() {
        let berlin = Local::new("en-GB", "Europe/Berlin");
        // The same wall time, before and after the change, an hour apart in UTC.
        assert_eq!(
            berlin.from_input("2026-03-28T10:00").as_deref(),
            Some("2026-03-28T09:00:00Z")
        );
        assert_eq!(
            berlin.from_input("2026-03-30T10:00").as_deref(),
            Some("2026-03-30T08:00:00Z")
        );
        assert_eq!(
            berlin.from_input("2026-10-26T10:00:30").as_deref(),
            Some("2026-10-26T09:00:30Z")
        );
        // Skipped (02:00 became 03:00): read as 03:30 CEST. Twice (03:00 became 02:00): the first.
        assert_eq!(
            berlin.from_input("2026-03-29T02:30").as_deref(),
            Some("2026-03-29T01:30:00Z")
        );
        assert_eq!(
            berlin.from_input("2026-10-25T02:30").as_deref(),
            Some("2026-10-25T00:30:00Z")
        );
        let new_york = Local::new("en-US", "America/New_York");
        assert_eq!(
            new_york.from_input("2026-03-07T10:00").as_deref(),
            Some("2026-03-07T15:00:00Z")
        );
        assert_eq!(
            new_york.from_input("2026-03-09T10:00").as_deref(),
            Some("2026-03-09T14:00:00Z")
        );
        assert_eq!(berlin.from_input(""), None);
    }

    #[wasm_bindgen_test]
    fn a_moment_fills_a_datetime_local_input_in_the_zone_of_that_date() {
        let berlin = Local::new("en-GB", "Europe/Berlin");
        assert_eq!(berlin.to_input("2026-03-28T09:00:00Z"), "2026-03-28T10:00");
        assert_eq!(berlin.to_input("2026-03-30T08:00:00Z"), "2026-03-30T10:00");
        assert_eq!(berlin.to_input("2026-11-29T23:30:00Z"), "2026-11-30T00:30");
        assert_eq!(berlin.to_input("bad"), "");
    }

    #[wasm_bindgen_test]
    fn a_wall_time_resolves_with_the_offset_of_its_own_moment() {
        // A made-up zone: +60 before the moment 1,000,000,000 ms, +120 from it on.
        let zone = |at: Millis| if at < 1_000_000_000 { 60 } else { 120 };
        let change = 1_000_000_000;
        // Well before and well after.
        assert_eq!(wall_to_utc(60 * MINUTE, zone), 0);
        assert_eq!(
            wall_to_utc(change + 10 * DAY, zone),
            change + 10 * DAY - 120 * MINUTE
        );
        // Just after the change in wall time: the skipped hour reads with the offset before.
        let skipped = change + 60 * MINUTE + 30 * MINUTE;
        assert_eq!(wall_to_utc(skipped, zone), change + 30 * MINUTE);
    }

    #[wasm_bindgen_test]
    fn durations_read_in_the_two_largest_units() {
        assert_eq!(duration(45_000), "45 s");
        assert_eq!(duration(120_000), "2 min");
        assert_eq!(duration(185_000), "3 min 5 s");
        assert_eq!(duration(7_440_000), "2 h 4 min");
        assert_eq!(duration(90_000_000), "1 d 1 h");
        assert_eq!(duration(-5), "under 1 s");
        assert_eq!(duration(999), "under 1 s");
    }

    #[wasm_bindgen_test]
    fn a_datetime_local_value_reads_as_its_wall_time() {
        assert_eq!(parse_local_input("1970-01-01T01:00"), Some(60 * MINUTE));
        assert_eq!(parse_local_input(" 1970-01-01T00:00:30 "), Some(30_000));
        assert_eq!(parse_local_input(""), None);
    }
}
