//! SCIM setup (under Settings): the SCIM base URL, the project's IdP connections with their
//! SCIM tokens, and how to give both to Okta or Entra ID. Generate a token (shown once), rotate
//! one (a new token while the old keeps working), revoke one (after a confirmation), add a
//! connection. "Last used" and the warnings follow the live stream.
//!
//! The read-only parts are markup (see [`crate::markup::html`]) whose buttons carry a `data-action`,
//! handled by one listener on the page; the rules and sentences are in [`crate::logic::setup`].

use leptos::html::Form;
use leptos::prelude::*;
use scim_sync_core::setup::{
    ConnectionSummary, GeneratedToken, NewConnectionRequest, NewTokenRequest, TokenSummary,
};
use web_sys::Element;

use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::markup::Markup;
use crate::components::page_title::PageTitle;
use crate::components::read_state::ReadState;
use crate::data::api::{ApiRequest, Method, paths};
use crate::data::live_feed::use_live;
use crate::data::read::{Read, Write};
use crate::logic::setup::{self, Warning};
use crate::logic::time::Local;
use crate::markup::copy_button::copy_button;
use crate::markup::dom;
use crate::markup::html::Html;
use crate::markup::shown_once::{ShownOnce, shown_once};
use crate::markup::when::when;
use crate::shell::session::use_session;

/// What a button of a connection is about: the connection, and the token it names if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The connection's id.
    pub connection_id: i64,
    /// The connection's name.
    pub connection: String,
    /// The token's id and name.
    pub token: Option<(i64, String)>,
}

/// What the latest token generation was for: named when it was sent, shown with its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generation {
    /// The connection's name.
    pub connection: String,
    /// The token it replaces (a rotation): its id and name.
    pub replaces: Option<(i64, String)>,
    /// Whether it came with a connection just added.
    pub added: bool,
}

/// The latest action, whose outcome the status line says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Act {
    Generate,
    /// The token's name and its connection's id.
    Revoke(String, i64),
    Copy(&'static str, bool),
}

/// What the admin did on the page, in one signal (each signal type costs the wasm kilobytes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct PageState {
    /// What the latest token generation was for.
    generation: Option<Generation>,
    /// The token the revoke confirmation is about, while it is open.
    revoking: Option<Target>,
    /// The latest action.
    act: Option<Act>,
    /// The generation whose token the admin hid (the panel shows a later one only).
    hidden: usize,
}

/// The SCIM setup page.
#[component]
pub fn ScimSetup() -> impl IntoView {
    let session = use_session();
    let live = use_live();
    let client = session.client.clone();
    let base_url = client.scim_base_url();
    let generate = Write::<GeneratedToken>::new();
    let revoke = Write::<()>::new();
    let connections = Read::<Vec<ConnectionSummary>>::new(move || {
        generate.version();
        revoke.version();
        // Requests arrived: a token's "last used" may have moved.
        live.version.track();
        Some(paths::CONNECTIONS.to_owned())
    });
    let state = RwSignal::new(PageState::default());
    let form = NodeRef::<Form>::new();

    // A token arrived: empty the form if it came with a new connection, and take the keyboard
    // to the panel that shows it.
    let generated = Callback::new(move |_: String| {
        if state.with_untracked(|s| s.generation.as_ref().is_some_and(|g| g.added))
            && let Some(form) = form.get_untracked()
        {
            form.reset();
        }
        request_animation_frame(|| dom::focus("#ssd-new-token-title"));
    });
    let send_generation = {
        let client = client.clone();
        move |request: ApiRequest, what: Generation| {
            if untrack(|| generate.pending()) {
                return;
            }
            state.update(|s| {
                s.generation = Some(what);
                s.act = Some(Act::Generate);
            });
            generate.send_then(&client, request, generated);
        }
    };
    // The connection (and token) a button names, with the name of the connection's next token.
    let target = move |button: &Element| {
        let id = |name: &str| button.get_attribute(name)?.parse::<i64>().ok();
        let (connection, token) = (id("data-connection")?, id("data-token"));
        untrack(|| {
            connections.with(|list| {
                let c = list?.iter().find(|c| c.id == connection)?;
                let token = token.and_then(|t| {
                    let old = c.tokens.iter().find(|o| o.id == t)?;
                    Some((t, old.name.clone()))
                });
                let target = Target {
                    connection_id: c.id,
                    connection: c.name.clone(),
                    token,
                };
                Some((target, setup::next_token_name(c)))
            })
        })
    };
    let on_click = {
        let send_generation = send_generation.clone();
        let base_url = base_url.clone();
        move |ev: leptos::ev::MouseEvent| {
            let Some(button) = dom::acted(&ev) else {
                return;
            };
            match button.get_attribute("data-action").as_deref() {
                Some("copy-url") => copy(base_url.clone(), "SCIM base URL", state),
                Some("copy-token") => copy(
                    button.get_attribute("data-copy").unwrap_or_default(),
                    "token",
                    state,
                ),
                Some("hide-token") => {
                    state.update(|s| s.hidden = untrack(|| generate.version()));
                    // The button goes with the panel: the keyboard goes back to the connection.
                    if let Some(Ok(token)) = untrack(|| generate.result()) {
                        focus_generate(token.connection_id);
                    }
                }
                Some("generate" | "rotate") => {
                    let Some((target, name)) = target(&button) else {
                        return;
                    };
                    let request = ApiRequest::with_json(
                        Method::Post,
                        paths::connection_tokens(target.connection_id),
                        &NewTokenRequest { name },
                    );
                    send_generation(
                        request,
                        Generation {
                            connection: target.connection,
                            replaces: target.token,
                            added: false,
                        },
                    );
                }
                Some("revoke") => {
                    if let Some((target, _)) = target(&button).filter(|(t, _)| t.token.is_some()) {
                        state.update(|s| s.revoking = Some(target));
                    }
                }
                _ => {}
            }
        }
    };
    let on_add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = form
            .get_untracked()
            .and_then(|f| f.query_selector("[name=\"name\"]").ok().flatten())
        else {
            return;
        };
        let name = dom::value_of(&input).trim().to_owned();
        if name.is_empty() {
            return;
        }
        let request = ApiRequest::with_json(
            Method::Post,
            paths::CONNECTIONS,
            &NewConnectionRequest { name: name.clone() },
        );
        send_generation(
            request,
            Generation {
                connection: name,
                replaces: None,
                added: true,
            },
        );
    };
    let confirm_revoke = Callback::new(move |()| {
        let Some(target) = state.try_update(|s| s.revoking.take()).flatten() else {
            return;
        };
        let Some((token_id, token)) = target.token else {
            return;
        };
        if untrack(|| revoke.pending()) {
            return;
        }
        state.update(|s| s.act = Some(Act::Revoke(token, target.connection_id)));
        // Revoked: the token's buttons are gone, so the keyboard goes to its connection's
        // Generate button, before the list is redrawn (which keeps it there).
        let connection = target.connection_id;
        revoke.send_then(
            &client,
            ApiRequest {
                method: Method::Delete,
                path: paths::connection_token(target.connection_id, token_id),
                body: None,
            },
            Callback::new(move |_: String| focus_generate(connection)),
        );
    });
    let cancel_revoke = Callback::new(move |()| state.update(|s| s.revoking = None));
    // What the latest action did, and whether that is good news.
    let status = move || {
        Some(match state.with(|s| s.act.clone())? {
            Act::Copy(what, true) => (format!("Copied the {what}."), true),
            Act::Copy(what, false) => (
                format!("Your browser did not allow copying: select the {what} and copy it."),
                false,
            ),
            Act::Generate => match generate.result()? {
                Ok(_) => (
                    state.with(|s| s.generation.as_ref().map(generated_sentence))?,
                    true,
                ),
                Err(failure) if !session.check(&failure) => (
                    format!("No token was generated: {}", failure.message()),
                    false,
                ),
                Err(_) => return None,
            },
            Act::Revoke(token, _) => match revoke.error() {
                Some(failure) if !session.check(&failure) => {
                    (format!("Not revoked: {}", failure.message()), false)
                }
                None if !revoke.pending() && revoke.version() > 0 => (
                    format!("Revoked \u{201C}{token}\u{201D}: your IdP now gets 401 with it."),
                    true,
                ),
                _ => return None,
            },
        })
    };
    let copied = move |what: &'static str| {
        state.with(|s| matches!(s.act, Some(Act::Copy(w, true)) if w == what))
    };
    // The base URL, and the token just generated until the admin hides it.
    let top = move || {
        let mut html = Html::new();
        base_url_markup(&mut html, &base_url, copied("SCIM base URL"));
        if generate.version() != state.with(|s| s.hidden)
            && let Some(Ok(token)) = generate.result()
        {
            let copied = copied("token");
            state.with(|s| {
                connections.with(|list| {
                    let list = list.map_or(&[][..], Vec::as_slice);
                    new_token_panel(&mut html, &token, s.generation.as_ref(), list, copied);
                });
            });
        }
        html
    };
    let busy = move || generate.pending() || revoke.pending();
    let list = move || {
        let busy = busy();
        connections.with(|list| {
            list.map(|list| connections_markup(list, busy, &Local::browser()))
                .unwrap_or_default()
        })
    };
    let revoke_text = move || {
        state.with(|s| {
            s.revoking
                .as_ref()
                .and_then(|r| Some(setup::revoke_sentence(&r.connection, &r.token.as_ref()?.1)))
                .unwrap_or_default()
        })
    };

    view! {
        <div class="ssd-page ssd-setup" on:click=on_click>
            <PageTitle title="SCIM setup" />
            <p class="ssd-muted">
                "Give your identity provider (IdP) the SCIM base URL and a token of one of its connections below, and it provisions people and groups into this project. \u{201C}Last used\u{201D} may lag a minute behind."
            </p>
            <div class="ssd-setup__status" aria-live="polite" role="status">
                {move || {
                    status().map(|(text, ok)| {
                        view! { <p class="ssd-outcome" data-state=if ok { "ok" } else { "failed" }>{text}</p> }
                    })
                }}
            </div>
            <Markup html=top class="ssd-page" />
            <ReadState read=connections.progress() />
            <Markup html=list class="ssd-stack" />
            <form class="ssd-card ssd-setup__add" aria-labelledby="ssd-add-connection-title" node_ref=form on:submit=on_add>
                <h2 class="ssd-card__title" id="ssd-add-connection-title">"Add a connection"</h2>
                <p class="ssd-muted">"One per IdP app, such as \u{201C}Okta production\u{201D}; it comes with its first token."</p>
                <div class="ssd-inline-form">
                    <div class="ssd-field">
                        <label class="ssd-field__label" for="ssd-connection-name">"Connection name"</label>
                        <input id="ssd-connection-name" name="name" class="ssd-field__input" type="text" required maxlength="100" autocomplete="off" />
                    </div>
                    <button type="submit" class="ssd-button ssd-button--primary" aria-disabled=move || busy().to_string()>
                        "Add connection"
                    </button>
                </div>
            </form>
            <section class="ssd-card" aria-labelledby="ssd-guide-title" inner_html=guide_markup()></section>
            <ConfirmDialog
                open=Signal::derive(move || state.with(|s| s.revoking.is_some()))
                title="Revoke this SCIM token?"
                confirm_label="Revoke token"
                on_confirm=confirm_revoke
                on_cancel=cancel_revoke
            >
                <p>{revoke_text}</p>
            </ConfirmDialog>
        </div>
    }
}

/// Copies `text` and says whether that worked.
fn copy(text: String, what: &'static str, state: RwSignal<PageState>) {
    leptos::task::spawn_local(async move {
        let copied = dom::copy_text(&text).await;
        state.update(|s| s.act = Some(Act::Copy(what, copied)));
    });
}

/// Moves the keyboard to a connection's Generate button, on the next frame.
fn focus_generate(connection: i64) {
    request_animation_frame(move || dom::focus(&format!("[data-key=\"generate-{connection}\"]")));
}

/// What the status line says once a token was generated.
pub fn generated_sentence(generation: &Generation) -> String {
    let what = if generation.added {
        format!(
            "Added the connection {} with its first token.",
            generation.connection
        )
    } else {
        format!("Generated a token for {}.", generation.connection)
    };
    format!("{what} Copy the token now: it will not be shown again.")
}

/// The SCIM base URL, with its copy button.
pub fn base_url_markup(html: &mut Html, url: &str, copied: bool) {
    html.open(
        "section",
        &[
            ("class", Some("ssd-card")),
            ("aria-labelledby", Some("ssd-base-url-title")),
        ],
    )
    .element(
        "h2",
        &[
            ("class", Some("ssd-card__title")),
            ("id", Some("ssd-base-url-title")),
        ],
        "SCIM base URL",
    )
    .open("div", &[("class", Some("ssd-copy"))])
    .class("code", "ssd-copy__value", url);
    copy_button(html, "copy-url", None, " the SCIM base URL", copied);
    html.close("div").class(
        "p",
        "ssd-muted",
        "The same for every connection: the token says which one is calling.",
    );
    html.close("section");
}

/// The token just generated, shown once, with what to do with it.
pub fn new_token_panel(
    html: &mut Html,
    token: &GeneratedToken,
    generation: Option<&Generation>,
    connections: &[ConnectionSummary],
    copied: bool,
) {
    let connection = generation.map_or("", |g| g.connection.as_str());
    let next = match generation.and_then(|g| g.replaces.as_ref()) {
        Some((old_id, old)) => {
            let revoked = connections
                .iter()
                .flat_map(|c| &c.tokens)
                .any(|t| t.id == *old_id && !setup::is_valid(t));
            setup::rotation_sentence(old, revoked)
        }
        None => {
            "Paste it into your IdP with the SCIM base URL (see the setup guide below).".to_owned()
        }
    };
    shown_once(
        html,
        &ShownOnce {
            title_id: "ssd-new-token-title",
            title: &format!(
                "New token \u{201C}{}\u{201D} for {connection}",
                token.summary.name
            ),
            value: &token.token,
            copy: ("copy-token", " the new token"),
            copied,
            next: &next,
            hide: ("hide-token", "I have copied it: hide the token"),
        },
    );
}

/// Every connection with its warnings and its tokens.
pub fn connections_markup(connections: &[ConnectionSummary], busy: bool, local: &Local) -> Html {
    let mut html = Html::new();
    if connections.is_empty() {
        html.class(
            "p",
            "ssd-empty",
            "No IdP connection yet: add one below to get its first token.",
        );
        return html;
    }
    let disabled = Some(if busy { "true" } else { "false" });
    for connection in connections {
        let id = connection.id.to_string();
        let title_id = format!("ssd-connection-{id}");
        html.open(
            "section",
            &[
                ("class", Some("ssd-card ssd-connection")),
                ("aria-labelledby", Some(&title_id)),
            ],
        )
        .open("div", &[("class", Some("ssd-card__header"))])
        .element(
            "h2",
            &[("class", Some("ssd-card__title")), ("id", Some(&title_id))],
            &connection.name,
        )
        .open("p", &[("class", Some("ssd-muted"))])
        .text("Added ");
        when(&mut html, &connection.created_at, local);
        html.close("p").close("div");
        for warning in setup::warnings(connection) {
            warning_markup(&mut html, warning);
        }
        tokens_table(&mut html, connection, disabled, local);
        html.open(
            "button",
            &[
                ("type", Some("button")),
                ("class", Some("ssd-button")),
                ("data-action", Some("generate")),
                ("data-connection", Some(&id)),
                ("data-key", Some(&format!("generate-{id}"))),
                ("aria-disabled", disabled),
            ],
        )
        .text("Generate token")
        .class(
            "span",
            "ssd-visually-hidden",
            &format!(" for {}", connection.name),
        )
        .close("button")
        .close("section");
    }
    html
}

fn warning_markup(html: &mut Html, warning: Warning) {
    html.element(
        "p",
        &[
            ("class", Some("ssd-setup-warning")),
            ("data-warning", Some(warning.code())),
        ],
        warning.sentence(),
    );
}

fn tokens_table(
    html: &mut Html,
    connection: &ConnectionSummary,
    disabled: Option<&str>,
    local: &Local,
) {
    html.open("div", &[("class", Some("ssd-table-wrap"))])
        .open("table", &[("class", Some("ssd-table ssd-tokens"))])
        .class(
            "caption",
            "ssd-visually-hidden",
            &format!("SCIM tokens of {}", connection.name),
        )
        .open("thead", &[])
        .open("tr", &[]);
    for heading in ["Token", "Prefix", "Last used", "State"] {
        html.element("th", &[("scope", Some("col"))], heading);
    }
    html.open("th", &[("scope", Some("col"))])
        .class("span", "ssd-visually-hidden", "Actions")
        .close("th")
        .close("tr")
        .close("thead")
        .open("tbody", &[]);
    for token in &connection.tokens {
        token_row(html, connection, token, disabled, local);
    }
    html.close("tbody").close("table").close("div");
}

fn token_row(
    html: &mut Html,
    connection: &ConnectionSummary,
    token: &TokenSummary,
    disabled: Option<&str>,
    local: &Local,
) {
    let valid = setup::is_valid(token);
    html.open(
        "tr",
        &[("data-revoked", Some(if valid { "false" } else { "true" }))],
    )
    .open("th", &[("scope", Some("row"))])
    .class("span", "ssd-tokens__name", &token.name)
    .open("span", &[("class", Some("ssd-tokens__when"))])
    .text("Created ");
    when(html, &token.created_at, local);
    html.close("span")
        .close("th")
        .open("td", &[])
        .element("code", &[], &setup::shown_prefix(token))
        .close("td")
        .open("td", &[]);
    match &token.last_used_at {
        Some(at) => when(html, at, local),
        None => {
            html.text("Never");
        }
    }
    html.close("td").open("td", &[]);
    match &token.revoked_at {
        None => {
            html.element(
                "span",
                &[("class", Some("ssd-state")), ("data-state", Some("valid"))],
                "Valid",
            );
        }
        Some(at) => {
            html.element(
                "span",
                &[
                    ("class", Some("ssd-state")),
                    ("data-state", Some("revoked")),
                ],
                "Revoked",
            )
            .open("span", &[("class", Some("ssd-tokens__when"))]);
            when(html, at, local);
            html.close("span");
        }
    }
    html.close("td")
        .open("td", &[("class", Some("ssd-tokens__actions"))]);
    if valid {
        let (connection_id, token_id) = (connection.id.to_string(), token.id.to_string());
        for (action, label) in [("rotate", "Rotate"), ("revoke", "Revoke")] {
            html.open(
                "button",
                &[
                    ("type", Some("button")),
                    (
                        "class",
                        Some(if action == "revoke" {
                            "ssd-button ssd-button--danger"
                        } else {
                            "ssd-button"
                        }),
                    ),
                    ("data-action", Some(action)),
                    ("data-connection", Some(&connection_id)),
                    ("data-token", Some(&token_id)),
                    ("data-key", Some(&format!("{action}-{token_id}"))),
                    ("aria-disabled", disabled),
                ],
            )
            .text(label)
            .class("span", "ssd-visually-hidden", &format!(" {}", token.name))
            .close("button");
        }
    }
    html.close("td").close("tr");
}

/// Where the base URL and a token go in each IdP, in its own words.
pub fn guide_markup() -> Html {
    let mut html = Html::new();
    html.element(
        "h2",
        &[
            ("class", Some("ssd-card__title")),
            ("id", Some("ssd-guide-title")),
        ],
        "Setup guide",
    );
    let guides: [(&str, &[&str]); 2] = [
        (
            "Okta",
            &[
                "In the Okta Admin Console, open Applications > your app > Provisioning > Integration, and choose Edit.",
                "Paste the SCIM base URL into \u{201C}SCIM connector base URL\u{201D}.",
                "Choose HTTP Header as the authentication mode and paste the token into \u{201C}API token\u{201D}.",
                "Test the connector configuration, then save.",
            ],
        ),
        (
            "Microsoft Entra ID",
            &[
                "In the Microsoft Entra admin center, open Enterprise applications > your application > Provisioning.",
                "Under Admin credentials, paste the SCIM base URL into \u{201C}Tenant URL\u{201D} and the token into \u{201C}Secret token\u{201D}.",
                "Choose Test connection; once it succeeds, save.",
            ],
        ),
    ];
    html.open("div", &[("class", Some("ssd-guide"))]);
    for (idp, steps) in guides {
        html.open("div", &[])
            .class("h3", "ssd-guide__idp", idp)
            .open("ol", &[("class", Some("ssd-guide__steps"))]);
        for step in steps {
            html.element("li", &[], step);
        }
        html.close("ol").close("div");
    }
    html.close("div");
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn panel(
        token: &GeneratedToken,
        generation: &Generation,
        connections: &[ConnectionSummary],
        copied: bool,
    ) -> Html {
        let mut html = Html::new();
        new_token_panel(&mut html, token, Some(generation), connections, copied);
        html
    }

    fn token(id: i64, used: bool, revoked: bool) -> TokenSummary {
        TokenSummary {
            id,
            name: format!("Token {id}"),
            prefix: Some("ssd_7f3a".to_owned()),
            created_at: "2026-12-01T09:00:00Z".to_owned(),
            last_used_at: used.then(|| "2026-12-01T09:05:00Z".to_owned()),
            revoked_at: revoked.then(|| "2026-12-01T10:00:00Z".to_owned()),
        }
    }

    fn connection(tokens: Vec<TokenSummary>, refused: bool) -> ConnectionSummary {
        ConnectionSummary {
            id: 4,
            name: "Okta <prod>".to_owned(),
            created_at: "2026-12-01T08:00:00Z".to_owned(),
            tokens,
            last_request_refused: refused,
        }
    }

    fn utc() -> Local {
        Local::new("en-GB", "UTC")
    }

    #[wasm_bindgen_test]
    fn a_valid_token_can_be_rotated_or_revoked_and_a_revoked_one_is_marked() {
        let html = connections_markup(
            &[connection(
                vec![token(1, true, true), token(2, false, false)],
                false,
            )],
            false,
            &utc(),
        );

        assert!(html.as_str().contains(
            "<h2 class=\"ssd-card__title\" id=\"ssd-connection-4\">Okta &lt;prod&gt;</h2>"
        ));
        assert!(html.as_str().contains(
            "<tr data-revoked=\"true\"><th scope=\"row\"><span class=\"ssd-tokens__name\">Token 1</span><span class=\"ssd-tokens__when\">Created <time"
        ));
        assert!(html.as_str().contains(
            "data-state=\"revoked\">Revoked</span><span class=\"ssd-tokens__when\"><time"
        ));
        assert!(html.as_str().contains("<td>Never</td>"), "{html}");
        assert!(!html.as_str().contains("data-key=\"revoke-1\""));
        assert!(html.as_str().contains(
            "data-action=\"revoke\" data-connection=\"4\" data-token=\"2\" data-key=\"revoke-2\" aria-disabled=\"false\">Revoke<span class=\"ssd-visually-hidden\"> Token 2</span></button>"
        ));
        assert!(
            html.as_str()
                .contains("data-action=\"rotate\" data-connection=\"4\" data-token=\"2\"")
        );
        assert!(html.as_str().contains("<td><code>ssd_7f3a…</code></td>"));
    }

    #[wasm_bindgen_test]
    fn a_connection_shows_its_warnings() {
        let refused = connection(vec![token(1, true, false)], true);
        let html = connections_markup(&[refused], true, &utc());

        assert!(html.as_str().contains("data-warning=\"refused\">The IdP&#39;s last request was refused: its token may be revoked or mistyped."));
        assert!(!html.as_str().contains("data-warning=\"never_used\""));
        assert!(html.as_str().contains("aria-disabled=\"true\""));
        assert!(
            connections_markup(
                &[connection(vec![token(1, false, false)], false)],
                false,
                &utc()
            )
            .as_str()
            .contains("data-warning=\"never_used\">No request has used this connection")
        );
        assert!(
            connections_markup(&[], false, &utc())
                .as_str()
                .contains("No IdP connection yet")
        );
    }

    #[wasm_bindgen_test]
    fn a_new_token_is_shown_once_with_a_copy_button_and_what_to_do_next() {
        let generated = GeneratedToken {
            connection_id: 4,
            summary: token(2, false, false),
            token: "ssd_7f3a9c\"x".to_owned(),
        };
        let rotation = Generation {
            connection: "Okta".to_owned(),
            replaces: Some((1, "Token 1".to_owned())),
            added: false,
        };

        let html = panel(&generated, &rotation, &[], false);

        assert!(html.as_str().contains(">New token “Token 2” for Okta</h2>"));
        assert!(
            html.as_str()
                .contains("Copy it now: it will not be shown again.")
        );
        assert!(html.as_str().contains(">ssd_7f3a9c&quot;x</code>"));
        assert!(html.as_str().contains("data-action=\"copy-token\" data-key=\"copy-token\" data-copy=\"ssd_7f3a9c&quot;x\">Copy<span class=\"ssd-visually-hidden\"> the new token</span>"));
        assert!(
            html.as_str()
                .contains("Both tokens work now. Paste the new token into your IdP")
        );
        let revoked = connection(vec![token(1, true, true), token(2, false, false)], false);
        let html = panel(&generated, &rotation, &[revoked], true);
        assert!(
            html.as_str()
                .contains("is revoked: only the new token works now")
        );
        assert!(html.as_str().contains(">Copied<span"));
    }

    #[wasm_bindgen_test]
    fn the_status_says_a_new_token_will_not_be_shown_again() {
        let added = Generation {
            connection: "Entra".to_owned(),
            replaces: None,
            added: true,
        };
        assert_eq!(
            generated_sentence(&added),
            "Added the connection Entra with its first token. Copy the token now: it will not be shown again."
        );
    }

    #[wasm_bindgen_test]
    fn the_guide_names_each_idp_s_own_fields() {
        let html = guide_markup();
        for field in [
            "Applications &gt; your app &gt; Provisioning &gt; Integration",
            "“SCIM connector base URL”",
            "“API token”",
            "HTTP Header",
            "Provisioning",
            "Admin credentials",
            "“Tenant URL”",
            "“Secret token”",
            "Test connection",
        ] {
            assert!(html.as_str().contains(field), "{field}");
        }
        let mut base = Html::new();
        base_url_markup(&mut base, "http://x/scim/v2", false);
        assert!(
            base.as_str()
                .contains("<code class=\"ssd-copy__value\">http://x/scim/v2</code>")
        );
    }
}
