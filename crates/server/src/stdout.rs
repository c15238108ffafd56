//! Printing to standard output and standard error that survives its reader going away
//! (`| head`, a closed terminal): `println!` and `eprintln!` panic on a closed stream; these
//! stop printing instead.

use std::fmt::Display;
use std::io::Write;

/// Prints `line` and a newline; `false` once stdout is closed (nothing more is worth saying).
pub fn line(line: impl Display) -> bool {
    writeln!(std::io::stdout().lock(), "{line}").is_ok()
}

/// Prints `line` and a newline on stderr; `false` once stderr is closed.
pub fn error_line(line: impl Display) -> bool {
    writeln!(std::io::stderr().lock(), "{line}").is_ok()
}
