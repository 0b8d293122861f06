//! Raw HTML inside Markdown (the corpus has ~1,350 `<A href="x.md">` and
//! `<img src>` per locale): find the `href`/`src` values to rewrite and the
//! `name`/`id` values that fragments may target, without a full HTML parser.

/// An attribute value found in a chunk of HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// Lower-cased attribute name.
    pub name: String,
    /// Byte range of the value (without quotes) in the chunk.
    pub value: std::ops::Range<usize>,
}

/// An attribute as written in a chunk of HTML (its name not lower-cased: nothing is copied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawAttr<'h> {
    /// The attribute name, as written.
    pub name: &'h str,
    /// Byte range of the value (without quotes) in the chunk.
    pub value: std::ops::Range<usize>,
}

impl RawAttr<'_> {
    /// Whether the attribute is `name` (lower-case), in any case.
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }
}

/// Finds `name="value"` / `name='value'` / `name=value` attributes inside tags.
pub fn attributes(html: &str) -> Vec<Attr> {
    raw_attributes(html).into_iter().map(|a| Attr { name: a.name.to_ascii_lowercase(), value: a.value }).collect()
}

/// [`attributes`] with their names as written.
pub fn raw_attributes(html: &str) -> Vec<RawAttr<'_>> {
    RawAttrs::new(html).collect()
}

/// [`raw_attributes`] one at a time, in document order (nothing is collected).
#[derive(Debug, Clone)]
pub struct RawAttrs<'h> {
    html: &'h str,
    /// Where the scan goes on.
    i: usize,
    /// Whether `i` is inside a start tag, among its attributes.
    in_tag: bool,
}

impl<'h> RawAttrs<'h> {
    /// The attributes of every start tag of `html`.
    pub fn new(html: &'h str) -> Self {
        Self { html, i: 0, in_tag: false }
    }
}

impl<'h> Iterator for RawAttrs<'h> {
    type Item = RawAttr<'h>;

    fn next(&mut self) -> Option<RawAttr<'h>> {
        let html = self.html;
        let b = html.as_bytes();
        let mut i = self.i;
        loop {
            if !self.in_tag {
                // To the next `<`, then only where it opens a tag.
                i += memchr::memchr(b'<', b.get(i..)?)?;
                if b.get(i + 1).is_none_or(|c| !c.is_ascii_alphabetic()) {
                    i += 1;
                    continue;
                }
                i = skip_name(b, i + 1);
                self.in_tag = true;
            }
            if let Some(attr) = next_attr(html, &mut i) {
                self.i = i;
                return Some(attr);
            }
            self.in_tag = false;
            if i >= b.len() {
                self.i = i;
                return None;
            }
        }
    }
}

/// The attributes of one start tag, from its name on: [`RawAttrs`] for a single
/// tag, which also tells where the tag ends.
#[derive(Debug, Clone)]
pub struct TagAttrs<'h> {
    html: &'h str,
    i: usize,
}

impl<'h> TagAttrs<'h> {
    /// The attributes of the start tag whose name starts at `name_start` (just after its `<`).
    pub fn new(html: &'h str, name_start: usize) -> Self {
        Self { html, i: skip_name(html.as_bytes(), name_start) }
    }

    /// Where the tag ends (after its `>`, or the end of the HTML), once the
    /// attributes have all been read.
    pub fn end(&self) -> usize {
        (self.i + 1).min(self.html.len())
    }
}

impl<'h> Iterator for TagAttrs<'h> {
    type Item = RawAttr<'h>;

    fn next(&mut self) -> Option<RawAttr<'h>> {
        next_attr(self.html, &mut self.i)
    }
}

/// Past a tag's name: to the first whitespace or `>`.
#[inline(always)]
fn skip_name(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
        i += 1;
    }
    i
}

/// The next attribute of a start tag from `i`, or `None` at the tag's `>` (left at
/// `i`) or the end of the HTML.
#[inline(always)]
fn next_attr<'h>(html: &'h str, i: &mut usize) -> Option<RawAttr<'h>> {
    let b = html.as_bytes();
    while *i < b.len() && b[*i] != b'>' {
        if b[*i].is_ascii_whitespace() || b[*i] == b'/' {
            *i += 1;
            continue;
        }
        let name_start = *i;
        while *i < b.len() && !b[*i].is_ascii_whitespace() && !matches!(b[*i], b'=' | b'>' | b'/') {
            *i += 1;
        }
        let name = &html[name_start..*i];
        while *i < b.len() && b[*i].is_ascii_whitespace() {
            *i += 1;
        }
        if b.get(*i) != Some(&b'=') {
            continue;
        }
        *i += 1;
        while *i < b.len() && b[*i].is_ascii_whitespace() {
            *i += 1;
        }
        let (start, end) = match b.get(*i) {
            Some(&q @ (b'"' | b'\'')) => {
                let start = *i + 1;
                let end = memchr::memchr(q, &b[start..]).map_or(b.len(), |e| start + e);
                *i = (end + 1).min(b.len());
                (start, end)
            }
            _ => {
                let start = *i;
                while *i < b.len() && !b[*i].is_ascii_whitespace() && b[*i] != b'>' {
                    *i += 1;
                }
                (start, *i)
            }
        };
        return Some(RawAttr { name, value: start..end });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attributes_in_any_case_and_quoting() {
        let html = r#"<A href="a.md" target=_blank><img SRC='images/x (1).png' alt="y"/>"#;
        let found: Vec<(String, &str)> = attributes(html).into_iter().map(|a| (a.name, &html[a.value])).collect();
        assert_eq!(
            found,
            vec![
                ("href".into(), "a.md"),
                ("target".into(), "_blank"),
                ("src".into(), "images/x (1).png"),
                ("alt".into(), "y")
            ]
        );
    }

    #[test]
    fn survives_unterminated_tags() {
        assert_eq!(attributes("<a href=\"never closed").len(), 1);
        assert!(attributes("<").is_empty());
        assert!(attributes("a < b > c").is_empty());
    }

    /// The first form of [`raw_attributes`]: one loop over the whole chunk.
    fn raw_attributes_in_one_loop(html: &str) -> Vec<RawAttr<'_>> {
        let b = html.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            match html[i..].find('<') {
                Some(k) => i += k,
                None => break,
            }
            if b.get(i + 1).is_none_or(|c| !c.is_ascii_alphabetic()) {
                i += 1;
                continue;
            }
            i += 1;
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                i += 1;
            }
            while i < b.len() && b[i] != b'>' {
                if b[i].is_ascii_whitespace() || b[i] == b'/' {
                    i += 1;
                    continue;
                }
                let name_start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                    i += 1;
                }
                let name = &html[name_start..i];
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if b.get(i) != Some(&b'=') {
                    continue;
                }
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let (start, end) = match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let start = i + 1;
                        let end = b[start..].iter().position(|&c| c == q).map_or(b.len(), |e| start + e);
                        i = (end + 1).min(b.len());
                        (start, end)
                    }
                    _ => {
                        let start = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        (start, i)
                    }
                };
                out.push(RawAttr { name, value: start..end });
            }
        }
        out
    }

    #[test]
    fn reads_one_tag_and_where_it_ends() {
        let html = r#"<a title="x>y" href=a.html>text</a><b id=z>"#;
        let mut attrs = TagAttrs::new(html, 1);
        let got: Vec<&str> = attrs.by_ref().map(|a| &html[a.value]).collect();
        assert_eq!(got, ["x>y", "a.html"]);
        assert_eq!(&html[attrs.end()..], "text</a><b id=z>");
        let mut attrs = TagAttrs::new("<br/", 1);
        assert_eq!(attrs.next(), None);
        assert_eq!(attrs.end(), 4);
    }

    proptest::proptest! {
        #[test]
        fn the_iterator_finds_what_one_loop_finds(
            html in proptest::string::string_regex("(<|>|<a|<IMG|</p>| |=|\"|'|x|href|id|/|配)*").unwrap()
        ) {
            proptest::prop_assert_eq!(raw_attributes(&html), raw_attributes_in_one_loop(&html));
        }
    }
}
