//! The dashboard's components, mounted in headless Chromium (wasm-bindgen-test).

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use leptos::tachys::view::Mountable;
use scim_sync_core::api::{
    CategoryCount, GroupDetail, GroupSummary, GroupSyncState, RunStatus, RunSummary,
};
use scim_sync_core::capacity::{GroupMember, GroupMembers, MemberRef, MemberState, RepushMode};
use scim_sync_core::category::FailureCategory;
use scim_sync_core::idp::Idp;
use scim_sync_core::seats::SeatUsage;
use scim_sync_dashboard::components::error_panel::ErrorPanel;
use scim_sync_dashboard::components::markup::Markup;
use scim_sync_dashboard::components::repush_dialog::{RepushDialog, Stage};
use scim_sync_dashboard::components::sign_in::SignIn;
use scim_sync_dashboard::markup::html::Html;
use scim_sync_dashboard::markup::last_run::last_run;
use scim_sync_dashboard::markup::licence_meter::meter;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the page's body to mount a component into.
fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

fn find(host: &HtmlElement, selector: &str) -> Element {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

fn text(host: &HtmlElement) -> String {
    host.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
fn the_licence_meter_shows_seats_used_of_the_limit_and_those_free() {
    let host = host();
    let _app = mount_to(host.clone(), || {
        let seats = SeatUsage { limit: 10, used: 7 };
        view! { <Markup html=meter(seats) /> }
    });

    let meter = find(&host, "[role=meter]");
    assert_eq!(meter.get_attribute("aria-valuenow").as_deref(), Some("7"));
    assert_eq!(meter.get_attribute("aria-valuemax").as_deref(), Some("10"));
    assert_eq!(meter.get_attribute("data-level").as_deref(), Some("ok"));
    assert!(text(&host).contains("7 of 10 seats used"));
    assert!(text(&host).contains("3 free"));
}

#[wasm_bindgen_test]
async fn a_full_licence_meter_is_marked_full_and_follows_its_signal() {
    let host = host();
    let seats = RwSignal::new(SeatUsage { limit: 2, used: 1 });
    let _app = mount_to(host.clone(), move || {
        view! { <Markup html=move || meter(seats.get()) /> }
    });

    seats.set(SeatUsage { limit: 2, used: 2 });
    leptos::task::tick().await;

    let meter = find(&host, "[role=meter]");
    assert_eq!(meter.get_attribute("data-level").as_deref(), Some("full"));
    assert!(text(&host).contains("No seat free"));
}

#[wasm_bindgen_test]
fn the_sign_in_form_has_a_labelled_password_field_and_a_submit_button() {
    let host = host();
    let _app = mount_to(host.clone(), || {
        let session = RwSignal::new(None);
        view! { <SignIn api_base=String::new() session=session expired=RwSignal::new(false) /> }
    });

    let label = find(&host, "label[for=ssd-admin-token]");
    assert_eq!(label.text_content().as_deref(), Some("Admin token"));
    let input = find(&host, "#ssd-admin-token");
    assert_eq!(input.get_attribute("type").as_deref(), Some("password"));
    let button = find(&host, "button[type=submit]");
    assert_eq!(button.text_content().as_deref(), Some("Sign in"));
}

#[wasm_bindgen_test]
fn the_error_panel_retries_when_its_button_is_pressed() {
    static RETRIES: AtomicU32 = AtomicU32::new(0);
    let host = host();
    let _app = mount_to(host.clone(), || {
        let on_retry = Callback::new(|()| {
            RETRIES.fetch_add(1, Ordering::SeqCst);
        });
        view! { <ErrorPanel message="The server could not be reached.".to_owned() on_retry=on_retry /> }
    });

    find(&host, "button")
        .unchecked_into::<HtmlElement>()
        .click();

    assert_eq!(RETRIES.load(Ordering::SeqCst), 1);
    assert_eq!(
        find(&host, "[role=alert]")
            .get_attribute("class")
            .as_deref(),
        Some("ssd-error-panel")
    );
    assert!(text(&host).contains("could not be reached"));
}

#[wasm_bindgen_test]
fn the_last_run_lists_its_failures_by_category() {
    let host = host();
    let run = RunSummary {
        id: 1,
        connection: "default".into(),
        idp: Idp::Okta,
        status: RunStatus::Failed,
        started_at: "2026-11-29T00:00:00Z".into(),
        last_event_at: "2026-11-29T00:01:00Z".into(),
        requests: 12,
        failures: 3,
        failures_by_category: vec![
            CategoryCount {
                category: FailureCategory::LicenceLimit,
                count: 2,
            },
            CategoryCount {
                category: FailureCategory::DuplicateUser,
                count: 1,
            },
        ],
        duration_ms: 60_000,
    };
    let _app = mount_to(
        host.clone(),
        move || view! { <Markup html=last_run(Some(&run)) /> },
    );

    let content = text(&host);
    assert!(content.contains("Failed from Okta"), "{content}");
    assert!(content.contains("12 requests"));
    assert!(content.contains("Licence limit reached 2"), "{content}");
    assert!(content.contains("Duplicate user 1"));
}

#[wasm_bindgen_test]
fn before_any_request_the_last_run_says_none_was_received() {
    let host = host();
    let _app = mount_to(host.clone(), || view! { <Markup html=last_run(None) /> });

    assert!(text(&host).contains("No sync request received yet"));
}

/// A group "Sales" whose two members failed as active Users.
fn sales() -> GroupDetail {
    let user = MemberState::FailedWithPayload {
        team_account: true,
        active: true,
    };
    GroupDetail {
        summary: GroupSummary {
            id: "g1".into(),
            display_name: "Sales".into(),
            external_id: None,
            state: GroupSyncState::Failed,
            member_count: 0,
            pushed_member_count: 2,
            last_push_at: None,
        },
        members: GroupMembers {
            group_id: "g1".into(),
            display_name: "Sales".into(),
            members: ["ada", "bob"]
                .into_iter()
                .map(|n| {
                    GroupMember::new(
                        MemberRef::unprovisioned(n, format!("{n}@example.com")),
                        user,
                    )
                })
                .collect(),
        },
    }
}

/// Mounts the dialog for [`sales`] with `seats`; `confirmed` counts confirmations, and the
/// last mode confirmed is stored as 1 (as pushed) or 2 (as Readers).
fn mount_dialog(
    seats: SeatUsage,
    confirmed: &'static AtomicU32,
) -> (HtmlElement, UnmountHandle<impl Mountable>) {
    let host = host();
    let app = mount_to(host.clone(), move || {
        let on_confirm = Callback::new(move |mode: RepushMode| {
            confirmed.store(
                if mode == RepushMode::AsPushed { 1 } else { 2 },
                Ordering::SeqCst,
            );
        });
        view! {
            <RepushDialog
                groups=Some(vec![sales()])
                seats=seats
                idp=Idp::Okta
                stage=Stage::Planning
                progress=None
                base=String::new()
                on_confirm=on_confirm
                on_close=Callback::new(|()| {})
            />
        }
    });
    (host, app)
}

fn click(host: &HtmlElement, selector: &str) {
    find(host, selector).unchecked_into::<HtmlElement>().click();
}

#[wasm_bindgen_test]
async fn the_repush_dialog_is_a_labelled_modal_dialog() {
    static CONFIRMED: AtomicU32 = AtomicU32::new(0);
    let (host, _app) = mount_dialog(SeatUsage { limit: 5, used: 0 }, &CONFIRMED);
    settle().await;

    let dialog = find(&host, "[role=dialog]");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        find(&host, &format!("#{title_id}"))
            .text_content()
            .as_deref(),
        Some("Re-push Sales")
    );
    assert!(
        dialog.has_attribute("open"),
        "shown as a modal when mounted"
    );
    assert!(text(&host).contains("2 members to create as Users: one seat each"));
}

#[wasm_bindgen_test]
async fn a_plan_that_fits_is_confirmed_as_pushed() {
    static CONFIRMED: AtomicU32 = AtomicU32::new(0);
    let (host, _app) = mount_dialog(SeatUsage { limit: 5, used: 3 }, &CONFIRMED);
    leptos::task::tick().await;

    let confirm = find(&host, "[data-action=confirm]");
    assert_eq!(
        confirm.get_attribute("aria-disabled").as_deref(),
        Some("false")
    );
    assert_eq!(confirm.text_content().as_deref(), Some("Re-push 1 group"));
    assert!(!text(&host).contains("Does not fit"));
    click(&host, "[data-action=confirm]");
    assert_eq!(CONFIRMED.load(Ordering::SeqCst), 1);
}

#[wasm_bindgen_test]
async fn a_plan_that_does_not_fit_warns_and_its_confirm_does_nothing() {
    static CONFIRMED: AtomicU32 = AtomicU32::new(0);
    let (host, _app) = mount_dialog(SeatUsage { limit: 3, used: 2 }, &CONFIRMED);
    leptos::task::tick().await;

    let confirm = find(&host, "[data-action=confirm]");
    assert_eq!(
        confirm.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    let content = text(&host);
    assert!(content.contains("Does not fit."), "{content}");
    assert!(
        content.contains("This re-push needs 2 licence seats but only 1 seat is free"),
        "{content}"
    );
    assert!(content.contains("Needs 2 seats; 1 is free."));
    assert!(content.contains("Push from Okta: Let Okta send it again"));
    click(&host, "[data-action=confirm]");
    assert_eq!(CONFIRMED.load(Ordering::SeqCst), 0, "nothing is confirmed");
}

#[wasm_bindgen_test]
async fn pushing_those_members_as_readers_makes_the_plan_fit() {
    static CONFIRMED: AtomicU32 = AtomicU32::new(0);
    let (host, _app) = mount_dialog(SeatUsage { limit: 1, used: 1 }, &CONFIRMED);
    leptos::task::tick().await;

    click(&host, "[data-action=as-readers]");
    leptos::task::tick().await;

    let confirm = find(&host, "[data-action=confirm]");
    assert_eq!(
        confirm.get_attribute("aria-disabled").as_deref(),
        Some("false")
    );
    assert_eq!(
        confirm.text_content().as_deref(),
        Some("Re-push 1 group, members as Readers")
    );
    assert!(text(&host).contains("2 members to create as Readers: no seat"));
    assert!(!text(&host).contains("Does not fit"));
    click(&host, "[data-action=confirm]");
    assert_eq!(CONFIRMED.load(Ordering::SeqCst), 2);
}

/// Runs the effects and tasks queued so far.
async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

#[wasm_bindgen_test]
async fn markup_follows_its_signal_and_keeps_the_focus_on_the_same_link() {
    let host = host();
    let runs = |requests: &str| {
        let mut html = Html::new();
        html.link("/runs/1", "Run 1")
            .text(" ")
            .link("/runs/2", "Run 2")
            .text(" ")
            .element("span", &[], requests);
        html
    };
    let html = RwSignal::new(runs("3 requests"));
    let _app = mount_to(
        host.clone(),
        move || view! { <Markup html=move || html.get() /> },
    );
    find(&host, "a[href='/runs/2']")
        .unchecked_into::<HtmlElement>()
        .focus()
        .unwrap();

    html.set(runs("4 requests"));
    settle().await;

    assert!(text(&host).contains("4 requests"));
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(active.get_attribute("href").as_deref(), Some("/runs/2"));
}

#[wasm_bindgen_test]
async fn the_confirm_dialog_opens_modal_starting_on_cancel_and_reports_the_choice() {
    use scim_sync_dashboard::components::confirm_dialog::ConfirmDialog;
    static CONFIRMED: AtomicU32 = AtomicU32::new(0);

    let host = host();
    let open = RwSignal::new(false);
    let _app = mount_to(host.clone(), move || {
        view! {
            <ConfirmDialog
                open=open
                title="Turn SCIM provisioning off?"
                confirm_label="Turn SCIM off"
                on_confirm=Callback::new(move |()| {
                    CONFIRMED.fetch_add(1, Ordering::SeqCst);
                    open.set(false);
                })
                on_cancel=Callback::new(move |()| open.set(false))
            >
                <p>"Groups are not restored."</p>
            </ConfirmDialog>
        }
    });
    let dialog: web_sys::HtmlDialogElement = find(&host, "dialog").unchecked_into();
    assert!(!dialog.open());

    open.set(true);
    settle().await;
    assert!(dialog.open());
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let active = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .active_element()
        .unwrap();
    assert_eq!(active.text_content().as_deref(), Some("Cancel"));

    find(&host, "[data-action=confirm]")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(CONFIRMED.load(Ordering::SeqCst), 1);
    assert!(!dialog.open());
}

#[wasm_bindgen_test]
async fn the_scim_switch_asks_before_turning_scim_off_but_not_before_turning_it_on() {
    use scim_sync_core::api::SettingsUpdate;
    use scim_sync_dashboard::components::scim_switch::ScimSwitch;
    static CHOSEN: AtomicU32 = AtomicU32::new(0);

    let host = host();
    let enabled = RwSignal::new(true);
    let _app = mount_to(host.clone(), move || {
        let on_change = Callback::new(move |change: SettingsUpdate| {
            let on = change
                .scim_enabled
                .expect("the switch turns SCIM on or off");
            assert_eq!(
                change.seat_limit, None,
                "the switch leaves the seat limit alone"
            );
            CHOSEN.store(if on { 2 } else { 1 }, Ordering::SeqCst);
            enabled.set(on);
        });
        view! { <ScimSwitch enabled=enabled pending=false on_change=on_change /> }
    });

    find(&host, "[data-action=toggle-scim]")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    let dialog: web_sys::HtmlDialogElement = find(&host, "dialog").unchecked_into();
    assert!(dialog.open(), "turning SCIM off is confirmed first");
    assert_eq!(CHOSEN.load(Ordering::SeqCst), 0);
    assert!(text(&host).contains("Groups are not restored when you turn SCIM back on."));

    find(&host, "[data-action=confirm]")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(CHOSEN.load(Ordering::SeqCst), 1);
    assert!(text(&host).contains("Turn SCIM on"));

    find(&host, "[data-action=toggle-scim]")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(
        CHOSEN.load(Ordering::SeqCst),
        2,
        "turning it on needs no confirmation"
    );
}

#[wasm_bindgen_test]
async fn the_theme_toggle_is_a_pressed_button_when_dark() {
    use scim_sync_dashboard::components::theme_toggle::ThemeToggle;
    use scim_sync_dashboard::shell::config::Theme;

    let host = host();
    let theme = RwSignal::new(Theme::Light);
    let _app = mount_to(host.clone(), move || {
        view! { <ThemeToggle theme=theme /> }
    });
    let button = find(&host, "button");
    assert_eq!(
        button.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );

    button.clone().unchecked_into::<HtmlElement>().click();
    settle().await;

    assert_eq!(theme.get_untracked(), Theme::Dark);
    assert_eq!(
        button.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn the_error_panel_of_a_read_offers_retry_and_a_refused_token_ends_the_session() {
    use scim_sync_core::api::{ApiError, ApiErrorCode};
    use scim_sync_dashboard::components::read_state::ReadState;
    use scim_sync_dashboard::data::api::{ApiClient, ApiFailure};
    use scim_sync_dashboard::data::read::ReadProgress;
    use scim_sync_dashboard::shell::session::Session;
    static EXPIRED: AtomicU32 = AtomicU32::new(0);

    let host = host();
    let error = RwSignal::new(Some(ApiFailure::Network("refused".to_owned())));
    let _app = mount_to(host.clone(), move || {
        provide_context(Session {
            client: ApiClient::new("", "token"),
            expire: Callback::new(|()| {
                EXPIRED.fetch_add(1, Ordering::SeqCst);
            }),
        });
        let read = ReadProgress {
            loading: Signal::from(false),
            error: error.into(),
            retry: Callback::new(|()| {}),
        };
        view! { <ReadState read=read /> }
    });
    assert!(text(&host).contains("could not be reached"));
    assert!(
        find(&host, "button")
            .text_content()
            .unwrap()
            .contains("Retry")
    );

    error.set(Some(ApiFailure::Api(ApiError::new(
        ApiErrorCode::Unauthorized,
        "Sign in again.",
    ))));
    settle().await;

    assert_eq!(EXPIRED.load(Ordering::SeqCst), 1);
    assert!(!text(&host).contains("Sign in again."));
}
