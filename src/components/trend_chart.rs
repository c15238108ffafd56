//! The failure trend: stacked bars of failures per category over time, drawn as SVG, with the
//! same figures as a table for screen readers and keyboard users.

use leptos::prelude::*;

use crate::components::markup::Markup;
use crate::logic::format;
use crate::logic::time::Local;
use crate::logic::trend::{Trend, segments};
use crate::markup::html::Html;

const WIDTH: i64 = 640;
const HEIGHT: i64 = 120;

/// Failures per category over the runs the trend was built from (bucketed by run start).
#[component]
pub fn TrendChart(
    /// The trend to draw, recomputed only when the runs change.
    trend: Memo<Trend>,
) -> impl IntoView {
    let chart = move || trend.with(|t| chart(t, &Local::browser()));
    let table = move || trend.with(|t| figures(t, &Local::browser()));
    view! {
        <section class="ssd-card ssd-trend" aria-labelledby="ssd-trend-title">
            <h2 class="ssd-card__title" id="ssd-trend-title">"Failure trend"</h2>
            <Markup html=chart />
            <details class="ssd-details" hidden=move || trend.with(Trend::is_empty)>
                <summary>"Show the figures"</summary>
                <Markup html=table />
            </details>
        </section>
    }
}

fn label(trend: &Trend, index: usize, local: &Local) -> String {
    local.short_time(trend.bucket_start(index), trend.labels_need_date())
}

/// The description, the SVG (bars only; it stretches to the card's width) with its scale and
/// time axis as text, and the legend.
pub fn chart(trend: &Trend, local: &Local) -> Html {
    let mut html = Html::new();
    if trend.is_empty() {
        html.class("p", "ssd-muted", "No failures in the recent runs.");
        return html;
    }
    let last = trend.buckets.len() - 1;
    let total = trend.categories.iter().map(|c| trend.total_of(*c)).sum();
    let per = crate::logic::time::duration(trend.width);
    let description = format!(
        "{} from {} to {}, per {per}.",
        format::count(total, "failure", "failures"),
        label(trend, 0, local),
        label(trend, last, local),
    );
    html.element(
        "p",
        &[("class", Some("ssd-muted")), ("id", Some("ssd-trend-desc"))],
        &description,
    )
    .class(
        "p",
        "ssd-trend__scale",
        &format!(
            "Most in one period: {}",
            format::thousands(trend.max_total())
        ),
    );
    let view_box = format!("0 0 {WIDTH} {HEIGHT}");
    html.open(
        "svg",
        &[
            ("class", Some("ssd-trend__chart")),
            ("viewBox", Some(&view_box)),
            ("preserveAspectRatio", Some("none")),
            ("role", Some("img")),
            ("aria-labelledby", Some("ssd-trend-title ssd-trend-desc")),
        ],
    );
    for s in segments(trend, WIDTH as f64, HEIGHT as f64) {
        let tip = format!("{}: {}", s.category.title(), s.count);
        let n = |v: f64| format!("{}", v.round() as i64);
        html.open(
            "rect",
            &[
                ("class", Some("ssd-trend__bar")),
                ("data-category", Some(s.category.code())),
                ("x", Some(&n(s.x))),
                ("y", Some(&n(s.y))),
                ("width", Some(&n(s.width.max(1.0)))),
                ("height", Some(&n(s.height.max(1.0)))),
            ],
        )
        .element("title", &[], &tip)
        .close("rect");
    }
    html.close("svg")
        .open(
            "div",
            &[
                ("class", Some("ssd-trend__axis")),
                ("aria-hidden", Some("true")),
            ],
        )
        .element("span", &[], &label(trend, 0, local))
        .element("span", &[], &label(trend, last, local))
        .close("div")
        .open(
            "ul",
            &[
                ("class", Some("ssd-trend__legend")),
                ("aria-label", Some("Categories")),
            ],
        );
    for c in &trend.categories {
        html.open("li", &[])
            .open(
                "span",
                &[
                    ("class", Some("ssd-trend__swatch")),
                    ("data-category", Some(c.code())),
                    ("aria-hidden", Some("true")),
                ],
            )
            .close("span")
            .text(c.title())
            .text(" ")
            .element("strong", &[], &format::thousands(trend.total_of(*c)))
            .close("li");
    }
    html.close("ul");
    html
}

/// The figures as a table: one row per period with failures, one column per category.
pub fn figures(trend: &Trend, local: &Local) -> Html {
    let mut html = Html::new();
    html.open("table", &[("class", Some("ssd-table ssd-table--compact"))])
        .class(
            "caption",
            "ssd-visually-hidden",
            "Failures per category and period",
        )
        .open("thead", &[])
        .open("tr", &[])
        .element("th", &[("scope", Some("col"))], "From");
    for c in &trend.categories {
        html.element("th", &[("scope", Some("col"))], c.title());
    }
    html.close("tr").close("thead").open("tbody", &[]);
    for (i, bucket) in trend.buckets.iter().enumerate() {
        if bucket.iter().all(|n| *n == 0) {
            continue;
        }
        html.open("tr", &[])
            .element("th", &[("scope", Some("row"))], &label(trend, i, local));
        for n in bucket {
            html.element("td", &[], &n.to_string());
        }
        html.close("tr");
    }
    html.close("tbody").close("table");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::api::RunSummary;
    use scim_sync_core::api::{CategoryCount, RunStatus};
    use scim_sync_core::category::FailureCategory;
    use scim_sync_core::idp::Idp;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn trend() -> Trend {
        Trend::from_runs(&[RunSummary {
            id: 1,
            connection: "default".into(),
            idp: Idp::Okta,
            status: RunStatus::Failed,
            started_at: "2026-11-29T10:00:00Z".into(),
            last_event_at: "2026-11-29T10:00:00Z".into(),
            requests: 9,
            failures: 3,
            failures_by_category: vec![CategoryCount {
                category: FailureCategory::LicenceLimit,
                count: 3,
            }],
            duration_ms: 60_000,
        }])
    }

    #[wasm_bindgen_test]
    fn the_chart_is_an_image_described_in_words_with_a_legend() {
        let html = chart(&trend(), &Local::new("en-GB", "UTC"));
        assert!(
            html.as_str()
                .contains("3 failures from 09:49 to 10:00, per 1 min."),
            "{html}"
        );
        assert!(html.as_str().contains("role=\"img\""));
        assert!(
            html.as_str()
                .contains("<title>Licence limit reached: 3</title>")
        );
        assert!(
            html.as_str()
                .contains("Licence limit reached <strong>3</strong></li>"),
            "{html}"
        );
    }

    #[wasm_bindgen_test]
    fn the_figures_table_has_a_row_per_period_with_failures() {
        let html = figures(&trend(), &Local::new("en-GB", "UTC"));
        assert!(
            html.as_str()
                .contains("<th scope=\"row\">10:00</th><td>3</td>"),
            "{html}"
        );
        assert!(
            chart(&Trend::default(), &Local::new("en-GB", "UTC"))
                .as_str()
                .contains("No failures")
        );
    }
}
