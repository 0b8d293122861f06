//! A rendered page → the text the index reads: the text of the element marked
//! [`BODY_ATTR`] (the article in `page.html`: title, body and code; not the sidebar,
//! switcher, breadcrumbs or notices), or of `<body>` when a theme marks nothing;
//! elements marked [`IGNORE_ATTR`] and scripts stay out. Whitespace is collapsed to
//! single spaces, and block elements (paragraphs, cells, list items…) separate
//! words. Each heading is a [`Heading`]: where its text starts and ends, its level
//! and its `id`, so a result can land on its section.
//!
//! The pages are polybook's own output (well-formed, escaped by the renderer) plus
//! raw HTML from the sources: the scanner is tolerant (unclosed elements end with
//! their parent, stray end tags are ignored) and never fails.

use std::borrow::Cow;

/// The attribute that marks the element whose text is indexed.
pub const BODY_ATTR: &str = "data-search-body";
/// The attribute that keeps an element inside the body out of the index.
pub const IGNORE_ATTR: &str = "data-search-ignore";

/// The indexed text of a page.
#[derive(Debug, Default, PartialEq)]
pub struct PageText {
    pub text: String,
    pub headings: Vec<Heading>,
}

/// A heading inside [`PageText::text`].
#[derive(Debug, PartialEq)]
pub struct Heading {
    /// Byte range of its text.
    pub start: usize,
    pub end: usize,
    /// `1` for `<h1>`…
    pub level: u8,
    /// Its `id` attribute (empty when it has none: it cannot be landed on).
    pub id: String,
}

/// Whether an element does not separate words.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "abbr"
            | "b"
            | "bdi"
            | "bdo"
            | "cite"
            | "code"
            | "data"
            | "del"
            | "dfn"
            | "em"
            | "font"
            | "i"
            | "ins"
            | "kbd"
            | "mark"
            | "q"
            | "s"
            | "samp"
            | "small"
            | "span"
            | "strong"
            | "sub"
            | "sup"
            | "time"
            | "u"
            | "var"
            | "wbr"
    )
}

/// Whether an element has no end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// The indexed text of the page `html`.
pub fn extract(html: &str) -> PageText {
    extract_from(html, None)
}

/// [`extract`], told that the first occurrence of `body_start` in the page, if there
/// is one, is the start tag of the marked element (the default theme's article):
/// reading starts there instead of at `<body>`, past the page's header, switcher
/// and navigation.
pub fn extract_from(html: &str, body_start: Option<&str>) -> PageText {
    let start = body_start.and_then(|tag| memchr::memmem::find(html.as_bytes(), tag.as_bytes()));
    let marked = start.is_some() || html.contains(BODY_ATTR);
    // Nothing in `<head>` is read: start at `<body>` (where it is written in lower case, as
    // polybook's templates do; else from the top).
    let at = start.unwrap_or_else(|| html.find("<body").unwrap_or(0));
    let mut s = Scanner { html, at };
    let mut out = Text::default();
    // Open elements inside the captured one, which is `stack[0]`.
    let mut stack: Vec<Cow<str>> = Vec::new();
    // Depth in `stack` of the ignored element, while inside one.
    let mut ignored: Option<usize> = None;
    // The open heading: its level, id and where its text starts.
    let mut heading: Option<(u8, String, usize)> = None;
    while let Some(token) = s.next() {
        match token {
            Token::Text(text) => {
                if !stack.is_empty() && ignored.is_none() {
                    out.push(&decode(text));
                }
            }
            Token::Start { name, attrs, self_closing } => {
                if matches!(&*name, "script" | "style" | "template") {
                    s.skip_raw_text(&name);
                    continue;
                }
                if stack.is_empty() {
                    let starts = if marked {
                        attrs.contains(BODY_ATTR) && attr(attrs, BODY_ATTR).is_some()
                    } else {
                        name == "body"
                    };
                    if starts && !self_closing {
                        stack.push(name);
                    }
                    continue;
                }
                if !is_inline(&name) {
                    out.separate();
                }
                if is_void(&name) || self_closing {
                    continue;
                }
                if ignored.is_none() && attrs.contains(IGNORE_ATTR) && attr(attrs, IGNORE_ATTR).is_some() {
                    ignored = Some(stack.len());
                }
                if let Some(level) = heading_level(&name).filter(|_| heading.is_none() && ignored.is_none()) {
                    let id = attr(attrs, "id").map(|v| decode(v).into_owned()).unwrap_or_default();
                    out.separate();
                    out.flush_space();
                    heading = Some((level, id, out.text.len()));
                }
                stack.push(name);
            }
            Token::End(name) => {
                if !is_inline(&name) {
                    out.separate();
                }
                let Some(at) = stack.iter().rposition(|open| *open == name) else { continue };
                stack.truncate(at);
                if ignored.is_some_and(|depth| stack.len() <= depth) {
                    ignored = None;
                }
                if let Some((level, id, start)) = heading.take() {
                    if heading_level(&name) == Some(level) || stack.is_empty() {
                        let end = out.text.len();
                        out.headings.push(Heading { start, end, level, id });
                    } else {
                        heading = Some((level, id, start));
                    }
                }
                if stack.is_empty() && marked {
                    break;
                }
            }
        }
    }
    PageText { text: out.text, headings: out.headings }
}

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// Text with character references replaced.
fn decode(text: &str) -> Cow<'_, str> {
    crate::markdown::rawcode::decode_entities(text)
}

/// The value of attribute `name` in a start tag's attribute source (`""` for an
/// attribute without a value).
fn attr<'a>(attrs: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = attrs;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_end = rest.find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/').unwrap_or(rest.len());
        let this = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or_default())
                }
                _ => {
                    let end = after.find(|c: char| c.is_ascii_whitespace()).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = v;
            rest = tail;
        }
        if this.eq_ignore_ascii_case(name) {
            return Some(value);
        }
    }
}

/// Whether a byte may start a whitespace character: ASCII whitespace, or the lead
/// byte of one of the non-ASCII ones.
fn may_start_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3)
}

/// The text being collected, whitespace collapsed.
#[derive(Default)]
struct Text {
    text: String,
    headings: Vec<Heading>,
    space: bool,
}

impl Text {
    fn push(&mut self, s: &str) {
        // Split at whitespace (`char::is_whitespace`) by bytes: a non-ASCII space
        // starts with one of four lead bytes, so only those are decoded.
        let bytes = s.as_bytes();
        let (mut piece, mut at) = (0, 0);
        while at < bytes.len() {
            let space = match bytes[at] {
                b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => 1,
                0xC2 | 0xE1 | 0xE2 | 0xE3 => {
                    s[at..].chars().next().filter(|c| c.is_whitespace()).map_or(0, char::len_utf8)
                }
                _ => 0,
            };
            if space == 0 {
                at += 1;
                continue;
            }
            // One ASCII space between two words stays in the piece: it is what the
            // collapsing writes there (the words are then copied in one run).
            if bytes[at] == b' ' && at > piece && bytes.get(at + 1).is_some_and(|&b| !may_start_space(b)) {
                at += 1;
                continue;
            }
            self.push_piece(&s[piece..at]);
            self.space = true;
            at += space;
            piece = at;
        }
        self.push_piece(&s[piece..]);
    }

    /// Text without whitespace at its ends (single spaces inside).
    fn push_piece(&mut self, piece: &str) {
        if !piece.is_empty() {
            self.flush_space();
            self.text.push_str(piece);
        }
    }

    /// Words on both sides stay apart.
    fn separate(&mut self) {
        self.space = true;
    }

    fn flush_space(&mut self) {
        if self.space && !self.text.is_empty() {
            self.text.push(' ');
        }
        self.space = false;
    }
}

enum Token<'a> {
    Text(&'a str),
    /// A start tag: its name in lower case, the source of its attributes.
    Start {
        name: Cow<'a, str>,
        attrs: &'a str,
        self_closing: bool,
    },
    End(Cow<'a, str>),
}

struct Scanner<'a> {
    html: &'a str,
    at: usize,
}

impl<'a> Scanner<'a> {
    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            if let Some(token) = self.token() {
                return token;
            }
        }
    }

    /// The next token; `Some(None)` at the end, `None` after a comment or doctype.
    fn token(&mut self) -> Option<Option<Token<'a>>> {
        let rest = &self.html[self.at..];
        if rest.is_empty() {
            return Some(None);
        }
        if !rest.starts_with('<') {
            let end = memchr::memchr(b'<', rest.as_bytes()).unwrap_or(rest.len());
            self.at += end;
            return Some(Some(Token::Text(&rest[..end])));
        }
        let bytes = rest.as_bytes();
        if let Some(comment) = rest.strip_prefix("<!--") {
            self.at += comment.find("-->").map_or(rest.len(), |i| i + 7);
            return None;
        }
        if matches!(bytes.get(1), Some(b'!' | b'?')) {
            self.at += memchr::memchr(b'>', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
            return None;
        }
        let end_tag = bytes.get(1) == Some(&b'/');
        let name_start = if end_tag { 2 } else { 1 };
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            // A `<` that starts no tag is text.
            self.at += 1;
            return Some(Some(Token::Text("<")));
        }
        let name_end = rest[name_start..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(rest.len(), |i| i + name_start);
        let name = &rest[name_start..name_end];
        let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        };
        let close = tag_end(rest, name_end);
        self.at += close;
        if end_tag {
            return Some(Some(Token::End(name)));
        }
        let inside = &rest[name_end..close.saturating_sub(1).max(name_end)];
        let self_closing = inside.trim_end().ends_with('/');
        Some(Some(Token::Start { name, attrs: inside, self_closing }))
    }

    /// Skips to the end tag of a raw-text element (`</script>`).
    fn skip_raw_text(&mut self, name: &str) {
        let rest = &self.html[self.at..];
        let close = format!("</{name}");
        let lower = rest.to_ascii_lowercase();
        match lower.find(&close) {
            Some(i) => self.at += tag_end(rest, i + close.len()),
            None => self.at = self.html.len(),
        }
    }
}

/// The offset just past the `>` closing the tag that `s` starts with, looking from
/// `from`; quoted attribute values may hold `>` (their closing quote is found by
/// memchr).
fn tag_end(s: &str, from: usize) -> usize {
    let b = s.as_bytes();
    let mut i = from;
    while let Some(k) = b.get(i..).and_then(|rest| rest.iter().position(|&c| matches!(c, b'>' | b'"' | b'\''))) {
        i += k;
        if b[i] == b'>' {
            return i + 1;
        }
        // A quote: to its closing twin (the byte after a quote starts a character).
        match s[i + 1..].find(char::from(b[i])) {
            Some(close) => i += close + 2,
            None => return s.len(),
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"es\"><head><title>T</title><script>var a = '<article {BODY_ATTR}>';</script></head>\
             <body><nav>Migas de pan</nav><article class=\"content\" {BODY_ATTR}>{body}</article>\
             <footer>Pie</footer></body></html>"
        )
    }

    #[test]
    fn reading_may_start_at_the_known_start_tag() {
        let tag = "<article class=\"content\" data-search-body>";
        let html = format!(
            "<html><body><nav data-sections=\"[&quot;data-search-body&quot;]\">data-search-body</nav>\
             {tag}<h2 id=\"a\">A</h2><p>uno</p></article><p>pie</p></body></html>"
        );
        assert_eq!(extract_from(&html, Some(tag)), extract(&html));
        assert_eq!(extract_from(&html, Some(tag)).text, "A uno");
        // A page without the tag is read from `<body>`.
        let plain = "<html><body><p>todo</p></body></html>";
        assert_eq!(extract_from(plain, Some(tag)), extract(plain));
        assert_eq!(extract_from(plain, Some(tag)).text, "todo");
    }

    #[test]
    fn only_the_marked_element_is_read() {
        let t = extract(&page("<h1 id=\"top\">Título</h1><p>Uno <strong>dos</strong></p><p>tres</p>"));
        assert_eq!(t.text, "Título Uno dos tres");
        assert_eq!(t.headings, [Heading { start: 0, end: "Título".len(), level: 1, id: "top".into() }]);
    }

    #[test]
    fn headings_give_their_range_level_and_id() {
        let t = extract(&page(
            "<h1 id=\"a\">A</h1><p>x</p><h2 id=\"b&amp;c\"><a name=\"old\"></a>Dos <em>y</em></h2><p>z</p>",
        ));
        assert_eq!(t.text, "A x Dos y z");
        let h = &t.headings[1];
        assert_eq!((&t.text[h.start..h.end], h.level, h.id.as_str()), ("Dos y", 2, "b&c"));
    }

    #[test]
    fn entities_scripts_comments_and_ignored_elements() {
        let t = extract(&page(
            "<p>a &lt;b&gt; &amp; &nbsp;c&#233;</p><!-- oculto --><script>no()</script>\
             <div data-search-ignore><p>fuera</p><div>fuera</div></div><pre><code>Get-CsUser\n  -Identity</code></pre>",
        ));
        assert_eq!(t.text, "a <b> & cé Get-CsUser -Identity");
    }

    #[test]
    fn quoted_attributes_may_hold_angle_brackets() {
        let t = extract(&page("<p title=\"a > b\">dentro</p><img alt='x>y' src=\"i.png\">después"));
        assert_eq!(t.text, "dentro después");
    }

    #[test]
    fn unclosed_elements_and_stray_end_tags_are_tolerated() {
        let t = extract(&page("<p>uno<li>dos</span></div>tres<h2 id=\"s\">cuatro</p>"));
        assert!(t.text.starts_with("uno dos tres cuatro"), "{}", t.text);
        assert!(!t.text.contains("Pie") && !t.text.contains("Migas"), "{}", t.text);
    }

    proptest::proptest! {
        /// Splitting at whitespace by bytes gives what `split(char::is_whitespace)` gives.
        #[test]
        fn text_is_split_as_by_characters(
            pieces in proptest::collection::vec("([a-z ]|\t|\n|\u{B}|\u{C}|\r|\u{85}|\u{A0}|\u{A9}|\u{1680}|\u{2003}|\u{2010}|\u{3000}|\u{3002}|存)*", 0..4),
        ) {
            let mut fast = Text::default();
            let mut reference = Text::default();
            for s in &pieces {
                fast.push(s);
                for (n, piece) in s.split(char::is_whitespace).enumerate() {
                    if n > 0 {
                        reference.space = true;
                    }
                    reference.push_piece(piece);
                }
                fast.separate();
                reference.separate();
            }
            proptest::prop_assert_eq!(fast.text, reference.text);
        }
    }

    proptest::proptest! {
        /// The end of a tag as a quote-tracking scan byte by byte finds it.
        #[test]
        fn tag_ends_as_scanned_byte_by_byte(s in "<a( [a-z]+(=(\"[^\"]*\"|'[^']*'|[a-z>]*))?)*[ >\"'x]{0,3}>?[a-z]{0,3}", from in 0usize..3) {
            let mut quote: Option<u8> = None;
            let mut expected = s.len();
            for (i, &b) in s.as_bytes().iter().enumerate().skip(from) {
                match quote {
                    Some(q) if b == q => quote = None,
                    Some(_) => {}
                    None if b == b'"' || b == b'\'' => quote = Some(b),
                    None if b == b'>' => {
                        expected = i + 1;
                        break;
                    }
                    None => {}
                }
            }
            proptest::prop_assert_eq!(tag_end(&s, from), expected);
        }
    }

    #[test]
    fn without_a_marked_element_the_body_is_read() {
        let t = extract("<html><head><title>T</title></head><body><p>todo</p> <p>el cuerpo</p></body></html>");
        assert_eq!(t.text, "todo el cuerpo");
    }
}
