//! The live stream wired to the page: one `EventSource` per session (see [`crate::data::api::stream`]),
//! reconnected with backoff, whose messages become signals every page reads. Shared through
//! context: see [`use_live`].
//!
//! Pages re-read their data when [`LiveFeed::version`] moves; it moves at most once per
//! [`FLUSH_MS`] however busy the stream is, and once after each opening of the stream (what
//! happened before it opened is read again). Pages need no timer of their own: the server
//! also announces the end of a run (which comes by idle time). New failures are announced in
//! an `aria-live` region at most once per [`ANNOUNCE_MS`].

use std::time::Duration;

use leptos::prelude::*;
use scim_sync_core::api::{EventSummary, RunSummary, StreamMessage, StreamTicket};

use crate::data::api::stream::StreamConnection;
use crate::data::api::{ApiClient, ApiRequest, decode, paths};
use crate::logic::live::{Backoff, NewFailures, RateMeter};
use crate::logic::time::{Millis, browser::now};

/// How often, at most, pages re-read their data while events arrive.
pub const FLUSH_MS: u64 = 1000;

/// How often, at most, new failures are announced.
pub const ANNOUNCE_MS: Millis = 8000;

/// The stream's connection state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    /// Asking for a ticket or opening the stream.
    Connecting,
    /// Receiving.
    Live,
    /// Lost; trying again in this many seconds.
    Retrying(u32),
}

/// What the stream says, as signals.
#[derive(Debug, Clone, Copy)]
pub struct LiveFeed {
    /// The connection state.
    pub connection: RwSignal<Connection>,
    /// Moves when pages should re-read their data.
    pub version: RwSignal<u64>,
    /// The latest run the stream reported.
    pub run: RwSignal<Option<RunSummary>>,
    /// Requests per second of that run, recently.
    pub rate: RwSignal<Option<f64>>,
    /// The failures that arrived since the previous flush, newest first.
    pub failures: RwSignal<Vec<EventSummary>>,
    /// The latest announcement of new failures.
    pub announcement: RwSignal<String>,
    /// A re-push's progress: members done of total.
    pub repush: RwSignal<Option<(u32, u32)>>,
    inner: StoredValue<Inner, LocalStorage>,
    client: StoredValue<ApiClient>,
    expire: Callback<()>,
}

#[derive(Default)]
struct Inner {
    alive: bool,
    connection: Option<StreamConnection>,
    backoff: Backoff,
    rate: RateMeter,
    pending: Vec<EventSummary>,
    new_failures: NewFailures,
    flush_scheduled: bool,
    announce_scheduled: bool,
    last_announced: Millis,
}

impl LiveFeed {
    /// Opens the stream for `client`'s session; `expire` ends the session if the token is
    /// refused. The stream closes when the calling component is cleaned up.
    pub fn start(client: ApiClient, expire: Callback<()>) -> LiveFeed {
        let feed = LiveFeed::idle(client, expire);
        feed.inner.update_value(|i| i.alive = true);
        feed.connect();
        let inner = feed.inner;
        on_cleanup(move || {
            inner.try_update_value(|i| {
                i.alive = false;
                i.connection = None;
            });
        });
        feed
    }

    /// A feed that never connects (for tests and previews).
    pub fn idle(client: ApiClient, expire: Callback<()>) -> LiveFeed {
        LiveFeed {
            connection: RwSignal::new(Connection::Connecting),
            version: RwSignal::new(0),
            run: RwSignal::new(None),
            rate: RwSignal::new(None),
            failures: RwSignal::new(Vec::new()),
            announcement: RwSignal::new(String::new()),
            repush: RwSignal::new(None),
            inner: StoredValue::new_local(Inner::default()),
            client: StoredValue::new(client),
            expire,
        }
    }

    fn alive(self) -> bool {
        self.inner.try_with_value(|i| i.alive).unwrap_or(false)
    }

    fn connect(self) {
        if !self.alive() {
            return;
        }
        self.connection.set(Connection::Connecting);
        let client = self.client.get_value();
        leptos::task::spawn_local(async move {
            let request = ApiRequest::post(paths::STREAM_TICKET);
            let answer = client.send(&request).await;
            let ticket = match answer.and_then(|text| decode::<StreamTicket>(&text)) {
                Ok(ticket) => ticket,
                Err(failure) if failure.is_unauthorized() => {
                    self.expire.run(());
                    return;
                }
                Err(_) => return self.reconnect_later(),
            };
            if !self.alive() {
                return;
            }
            let opened = StreamConnection::open(
                &client.stream_url(&ticket.ticket),
                move |message| self.receive(message),
                move || {
                    self.inner.try_update_value(|i| i.backoff.reset());
                    self.connection.set(Connection::Live);
                    // What happened before the stream opened (since the page's first reads,
                    // or while it was down: a run's end, say) is read again.
                    self.schedule_flush();
                },
                // Not from inside the source's own callback: it is dropped on reconnection.
                move || queue_microtask(move || self.reconnect_later()),
            );
            match opened {
                Ok(connection) => self.inner.update_value(|i| i.connection = Some(connection)),
                Err(_) => self.reconnect_later(),
            }
        });
    }

    fn reconnect_later(self) {
        let Some(delay) = self.inner.try_update_value(|i| {
            i.connection = None;
            i.alive.then(|| i.backoff.next_delay_ms())
        }) else {
            return;
        };
        let Some(delay) = delay else {
            return;
        };
        self.connection.set(Connection::Retrying(delay / 1000));
        set_timeout(
            move || self.connect(),
            Duration::from_millis(u64::from(delay)),
        );
    }

    /// Takes in one message of the stream.
    pub fn receive(self, message: StreamMessage) {
        match message {
            StreamMessage::SyncEvent { event } => {
                if let Some(category) = event.category {
                    self.inner.update_value(|i| {
                        i.new_failures.add(category);
                        i.pending.push(event);
                    });
                }
            }
            StreamMessage::Run { run } => {
                let rate = self.inner.try_update_value(|i| {
                    i.rate.record(run.id, now(), run.requests);
                    i.rate.per_second()
                });
                self.rate.set(rate.flatten());
                self.run.set(Some(run));
            }
            // Pages showing health, or the audited actions, re-read them with the rest.
            StreamMessage::Health { .. } | StreamMessage::Activity => {}
            StreamMessage::RepushProgress { done, total } => {
                self.repush.set(Some((done, total)));
                return;
            }
        }
        self.schedule_flush();
    }

    fn schedule_flush(self) {
        let first = self
            .inner
            .try_update_value(|i| !std::mem::replace(&mut i.flush_scheduled, true))
            .unwrap_or(false);
        if first {
            set_timeout(move || self.flush(), Duration::from_millis(FLUSH_MS));
        }
    }

    /// Publishes what arrived since the last flush.
    pub fn flush(self) {
        let Some(mut failures) = self.inner.try_update_value(|i| {
            i.flush_scheduled = false;
            std::mem::take(&mut i.pending)
        }) else {
            return;
        };
        failures.reverse();
        self.failures.set(failures);
        self.version.update(|v| *v += 1);
        self.announce();
    }

    /// Announces the failures not announced yet, or schedules that for when the quiet period
    /// since the last announcement is over.
    fn announce(self) {
        let at = now();
        let Some((announcement, wait)) = self.inner.try_update_value(|i| {
            if i.new_failures.is_empty() || i.announce_scheduled {
                return (None, None);
            }
            let since = at - i.last_announced;
            if since >= ANNOUNCE_MS {
                i.last_announced = at;
                (i.new_failures.take_announcement(), None)
            } else {
                i.announce_scheduled = true;
                (None, Some(ANNOUNCE_MS - since))
            }
        }) else {
            return;
        };
        if let Some(announcement) = announcement {
            self.announcement.set(announcement);
        }
        if let Some(wait) = wait {
            set_timeout(
                move || {
                    self.inner
                        .try_update_value(|i| i.announce_scheduled = false);
                    self.announce();
                },
                Duration::from_millis(wait.unsigned_abs()),
            );
        }
    }
}

/// The live feed of the signed-in session.
pub fn use_live() -> LiveFeed {
    // Provided by the app (or the signed-in part) for every component under it; thrown, not
    // panicked, to skip the panic message's formatting code.
    use_context::<LiveFeed>().unwrap_or_else(|| wasm_bindgen::throw_str("no LiveFeed in context"))
}
