//! Stage 2, front matter: split the `---` YAML block off a page, parse it with
//! serde_yaml, and pull out the keys the corpus uses (`title`, `TOCTitle`,
//! `ms:assetid`, `ms.date`, `ms.translationtype`, `redirect_url`, …). Every key is
//! kept for templates. Problems become diagnostics with the YAML's own line.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value as Json;

use crate::diagnostics::{Diagnostic, Kind};

mod flat;

pub(crate) use flat::text_value;

/// A calendar date read from front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Date {
    /// Year.
    pub year: u16,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `MM/DD/YYYY` (the corpus's US form) or ISO `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let (y, m, d) = if let Some((m, rest)) = s.split_once('/') {
            let (d, y) = rest.split_once('/')?;
            (y, m, d)
        } else {
            let iso = s.get(..10).filter(|_| matches!(s.as_bytes().get(10), None | Some(b'T' | b' ')))?;
            let mut it = iso.splitn(3, '-');
            let (y, m, d) = (it.next()?, it.next()?, it.next()?);
            (y, m, d)
        };
        let (year, month, day) = (y.parse::<u16>().ok()?, m.parse::<u8>().ok()?, d.parse::<u8>().ok()?);
        let valid =
            (1000..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// ISO 8601 (`2014-07-23`), for `<time datetime>` and the sitemap.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A page's front matter.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FrontMatter {
    /// `title`.
    pub title: Option<String>,
    /// `TOCTitle`.
    pub toc_title: Option<String>,
    /// The asset id (key from `[links] asset-id-key`), lower-cased.
    pub asset_id: Option<String>,
    /// `ms.date`.
    pub date: Option<Date>,
    /// `ms.translationtype` (`MT`, `HT`), upper-cased.
    pub translation_type: Option<String>,
    /// `redirect_url`.
    pub redirect_url: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `ms.openlocfilehash`: hash of the source-language file the translation came from.
    pub source_hash: Option<String>,
    /// `ms.lasthandoff`: when the translation was handed off.
    pub handoff: Option<Date>,
    /// Every key, as JSON values, for templates.
    pub fields: BTreeMap<String, Json>,
}

/// The result of splitting a page: front matter, body, and where the body starts.
#[derive(Debug)]
pub struct Split<'a> {
    /// YAML text, if a block was found.
    pub yaml: Option<&'a str>,
    /// Markdown after the block.
    pub body: &'a str,
    /// 1-based line where `body` starts.
    pub body_line: u32,
}

/// Splits `text` (already decoded) into YAML front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, u32> {
    let Some(rest) = text.strip_prefix("---\n").or_else(|| (text == "---").then_some("")) else {
        return Ok(Split { yaml: None, body: text, body_line: 1 });
    };
    let mut offset = 0;
    for (line, l) in (2u32..).zip(rest.split_inclusive('\n')) {
        let trimmed = l.trim_end();
        if trimmed == "---" || trimmed == "..." {
            // A closing line without `\n` ends the file: the (empty) body starts on that line.
            let body_line = line + u32::from(l.ends_with('\n'));
            return Ok(Split { yaml: Some(&rest[..offset]), body: &rest[offset + l.len()..], body_line });
        }
        offset += l.len();
    }
    Err(1)
}

/// True for a file holding nothing but white space (and perhaps a byte-order mark).
pub fn is_empty(text: &str) -> bool {
    text.trim_start_matches('\u{FEFF}').trim().is_empty()
}

/// Reads a page's front matter; never fails, returns diagnostics instead.
pub fn parse<'a>(text: &'a str, path: &Path, asset_key: &str) -> (FrontMatter, &'a str, u32, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if is_empty(text) {
        // One diagnostic, not a cascade of missing title, asset id, …
        diags.push(Diagnostic::file(Kind::NoFrontMatter, path, "the file is empty").at_line(1).with_hint(
            "write the article (a `---` block with `title:` and the asset id, then the text) or delete the file",
        ));
        return (FrontMatter::default(), text, 1, diags);
    }
    let split = match split(text) {
        Ok(s) => s,
        Err(line) => {
            diags.push(
                Diagnostic::file(Kind::UnclosedFrontMatter, path, "front matter opened with `---` is never closed")
                    .at(text, line, 1, 3)
                    .with_hint("close the YAML block with a line holding only `---`"),
            );
            return (FrontMatter::default(), text, 1, diags);
        }
    };
    let Some(yaml) = split.yaml else {
        diags.push(
            Diagnostic::file(Kind::NoFrontMatter, path, "the page has no YAML front matter")
                .at_line(1)
                .with_hint("start the file with a `---` block holding at least `title:` and the asset id"),
        );
        return (FrontMatter::default(), split.body, split.body_line, diags);
    };
    let parsed = match flat::parse(yaml) {
        Some(pairs) => Ok(Some(pairs)),
        None => serde_yaml::from_str::<serde_yaml::Value>(yaml).map(|v| match v {
            serde_yaml::Value::Mapping(map) => Some(map.into_iter().map(|(k, v)| (key_string(k), v)).collect()),
            // An empty block.
            serde_yaml::Value::Null => Some(Vec::new()),
            _ => None,
        }),
    };
    let front = match parsed {
        Ok(Some(pairs)) => read_mapping(pairs, yaml, text, path, asset_key, &mut diags),
        Ok(None) => {
            diags.push(
                Diagnostic::file(Kind::InvalidFrontMatter, path, "front matter is not a mapping of keys to values")
                    .at(text, 2, 1, 0),
            );
            FrontMatter::default()
        }
        Err(e) => {
            let (line, col) = e.location().map_or((0, 0), |l| (l.line() as u32, l.column() as u32));
            let message = file_lines(&first_line(&e.to_string()));
            // A byte-order mark inside the block (files pasted together) is invisible and breaks
            // the YAML, often with an error without a location: point at the mark and name it.
            let bom = yaml.lines().enumerate().find_map(|(i, l)| l.find('\u{FEFF}').map(|at| (i, &l[..at])));
            let d = match bom {
                Some((i, before)) => Diagnostic::file(
                    Kind::InvalidFrontMatter,
                    path,
                    format!("invalid YAML in front matter: an invisible byte-order mark (U+FEFF) ({message})"),
                )
                .at(text, i as u32 + 2, before.chars().count() as u32 + 1, 1)
                .with_hint("delete the invisible U+FEFF character (often left by pasting files together)"),
                None => {
                    Diagnostic::file(Kind::InvalidFrontMatter, path, format!("invalid YAML in front matter: {message}"))
                        .at(text, line + 1, col, 1)
                        .with_hint("YAML needs spaces (not tabs) for indentation; quote values holding `:` or `#`")
                }
            };
            diags.push(d);
            FrontMatter::default()
        }
    };
    (front, split.body, split.body_line, diags)
}

/// The YAML parser counts lines from the first line of the block, which is line 2
/// of the file: rewrites every `line N` of its message to the file's numbering.
fn file_lines(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("line ") {
        out.push_str(&rest[..i + 5]);
        rest = &rest[i + 5..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        match rest[..digits].parse::<u32>() {
            Ok(n) => out.push_str(&(n + 1).to_string()),
            Err(_) => out.push_str(&rest[..digits]),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or(s).to_owned()
}

/// A YAML key as text (a number or boolean key as written).
fn key_string(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s,
        other => yaml_scalar_string(&other).unwrap_or_default(),
    }
}

/// A front matter value as JSON, for templates.
fn to_json(v: &serde_yaml::Value) -> Json {
    match v {
        serde_yaml::Value::String(s) => Json::String(s.clone()),
        other => serde_json::to_value(other).unwrap_or(Json::Null),
    }
}

fn read_mapping(
    map: Vec<(String, serde_yaml::Value)>,
    yaml: &str,
    text: &str,
    path: &Path,
    asset_key: &str,
    diags: &mut Vec<Diagnostic>,
) -> FrontMatter {
    let mut fm = FrontMatter::default();
    for (key, v) in map {
        fm.fields.insert(key.clone(), to_json(&v));
        // Only a diagnostic needs the line: found on demand.
        let line = || key_line(yaml, &key);
        let mut string_field = |name: &str| -> Option<String> {
            match yaml_scalar_string(&v) {
                Some(s) => Some(s),
                None => {
                    diags.push(
                        Diagnostic::file(
                            Kind::InvalidFrontMatter,
                            path,
                            format!("`{name}` must be a single text value"),
                        )
                        .at(text, line(), 1, name.chars().count() as u32)
                        .with_hint(format!("write `{name}: some text`")),
                    );
                    None
                }
            }
        };
        match key.as_str() {
            "title" => fm.title = string_field("title").filter(|s| !s.trim().is_empty()),
            "TOCTitle" => fm.toc_title = string_field("TOCTitle").filter(|s| !s.trim().is_empty()),
            "description" => fm.description = string_field("description"),
            "redirect_url" => fm.redirect_url = string_field("redirect_url"),
            "ms.translationtype" => fm.translation_type = string_field(&key).map(|s| s.to_ascii_uppercase()),
            "ms.openlocfilehash" => fm.source_hash = string_field(&key),
            "ms.date" | "ms.lasthandoff" => {
                let raw = string_field(&key);
                let date = raw.as_deref().and_then(Date::parse);
                if date.is_none()
                    && let Some(raw) = raw
                {
                    diags.push(
                        Diagnostic::file(Kind::BadDate, path, format!("`{key}: {raw}` is not a date"))
                            .at(text, line(), 1, key.chars().count() as u32)
                            .with_hint("write dates as MM/DD/YYYY (as the corpus does) or YYYY-MM-DD"),
                    );
                }
                if key == "ms.date" { fm.date = date } else { fm.handoff = date }
            }
            k if k == asset_key => {
                if let Some(id) = string_field(&key) {
                    let id = id.trim().to_ascii_lowercase();
                    if !is_guid(&id) {
                        diags.push(
                            Diagnostic::file(Kind::MalformedAssetId, path, format!("asset id `{id}` is not a GUID"))
                                .at(text, line(), 1, key.chars().count() as u32),
                        );
                    }
                    fm.asset_id = Some(id).filter(|s| !s.is_empty());
                }
            }
            _ => {}
        }
    }
    fm
}

/// A YAML scalar as text (numbers and booleans too); `None` for lists and maps.
fn yaml_scalar_string(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Null => Some(String::new()),
        _ => None,
    }
}

/// The 1-based line (in the file) of `key:` in the YAML block (which starts at line 2).
fn key_line(yaml: &str, key: &str) -> u32 {
    yaml.lines()
        .position(|l| l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')))
        .map_or(2, |i| i as u32 + 2)
}

/// `8-4-4-4-12` hexadecimal digits.
pub fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The text of the first ATX `# heading` of a body, for pages without a title.
pub fn first_heading(body: &str) -> Option<String> {
    body.lines().find_map(|l| {
        let t = l.trim_start();
        let h = t.strip_prefix("# ")?;
        let text = strip_tags(h).trim().trim_end_matches('#').trim().to_owned();
        (!text.is_empty()).then_some(text)
    })
}

/// Removes `<…>` tags from a line (for `# <a name="x"></a>Title`).
pub fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
