//! The re-push dialog: the plan the browser computed (counts per member state, seats needed
//! against free on the licence meter), and when it does not fit, the warning with its options
//! and a confirm button that sends nothing; then the progress the live stream reports, and the
//! result or the server's refusal with its fresh plan.
//!
//! A modal `<dialog>` opened with `showModal()` when mounted: the page behind is inert (focus
//! stays inside), Esc closes it, and focus returns to where it was. The wording is
//! [`crate::logic::repush`]'s; this only wires signals to it.
//!
//! Its content is markup (see [`crate::markup::html`]): drawn once with the dialog, then one effect
//! writes what changed into it (the title, the body, the buttons' words and state), and one
//! listener reads which button was pressed (`data-action`). The buttons stay the same elements,
//! so the keyboard focus stays on them. Reactive views per part would cost kilobytes of wasm
//! each.

use leptos::html::Dialog;
use leptos::prelude::*;
use scim_sync_core::api::{ApiError, GroupDetail, RepushOutcome};
use scim_sync_core::capacity::{RepushMode, RepushPlan};
use scim_sync_core::idp::Idp;
use scim_sync_core::seats::SeatUsage;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::logic::query::Query;
use crate::logic::repush::{self, RepushOption};
use crate::markup::dom;
use crate::markup::html::Html;
use crate::markup::licence_meter::meter;
use crate::shell::route::{Route, href};

/// Where the re-push stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// The plan is shown; nothing was sent.
    Planning,
    /// The request is on its way; the live stream reports progress.
    Sending,
    /// The server did it.
    Done(RepushOutcome),
    /// The server refused: seats were taken meanwhile. Carries its fresh plan.
    Refused(ApiError),
    /// It could not run (or the groups could not be loaded), in words.
    Failed(String),
}

/// What the dialog shows at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Face {
    /// The heading.
    pub title: String,
    /// The content, as markup.
    pub body: Html,
    /// The words of the button that closes the dialog.
    pub close: &'static str,
    /// The confirm button's words and whether it sends; `None` once it is over (no button).
    pub confirm: Option<(String, bool)>,
}

/// What the dialog shows for the inputs: the server's fresh plan after a refusal in the same
/// mode, else the browser's, computed only while a plan is shown.
#[allow(clippy::too_many_arguments)]
pub fn face(
    groups: Option<&[GroupDetail]>,
    seats: SeatUsage,
    idp: Idp,
    stage: &Stage,
    progress: Option<(u32, u32)>,
    mode: RepushMode,
    base: &str,
) -> Face {
    let shown = match stage {
        Stage::Refused(ApiError {
            plan: Some(server), ..
        }) if server.mode == mode => Some(server.clone()),
        Stage::Planning | Stage::Refused(_) => groups.map(|g| repush::plan_for(g, seats, mode)),
        _ => None,
    };
    let title = match groups {
        Some(g) => {
            let names: Vec<&str> = g.iter().map(|g| g.summary.display_name.as_str()).collect();
            repush::title(&names)
        }
        None => "Re-push".to_owned(),
    };
    let body = dialog_body(shown.as_ref(), seats, idp, stage, progress, base);
    let (close, confirm) = match stage {
        Stage::Done(_) | Stage::Failed(_) => ("Close", None),
        Stage::Sending => ("Cancel", Some(("Re-pushing…".to_owned(), false))),
        Stage::Planning | Stage::Refused(_) => (
            "Cancel",
            Some(match &shown {
                Some(plan) => (repush::confirm_label(plan), plan.fits),
                None => ("Re-push".to_owned(), false),
            }),
        ),
    };
    Face {
        title,
        body,
        close,
        confirm,
    }
}

/// The re-push dialog for the groups given.
#[component]
pub fn RepushDialog(
    /// The selected groups' details; `None` while they load.
    #[prop(into)]
    groups: Signal<Option<Vec<GroupDetail>>>,
    /// The licence seats, as loaded with them.
    #[prop(into)]
    seats: Signal<SeatUsage>,
    /// The identity provider that last pushed the group, for its wording.
    #[prop(into)]
    idp: Signal<Idp>,
    /// Where the re-push stands.
    #[prop(into)]
    stage: Signal<Stage>,
    /// Members done of total, from the live stream, while sending.
    #[prop(into)]
    progress: Signal<Option<(u32, u32)>>,
    /// The base path of the dashboard's links.
    base: String,
    /// Called with the mode when the admin confirms a plan that fits.
    on_confirm: Callback<RepushMode>,
    /// Called when the admin closes the dialog (button or Esc).
    on_close: Callback<()>,
) -> impl IntoView {
    let mode = RwSignal::new(RepushMode::AsPushed);
    // What the dialog shows now (tracked).
    let now = move || {
        let mode = mode.get();
        stage.with(|stage| {
            groups.with(|groups| {
                face(
                    groups.as_deref(),
                    seats.get(),
                    idp.get(),
                    stage,
                    progress.get(),
                    mode,
                    &base,
                )
            })
        })
    };
    let first = untrack(now.clone());
    let markup = dialog_markup(&first);
    let dialog = NodeRef::<Dialog>::new();
    let return_focus = StoredValue::new_local(
        document()
            .active_element()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
    );
    // Shown as a modal once mounted; then every change is written into the markup drawn.
    let mut drawn = Some(first);
    let current = now.clone();
    Effect::new(move |previous: Option<Face>| {
        let face = current();
        let before = previous.or_else(|| drawn.take());
        let Some(el) = dialog.get() else {
            // Nothing drawn yet: what is on screen is still what was drawn before.
            return before.unwrap_or(face);
        };
        if !el.open() {
            let _ = el.show_modal();
        }
        redraw(&el, before.as_ref(), &face);
        face
    });
    on_cleanup(move || {
        if let Some(target) = return_focus.try_get_value().flatten() {
            let _ = target.focus();
        }
    });
    let on_click = move |ev: leptos::ev::MouseEvent| match dom::action(&ev).as_deref() {
        // No request unless the plan fits: the button only looks disabled (it stays focusable).
        Some("confirm") => {
            if let Some((_, true)) = untrack(now.clone()).confirm {
                on_confirm.run(mode.get_untracked());
            }
        }
        Some("as-readers") => mode.set(RepushMode::MembersAsReaders),
        Some("as-pushed") => mode.set(RepushMode::AsPushed),
        Some("close") => on_close.run(()),
        _ => {}
    };

    view! {
        <dialog
            class="ssd-dialog ssd-dialog--wide"
            role="dialog"
            node_ref=dialog
            aria-modal="true"
            aria-labelledby="ssd-repush-title"
            // Esc: let the owner close it, so its state stays the truth.
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                on_close.run(());
            }
            on:click=on_click
            inner_html=markup
        ></dialog>
    }
}

/// The dialog's content: heading, body (announced as it changes) and buttons.
pub fn dialog_markup(face: &Face) -> Html {
    let mut html = Html::new();
    html.element(
        "h2",
        &[
            ("class", Some("ssd-dialog__title")),
            ("id", Some("ssd-repush-title")),
        ],
        &face.title,
    )
    .open(
        "div",
        &[("aria-live", Some("polite")), ("class", Some("ssd-repush"))],
    )
    .append(&face.body)
    .close("div")
    .open("div", &[("class", Some("ssd-dialog__actions"))])
    .element(
        "button",
        &[
            ("type", Some("button")),
            ("class", Some("ssd-button")),
            ("data-action", Some("close")),
            ("autofocus", Some("")),
        ],
        face.close,
    );
    if let Some((label, fits)) = &face.confirm {
        confirm_button(&mut html, label, *fits);
    }
    html.close("div");
    html
}

fn confirm_button(html: &mut Html, label: &str, fits: bool) {
    html.element(
        "button",
        &[
            ("type", Some("button")),
            ("class", Some("ssd-button ssd-button--primary")),
            ("data-action", Some("confirm")),
            ("aria-disabled", Some(if fits { "false" } else { "true" })),
        ],
        label,
    );
}

/// Writes into the dialog's markup what changed from `before` to `now` (everything when
/// nothing was drawn). The buttons stay the same elements (the focus stays on them); the
/// confirm button goes once it is over, and comes back if it is not.
fn redraw(dialog: &Element, before: Option<&Face>, now: &Face) {
    let find = |selector: &str| dialog.query_selector(selector).ok().flatten();
    if before.is_none_or(|b| b.title != now.title)
        && let Some(el) = find("#ssd-repush-title")
    {
        el.set_text_content(Some(&now.title));
    }
    if before.is_none_or(|b| b.body != now.body)
        && let Some(el) = find(".ssd-repush")
    {
        now.body.replace_content_of(&el);
    }
    if before.is_none_or(|b| b.close != now.close)
        && let Some(el) = find("[data-action=close]")
    {
        el.set_text_content(Some(now.close));
    }
    if before.is_some_and(|b| b.confirm == now.confirm) {
        return;
    }
    let confirm = find("[data-action=confirm]");
    match (&now.confirm, confirm) {
        (None, Some(el)) => el.remove(),
        (None, None) => {}
        (Some((label, fits)), Some(el)) => {
            el.set_text_content(Some(label));
            let _ = el.set_attribute("aria-disabled", if *fits { "false" } else { "true" });
        }
        (Some((label, fits)), None) => {
            if let Some(actions) = find(".ssd-dialog__actions") {
                let mut html = Html::new();
                confirm_button(&mut html, label, *fits);
                html.append_to(&actions);
            }
        }
    }
}

/// The dialog's content for the stage, as markup.
pub fn dialog_body(
    plan: Option<&RepushPlan>,
    seats: SeatUsage,
    idp: Idp,
    stage: &Stage,
    progress: Option<(u32, u32)>,
    base: &str,
) -> Html {
    let mut html = Html::new();
    match stage {
        Stage::Failed(message) => {
            html.element(
                "p",
                &[("class", Some("ssd-inline-error")), ("role", Some("alert"))],
                message,
            );
            return html;
        }
        Stage::Done(outcome) => {
            outcome_markup(&mut html, outcome, idp, base);
            return html;
        }
        Stage::Sending => {
            progress_markup(&mut html, progress);
            return html;
        }
        Stage::Refused(error) => {
            html.open(
                "div",
                &[
                    ("class", Some("ssd-repush__refused")),
                    ("role", Some("alert")),
                ],
            )
            .open("p", &[])
            .element(
                "strong",
                &[],
                "The server refused the re-push; nothing changed. ",
            )
            .text(&error.message)
            .close("p");
            if error.plan.is_some() {
                html.element(
                    "p",
                    &[],
                    "Seats were taken since this dialog was opened. The plan below is the server's, computed just now.",
                );
            }
            html.close("div");
        }
        Stage::Planning => {}
    }
    let Some(plan) = plan else {
        html.element(
            "p",
            &[("class", Some("ssd-muted")), ("role", Some("status"))],
            "Loading the groups and the licence seats…",
        );
        return html;
    };
    html.element(
        "p",
        &[("class", Some("ssd-muted"))],
        &format!(
            "Re-applies what {} last pushed: restores each group under its own id, creates the members whose own provisioning failed, and links every member.",
            idp.display_name()
        ),
    );
    plan_markup(&mut html, plan, idp);
    if plan.fits {
        if let Some(note) = repush::left_for_idp_note(plan, idp) {
            html.class("p", "ssd-repush__note", &note);
        }
    } else {
        warning_markup(&mut html, plan, idp, base);
    }
    let refused = matches!(stage, Stage::Refused(_));
    // The licence meter, with the seats the plan takes; after a refusal the loaded seats are
    // stale, and the server's plan says how many are free.
    if !refused {
        html.append(&meter(seats));
    }
    html.element(
        "p",
        &[
            ("class", Some("ssd-repush__seats")),
            ("data-fits", Some(if plan.fits { "true" } else { "false" })),
        ],
        &repush::seats_sentence(plan),
    );
    html
}

fn plan_markup(html: &mut Html, plan: &RepushPlan, idp: Idp) {
    let counts = repush::plan_counts(plan);
    if counts.is_empty() {
        html.class(
            "p",
            "ssd-empty",
            "No member was pushed: the re-push only restores the group.",
        );
    } else {
        html.open(
            "ul",
            &[
                ("class", Some("ssd-repush__counts")),
                ("aria-label", Some("What the re-push does")),
            ],
        );
        for (what, n) in counts {
            html.open("li", &[])
                .class("strong", "ssd-repush__count", &n.to_string())
                .text(&format!(
                    " {} {what}",
                    if n == 1 { "member" } else { "members" }
                ))
                .close("li");
        }
        html.close("ul");
    }
    if plan.mode == RepushMode::MembersAsReaders {
        html.open("p", &[("class", Some("ssd-repush__mode"))])
            .text(&format!(
                "Members to create become Readers, which take no seat. Also set isTeamAccount = false for them in {}, so its next update agrees. ",
                idp.display_name()
            ))
            .element(
                "button",
                &[
                    ("type", Some("button")),
                    ("class", Some("ssd-button ssd-button--quiet")),
                    ("data-action", Some("as-pushed")),
                    ("data-key", Some("as-pushed")),
                ],
                "Create them as pushed instead",
            )
            .close("p");
    }
}

fn warning_markup(html: &mut Html, plan: &RepushPlan, idp: Idp, base: &str) {
    html.open("div", &[("class", Some("ssd-repush__warning"))])
        .open("p", &[])
        .class("strong", "ssd-repush__warning-title", "Does not fit. ")
        .text(&repush::warning(plan).unwrap_or_default())
        .close("p")
        .class("p", "ssd-repush__options-title", "Your options:")
        .open("ul", &[("class", Some("ssd-repush__options"))]);
    for option in repush::options(plan) {
        html.open("li", &[]);
        match option {
            RepushOption::FreeSeats => {
                let query = Query::default()
                    .with("kind", Some("user"))
                    .with("active", Some("true"));
                html.link(&href(base, &Route::People, &query), "Free seats")
                    .text(": deactivate active Users or make them Readers on the People page.");
            }
            RepushOption::RaiseLimit => {
                html.link(
                    &href(base, &Route::Settings, &Query::default()),
                    "Raise the seat limit",
                )
                .text(" in Settings.");
            }
            RepushOption::AsReaders => {
                html.element(
                    "button",
                    &[
                        ("type", Some("button")),
                        ("class", Some("ssd-button")),
                        ("data-action", Some("as-readers")),
                        ("data-key", Some("as-readers")),
                    ],
                    "Push those members as Readers",
                )
                .text(if plan.to_create_as_users.len() == 1 {
                    ": as a Reader it takes no seat."
                } else {
                    ": as Readers they take no seat."
                });
            }
            RepushOption::FromIdp => {
                html.class("strong", "", &format!("Push from {}: ", idp.display_name()))
                    .text(&repush::idp_wording(idp));
            }
        }
        html.close("li");
    }
    html.close("ul")
        .class(
            "p",
            "ssd-repush__nothing-sent",
            "Nothing changed: the re-push stays disabled until the plan fits.",
        )
        .close("div");
}

fn progress_markup(html: &mut Html, progress: Option<(u32, u32)>) {
    let (done, total) = progress.unwrap_or((0, 0));
    let percent = if total == 0 {
        0
    } else {
        u64::from(done.min(total)) * 100 / u64::from(total)
    };
    let (done_s, total_s) = (done.to_string(), total.max(1).to_string());
    let text = if total == 0 {
        "Starting…".to_owned()
    } else {
        repush::progress_text(done, total)
    };
    html.open("div", &[("class", Some("ssd-repush__progress"))])
        .open(
            "div",
            &[
                ("class", Some("ssd-meter__track")),
                ("role", Some("progressbar")),
                ("aria-label", Some("Re-push progress")),
                ("aria-valuemin", Some("0")),
                ("aria-valuemax", Some(&total_s)),
                ("aria-valuenow", Some(&done_s)),
                ("aria-valuetext", Some(&text)),
            ],
        )
        .element(
            "div",
            &[
                ("class", Some("ssd-meter__fill")),
                ("style", Some(&format!("--ssd-meter-fill: {percent}%"))),
            ],
            "",
        )
        .close("div")
        .class("p", "ssd-repush__progress-text", &text)
        .close("div");
}

fn outcome_markup(html: &mut Html, outcome: &RepushOutcome, idp: Idp, base: &str) {
    html.open(
        "div",
        &[
            ("class", Some("ssd-outcome")),
            ("role", Some("status")),
            ("data-state", Some("ok")),
        ],
    )
    .class("p", "ssd-repush__done", "Re-push done.")
    .open("ul", &[("class", Some("ssd-repush__counts"))]);
    for line in repush::outcome_lines(outcome, idp) {
        html.element("li", &[], &line);
    }
    html.close("ul").close("div");
    let left = &outcome.plan.cannot_provision;
    if !left.is_empty() {
        html.class(
            "p",
            "ssd-repush__note",
            &format!("Left for {} (see their failures):", idp.display_name()),
        )
        .open("ul", &[("class", Some("ssd-repush__left"))]);
        for member in left {
            let query = Query::default().with("q", Some(&member.display));
            html.open("li", &[])
                .link(&href(base, &Route::Failures, &query), &member.display)
                .close("li");
        }
        html.close("ul");
    }
    let failures = Query::default().with("resource_type", Some("Group"));
    html.open("p", &[])
        .link(
            &href(base, &Route::Failures, &failures),
            "Failures of group pushes",
        )
        .close("p");
}

#[cfg(test)]
mod tests {
    use super::*;
    use scim_sync_core::api::{ApiErrorCode, GroupSummary, GroupSyncState};
    use scim_sync_core::capacity::{GroupMember, GroupMembers, MemberRef, MemberState};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn detail(states: &[MemberState]) -> GroupDetail {
        GroupDetail {
            summary: GroupSummary {
                id: "g1".into(),
                display_name: "Sales".into(),
                external_id: None,
                state: GroupSyncState::Failed,
                member_count: 0,
                pushed_member_count: states.len() as u64,
                last_push_at: None,
            },
            members: GroupMembers {
                group_id: "g1".into(),
                display_name: "Sales".into(),
                members: states
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        GroupMember::new(
                            MemberRef::unprovisioned(&format!("m{i}"), format!("m{i}@example.com")),
                            *s,
                        )
                    })
                    .collect(),
            },
        }
    }

    const USER: MemberState = MemberState::FailedWithPayload {
        team_account: true,
        active: true,
    };

    #[wasm_bindgen_test]
    fn the_dialog_is_a_heading_a_live_body_and_its_two_buttons() {
        let seats = SeatUsage { limit: 5, used: 0 };
        let groups = [detail(&[USER])];
        let now = face(
            Some(&groups),
            seats,
            Idp::Okta,
            &Stage::Planning,
            None,
            RepushMode::AsPushed,
            "",
        );
        assert_eq!(now.title, "Re-push Sales");
        assert_eq!(now.confirm, Some(("Re-push 1 group".to_owned(), true)));
        let html = dialog_markup(&now);
        assert!(
            html.as_str().starts_with(
                "<h2 class=\"ssd-dialog__title\" id=\"ssd-repush-title\">Re-push Sales</h2><div aria-live=\"polite\" class=\"ssd-repush\">"
            ),
            "{html}"
        );
        assert!(
            html.as_str().ends_with(
                "<div class=\"ssd-dialog__actions\"><button type=\"button\" class=\"ssd-button\" data-action=\"close\" autofocus=\"\">Cancel</button><button type=\"button\" class=\"ssd-button ssd-button--primary\" data-action=\"confirm\" aria-disabled=\"false\">Re-push 1 group</button></div>"
            ),
            "{html}"
        );
    }

    #[wasm_bindgen_test]
    fn while_loading_or_sending_nothing_can_be_confirmed_and_once_over_only_close_is_left() {
        let seats = SeatUsage { limit: 5, used: 0 };
        let loading = face(
            None,
            seats,
            Idp::Okta,
            &Stage::Planning,
            None,
            RepushMode::AsPushed,
            "",
        );
        assert_eq!(loading.title, "Re-push");
        assert_eq!(loading.confirm, Some(("Re-push".to_owned(), false)));
        assert!(
            loading
                .body
                .as_str()
                .contains("Loading the groups and the licence seats")
        );
        let groups = [detail(&[USER])];
        let sending = face(
            Some(&groups),
            seats,
            Idp::Okta,
            &Stage::Sending,
            None,
            RepushMode::AsPushed,
            "",
        );
        assert_eq!(sending.confirm, Some(("Re-pushing…".to_owned(), false)));
        assert_eq!(sending.close, "Cancel");
        let failed = face(
            Some(&groups),
            seats,
            Idp::Okta,
            &Stage::Failed("No.".into()),
            None,
            RepushMode::AsPushed,
            "",
        );
        assert_eq!((failed.close, failed.confirm.clone()), ("Close", None));
        assert!(
            !dialog_markup(&failed)
                .as_str()
                .contains("data-action=\"confirm\"")
        );
    }

    #[wasm_bindgen_test]
    fn after_a_refusal_in_the_same_mode_the_server_s_plan_decides() {
        let seats = SeatUsage { limit: 5, used: 0 };
        let groups = [detail(&[USER])];
        let mut server = repush::plan_for(
            &groups,
            SeatUsage { limit: 1, used: 1 },
            RepushMode::AsPushed,
        );
        server.fits = false;
        let error = ApiError {
            code: ApiErrorCode::LicenceLimit,
            message: "No seat is free".into(),
            plan: Some(server),
        };
        let refused = face(
            Some(&groups),
            seats,
            Idp::Okta,
            &Stage::Refused(error.clone()),
            None,
            RepushMode::AsPushed,
            "",
        );
        assert_eq!(refused.confirm, Some(("Re-push 1 group".to_owned(), false)));
        let as_readers = face(
            Some(&groups),
            seats,
            Idp::Okta,
            &Stage::Refused(error),
            None,
            RepushMode::MembersAsReaders,
            "",
        );
        assert_eq!(
            as_readers.confirm,
            Some(("Re-push 1 group, members as Readers".to_owned(), true))
        );
    }

    #[wasm_bindgen_test]
    fn a_plan_that_does_not_fit_warns_with_links_to_people_and_settings() {
        let seats = SeatUsage { limit: 2, used: 2 };
        let plan = repush::plan_for(&[detail(&[USER, USER])], seats, RepushMode::AsPushed);
        let html = dialog_body(Some(&plan), seats, Idp::Okta, &Stage::Planning, None, "");
        assert!(html.as_str().contains("Does not fit."), "{html}");
        assert!(
            html.as_str()
                .contains("href=\"/people?kind=user&amp;active=true\">Free seats</a>")
        );
        assert!(
            html.as_str()
                .contains("href=\"/settings\">Raise the seat limit</a>")
        );
        assert!(html.as_str().contains("data-action=\"as-readers\""));
        assert!(html.as_str().contains("Push from Okta: "));
        assert!(html.as_str().contains("Nothing changed"));
        assert!(
            html.as_str()
                .contains("data-fits=\"false\">Needs 2 seats; none is free.")
        );
    }

    #[wasm_bindgen_test]
    fn a_refusal_shows_the_server_s_message_and_its_plan() {
        let seats = SeatUsage { limit: 2, used: 2 };
        let plan = repush::plan_for(&[detail(&[USER])], seats, RepushMode::AsPushed);
        let error = ApiError {
            code: ApiErrorCode::LicenceLimit,
            message: "This re-push needs 1 licence seat but no seat is free".into(),
            plan: Some(plan.clone()),
        };
        let html = dialog_body(
            Some(&plan),
            seats,
            Idp::Okta,
            &Stage::Refused(error),
            None,
            "",
        );
        assert!(
            html.as_str()
                .contains("The server refused the re-push; nothing changed.")
        );
        assert!(
            html.as_str()
                .contains("the server&#39;s, computed just now"),
            "{html}"
        );
        assert!(html.as_str().contains("Does not fit."));
    }

    #[wasm_bindgen_test]
    fn progress_is_a_progressbar_with_the_stream_s_figures() {
        let html = dialog_body(
            None,
            SeatUsage { limit: 1, used: 0 },
            Idp::Okta,
            &Stage::Sending,
            Some((1, 4)),
            "",
        );
        assert!(html.as_str().contains("role=\"progressbar\""));
        assert!(html.as_str().contains("aria-valuenow=\"1\""));
        assert!(html.as_str().contains("--ssd-meter-fill: 25%"));
        assert!(html.as_str().contains("1 of 4 members handled"));
    }

    #[wasm_bindgen_test]
    fn the_result_links_the_members_left_for_the_idp_to_their_failures() {
        let seats = SeatUsage { limit: 5, used: 0 };
        let plan = repush::plan_for(
            &[detail(&[USER, MemberState::NoPayload])],
            seats,
            RepushMode::AsPushed,
        );
        let outcome = RepushOutcome {
            plan,
            restored: vec!["g1".into()],
        };
        let html = dialog_body(None, seats, Idp::Okta, &Stage::Done(outcome), None, "");
        assert!(html.as_str().contains("Restored 1 group under its own id."));
        assert!(
            html.as_str()
                .contains("href=\"/failures?q=m1%40example.com\">m1@example.com</a>"),
            "{html}"
        );
    }
}
