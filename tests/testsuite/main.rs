//! Integration tests: one binary, one module per feature. Each test copies a
//! fixture book (`fixtures/<name>/`) to a temporary folder, runs the real
//! `polybook` binary on it and checks the HTML with an HTML parser.
//! See `README.md` beside this file.

mod support;

mod browser;
mod build;
mod check;
mod cli;
mod corpus;
mod highlight;
mod hostile;
mod parts;
mod reader;
mod search;
mod serve;
