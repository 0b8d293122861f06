//! Stage 3, Markdown: one page's body → article HTML, with pulldown-cmark
//! (tables, footnotes, strikethrough, task lists, heading attributes, GFM alerts)
//! and raw HTML passed through. The event stream is rewritten on the way:
//!
//! 1. headings get stable, unique ids (CJK kept readable) and are collected;
//! 2. DocFX alerts become callouts labelled in the page's language;
//! 3. links and images, in Markdown and in raw HTML, are resolved by
//!    [`crate::links`] and rewritten to output URLs;
//! 4. code blocks, fenced, indented or written in raw HTML (`<pre>`, see
//!    [`rawcode`]), are replaced by [`crate::highlight`]'s HTML;
//! 5. each section's language-independent keys are collected ([`keys`]).

mod docfx;
pub mod headings;
pub mod keys;
pub mod rawcode;
pub mod rawhtml;

use std::cell::OnceCell;
use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Kind, line_col};
use crate::highlight::Highlighter;
use crate::links::{LinkIndex, Target};
use crate::model::{Article, FragmentLink, Heading, Page};
use headings::IdAllocator;
use keys::KeyCollector;

/// Localised labels of the five alert kinds, in the order Note, Tip, Important, Warning, Caution.
pub type AlertLabels = [String; 5];

/// What rendering needs besides the page: shared, read-only, built once per build.
pub struct Env<'a> {
    /// All pages (for link targets).
    pub pages: &'a [Page],
    /// Link lookup tables.
    pub links: &'a LinkIndex,
    /// The code highlighter.
    pub highlighter: &'a Highlighter,
    /// Alert labels per locale.
    pub alert_labels: &'a [AlertLabels],
}

/// The pulldown-cmark options polybook uses.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders page `index`.
pub fn render(index: usize, env: &Env<'_>) -> (Article, Vec<Diagnostic>) {
    render_body(index, &env.pages[index].body, env)
}

/// Renders page `index` from `body`, its Markdown (for books whose bodies are not
/// held in their pages).
pub fn render_body(index: usize, body: &str, env: &Env<'_>) -> (Article, Vec<Diagnostic>) {
    let page = &env.pages[index];
    let source = docfx::preprocess(body);
    let mut r = Renderer {
        index,
        env,
        page,
        source: &source,
        line_starts: OnceCell::new(),
        article: Article::default(),
        diags: Vec::new(),
        ids: IdAllocator::default(),
        keys: KeyCollector::default(),
    };
    r.check_stray_boms();
    let events = r.transform(Parser::new_ext(&source, options()).into_offset_iter());
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    r.article.html = html;
    r.article.section_keys = std::mem::take(&mut r.keys).finish();
    (r.article, r.diags)
}

struct Renderer<'a, 'e> {
    index: usize,
    env: &'a Env<'e>,
    page: &'a Page,
    source: &'a str,
    /// Byte offsets where the lines of `source` start: positions in O(log n), not O(n).
    /// Made on first use (most pages need no position).
    line_starts: OnceCell<Vec<usize>>,
    article: Article,
    diags: Vec<Diagnostic>,
    ids: IdAllocator,
    keys: KeyCollector,
}

/// A heading being collected until its end.
struct OpenHeading<'s> {
    start: usize,
    events: Vec<Event<'s>>,
    text: String,
}

/// A `<pre>` written in raw HTML, collected until its `</pre>`, which may come
/// several events later (an HTML block per line; Markdown paragraphs after a blank line).
struct OpenPre<'s> {
    /// Its HTML from `<pre` on.
    raw: String,
    /// Source offset of `<pre`, for diagnostics.
    start: usize,
    /// How far the source has been copied into `raw`.
    cursor: usize,
    /// Start events taken in since `<pre` whose end has not come yet.
    open: Vec<Event<'s>>,
    /// The events taken in, to put back as they were if the `<pre>` never closes.
    taken: Vec<(Event<'s>, Range<usize>)>,
}

/// A code block being collected until its end.
struct OpenCode {
    info: Option<String>,
    code: String,
    range: Range<usize>,
}

impl<'a, 'e> Renderer<'a, 'e> {
    fn transform<'s>(&mut self, mut parser: impl Iterator<Item = (Event<'s>, Range<usize>)>) -> Vec<Event<'s>> {
        // The corpus averages one event per 24 bytes of source: room for most pages
        // at once, instead of growing one event at a time.
        let mut out = Vec::with_capacity(self.source.len() / 16);
        let mut heading: Option<OpenHeading<'s>> = None;
        let mut code: Option<OpenCode> = None;
        let mut pre: Option<OpenPre<'s>> = None;
        // Events to read before the parser's next: the rest of an HTML chunk after `<pre`
        // or `</pre>`, or the events of a `<pre>` that never closed, put back as they were
        // (the flag says whether a `<pre` in the event may open a block).
        let mut again: VecDeque<(Event<'s>, Range<usize>, bool)> = VecDeque::new();
        loop {
            let (event, range, may_open) = match again.pop_front() {
                Some(next) => next,
                None => match parser.next() {
                    Some((event, range)) => (event, range, true),
                    None => match pre.take() {
                        Some(p) => {
                            put_back(p.taken, &mut again);
                            continue;
                        }
                        None => break,
                    },
                },
            };
            if let Some(p) = pre.as_mut() {
                match self.take_into_pre(p, event, range) {
                    PreStep::Taken => {}
                    PreStep::Closed(tail) => {
                        let p = pre.take().expect("invariant: open pre");
                        let block = self.raw_code_block(&p.raw, p.start);
                        out.push(Event::Html(block.into()));
                        // Blocks opened inside the `<pre>` end after it: open them again.
                        out.extend(p.open);
                        again.extend(tail.map(|(event, range)| (event, range, true)));
                    }
                    PreStep::Broken(event, range) => {
                        let mut taken = pre.take().expect("invariant: open pre").taken;
                        taken.push((event, range));
                        put_back(taken, &mut again);
                    }
                }
                continue;
            }
            if let Some(c) = code.as_mut() {
                match event {
                    Event::Text(t) => c.code.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let c = code.take().expect("invariant: open code block");
                        out.push(Event::Html(self.code_block(c).into()));
                    }
                    _ => {}
                }
                continue;
            }
            if let (true, None, Event::Html(t) | Event::InlineHtml(t)) = (may_open, &heading, &event)
                && let Some(k) = rawcode::find_open(t)
            {
                let inline = matches!(event, Event::InlineHtml(_));
                let chunk = |s: &str| {
                    let s = CowStr::from(s.to_owned());
                    if inline { Event::InlineHtml(s) } else { Event::Html(s) }
                };
                if k > 0 {
                    let before = self.raw_html(CowStr::from(t[..k].to_owned()), range.start);
                    out.push(if inline { Event::InlineHtml(before) } else { Event::Html(before) });
                }
                let at = range.start + k;
                pre = Some(OpenPre { raw: String::new(), start: at, cursor: at, open: Vec::new(), taken: Vec::new() });
                again.push_front((chunk(&t[k..]), at..range.end.max(at), true));
                continue;
            }
            let event = match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => Some(info.to_string()),
                        CodeBlockKind::Indented => None,
                    };
                    code = Some(OpenCode { info, code: String::new(), range });
                    continue;
                }
                Event::Start(Tag::Heading { .. }) if heading.is_none() => {
                    // A heading holds its start, text (a few pieces with inline code or
                    // links) and end: room for those at once.
                    let mut events = Vec::with_capacity(8);
                    events.push(event);
                    heading = Some(OpenHeading { start: out.len(), events, text: String::new() });
                    continue;
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(h) = heading.take() {
                        let mut events = h.events;
                        events.push(event);
                        self.finish_heading(&mut events, h.text);
                        debug_assert_eq!(h.start, out.len());
                        out.extend(events);
                        continue;
                    }
                    event
                }
                Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(self.alert_open(kind).into()),
                Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</div>\n".into()),
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    let dest_url = match link_type {
                        LinkType::Email | LinkType::Autolink => dest_url,
                        _ => self.rewrite(&dest_url, Written::Within(range.clone())).map_or(dest_url, CowStr::from),
                    };
                    Event::Start(Tag::Link { link_type, dest_url, title, id })
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                    let dest_url =
                        self.rewrite(&dest_url, Written::Within(range.clone())).map_or(dest_url, CowStr::from);
                    Event::Start(Tag::Image { link_type, dest_url, title, id })
                }
                Event::Html(html) => Event::Html(self.raw_html(html, range.start)),
                Event::InlineHtml(html) => Event::InlineHtml(self.raw_html(html, range.start)),
                other => other,
            };
            match heading.as_mut() {
                Some(h) => {
                    if let Event::Text(t) | Event::Code(t) = &event {
                        h.text.push_str(t);
                    }
                    h.events.push(event);
                }
                None => {
                    match &event {
                        Event::Text(t) => self.keys.text(t),
                        Event::Code(t) => self.keys.inline_code(t),
                        _ => {}
                    }
                    out.push(event);
                }
            }
        }
        out
    }

    /// Takes one event into an open `<pre>`: raw HTML as written, Markdown text as its
    /// source (which is what an HTML parser would have read there), block breaks as the
    /// blank lines they stand for.
    fn take_into_pre<'s>(&mut self, p: &mut OpenPre<'s>, event: Event<'s>, range: Range<usize>) -> PreStep<'s> {
        p.taken.push((event.clone(), range.clone()));
        match event {
            Event::Html(t) | Event::InlineHtml(t) => {
                let inline = matches!(p.taken.last(), Some((Event::InlineHtml(_), _)));
                let Some(close) = rawcode::find_close(&t) else {
                    p.raw.push_str(&t);
                    p.cursor = p.cursor.max(range.end);
                    return PreStep::Taken;
                };
                p.raw.push_str(&t[..close.start]);
                let tail = (close.end < t.len()).then(|| {
                    let rest = CowStr::from(t[close.end..].to_owned());
                    let at = (range.start + close.end).min(range.end);
                    (if inline { Event::InlineHtml(rest) } else { Event::Html(rest) }, at..range.end)
                });
                PreStep::Closed(tail)
            }
            Event::Start(tag) => {
                if !is_inline(&tag) && range.start >= p.cursor {
                    // The blank lines before the block; its first line's indentation
                    // is copied with its text.
                    let gap = &self.source[p.cursor..range.start];
                    p.raw.extend(std::iter::repeat_n('\n', gap.matches('\n').count()));
                    p.cursor = gap.rfind('\n').map_or(range.start, |n| p.cursor + n + 1);
                }
                p.open.push(Event::Start(tag));
                PreStep::Taken
            }
            Event::End(end) => {
                if p.open.pop().is_some() {
                    if is_inline_end(end) {
                        self.copy_source(p, range.end);
                    }
                    PreStep::Taken
                } else if end == TagEnd::HtmlBlock {
                    // The HTML block that held `<pre` ends at a blank line; the `<pre>` goes on.
                    PreStep::Taken
                } else {
                    p.taken.pop();
                    PreStep::Broken(Event::End(end), range)
                }
            }
            _ => {
                self.copy_source(p, range.end);
                PreStep::Taken
            }
        }
    }

    /// Copies the source from where an open `<pre>` stopped up to `end`.
    fn copy_source(&self, p: &mut OpenPre<'_>, end: usize) {
        if let Some(text) = self.source.get(p.cursor..end) {
            p.raw.push_str(text);
            p.cursor = end;
        }
    }

    fn finish_heading(&mut self, events: &mut [Event<'_>], text: String) {
        let Event::Start(Tag::Heading { level, id, .. }) = &mut events[0] else {
            return;
        };
        let text = text.trim().to_owned();
        let chosen = match id.take() {
            Some(explicit) => self.ids.unique(&explicit),
            None => self.ids.unique(&headings::slugify(&text)),
        };
        *id = Some(chosen.clone().into());
        self.keys.next_section();
        self.keys.text(&text);
        self.article.anchors.push(chosen.clone());
        self.article.headings.push(Heading { level: *level as u8, id: chosen, text });
    }

    fn alert_open(&self, kind: BlockQuoteKind) -> String {
        let (class, i) = match kind {
            BlockQuoteKind::Note => ("note", 0),
            BlockQuoteKind::Tip => ("tip", 1),
            BlockQuoteKind::Important => ("important", 2),
            BlockQuoteKind::Warning => ("warning", 3),
            BlockQuoteKind::Caution => ("caution", 4),
        };
        let label = crate::highlight::escape(&self.env.alert_labels[self.page.locale][i]);
        format!("<div class=\"alert alert-{class}\" role=\"note\"><p class=\"alert-title\">{label}</p>\n")
    }

    fn code_block(&mut self, c: OpenCode) -> String {
        if let Some(info) = &c.info {
            self.check_fence_closed(info, &c.range);
        }
        self.highlighted(c.info.as_deref(), &c.code, c.range.start)
    }

    /// A `<pre>` written in raw HTML (`raw` from `<pre` to before `</pre>`), as the
    /// same highlighted markup as a Markdown code block.
    fn raw_code_block(&mut self, raw: &str, start: usize) -> String {
        let code = rawcode::parse(raw);
        self.highlighted(code.info.as_deref(), &code.text, start)
    }

    fn highlighted(&mut self, info: Option<&str>, code: &str, at: usize) -> String {
        let block = self.env.highlighter.highlight(info, code);
        if let Some(tag) = &block.unknown_tag {
            let d = self.diag(
                Kind::UnknownLanguage,
                at,
                3,
                format!("no grammar for code language `{tag}`; shown as plain text"),
            );
            self.diags.push(d);
        }
        self.article.code_languages.push(block.language);
        self.keys.code_block(code);
        block.html.to_string()
    }

    /// A fence that runs to the end of the document (or of its container) without its closing line.
    /// A byte-order mark at the start of a line (files pasted together) is invisible, yet
    /// the line is no longer a heading, list item or fence: say so.
    fn check_stray_boms(&mut self) {
        if !self.source.contains('\u{FEFF}') {
            return;
        }
        for i in 0..self.line_starts().len() {
            let start = self.line_starts()[i];
            if self.source[start..].starts_with('\u{FEFF}') {
                let d = self
                    .diag(Kind::StrayBom, start, 1, "an invisible byte-order mark (U+FEFF) starts this line")
                    .with_hint("delete it: the line is read as plain text, not as Markdown (a heading, a list item…)");
                self.diags.push(d);
            }
        }
    }

    fn check_fence_closed(&mut self, _info: &str, range: &Range<usize>) {
        let text = &self.source[range.clone()];
        let opening = text.trim_start_matches([' ', '>', '\t']);
        let fence_char = opening.chars().next().unwrap_or('`');
        let fence_len = opening.chars().take_while(|&c| c == fence_char).count();
        let last = text.trim_end().lines().last().unwrap_or("").trim_start_matches([' ', '>', '\t']);
        let closed = text.trim_end().lines().count() > 1
            && last.chars().take_while(|&c| c == fence_char).count() >= fence_len
            && last.trim_start_matches(fence_char).trim().is_empty();
        if !closed {
            let d = self
                .diag(
                    Kind::UnterminatedFence,
                    range.start,
                    fence_len as u32,
                    "this code fence is never closed: everything after it is shown as code",
                )
                .with_hint(format!(
                    "close the block with a line holding only {}",
                    fence_char.to_string().repeat(fence_len)
                ));
            self.diags.push(d);
        }
    }

    /// The source offset of `dest`, for precise markers: inside the source range of a
    /// link or image, it is searched for (only when a marker needs it).
    fn dest_offset(&self, written: &Written, dest: &str) -> usize {
        match written {
            Written::At(offset) => *offset,
            Written::Within(range) => self
                .source
                .get(range.clone())
                .and_then(|text| text.rfind(dest))
                .map_or(range.start, |i| range.start + i),
        }
    }

    /// Resolves a link or image destination; `Some(new)` when the written URL changes.
    fn rewrite(&mut self, dest: &str, written: Written) -> Option<String> {
        match self.env.links.resolve(self.env.pages, self.index, dest) {
            Ok(Target::External) => {
                self.keys.external(dest);
                None
            }
            Ok(Target::SamePage { fragment }) => {
                let (line, column) = self.line_col(self.dest_offset(&written, dest));
                self.article.fragment_links.push(FragmentLink { target: self.index, fragment, line, column });
                None
            }
            Ok(Target::Page { page, fragment, url }) => {
                self.article.links_resolved += 1;
                let target = &self.env.pages[page];
                self.keys.page_link(target.front.asset_id.as_deref().unwrap_or(&target.rel_path));
                if let Some(fragment) = fragment {
                    let (line, column) = self.line_col(self.dest_offset(&written, dest));
                    self.article.fragment_links.push(FragmentLink { target: page, fragment, line, column });
                }
                Some(url)
            }
            Ok(Target::Asset { rel_path, url }) => {
                self.keys.asset(&rel_path);
                self.article.assets.push(rel_path);
                Some(url)
            }
            Err(problem) => {
                if problem.kind == Kind::BrokenLink {
                    self.article.links_unresolved += 1;
                }
                let offset = self.dest_offset(&written, dest);
                let mut d = self.diag(problem.kind, offset, dest.chars().count() as u32, problem.message);
                d.hint = problem.hint;
                self.diags.push(d);
                // Nothing is lost: a link that climbs out of the book is neutralised,
                // anything else keeps the author's text.
                (problem.kind == Kind::LinkOutsideBook).then(String::new)
            }
        }
    }

    fn raw_html<'s>(&mut self, html: CowStr<'s>, offset: usize) -> CowStr<'s> {
        // One pass over the attributes: `name`/`id` are anchors, `href`/`src` are
        // rewritten (the HTML is copied only once one of them changes).
        let mut out: Option<String> = None;
        let mut copied = 0;
        for attr in rawhtml::RawAttrs::new(&html) {
            let value = &html[attr.value.clone()];
            if attr.is("name") || attr.is("id") {
                self.keys.anchor(value);
                self.article.anchors.push(value.to_owned());
            } else if attr.is("href") || attr.is("src") {
                let decoded = value.replace("&amp;", "&");
                if let Some(url) = self.rewrite(&decoded, Written::At(offset + attr.value.start)) {
                    let out = out.get_or_insert_with(|| String::with_capacity(html.len() + 16));
                    out.push_str(&html[copied..attr.value.start]);
                    pulldown_cmark_escape::escape_href(&mut *out, &url).expect("invariant: writing to a String");
                    copied = attr.value.end;
                }
            }
        }
        match out {
            Some(mut out) => {
                out.push_str(&html[copied..]);
                CowStr::from(out)
            }
            None => html,
        }
    }

    /// Byte offsets where the lines of `source` start.
    fn line_starts(&self) -> &[usize] {
        self.line_starts
            .get_or_init(|| std::iter::once(0).chain(self.source.match_indices('\n').map(|(i, _)| i + 1)).collect())
    }

    /// File line and column of `offset`.
    fn line_col(&self, offset: usize) -> (u32, u32) {
        let (line, col, _) = self.position(offset);
        (line + self.page.body_line - 1, col)
    }

    /// Line (in `source`), column and the byte offset where that line starts, found
    /// with the line table: a page with many links stays linear, not quadratic.
    fn position(&self, offset: usize) -> (u32, u32, usize) {
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&start| start <= offset.min(self.source.len()));
        let start = line_starts[line - 1];
        let (_, col) = line_col(&self.source[start..], offset - start);
        (line as u32, col, start)
    }

    fn diag(&self, kind: Kind, offset: usize, span: u32, message: impl Into<String>) -> Diagnostic {
        let (line, col, start) = self.position(offset);
        Diagnostic::file(kind, &self.page.path, message)
            .at(&self.source[start..], 1, col, span)
            .at_line(line + self.page.body_line - 1)
    }
}

/// Where a link destination is written in the source.
enum Written {
    /// At this offset.
    At(usize),
    /// Somewhere in this range (a Markdown link or image: its text comes first).
    Within(Range<usize>),
}

/// What taking an event into an open `<pre>` came to.
enum PreStep<'s> {
    /// Taken; the `<pre>` goes on.
    Taken,
    /// `</pre>` came, with this rest of the chunk after it (to read as usual).
    Closed(Option<(Event<'s>, Range<usize>)>),
    /// A container that held the `<pre` ended first: the `<pre>` is not closed where
    /// it was opened, so everything is put back as it was, this event after it.
    Broken(Event<'s>, Range<usize>),
}

/// Puts events taken into a `<pre>` back in front of the queue; the first (the chunk
/// with `<pre`) may not open a block again.
fn put_back<'s>(taken: Vec<(Event<'s>, Range<usize>)>, again: &mut VecDeque<(Event<'s>, Range<usize>, bool)>) {
    for (i, (event, range)) in taken.into_iter().enumerate().rev() {
        again.push_front((event, range, i > 0));
    }
}

/// Inline elements (their source is copied into a `<pre>` as written); anything else is a block.
fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

#[cfg(test)]
mod tests;
