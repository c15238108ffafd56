//! The progress bar: operations done out of planned, on stderr, only when it is a terminal.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar over the plan's operations (hidden when stderr is not a terminal), and the
/// admin steps as lines on stderr.
#[derive(Debug, Clone)]
pub struct Progress {
    bar: ProgressBar,
    verbose: bool,
}

impl Progress {
    /// A bar for `total` operations, drawn only if `wanted` and stderr is a terminal; lines
    /// are written only if `wanted`.
    pub fn new(total: u64, wanted: bool) -> Progress {
        if !wanted || !std::io::stderr().is_terminal() {
            return Progress {
                bar: ProgressBar::hidden(),
                verbose: wanted,
            };
        }
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:32}] {pos}/{len} operations, eta {eta} · {wide_msg}",
        )
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Progress { bar, verbose: true }
    }

    /// A phase begins.
    pub fn phase(&self, title: &str) {
        self.bar.set_message(title.to_owned());
    }

    /// A line on stderr, above the bar.
    pub fn note(&self, line: &str) {
        if self.bar.is_hidden() {
            if self.verbose {
                crate::stdout::error_line(line);
            }
        } else {
            self.bar.println(line);
        }
    }

    /// One operation is done.
    pub fn done(&self) {
        self.bar.inc(1);
    }

    /// The run is over.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
