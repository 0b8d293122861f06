//! `polybook check`: diagnostics, JSON format, exit codes, strictness.
