//! A moment as markup, in the admin's locale and time zone.

use crate::logic::time::Local;
use crate::markup::html::Html;

/// `<time datetime="2026-11-29T08:15:30Z">29 Nov 2026, 09:15:30</time>` (as `local` writes it).
pub fn when(html: &mut Html, at: &str, local: &Local) {
    html.element("time", &[("datetime", Some(at))], &local.show(at));
}
