//! The licence meter: seats used against the limit (markup).

use scim_sync_core::seats::SeatUsage;

use crate::logic::format;
use crate::markup::html::Html;

/// `ok`, `high` (90 % or more) or `full`: the meter's colour.
pub fn level(seats: SeatUsage) -> &'static str {
    if seats.free() == 0 {
        "full"
    } else if seats.fraction_used() >= 0.9 {
        "high"
    } else {
        "ok"
    }
}

/// Seats used of the limit, as a meter with the figures in words.
pub fn meter(seats: SeatUsage) -> Html {
    // Tenths of a percent, written without float formatting (which costs 10 KB of wasm).
    let tenths = (seats.fraction_used() * 1000.0).round() as u32;
    let fill = format!("--ssd-meter-fill: {}.{}%", tenths / 10, tenths % 10);
    let (limit, now) = (
        seats.limit.to_string(),
        seats.used.min(seats.limit).to_string(),
    );
    let used = format::seats_used(seats);
    let mut html = Html::new();
    html.open(
        "section",
        &[
            ("class", Some("ssd-meter")),
            ("aria-labelledby", Some("ssd-meter-title")),
        ],
    )
    .element(
        "h2",
        &[
            ("class", Some("ssd-meter__title")),
            ("id", Some("ssd-meter-title")),
        ],
        "Licence seats",
    )
    .open(
        "div",
        &[
            ("class", Some("ssd-meter__track")),
            ("role", Some("meter")),
            ("aria-labelledby", Some("ssd-meter-title")),
            ("aria-valuemin", Some("0")),
            ("aria-valuemax", Some(&limit)),
            ("aria-valuenow", Some(&now)),
            ("aria-valuetext", Some(&used)),
            ("data-level", Some(level(seats))),
        ],
    )
    .open(
        "div",
        &[("class", Some("ssd-meter__fill")), ("style", Some(&fill))],
    )
    .close("div")
    .close("div")
    .open("p", &[("class", Some("ssd-meter__figures"))])
    .class("span", "ssd-meter__used", &used)
    .class("span", "ssd-meter__free", &format::seats_free(seats))
    .close("p")
    .close("section");
    html
}
