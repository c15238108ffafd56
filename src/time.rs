//! Times as the API sends them (RFC 3339) and as the pages show them. Plain Rust, tested; the
//! browser only supplies "now" and the local UTC offset.

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

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn month_name(month: i64) -> &'static str {
    usize::try_from(month - 1)
        .ok()
        .and_then(|m| MONTHS.get(m))
        .copied()
        .unwrap_or("?")
}

/// "29 Nov 2026, 08:15:30" in the zone `offset_minutes` east of UTC.
pub fn date_time(at: Millis, offset_minutes: i64) -> String {
    let p = parts(at, offset_minutes);
    format!(
        "{} {} {}, {:02}:{:02}:{:02}",
        p.day,
        month_name(p.month),
        p.year,
        p.hour,
        p.minute,
        p.second
    )
}

/// "08:15" (when `with_date` is false) or "29 Nov 08:15": a chart axis label.
pub fn short_time(at: Millis, offset_minutes: i64, with_date: bool) -> String {
    let p = parts(at, offset_minutes);
    if with_date {
        format!(
            "{} {} {:02}:{:02}",
            p.day,
            month_name(p.month),
            p.hour,
            p.minute
        )
    } else {
        format!("{:02}:{:02}", p.hour, p.minute)
    }
}

/// An RFC 3339 text in the zone `offset_minutes` east of UTC, or the text itself if it does not
/// parse.
pub fn show(text: &str, offset_minutes: i64) -> String {
    parse_rfc3339(text).map_or_else(|| text.to_owned(), |at| date_time(at, offset_minutes))
}

/// The RFC 3339 form (`2026-11-29T08:15:30Z`) of a moment, in UTC.
pub fn to_rfc3339(at: Millis) -> String {
    let p = parts(at, 0);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        p.year, p.month, p.day, p.hour, p.minute, p.second
    )
}

/// The RFC 3339 UTC form of a `datetime-local` input's value (`2026-11-29T10:15`, in the zone
/// `offset_minutes` east of UTC).
pub fn from_local_input(value: &str, offset_minutes: i64) -> Option<String> {
    let value = value.trim();
    let seconds = if value.len() == 16 { ":00" } else { "" };
    let local = parse_rfc3339(&format!("{value}{seconds}Z"))?;
    Some(to_rfc3339(local - offset_minutes * 60_000))
}

/// A `datetime-local` input's value (`2026-11-29T10:15`) for an RFC 3339 text, in the zone
/// `offset_minutes` east of UTC; empty if it does not parse.
pub fn to_local_input(text: &str, offset_minutes: i64) -> String {
    parse_rfc3339(text).map_or_else(String::new, |at| {
        let p = parts(at, offset_minutes);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            p.year, p.month, p.day, p.hour, p.minute
        )
    })
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

/// Browser-side: now, and the local zone's offset east of UTC, in minutes.
#[cfg(target_arch = "wasm32")]
pub mod browser {
    use super::Millis;

    /// Milliseconds since the epoch, now.
    pub fn now() -> Millis {
        // An f64 of milliseconds since 1970 fits an i64 exactly for the next 285,000 years.
        js_sys::Date::now() as Millis
    }

    /// The local time zone's offset east of UTC, in minutes (JS reports it west, hence `-`).
    pub fn local_offset_minutes() -> i64 {
        -(js_sys::Date::new_0().get_timezone_offset() as i64)
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

    #[wasm_bindgen_test]
    fn a_moment_shows_in_the_local_zone() {
        let at = parse_rfc3339("2026-11-29T23:30:05Z").unwrap_or_default();
        assert_eq!(date_time(at, 0), "29 Nov 2026, 23:30:05");
        assert_eq!(date_time(at, 60), "30 Nov 2026, 00:30:05");
        assert_eq!(short_time(at, -120, false), "21:30");
        assert_eq!(short_time(at, 0, true), "29 Nov 23:30");
        assert_eq!(show("not a time", 0), "not a time");
        assert_eq!(to_rfc3339(at), "2026-11-29T23:30:05Z");
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
    fn datetime_local_inputs_convert_to_utc_and_back() {
        assert_eq!(
            from_local_input("2026-11-29T10:15", 60).as_deref(),
            Some("2026-11-29T09:15:00Z")
        );
        assert_eq!(
            to_local_input("2026-11-29T09:15:00Z", 60),
            "2026-11-29T10:15"
        );
        assert_eq!(from_local_input("", 0), None);
        assert_eq!(to_local_input("bad", 0), "");
    }
}
