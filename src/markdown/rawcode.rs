//! Code written in raw HTML: `<pre><code>…</code></pre>` inside tables and other
//! HTML blocks (the corpus has over a hundred, most of them PowerShell). The
//! Markdown stage cuts such a block out of the raw HTML, and this module turns its
//! markup into the text a reader sees and copies: tags dropped (`<br>` is a line
//! break), character references decoded, the newline right after `<pre>` dropped
//! as HTML parsers do; and the language from a `language-x` / `lang-x` class.

use std::borrow::Cow;

use super::rawhtml;

/// A code block found in raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCode {
    /// The language its `class` names (`language-powershell` → `powershell`), if any.
    pub info: Option<String>,
    /// The code's text, as a browser shows it.
    pub text: String,
}

/// The byte offset of the first `<pre` start tag in `html` (any case).
pub fn find_open(html: &str) -> Option<usize> {
    find_tag(html, "<pre")
}

/// The byte range of the first `</pre…>` end tag in `html` (any case).
pub fn find_close(html: &str) -> Option<std::ops::Range<usize>> {
    let start = find_tag(html, "</pre")?;
    let end = html[start..].find('>').map_or(html.len(), |e| start + e + 1);
    Some(start..end)
}

/// `needle` (lower-case, starting with `<`) followed by the end of a tag name.
fn find_tag(html: &str, needle: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'<', &bytes[from..]).map(|i| from + i) {
        let name_end = i + needle.len();
        if bytes.len() >= name_end
            && bytes[i..name_end].eq_ignore_ascii_case(needle.as_bytes())
            && bytes.get(name_end).is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
        {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Reads a block given its HTML from its `<pre` start tag up to (not including) `</pre>`.
pub fn parse(html: &str) -> RawCode {
    let open_end = html.find('>').map_or(html.len(), |e| e + 1);
    let mut info = language(&html[..open_end]);
    let mut body = &html[open_end..];
    // An HTML parser drops one newline right after `<pre>`.
    body = body.strip_prefix("\r\n").or_else(|| body.strip_prefix('\n')).unwrap_or(body);
    if info.is_none() {
        let first = body.trim_start();
        if first.len() > 5 && first[..5].eq_ignore_ascii_case("<code") {
            info = language(&first[..first.find('>').map_or(first.len(), |e| e + 1)]);
        }
    }
    RawCode { info, text: text_of(body) }
}

/// The language named by a `class` attribute of the start tag `tag`.
fn language(tag: &str) -> Option<String> {
    let class = rawhtml::attributes(tag).into_iter().find(|a| a.name == "class")?;
    tag[class.value].split_ascii_whitespace().find_map(|c| {
        let name = c.strip_prefix("language-").or_else(|| c.strip_prefix("lang-"))?;
        (!name.is_empty()).then(|| name.to_owned())
    })
}

/// The text of HTML content: tags dropped (a `<br>` becomes a newline; comments
/// vanish), character references decoded.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt..];
        let tag_like = after[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if !tag_like {
            out.push('<');
            rest = &after[1..];
            continue;
        }
        let end = if after.starts_with("<!--") {
            after.find("-->").map_or(after.len(), |e| e + 3)
        } else {
            after.find('>').map_or(after.len(), |e| e + 1)
        };
        let tag = &after[..end];
        let name: String =
            tag[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
        if name == "br" {
            out.push('\n');
        }
        rest = &after[end..];
    }
    out.push_str(&decode_entities(rest));
    out
}

/// Decodes character references: numeric ones and the named ones documentation uses.
/// Unknown names stay as written.
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&semi| semi <= 32).and_then(|semi| {
            let c = reference(&after[..semi])?;
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character of a reference's name (`amp`, `#39`, `#x27`).
fn reference(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return Some(char::from_u32(code).filter(|&c| c != '\0').unwrap_or('\u{FFFD}'));
    }
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "times" => '×',
        "divide" => '÷',
        "para" => '¶',
        "sect" => '§',
        "shy" => '\u{AD}',
        "zwsp" => '\u{200B}',
        "lbrace" => '{',
        "rbrace" => '}',
        "lsqb" | "lbrack" => '[',
        "rsqb" | "rbrack" => ']',
        "grave" => '`',
        "vert" | "verbar" => '|',
        "bsol" => '\\',
        "dollar" => '$',
        "num" => '#',
        "ast" => '*',
        "lowbar" => '_',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_pre_tags_in_any_case_but_not_other_names() {
        assert_eq!(find_open("<td><PRE class=x>"), Some(4));
        assert_eq!(find_open("<preview><pre>"), Some(9));
        assert_eq!(find_open("<p>pre</p>"), None);
        assert_eq!(find_close("a</Pre >b"), Some(1..8));
        assert_eq!(find_close("</prefix>"), None);
    }

    #[test]
    fn reads_the_text_a_browser_shows() {
        let raw = "<pre><code>Get-CsAdminRole | Where-Object {$_.Cmdlets -match &quot;Test&quot;}</code>";
        assert_eq!(parse(raw).text, "Get-CsAdminRole | Where-Object {$_.Cmdlets -match \"Test\"}");
        let raw = "<pre>\n<code>&lt;Message a=&quot;1&quot;&gt;<br>  &amp;&#39;&#x41;<b>bold</b><!-- c --> 1 < 2 &unknown; &amp</code>";
        assert_eq!(parse(raw).text, "<Message a=\"1\">\n  &'Abold 1 < 2 &unknown; &amp");
        assert_eq!(parse("<pre>\n\nx\n").text, "\nx\n");
    }

    #[test]
    fn takes_the_language_from_the_class_of_pre_or_code() {
        assert_eq!(parse("<pre class=\"lang-xml\">x").info.as_deref(), Some("xml"));
        assert_eq!(parse("<pre><code class='hljs language-powershell'>x").info.as_deref(), Some("powershell"));
        assert_eq!(parse("<pre><code>x").info, None);
    }
}
