//! Printing to standard output that survives its reader going away (`| head`, a closed
//! terminal): `println!` panics on a closed stdout; these stop printing instead.

use std::fmt::Display;
use std::io::Write;

/// Prints `line` and a newline; `false` once stdout is closed (nothing more is worth saying).
pub fn line(line: impl Display) -> bool {
    writeln!(std::io::stdout().lock(), "{line}").is_ok()
}
