//! Stage 5, highlight: code blocks become HTML with syntect's CSS classes. The
//! syntax set (two-face's, which includes PowerShell) is loaded once per build;
//! untagged blocks go through [`detect`]; results are cached by (language, code)
//! so a block repeated across locales is highlighted once. This module alone
//! knows syntect.

pub mod detect;
pub mod lang;
mod parameters;
mod powershell;
pub mod theme;

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;
use syntect::html::line_tokens_to_classed_spans;
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::config::RawHighlight;
use crate::swar;
use lang::Lang;

/// A highlighted block.
#[derive(Debug, Clone)]
pub struct Block {
    /// `<pre>…</pre>` HTML.
    pub html: Arc<str>,
    /// The language used (`powershell`, `plain`, …).
    pub language: String,
    /// The tag written by the author when no grammar matched it.
    pub unknown_tag: Option<String>,
}

type Cache = Mutex<FxHashMap<(String, String), Arc<str>>>;

/// Highlights code blocks; shared by every thread of a build.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    /// The scope the PowerShell grammar gives the `-` of `-Parameter`, and the one used instead.
    parameter_scopes: (Scope, Scope),
    /// Scope ops for simple PowerShell blocks without running the grammar.
    native_powershell: powershell::Tokenizer,
    settings: RawHighlight,
    cache: Cache,
    /// Time spent highlighting (summed over threads), in nanoseconds.
    busy_nanos: AtomicU64,
    /// Blocks served from the cache.
    cache_hits: AtomicUsize,
    /// Only choose each block's language (for `polybook manifest`): no grammar runs.
    scan_only: bool,
}

impl Highlighter {
    /// Loads the syntax set (about 3 ms in release builds).
    pub fn new(settings: &RawHighlight) -> Self {
        let scope = |s: &str| Scope::new(s).expect("invariant: valid scope name");
        Self {
            syntaxes: two_face::syntax::extra_newlines(),
            parameter_scopes: (scope("keyword.operator.assignment.powershell"), scope("variable.parameter.powershell")),
            native_powershell: powershell::Tokenizer::new(),
            settings: settings.clone(),
            cache: Mutex::default(),
            busy_nanos: AtomicU64::new(0),
            cache_hits: AtomicUsize::new(0),
            scan_only: false,
        }
    }

    /// A highlighter that only chooses each block's language (as [`Self::new`] would)
    /// and shows the code plain: for passes that need the Markdown's structure, not its HTML.
    pub fn scanning(settings: &RawHighlight) -> Self {
        Self { scan_only: true, ..Self::new(settings) }
    }

    /// Highlights `code` written under the fence info string `info` (`None` for indented blocks).
    pub fn highlight(&self, info: Option<&str>, code: &str) -> Block {
        let started = Instant::now();
        let block = self.highlight_untimed(info, code);
        self.busy_nanos.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
        block
    }

    /// Time spent in [`Self::highlight`] so far, summed over threads, and cache hits.
    pub fn stats(&self) -> (Duration, usize) {
        (Duration::from_nanos(self.busy_nanos.load(Ordering::Relaxed)), self.cache_hits.load(Ordering::Relaxed))
    }

    fn highlight_untimed(&self, info: Option<&str>, code: &str) -> Block {
        let (language, unknown_tag) = self.choose(info.map_or(Lang::Untagged, lang::normalize), code);
        if self.scan_only {
            return Block { html: escape(code).into(), language, unknown_tag };
        }
        let key = (language.clone(), code.to_owned());
        if let Some(html) = self.cache.lock().expect("invariant: cache lock not poisoned").get(&key) {
            self.cache_hits.fetch_add(1, Ordering::Relaxed);
            return Block { html: html.clone(), language, unknown_tag };
        }
        let body = match language.as_str() {
            "plain" => escape(code),
            "console" => self.console(code),
            name => self.find(name).map_or_else(|| escape(code), |s| self.classed(s, code)),
        };
        let html: Arc<str> = format!(
            "<pre class=\"code hl-code\" data-lang=\"{language}\"><code class=\"language-{language}\">{body}</code></pre>"
        )
        .into();
        self.cache.lock().expect("invariant: cache lock not poisoned").insert(key, html.clone());
        Block { html, language, unknown_tag }
    }

    /// Whether a language name has a grammar here.
    pub fn knows(&self, canonical: &str) -> bool {
        self.find(canonical).is_some()
    }

    fn choose(&self, lang: Lang, code: &str) -> (String, Option<String>) {
        match lang {
            Lang::Named(name) => (name.to_owned(), None),
            Lang::Console => ("console".to_owned(), None),
            Lang::Plain => ("plain".to_owned(), None),
            Lang::Unknown(tag) => ("plain".to_owned(), Some(tag)),
            Lang::Untagged => {
                let wanted = &self.settings.default_language;
                if self.settings.detect && detect::looks_like_powershell(code) {
                    match lang::normalize(wanted) {
                        Lang::Named(name) => (name.to_owned(), None),
                        _ => ("plain".to_owned(), Some(wanted.clone())),
                    }
                } else {
                    ("plain".to_owned(), None)
                }
            }
        }
    }

    fn find(&self, canonical: &str) -> Option<&SyntaxReference> {
        self.syntaxes.find_syntax_by_token(lang::syntect_token(canonical))
    }

    /// Classed HTML, line by line (what syntect's ClassedHTMLGenerator does, with
    /// PowerShell parameters rescoped on the way; see [`parameters`]). Simple
    /// PowerShell blocks take their scope ops from [`powershell`] instead of the grammar.
    fn classed(&self, syntax: &SyntaxReference, code: &str) -> String {
        let powershell = syntax.name == "PowerShell";
        let mut native = if powershell { self.native_powershell.block_ops(code) } else { None }.map(Vec::into_iter);
        let mut state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut html = String::with_capacity(code.len() * 4);
        let mut open: isize = 0;
        for line in LinesWithEndings::from(code) {
            let mut ops = match native.as_mut() {
                Some(lines) => lines.next().expect("invariant: one op list per line"),
                None => match state.parse_line(line, &self.syntaxes) {
                    Ok(ops) => ops,
                    Err(_) => return escape(code),
                },
            };
            if powershell {
                let (dash, parameter) = self.parameter_scopes;
                ops = parameters::mark_parameters(line, ops, dash, parameter);
            }
            let Ok((spans, delta)) = line_tokens_to_classed_spans(line, &ops, theme::CLASS_STYLE, &mut stack) else {
                return escape(code);
            };
            open += delta;
            html.push_str(&spans);
        }
        for _ in 0..open.max(0) {
            html.push_str("</span>");
        }
        html
    }

    /// A transcript: the prompt is marked, the command after it highlighted
    /// (PowerShell after `PS …>`, batch after `C:\>`, bash after `$`), output left plain.
    fn console(&self, code: &str) -> String {
        if !LinesWithEndings::from(code).any(|l| split_prompt(l).is_some()) {
            // No prompt at all: the block is a bare command line (the corpus writes
            // `<drive>\…\Bootstrapper.exe` this way), highlighted as the shell it reads as.
            let grammar = if detect::looks_like_powershell(code) { "powershell" } else { "batch" };
            return self.find(grammar).map_or_else(|| escape(code), |s| self.classed(s, code));
        }
        let mut out = String::new();
        for line in LinesWithEndings::from(code) {
            match split_prompt(line) {
                Some((prompt, command, grammar)) => {
                    out.push_str("<span class=\"hl-prompt\">");
                    out.push_str(&escape(prompt));
                    out.push_str("</span>");
                    match self.find(grammar) {
                        Some(s) => out.push_str(&self.classed(s, command)),
                        None => out.push_str(&escape(command)),
                    }
                }
                None => {
                    out.push_str("<span class=\"hl-output\">");
                    out.push_str(&escape(line));
                    out.push_str("</span>");
                }
            }
        }
        out
    }
}

/// Splits a console line into (prompt, command, grammar of the command).
fn split_prompt(line: &str) -> Option<(&str, &str, &'static str)> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if trimmed.starts_with("PS ") || trimmed.starts_with("PS>") {
        let end = trimmed.find('>')? + 1;
        let end = end + usize::from(trimmed[end..].starts_with(' '));
        return Some((&line[..indent + end], &line[indent + end..], "powershell"));
    }
    let b = trimmed.as_bytes();
    if b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'\\' {
        let end = trimmed.find('>')? + 1;
        let end = end + usize::from(trimmed[end..].starts_with(' '));
        return Some((&line[..indent + end], &line[indent + end..], "batch"));
    }
    if let Some(rest) = trimmed.strip_prefix("$ ") {
        return Some((&line[..line.len() - rest.len()], rest, "bash"));
    }
    None
}

/// HTML-escapes text for element content.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    escape_into(&mut out, s, false);
    out
}

/// Appends `s` HTML-escaped: `& < > "`, and `'` too when `apostrophe` (as Tera's
/// autoescape does, for the pages written natively).
pub fn escape_into(out: &mut String, s: &str, apostrophe: bool) {
    // The escaped characters are ASCII: eight bytes without one are passed over at once.
    let may_hold = |word: u64| {
        let apostrophes = if apostrophe { swar::equal(word, b'\'') } else { 0 };
        swar::equal(word, b'&')
            | swar::equal(word, b'<')
            | swar::equal(word, b'>')
            | swar::equal(word, b'"')
            | apostrophes
            != 0
    };
    swar::push_replacing(out, s, may_hold, |c| {
        Some(Cow::Borrowed(match c {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' if apostrophe => "&#39;",
            _ => return None,
        }))
    });
}

#[cfg(test)]
mod tests;
