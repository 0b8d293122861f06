use std::collections::BTreeMap;
use std::path::PathBuf;

use super::*;
use crate::config::RawHighlight;
use crate::frontmatter::FrontMatter;

fn page(rel: &str, body: &str) -> Page {
    Page {
        locale: 0,
        rel_path: rel.into(),
        path: PathBuf::from(rel),
        url: format!("es-es/{}", rel.replace(".md", ".html")),
        front: FrontMatter::default(),
        body: body.into(),
        body_line: 5,
        title: String::new(),
        nav_title: String::new(),
    }
}

fn render_body(body: &str) -> (Article, Vec<Diagnostic>) {
    let pages = vec![page("S/a.md", body), page("S/other.md", "# Other\n")];
    let mut assets = BTreeMap::new();
    assets.insert("S/images/Pic (1).png".to_owned(), PathBuf::from("x"));
    let links = LinkIndex::new(&pages, &[&assets], &["es-es".into()]);
    let highlighter = Highlighter::new(&RawHighlight::default());
    let labels = [["Nota", "Sugerencia", "Importante", "Advertencia", "Precaución"].map(String::from)];
    let env = Env { pages: &pages, links: &links, highlighter: &highlighter, alert_labels: &labels };
    render(0, &env)
}

#[test]
fn heading_ids_are_unique_and_keep_cjk() {
    let (a, _) = render_body("# 概述\n\n## 概述\n\n## Más información {#more}\n");
    let ids: Vec<&str> = a.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["概述", "概述-1", "more"]);
    assert!(a.html.contains("<h2 id=\"概述-1\">"), "{}", a.html);
}

#[test]
fn anchors_in_headings_are_targets() {
    let (a, _) = render_body("# <a name=\"first-steps\"></a>第一步\n");
    assert!(a.anchors.contains(&"first-steps".to_owned()));
    assert_eq!(a.headings[0].text, "第一步");
}

#[test]
fn alerts_become_labelled_callouts() {
    let (a, _) = render_body("> [!NOTE]  \n> Texto de la nota.\n");
    assert!(
        a.html.contains("<div class=\"alert alert-note\" role=\"note\"><p class=\"alert-title\">Nota</p>"),
        "{}",
        a.html
    );
    assert!(a.html.contains("Texto de la nota."));
}

#[test]
fn links_and_images_are_rewritten_in_markdown_and_html() {
    let (a, d) = render_body("[o](other.md#x) ![p](images/Pic%20(1).png)\n\n<A href=\"other.md\">o</A>\n");
    assert!(d.is_empty(), "{d:?}");
    assert!(a.html.contains("href=\"other.html#x\""), "{}", a.html);
    assert!(a.html.contains("src=\"images/Pic%20(1).png\""), "{}", a.html);
    assert!(a.html.contains("<A href=\"other.html\">"), "{}", a.html);
    assert_eq!(a.assets, ["S/images/Pic (1).png"]);
    assert_eq!(a.fragment_links.len(), 1);
}

#[test]
fn broken_links_keep_text_and_report_file_line() {
    let (a, d) = render_body("text\n\nsee [x](missing.md)\n");
    assert!(a.html.contains("href=\"missing.md\""));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].kind, Kind::BrokenLink);
    assert_eq!((d[0].line, d[0].column), (7, 9));
}

#[test]
fn links_out_of_the_book_are_neutralised() {
    let (a, d) = render_body("[p](../../../etc/passwd)\n");
    assert_eq!(d[0].kind, Kind::LinkOutsideBook);
    assert!(!a.html.contains("passwd"));
}

#[test]
fn code_is_highlighted_and_text_preserved() {
    let (a, _) = render_body(
        "- item\n\n  ```\n  Get-CsUser -Identity $u\n  ```\n\n      Set-CsUser `\n        -Enabled $true\n",
    );
    assert_eq!(a.code_languages, ["powershell", "powershell"]);
    assert!(a.html.contains("hl-support hl-function"));
}

#[test]
fn unterminated_fence_is_reported() {
    let (_, d) = render_body("text\n\n```powershell\nGet-CsUser\n\nmore text\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].kind, Kind::UnterminatedFence);
    assert_eq!(d[0].line, 7);
    let (_, d) = render_body("```\nok\n```\n");
    assert!(d.is_empty());
}

#[test]
fn image_directive_is_an_image() {
    let (a, _) = render_body(":::image type=\"content\" source=\"images/Pic (1).png\" alt-text=\"alt\":::\n");
    assert!(a.html.contains("<img src=\"images/Pic%20(1).png\" alt=\"alt\""), "{}", a.html);
}

#[test]
fn positions_on_a_page_with_many_links_are_exact_and_linear() {
    // 20,000 broken links and fragment links on one page: every position is that of
    // `diagnostics::line_col`, and rendering is not quadratic in the page size.
    let para = "Texto [x](nowhere.md) y [f](#nope) 概述 [o](other.md#x).\n\n";
    let body = para.repeat(20_000);
    let (a, d) = render_body(&body);
    assert_eq!(d.len(), 20_000);
    for (k, diag) in d.iter().enumerate().step_by(997) {
        let offset = k * para.len() + para.find("nowhere").unwrap();
        let (line, col) = line_col(&body, offset);
        assert_eq!((diag.line, diag.column), (line + 4, col));
        assert_eq!(diag.source_line.as_deref(), Some(para.trim_end()));
    }
    assert_eq!(a.fragment_links.len(), 40_000);
    assert_eq!((a.fragment_links[3].line, a.fragment_links[3].column), (7, 43));
}

#[test]
fn byte_order_mark_starting_a_line_is_reported() {
    let (a, d) = render_body("# Uno\n\n\u{FEFF}## Dos\n\ntexto \u{FEFF} medio\n");
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        (d[0].kind, d[0].line, d[0].column),
        (Kind::StrayBom, 3 + 4, 1),
        "body line 3; the body starts on file line 5"
    );
    assert!(a.html.contains("<p>\u{FEFF}## Dos</p>"), "{}", a.html);
    assert!(render_body("sin marcas\n").1.is_empty());
}

/// The `pre.code` blocks of rendered HTML: (language, text).
fn code_blocks(html: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_fragment(html);
    let pre = scraper::Selector::parse("pre.code").unwrap();
    doc.select(&pre)
        .map(|p| (p.value().attr("data-lang").unwrap_or("").to_owned(), p.text().collect::<String>()))
        .collect()
}

#[test]
fn code_in_raw_html_is_highlighted_like_markdown_code() {
    let body = "<table>\n<tr><td><p>x</p>\n<pre><code>Get-CsAdminRole | Where-Object {$_.Cmdlets -match &quot;Test&quot;}</code></pre></td>\n</tr>\n</table>\n";
    let (a, d) = render_body(body);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(a.code_languages, ["powershell"]);
    assert_eq!(
        code_blocks(&a.html),
        [("powershell".to_owned(), "Get-CsAdminRole | Where-Object {$_.Cmdlets -match \"Test\"}".to_owned())]
    );
    assert!(a.html.contains("<td><p>x</p>\n<pre class=\"code hl-code\""), "{}", a.html);
    assert!(a.html.contains("</code></pre></td>\n</tr>"), "{}", a.html);
    let doc = scraper::Html::parse_fragment(&a.html);
    assert_eq!(doc.select(&scraper::Selector::parse("table td pre.code .hl-function").unwrap()).count(), 2);
}

#[test]
fn raw_pre_spanning_blank_lines_and_tags_keeps_its_exact_text() {
    let body = "<td><pre><code>Set-CsUser `\n\n  -Enabled $true *x* &lt;b&gt; <b>bold</b><br>next\n</code></pre></td>\n\nafter\n";
    let (a, _) = render_body(body);
    assert_eq!(
        code_blocks(&a.html),
        [("powershell".to_owned(), "Set-CsUser `\n\n  -Enabled $true *x* <b> bold\nnext\n".to_owned())]
    );
    assert!(a.html.contains("<p>after</p>"), "{}", a.html);
}

#[test]
fn raw_pre_in_containers_inline_and_with_a_class() {
    let (a, _) = render_body(
        "> <pre class=\"lang-xml\">\n> &lt;a/&gt;\n> </pre>\n\ntext <pre><code>Get-CsUser</code></pre> after\n",
    );
    assert_eq!(
        code_blocks(&a.html),
        [("xml".to_owned(), "<a/>\n".to_owned()), ("powershell".to_owned(), "Get-CsUser".to_owned())]
    );
    assert!(a.html.contains("</pre> after</p>"), "{}", a.html);
}

#[test]
fn raw_pre_never_closed_is_left_as_written() {
    let body = "- <pre><code>Get-CsUser\n- next item\n\n<div>tail</div>\n";
    let (a, _) = render_body(body);
    assert!(a.code_languages.is_empty());
    assert!(a.html.contains("<li><pre><code>Get-CsUser\n</li>\n<li>next item</li>"), "{}", a.html);
    assert!(a.html.contains("<div>tail</div>"), "{}", a.html);
}

#[test]
fn sections_get_language_independent_keys() {
    let (a, _) = render_body(
        "intro 5061\n\n## Uno\n\n    Get-CsUser -Identity x\n\n## Dos\n\n<a name=\"dos\"></a>Texto [o](other.md) ![p](images/Pic%20(1).png)\n\n## Tres\n\ntexto\n",
    );
    assert_eq!(a.section_keys.len(), a.headings.len() + 1);
    let sizes: Vec<usize> = a.section_keys.iter().map(|k| k.0.len()).collect();
    assert_eq!(sizes, [1, 2, 3, 0], "number; cmdlet + code line; anchor + page + image; nothing");
}
