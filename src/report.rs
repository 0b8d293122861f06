//! Printing diagnostics: like a compiler for people (grouped per file, source
//! line with a marker, hint, counts per kind; colour only when asked), or one
//! JSON object per line for CI annotations.

use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Report, Severity};
use crate::error::Error;

/// ANSI styling, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Emit colours.
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() }
    }
}

/// A count and its noun in correct English: `0 pages`, `1 page`, `2 pages`, `3,888 pages`.
/// The noun's form follows CLDR's plural rule for English integers (the category
/// `one` is 1 alone, everything else is `other`), as Fluent would choose it.
pub fn count(n: usize, one: &str, other: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(d);
    }
    format!("{grouped} {}", if n == 1 { one } else { other })
}

/// A path shown relative to `base` when it lies inside it.
pub fn display_path(path: &Path, base: &Path) -> String {
    path.strip_prefix(base).unwrap_or(path).display().to_string()
}

/// The human form of every diagnostic (as rustc prints them: each followed by one
/// blank line), then counts per kind.
pub fn human(report: &Report, base: &Path, style: Style) -> String {
    let mut out = String::new();
    for (severity, d) in &report.items {
        write_one(&mut out, Some(*severity), d, base, style);
    }
    for (kind, n) in report.counts_by_kind() {
        let _ = writeln!(out, "{n:>6} {}", kind.name());
    }
    out
}

fn write_one(out: &mut String, severity: Option<Severity>, d: &Diagnostic, base: &Path, style: Style) {
    let (label, code) = match severity {
        Some(Severity::Error) => ("error", "1;31"),
        Some(Severity::Warning) => ("warning", "1;33"),
        None => ("note", "1;36"),
    };
    let header = format!("{}: {}", style.paint(code, &format!("{label}[{}]", d.kind.name())), d.message);
    let place = Located {
        file: &d.file,
        line: d.line,
        column: d.column,
        span: d.span,
        source_line: d.source_line.as_deref(),
        hint: d.hint.as_deref(),
    };
    write_located(out, &header, code, &place, base, style);
}

/// Where a message points: file, 1-based line (0: the whole file) and column (0:
/// unknown), the length to mark and the source line when known; and the hint.
struct Located<'a> {
    file: &'a Path,
    line: u32,
    column: u32,
    span: u32,
    source_line: Option<&'a str>,
    hint: Option<&'a str>,
}

/// A message as rustc prints one: header, ` --> file:line:column`, the source line
/// with a marker, the hint, then a blank line.
fn write_located(out: &mut String, header: &str, code: &str, place: &Located<'_>, base: &Path, style: Style) {
    let _ = writeln!(out, "{header}");
    let mut location = display_path(place.file, base);
    if place.line > 0 {
        let _ = write!(location, ":{}", place.line);
        if place.column > 0 {
            let _ = write!(location, ":{}", place.column);
        }
    }
    let gutter = " ".repeat(place.line.to_string().len());
    let bar = style.paint("1;34", "|");
    let _ = writeln!(out, "{gutter}{} {location}", style.paint("1;34", "-->"));
    if let Some(src) = place.source_line {
        let (shown, column) = window(src, place.column as usize);
        let _ = writeln!(out, "{gutter} {bar}");
        let _ = writeln!(out, "{} {bar} {shown}", style.paint("1;34", &place.line.to_string()));
        if column > 0 {
            let pad: String = shown
                .chars()
                .take(column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' }.to_string().repeat(width(c)))
                .collect();
            let room = shown.chars().skip(column - 1).map(width).sum::<usize>().max(1);
            let marker = "^".repeat((place.span.max(1) as usize).min(room));
            let _ = writeln!(out, "{gutter} {bar} {pad}{}", style.paint(code, &marker));
        }
        if place.hint.is_some() {
            let _ = writeln!(out, "{gutter} {bar}");
        }
    }
    if let Some(hint) = place.hint {
        let _ = writeln!(out, "{gutter} = {}: {hint}", style.paint("1", "hint"));
    }
    out.push('\n');
}

/// An error that ends the command: a configuration error in the shape of a diagnostic
/// (pointing into book.toml where it can), anything else on one line.
pub fn fatal(error: &Error, base: &Path, style: Style) -> String {
    let code = "1;31";
    let mut out = String::new();
    match error {
        Error::Config { path, message, hint, at } => {
            let header = format!("{}: {message}", style.paint(code, "error"));
            let place = Located {
                file: path,
                line: at.as_ref().map_or(0, |p| p.line),
                column: at.as_ref().map_or(0, |p| p.column),
                span: at.as_ref().map_or(0, |p| p.span),
                source_line: at.as_ref().map(|p| p.source_line.as_str()),
                hint: hint.as_deref(),
            };
            write_located(&mut out, &header, code, &place, base, style);
            out.pop(); // the last thing printed: no blank line after it
        }
        other => {
            let _ = writeln!(out, "{}: {other}", style.paint(code, "error"));
        }
    }
    out
}

/// At most about 100 characters of a long line, around `column` (1-based; 0 = none);
/// returns the shown text and the column within it.
fn window(line: &str, column: usize) -> (String, usize) {
    const BEFORE: usize = 40;
    const TOTAL: usize = 100;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= TOTAL {
        return (line.to_owned(), column);
    }
    // `column` may lie beyond the kept text (source lines are cut at 2,000 characters).
    let start = column.saturating_sub(1).saturating_sub(BEFORE).min(chars.len() - TOTAL);
    let end = (start + TOTAL).min(chars.len());
    let mut shown: String = if start > 0 { "…".to_owned() } else { String::new() };
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    let col = if column == 0 || column > chars.len() + 1 { 0 } else { column - start + usize::from(start > 0) };
    (shown, col)
}

/// Display width of a character in a terminal (CJK and full-width forms take two cells).
fn width(c: char) -> usize {
    let wide = matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// Diagnostics of allowed kinds (`--verbose`), as notes.
pub fn notes(report: &Report, base: &Path, style: Style) -> String {
    let mut out = String::new();
    for d in &report.notes {
        write_one(&mut out, None, d, base, style);
    }
    out
}

/// One diagnostic as JSON (the documented, stable field names).
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    /// `error` or `warning`.
    pub severity: Severity,
    /// Kind name (`broken-link`).
    pub kind: &'a str,
    /// File path (relative to the current folder when inside it).
    pub file: String,
    /// 1-based line, 0 for the whole file.
    pub line: u32,
    /// 1-based column, 0 when unknown.
    pub column: u32,
    /// What is wrong.
    pub message: &'a str,
    /// What to do, or null.
    pub hint: Option<&'a str>,
}

/// One JSON object per line.
pub fn json_lines(report: &Report, base: &Path) -> String {
    let mut out = String::new();
    for (severity, d) in &report.items {
        let j = JsonDiagnostic {
            severity: *severity,
            kind: d.kind.name(),
            file: display_path(&d.file, base),
            line: d.line,
            column: d.column,
            message: &d.message,
            hint: d.hint.as_deref(),
        };
        out.push_str(&serde_json::to_string(&j).expect("invariant: serialisable"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Kind;
    use std::collections::BTreeMap;

    fn report() -> Report {
        let d = Diagnostic::file(Kind::BrokenLink, "/book/content/a.md", "link target `x.md` does not exist")
            .at("see [x](x.md)\n", 1, 5, 8)
            .with_hint("did you mean `y.md`?");
        Report::new(vec![d], &BTreeMap::new())
    }

    #[test]
    fn human_output_has_location_marker_and_hint() {
        let text = human(&report(), Path::new("/book"), Style { color: false });
        assert!(text.contains("warning[broken-link]: link target `x.md` does not exist"), "{text}");
        assert!(text.contains("--> content/a.md:1:5"), "{text}");
        assert!(text.contains("1 | see [x](x.md)"), "{text}");
        assert!(text.contains("  |     ^^^^^^^^"), "{text}");
        assert!(text.contains("= hint: did you mean `y.md`?"), "{text}");
        assert!(!text.contains('\x1b'));
    }

    #[test]
    fn counts_take_the_singular_for_one_only_and_group_thousands() {
        let cases = [
            (0, "0 pages"),
            (1, "1 page"),
            (2, "2 pages"),
            (11, "11 pages"),
            (21, "21 pages"), // English has no `one` for 21
            (999, "999 pages"),
            (1000, "1,000 pages"),
            (3888, "3,888 pages"),
            (1_234_567, "1,234,567 pages"),
        ];
        for (n, text) in cases {
            assert_eq!(count(n, "page", "pages"), text);
        }
        assert_eq!(count(1, "child", "children"), "1 child");
        assert_eq!(count(3, "child", "children"), "3 children");
    }

    #[test]
    fn json_lines_have_stable_fields() {
        let line = json_lines(&report(), Path::new("/book"));
        let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
        assert_eq!(v["severity"], "warning");
        assert_eq!(v["kind"], "broken-link");
        assert_eq!(v["file"], "content/a.md");
        assert_eq!(v["line"], 1);
        assert_eq!(v["column"], 5);
        assert_eq!(v["hint"], "did you mean `y.md`?");
    }

    #[test]
    fn column_beyond_the_kept_source_line_does_not_panic() {
        // A link at column 100,001 of a 100,000-character line: the kept source line is
        // cut at 2,000 characters, so the column lies beyond it.
        let line = format!("{} [x](x.md)", "x".repeat(100_000));
        let d = Diagnostic::file(Kind::BrokenLink, "/book/a.md", "broken").at(&line, 1, 100_006, 4);
        let text = human(&Report::new(vec![d], &BTreeMap::new()), Path::new("/book"), Style { color: false });
        assert!(text.contains("--> a.md:1:100006"), "{text}");
        assert_eq!(window(&"y".repeat(300), 1000), (format!("…{}", "y".repeat(100)), 0));
        assert_eq!(window(&"y".repeat(300), 301).1, 102);
    }
}
