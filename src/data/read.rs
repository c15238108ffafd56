//! Reads and writes of the admin API as signals.
//!
//! A [`Read`] is a `LocalResource` on a path (re-read whenever the path's signals move),
//! split into its latest value (kept while a refetch runs or fails) and its latest error. A
//! [`Write`] is an `Action` that sends a request and decodes the answer; what follows a
//! successful write (reset a form, focus, download) runs in the action's own future
//! ([`Write::send_then`]), never in an effect watching its value. All reads share one
//! resource type and all writes one action type (the JSON text of the answer), decoded per
//! page with [`decode`] (any [`FromJson`] type): each distinct resource or action type costs
//! several kilobytes of wasm.
//!
//! Measured (one release build each, `scripts/size-check.mjs`): a typed `LocalResource` and
//! `Memo` per read type, as Leptos's examples write them, made the first load 4,068 B brotli
//! larger (189,053 → 193,121 B); with a typed `Action` per write type as well, 8,106 B
//! (→ 197,159 B). The departure saves more than the 5 KB it must.

use std::any::Any;
use std::marker::PhantomData;
use std::sync::Arc;

use leptos::prelude::*;
use scim_sync_core::wire::FromJson;

use crate::data::api::{ApiClient, ApiFailure, ApiRequest, decode};
use crate::shell::session::use_session;

/// A decoded answer of any type, with the text it was decoded from: two answers are equal when
/// their texts are, so a re-read that brings the same answer changes nothing downstream.
#[derive(Clone)]
struct Answer {
    text: String,
    value: Arc<dyn Any + Send + Sync>,
}

impl PartialEq for Answer {
    fn eq(&self, other: &Answer) -> bool {
        self.text == other.text
    }
}

/// What a read has: the latest answer and the latest error.
#[derive(Clone, PartialEq)]
struct Snapshot {
    /// The latest answer received.
    value: Option<Answer>,
    /// The latest answer's error, if it failed.
    error: Option<ApiFailure>,
    /// The path the latest answer (or error) came from.
    answered: Option<String>,
}

/// Turns an answer's text into a value of the read's type.
type Decoder = fn(&str) -> Result<Arc<dyn Any + Send + Sync>, ApiFailure>;

fn decoder<T: FromJson + Send + Sync + 'static>(
    text: &str,
) -> Result<Arc<dyn Any + Send + Sync>, ApiFailure> {
    decode::<T>(text).map(|value| Arc::new(value) as Arc<dyn Any + Send + Sync>)
}

/// A read and its derived state. Only its type parameter is per answer type: the resource and
/// the memo behind every read are the same types (each distinct memo or resource type costs
/// kilobytes of wasm), and `T` is recovered by a downcast that cannot fail.
pub struct Read<T> {
    resource: LocalResource<(Option<String>, Result<String, ApiFailure>)>,
    snapshot: Memo<Snapshot>,
    path: Signal<Option<String>>,
    answer: PhantomData<fn() -> T>,
}

impl<T> Clone for Read<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Read<T> {}

impl<T: FromJson + Send + Sync + 'static> Read<T> {
    /// Reads the path `path` gives (nothing while it gives `None`); re-reads whenever the
    /// signals it uses move.
    pub fn new(path: impl Fn() -> Option<String> + Send + Sync + 'static) -> Read<T> {
        let path = Signal::derive(path);
        let (resource, snapshot) = read(path, decoder::<T>);
        Read {
            resource,
            snapshot,
            path,
            answer: PhantomData,
        }
    }

    /// Runs `f` on the latest value (tracked).
    pub fn with<R>(self, f: impl FnOnce(Option<&T>) -> R) -> R {
        self.snapshot.with(|s| {
            f(s.value
                .as_ref()
                .and_then(|answer| answer.value.downcast_ref::<T>()))
        })
    }

    /// Whether a value arrived (tracked).
    pub fn is_loaded(self) -> bool {
        self.snapshot.with(|s| s.value.is_some())
    }

    /// Whether the value shown is for another path than the one asked now: a new filter's
    /// or page's answer is on its way (tracked). A re-read of the same path is not busy.
    pub fn is_busy(self) -> bool {
        self.snapshot
            .with(|s| s.value.is_some() && self.path.with(|p| *p != s.answered))
    }

    /// Reads again now.
    pub fn refetch(self) {
        self.resource.refetch();
    }

    /// Its progress, whatever `T` is: what [`crate::components::read_state::ReadState`] shows
    /// while it loads or fails.
    pub fn progress(self) -> ReadProgress {
        let snapshot = self.snapshot;
        let resource = self.resource;
        ReadProgress {
            loading: Signal::derive(move || {
                snapshot.with(|s| s.value.is_none() && s.error.is_none())
            }),
            error: Signal::derive(move || snapshot.with(|s| s.error.clone())),
            retry: Callback::new(move |()| resource.refetch()),
        }
    }
}

/// A read's progress, of any answer type.
#[derive(Clone, Copy)]
pub struct ReadProgress {
    /// Whether no answer came yet.
    pub loading: Signal<bool>,
    /// The latest answer's error, if it failed.
    pub error: Signal<Option<ApiFailure>>,
    /// Reads again now.
    pub retry: Callback<()>,
}

impl<T: FromJson + Clone + Send + Sync + 'static> Read<T> {
    /// The latest value (tracked).
    pub fn get(self) -> Option<T> {
        self.with(|v| v.cloned())
    }
}

/// The one resource type of every read: the path asked and its answer's text.
type TextResource = LocalResource<(Option<String>, Result<String, ApiFailure>)>;

/// The resource and memo of a read: the latest answer is kept while a re-read runs or fails.
fn read(path: Signal<Option<String>>, decode: Decoder) -> (TextResource, Memo<Snapshot>) {
    let resource = text_resource(use_session().client, path);
    let snapshot = Memo::new(move |previous: Option<&Snapshot>| {
        let kept = previous.and_then(|p| p.value.clone());
        resource.with(|answer| {
            let Some((answered, answer)) = answer else {
                return Snapshot {
                    value: kept,
                    error: None,
                    answered: previous.and_then(|p| p.answered.clone()),
                };
            };
            let (value, error) = match answer {
                // Nothing was asked (the path was `None`).
                Ok(text) if text == NOTHING => (None, None),
                // The same answer again: nothing to decode.
                Ok(text) if kept.as_ref().is_some_and(|k| &k.text == text) => (kept, None),
                Ok(text) => match decode(text) {
                    Ok(value) => (
                        Some(Answer {
                            text: text.clone(),
                            value,
                        }),
                        None,
                    ),
                    Err(failure) => (kept, Some(failure)),
                },
                Err(failure) => (kept, Some(failure.clone())),
            };
            Snapshot {
                value,
                error,
                answered: answered.clone(),
            }
        })
    });
    (resource, snapshot)
}

/// What a read without a path answers.
const NOTHING: &str = "";

/// The one resource type of every read: `GET path` answering JSON text, with the path.
fn text_resource(client: ApiClient, path: Signal<Option<String>>) -> TextResource {
    LocalResource::new(move || {
        let client = client.clone();
        let path = path.get();
        async move {
            let answer = match &path {
                Some(path) => client.send(&ApiRequest::get(path.clone())).await,
                None => Ok(NOTHING.to_owned()),
            };
            (path, answer)
        }
    })
}

/// The one action type of every write: sends a request with a client, runs the caller's
/// follow-up on a success inside the same future, and answers the text.
type TextAction =
    Action<(ApiClient, ApiRequest, Option<Callback<String>>), Result<String, ApiFailure>>;

fn text_action() -> TextAction {
    Action::new_local(
        |(client, request, done): &(ApiClient, ApiRequest, Option<Callback<String>>)| {
            let (client, request, done) = (client.clone(), request.clone(), *done);
            async move {
                let answer = client.send(&request).await;
                if let (Ok(text), Some(done)) = (&answer, done) {
                    done.run(text.clone());
                }
                answer
            }
        },
    )
}

/// A write whose answer decodes to `T`.
pub struct Write<T> {
    action: TextAction,
    _answer: PhantomData<fn() -> T>,
}

impl<T> Clone for Write<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Write<T> {}

impl<T: FromJson> Write<T> {
    /// A write that has not been sent.
    pub fn new() -> Write<T> {
        Write {
            action: text_action(),
            _answer: PhantomData,
        }
    }

    /// Sends `request` with `client` (unless one is on its way already).
    pub fn send(self, client: &ApiClient, request: ApiRequest) {
        self.dispatch(client, request, None);
    }

    /// Sends `request` and, when it succeeds, runs `done` with the answer's text in the
    /// request's own future (before [`Write::result`] moves): what follows a write is part of
    /// it, not an effect watching its value.
    pub fn send_then(self, client: &ApiClient, request: ApiRequest, done: Callback<String>) {
        self.dispatch(client, request, Some(done));
    }

    fn dispatch(self, client: &ApiClient, request: ApiRequest, done: Option<Callback<String>>) {
        if !self.action.pending().get_untracked() {
            self.action.dispatch((client.clone(), request, done));
        }
    }

    /// The latest answer, decoded (tracked); `None` before the first.
    pub fn result(self) -> Option<Result<T, ApiFailure>> {
        self.action.value().with(|v| {
            v.as_ref()
                .map(|r| r.as_ref().map_err(Clone::clone).and_then(|t| decode(t)))
        })
    }

    /// The latest answer's error, if any (tracked).
    pub fn error(self) -> Option<ApiFailure> {
        self.action
            .value()
            .with(|v| v.as_ref().and_then(|r| r.as_ref().err().cloned()))
    }

    /// Whether a request is on its way (tracked).
    pub fn pending(self) -> bool {
        self.action.pending().get()
    }

    /// Moves every time an answer arrives (tracked): reads that depend on the write track it.
    pub fn version(self) -> usize {
        self.action.version().get()
    }
}

impl<T: FromJson> Default for Write<T> {
    fn default() -> Self {
        Write::new()
    }
}
