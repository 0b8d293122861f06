//! Property tests (proptest) over front matter, Markdown and link rewriting, driving
//! the library in-process. Inputs are built from fragments biased toward trouble:
//! `---` lines, YAML pieces, BOMs, CR/LF, fences, alerts, links that climb, raw
//! HTML, `:::image`, CJK, deep nesting, invalid UTF-8.
//!
//! Properties: no panic; every diagnostic's line lies within the file (or is 0);
//! every `href`/`src` of the article is a known page or asset, the author's own
//! text, or empty (a neutralised link out of the book); the text of every
//! highlighted `<pre>` is the code block's source.
//!
//! `cargo test --test fuzz` runs a few hundred cases; `PROPTEST_CASES=20000 cargo
//! test --release --test fuzz` runs longer. Crashers found are kept below as plain
//! regression tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use polybook::config::RawHighlight;
use polybook::diagnostics::Diagnostic;
use polybook::frontmatter::{self, FrontMatter};
use polybook::highlight::Highlighter;
use polybook::links::LinkIndex;
use polybook::markdown::{self, AlertLabels, Env};
use polybook::model::{Article, Page};
use proptest::prelude::*;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

const KEY: &str = "ms:assetid";
const DEFAULT_CASES: u32 = 1000;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES);
    ProptestConfig {
        cases,
        // Crashers become named tests in this file, not a regressions file.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------- inputs

/// Pieces a hostile page is made of.
const PIECES: &[&str] = &[
    // Front matter and YAML.
    "---\n",
    "---",
    "...\n",
    "title: Título\n",
    "title: '<b>x</b>'\n",
    "title:\n  - a\n  - b\n",
    "title: [unclosed\n",
    "TOCTitle: 概述\n",
    "ms:assetid: 98245B04-DED4-4186-8DA3-BA1C554B5C39\n",
    "ms:assetid: not-a-guid\n",
    "ms:assetid:\n  k: v\n",
    "ms.date: 07/23/2014\n",
    "ms.date: 2014-02-30\n",
    "ms.date: [1, 2]\n",
    "redirect_url: other\n",
    "\ttitle: tab\n",
    "key: 'it''s'\n",
    "\"quoted: key\n",
    "&anchor a: *anchor\n",
    "!!binary x\n",
    "? complex\n: key\n",
    ": :\n",
    "%YAML 1.2\n",
    // Line ends and marks.
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\u{FEFF}",
    " ",
    "  ",
    "    ",
    "\t",
    // Fences and code.
    "```\n",
    "```powershell\n",
    "```PowerShell\n",
    "```cs\n",
    "```nosuchlang\n",
    "```console\n",
    "````\n",
    "~~~\n",
    "~~~ps1 title\n",
    "   ```\n",
    "    indented code\n",
    "\tGet-CsUser -Identity $u\n",
    "Get-CsUser -Identity \"a&b<c>\" | Set-CsUser -Enabled $True\n",
    "PS C:\\> Get-Item x\n",
    "$x = @{ a = 1 }  # 注释\n",
    "`code`",
    "``co`de``",
    // Block quotes and alerts.
    "> ",
    ">",
    "> [!NOTE]\n",
    "> [!WARNING]  \n> text\n",
    "> [!TIP]\n",
    "> [!CAUTION]\n> ```\n> code\n> ```\n",
    // Lists and headings.
    "- ",
    "* ",
    "1. ",
    "  - ",
    "- [ ] task\n",
    "# Heading\n",
    "## 概述\n",
    "## 概述\n",
    "### Más {#more}\n",
    "# <a name=\"first\"></a>第一步\n",
    "Setext\n===\n",
    "| a | b |\n|---|---|\n| [x](other.md) | `y` |\n",
    // Links and images.
    "[x](other.md)",
    "[x](other.md#x)",
    "[x](../a.md#frag)",
    "[x](../S/a.md#heading)",
    "[x](#frag)",
    "[x](#第一步)",
    "[x](sub/deep.md)",
    "[x](sub/deep.md#)",
    "[x](/S/other)",
    "[x](other)",
    "[x](概述.md)",
    "[x](%E6%A6%82%E8%BF%B0.md)",
    "[x](missing.md)",
    "[x](../../../etc/passwd)",
    "[x](..%2F..%2Fetc%2Fpasswd)",
    "[x](/etc/passwd)",
    "[x](C:\\Users\\a.md)",
    "[x](file:///etc/passwd)",
    "[x](http://example.com/a.md)",
    "[x](//cdn.example.com/x)",
    "[x](mailto:a@b.c)",
    "[x](<a b.md>)",
    "[x](other.md \"title\")",
    "[x](other.md?q=1#x)",
    "[x](a\\)b.md)",
    "[x](&amp;.md)",
    "[x][ref]",
    "\n\n[ref]: other.md#x\n",
    "![p](images/Pic%20(1).png)",
    "![p](images/pic%20(1).PNG)",
    "![p](img.png \"t\")",
    "![p](../img.png)",
    "![p](missing.png)",
    "<https://example.com>",
    "<a@b.c>",
    // Raw HTML.
    "<a href=\"other.md\">a</a>",
    "<A HREF='../S/other.md#y'>b</A>",
    "<a href=other.md>c</a>",
    "<a href=\"../../../etc/passwd\">d</a>",
    "<a href=\"&amp;x.md\">e</a>",
    "<a name=\"anchor\"></a>",
    "<img src=\"img.png\">",
    "<img src='images/Pic (1).png' alt=x>",
    "<img src=\"../../x.png\"/>",
    "<div data-xmlns=\"http://www.w3.org/1999/xhtml\">\n",
    "</div>\n",
    "<b>",
    "</b>",
    "<!-- c -->",
    "<br/>",
    "<a\nhref=\"missing.md\">multi-line tag</a>",
    "<img\n  src=\"missing.png\"\n  alt=\"x\">",
    "<a href=\"other.md\"\n>> title=\"t\">q</a>",
    // DocFX.
    ":::image type=\"content\" source=\"img.png\" alt-text=\"a]b\":::\n",
    ":::image type=\"content\" source=\"../../../etc/passwd\":::\n",
    ":::image source=\"images/Pic (1).png\" alt-text=\"\":::\n",
    ":::image broken\n",
    // Text.
    "概述",
    "第一步。",
    "中文 English ",
    "text ",
    "*em* ",
    "__strong__ ",
    "~~del~~ ",
    "\\",
    "&amp; &lt; &#x27; &bogus; ",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "#",
    "|",
    "[^1]\n\n[^1]: note\n",
];

/// Prefixes that nest when repeated.
const NESTERS: &[&str] = &["> ", "- ", "1. ", ">", "* ", "  "];

/// Bytes that are not UTF-8 (or only the start of a character).
const BAD_BYTES: &[&[u8]] = &[b"\xFF", b"\xC3", b"\xE6\xA6", b"\xEF\xBB"];

/// One fragment: a listed piece, a little random text, a nested run, or stray bytes.
fn fragment() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        10 => prop::sample::select(PIECES).prop_map(|s| s.as_bytes().to_vec()),
        4 => prop::sample::select(PIECES).prop_map(|s| format!("{s}\n").into_bytes()),
        2 => "[a-z0-9 #*_`<>!:\\[\\]()\"'&;/.-]{0,12}".prop_map(String::into_bytes),
        1 => any::<char>().prop_map(|c| c.to_string().into_bytes()),
        1 => (prop::sample::select(NESTERS), 1usize..200)
            .prop_map(|(s, n)| s.repeat(n).into_bytes()),
        1 => prop::sample::select(BAD_BYTES).prop_map(<[u8]>::to_vec),
    ]
}

/// A page's bytes, shown as text when they are UTF-8.
#[derive(Clone)]
struct Input(Vec<u8>);

impl std::fmt::Debug for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match std::str::from_utf8(&self.0) {
            Ok(s) => write!(f, "{s:?}"),
            Err(_) => write!(f, "b\"{}\"", self.0.escape_ascii()),
        }
    }
}

/// A page's bytes: often a front-matter block, then fragments.
fn page_bytes() -> impl Strategy<Value = Input> {
    let front = prop_oneof![
        Just(Vec::new()),
        Just(b"---\ntitle: T\nms:assetid: 98245B04-DED4-4186-8DA3-BA1C554B5C39\n---\n".to_vec()),
        prop::collection::vec(fragment(), 0..6).prop_map(|parts| {
            let mut v = b"---\n".to_vec();
            v.extend(parts.concat());
            v.extend_from_slice(b"\n---\n");
            v
        }),
    ];
    (front, prop::collection::vec(fragment(), 0..40)).prop_map(|(mut f, body)| {
        f.extend(body.concat());
        Input(f)
    })
}

// ---------------------------------------------------------------- the book around the page

fn highlighter() -> &'static Highlighter {
    static H: OnceLock<Highlighter> = OnceLock::new();
    H.get_or_init(|| Highlighter::new(&RawHighlight::default()))
}

fn labels() -> Vec<AlertLabels> {
    vec![
        ["Nota", "Sugerencia", "Importante", "Advertencia", "Precaución"].map(String::from),
        ["注意", "提示", "重要", "警告", "小心"].map(String::from),
    ]
}

fn page(locale: usize, rel: &str, body: &str, body_line: u32) -> Page {
    let seg = ["es-es", "zh-cn"][locale];
    Page {
        locale,
        rel_path: rel.into(),
        path: PathBuf::from(rel),
        url: format!("{seg}/{}", rel.replace(".md", ".html")),
        front: FrontMatter::default(),
        body: body.into(),
        body_line,
        title: String::new(),
        nav_title: String::new(),
    }
}

const ASSETS: &[&str] = &["S/images/Pic (1).png", "S/img.png"];

/// Page 0 (`es-es/S/a.md`) holds `body`; the others are link targets.
fn book(body: &str, body_line: u32) -> Vec<Page> {
    vec![
        page(0, "S/a.md", body, body_line),
        page(0, "S/other.md", "# Other\n\n## X\n", 1),
        page(0, "S/sub/deep.md", "# Deep\n", 1),
        page(0, "S/概述.md", "# 概述\n", 1),
        page(0, "index.md", "# Home\n", 1),
        page(1, "S/a.md", "# 第一步\n", 1),
        page(1, "S/other.md", "# 其他\n", 1),
    ]
}

/// Everything one page goes through: decode, front matter, Markdown.
struct Outcome {
    text: String,
    body: String,
    diags: Vec<Diagnostic>,
    article: Article,
}

fn run(bytes: &[u8]) -> Outcome {
    let path = Path::new("S/a.md");
    let (text, decode_diag) = polybook::load::decode(bytes.to_vec(), path);
    let (_, body, body_line, mut diags) = frontmatter::parse(&text, path, KEY);
    diags.extend(decode_diag);
    let body = body.to_owned();
    let pages = book(&body, body_line);
    let mut assets = BTreeMap::new();
    for a in ASSETS {
        assets.insert((*a).to_owned(), PathBuf::from(a));
    }
    let none = BTreeMap::new();
    let links = LinkIndex::new(&pages, &[&assets, &none], &["es-es".into(), "zh-cn".into()]);
    let labels = labels();
    let env = Env { pages: &pages, links: &links, highlighter: highlighter(), alert_labels: &labels };
    let (article, d) = markdown::render(0, &env);
    diags.extend(d);
    Outcome { text, body, diags, article }
}

// ---------------------------------------------------------------- oracles

/// Lines of a file as the diagnostics count them (a last line without `\n` counts).
fn line_count(text: &str) -> u32 {
    text.matches('\n').count() as u32 + 1
}

fn check_lines(o: &Outcome) -> Result<(), TestCaseError> {
    let max = line_count(&o.text);
    for d in &o.diags {
        prop_assert!(d.line <= max, "{:?} at line {} of a {max}-line file", d.kind, d.line);
        // The line shown is the file's line, and the column lies within it (or just past
        // its end). `:::image` lines are shown as rewritten, so they are left out.
        if let Some(shown) = &d.source_line
            && d.line > 0
            && !o.text.contains(":::image")
        {
            let line = o.text.lines().nth(d.line as usize - 1).unwrap_or("");
            let expected: String = line.chars().take(2000).collect();
            prop_assert_eq!(shown, &expected, "{:?} at line {}", d.kind, d.line);
            prop_assert!(
                d.column as usize <= line.chars().count() + 1,
                "{:?} at {}:{} past the end of {line:?}",
                d.kind,
                d.line,
                d.column
            );
        }
    }
    Ok(())
}

/// The `…` of every `href="…"` / `src="…"` the article's HTML parser sees, decoded.
fn urls(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_fragment(html);
    let sel = scraper::Selector::parse("[href], [src]").expect("selector");
    doc.select(&sel)
        .flat_map(|e| {
            let v = e.value();
            [v.attr("href"), v.attr("src")]
        })
        .flatten()
        .map(str::to_owned)
        .collect()
}

/// What pulldown-cmark writes for a destination, as an HTML parser reads it back.
fn written(dest: &str) -> String {
    let mut out = String::new();
    pulldown_cmark_escape::escape_href(&mut out, dest).expect("string");
    out.replace("&amp;", "&").replace("&#x27;", "'")
}

/// Every output file a link from `es-es/S/a.html` may name.
fn known_outputs() -> BTreeSet<String> {
    let mut known: BTreeSet<String> = book("", 1).iter().map(|p| p.url.clone()).collect();
    known.extend(ASSETS.iter().map(|a| format!("es-es/{a}")));
    known
}

/// `url` (relative to `es-es/S/a.html`) as a site path, or `None` when it climbs out.
fn site_path(url: &str) -> Option<String> {
    let path = url.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned();
    polybook::paths::join_relative("es-es/S/a.html", &decoded)
}

fn check_urls(o: &Outcome) -> Result<(), TestCaseError> {
    // What the author wrote: Markdown destinations as pulldown-cmark reads them, and
    // any text of the page (raw HTML attributes are kept verbatim).
    let mut authored: BTreeSet<String> = BTreeSet::new();
    for event in Parser::new_ext(&o.body, markdown::options()) {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            authored.insert(dest_url.to_string());
            authored.insert(written(&dest_url));
        }
    }
    let known = known_outputs();
    for url in urls(&o.article.html) {
        let ok = url.is_empty()
            // Same-page fragments are never rewritten (footnote references are pulldown-cmark's).
            || url.starts_with('#')
            || url.strip_prefix("mailto:").is_some_and(|m| o.body.contains(m))
            || authored.contains(&url)
            || o.body.contains(&url)
            || o.body.contains(&url.replace('&', "&amp;"))
            // pulldown-cmark percent-encodes what it writes (`<a b.md>` → `a%20b.md`).
            || o.body.contains(percent_encoding::percent_decode_str(&url).decode_utf8_lossy().as_ref())
            || site_path(&url).is_some_and(|p| known.contains(&p))
            // A `:::image` source becomes `![alt](<source>)` before parsing.
            || authored.contains(&written(&url));
        prop_assert!(ok, "`{url}` is neither a known page or asset nor the author's text\n{}", o.article.html);
    }
    Ok(())
}

/// The code of every block, as the author wrote it (pulldown-cmark's reading).
fn code_blocks(body: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut open: Option<String> = None;
    for event in Parser::new_ext(body, markdown::options()) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => open = Some(String::new()),
            Event::Text(t) => {
                if let Some(code) = open.as_mut() {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(open.take()),
            _ => {}
        }
    }
    blocks
}

/// The text of every highlighted `<pre>` of `html`: tags stripped, entities decoded.
fn highlighted(html: &str) -> Vec<String> {
    const OPEN: &str = "<pre class=\"code hl-code\"";
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(OPEN) {
        let after = &rest[i..];
        let code_start = after.find("<code").expect("code element");
        let body_start = code_start + after[code_start..].find('>').expect("tag end") + 1;
        let body_end = after.find("</code></pre>").expect("block end");
        out.push(decode_entities(&frontmatter::strip_tags(&after[body_start..body_end])));
        rest = &after[body_end..];
    }
    out
}

fn decode_entities(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

fn check_code(o: &Outcome) -> Result<(), TestCaseError> {
    let expected = code_blocks(&o.body);
    let got = highlighted(&o.article.html);
    prop_assert_eq!(got, expected);
    Ok(())
}

/// Heading ids are unique, and the ones in the HTML are the article's headings.
fn check_headings(o: &Outcome) -> Result<(), TestCaseError> {
    let ids: Vec<&str> = o.article.headings.iter().map(|h| h.id.as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    prop_assert_eq!(unique.len(), ids.len(), "duplicate heading ids {:?}", ids);
    let doc = scraper::Html::parse_fragment(&o.article.html);
    let sel = scraper::Selector::parse("h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]").expect("selector");
    for h in doc.select(&sel) {
        let id = h.value().attr("id").unwrap_or("");
        prop_assert!(unique.contains(id) || o.body.contains(id), "heading id `{id}` not collected");
    }
    Ok(())
}

fn check_all(bytes: &[u8]) -> Result<(), TestCaseError> {
    let o = run(bytes);
    check_lines(&o)?;
    check_urls(&o)?;
    check_code(&o)?;
    check_headings(&o)?;
    Ok(())
}

/// Front matter alone: the body is the text's tail and starts on `body_line`; lines inside.
fn check_front_matter(bytes: &[u8]) -> Result<(), TestCaseError> {
    let (text, _) = polybook::load::decode(bytes.to_vec(), Path::new("p.md"));
    let (_, body, body_line, diags) = frontmatter::parse(&text, Path::new("p.md"), KEY);
    prop_assert!(text.ends_with(body));
    let head = &text[..text.len() - body.len()];
    prop_assert_eq!(body_line, head.matches('\n').count() as u32 + 1);
    let max = line_count(&text);
    for d in &diags {
        prop_assert!(d.line <= max, "{:?} at line {} of {}", d.kind, d.line, max);
    }
    Ok(())
}

// ---------------------------------------------------------------- properties

proptest! {
    #![proptest_config(config())]

    /// Front matter alone: never panics, lines within the file, the body is the text's tail.
    #[test]
    fn front_matter_never_panics_and_points_inside(bytes in page_bytes()) {
        check_front_matter(&bytes.0)?;
    }

    /// Front matter on text that was not decoded (CR, BOM kept): never panics either.
    #[test]
    fn front_matter_on_raw_text(bytes in page_bytes()) {
        let text = String::from_utf8_lossy(&bytes.0);
        let (_, body, _, diags) = frontmatter::parse(&text, Path::new("p.md"), KEY);
        prop_assert!(text.ends_with(body));
        let max = line_count(&text);
        for d in &diags {
            prop_assert!(d.line <= max, "{:?} at line {} of {}", d.kind, d.line, max);
        }
    }

    /// The whole page: decode, front matter, Markdown with link rewriting and highlighting.
    #[test]
    fn pages_render_with_sound_links_code_and_lines(bytes in page_bytes()) {
        check_all(&bytes.0)?;
    }
}

// ---------------------------------------------------------------- regressions

/// Runs the properties on one input (for crashers kept as plain tests).
fn regression(input: &str) {
    if let Err(e) = check_all(input.as_bytes()) {
        panic!("{e}");
    }
}

#[test]
fn smoke_every_piece_alone() {
    for piece in PIECES {
        regression(piece);
        regression(&format!("---\ntitle: T\n---\n{piece}"));
    }
}

/// Found by the fuzzer: a `:::image` line inside a code block was rewritten into a
/// Markdown image, so the block showed `![a\]b](<img.png>)` instead of its source.
#[test]
fn image_directive_inside_a_code_block_stays_code() {
    regression("    :::image type=\"content\" source=\"img.png\" alt-text=\"a]b\":::\n");
    regression("```\n:::image source=\"../../../etc/passwd\":::\n```\n");
}

/// Found by the fuzzer (54,206 cases in): a closing `---` at the very end of the file
/// (no `\n`) put the empty body on line 4 of a 3-line file.
#[test]
fn closing_fence_at_end_of_file() {
    for input in ["---\n\n---", "---\ntitle: T\n---", "---\n...", "\u{FEFF}---\n---"] {
        if let Err(e) = check_front_matter(input.as_bytes()) {
            panic!("{input:?}: {e}");
        }
        regression(input);
    }
}

/// Found by the fuzzer (218,780 cases in), an oracle gap rather than a bug: the `>` of
/// the `![…](<img.png>)` that `:::image` becomes closes an open `<!…` declaration, so
/// the link after it exists only in the rewritten text; its href is the author's own
/// `<a b.md>`, percent-encoded.
#[test]
fn link_after_an_image_directive_that_closes_a_declaration() {
    regression(
        "---\n0<!title: [unclosed\n:::image type=\"content\" source=\"img.png\" alt-text=\"a]b\":::\n[x](<a b.md>)",
    );
}
