//! Code blocks as the corpus writes them: every tag spelling, every untagged shape,
//! here-strings, backtick continuations, CJK comments. Checked with the HTML parser:
//! the language chosen, the token classes, and text equal to the source.

use crate::support::{Book, Page, text};

fn built() -> Book {
    let book = Book::fixture("code");
    book.build();
    book
}

fn langs(page: &Page) -> Vec<String> {
    page.select("pre.code").iter().map(|p| p.value().attr("data-lang").unwrap().to_owned()).collect()
}

/// Texts of the tokens with all of `classes` (a CSS compound like `.hl-string`).
fn tokens(page: &Page, pre: usize, classes: &str) -> Vec<String> {
    let pres = page.select("pre.code");
    let sel = scraper::Selector::parse(classes).unwrap();
    pres[pre].select(&sel).map(|e| text(&e)).collect()
}

#[test]
fn every_tag_spelling_is_normalised() {
    let book = built();
    let page = book.page("es-es/tags.html");
    assert_eq!(
        langs(&page),
        ["powershell", "powershell", "powershell", "powershell", "batch", "xml", "console", "plain"]
    );
}

#[test]
fn untagged_shapes_are_detected() {
    let book = built();
    let page = book.page("es-es/untagged.html");
    // fence in a list item, 4-space block after a paragraph, block inside <div>,
    // output table (plain), URL (plain), here-string with continuations.
    assert_eq!(langs(&page), ["powershell", "powershell", "powershell", "plain", "plain", "powershell"]);
}

#[test]
fn tokens_carry_the_expected_classes() {
    let book = built();
    let page = book.page("es-es/tags.html");
    assert_eq!(tokens(&page, 0, ".hl-support.hl-function"), ["Get-CsUser"]);
    assert_eq!(tokens(&page, 0, ".hl-variable.hl-parameter"), ["-Identity"]);
    assert_eq!(tokens(&page, 0, ".hl-string.hl-quoted"), ["\"kenmyer@litwareinc.com\""]);
    assert_eq!(tokens(&page, 2, ".hl-variable.hl-readwrite"), ["$user"]);
    assert!(
        tokens(&page, 2, ".hl-constant").iter().any(|t| t == "$True")
            || tokens(&page, 2, ".hl-variable").iter().any(|t| t == "$True")
    );
    // XML and batch have their own grammars.
    assert!(!tokens(&page, 5, ".hl-entity.hl-name.hl-tag").is_empty());
    assert!(!tokens(&page, 4, ".hl-string").is_empty());
    // Unknown tags: plain and escaped, never markup.
    assert_eq!(text(&page.select("pre.code")[7]), "tlhIngan Hol <b>\n");
    assert!(page.select("pre.code")[7].select(&scraper::Selector::parse("b").unwrap()).next().is_none());
}

#[test]
fn text_content_is_the_source_byte_for_byte() {
    let book = built();
    let page = book.page("es-es/untagged.html");
    let pres = page.select("pre.code");
    // The fence indented inside a list item keeps the space its author wrote.
    assert_eq!(text(&pres[0]), " $cred = Get-Credential\n");
    assert_eq!(
        text(&pres[1]),
        "Get-CsConferenceDirectory | Where-Object {$_.ServiceID -match \"pool01.contoso.net\"}\n"
    );
    assert_eq!(
        text(&pres[5]),
        "$body = @\"\nHola, $($user.DisplayName)\n\"@\nNew-CsAnnouncement -Parent \"service:ApplicationServer:pool.contoso.com\" `\n    -Name \"Welcome\" `\n    -TextToSpeechPrompt $body\n"
    );
    let zh = book.page("zh-cn/untagged.html");
    let pre = &zh.select("pre.code")[0];
    assert_eq!(
        text(pre),
        "# 获取用户并启用 Lync\nGet-CsUser -Filter {DisplayName -eq \"张三\"} | Set-CsUser -Enabled $True\n"
    );
    assert_eq!(tokens(&zh, 0, ".hl-comment:not(.hl-punctuation)").concat(), "# 获取用户并启用 Lync\n");
}

#[test]
fn unknown_languages_are_noted_only_in_verbose() {
    let book = Book::fixture("code");
    let quiet = book.run(&["build"]);
    assert!(!quiet.stderr().contains("klingon"), "{}", quiet.stderr());
    let verbose = book.run(&["build", "--verbose"]);
    assert_eq!(verbose.code(), 0);
    assert!(
        verbose.stderr().contains("note[unknown-language]: no grammar for code language `klingon`"),
        "{}",
        verbose.stderr()
    );
    assert!(verbose.stderr().contains("tags.md:38"), "{}", verbose.stderr());
}

#[test]
fn stylesheet_has_light_and_dark_themes() {
    let book = built();
    let css = std::fs::read_to_string(book.site().join("assets/highlight.css")).unwrap();
    assert!(css.contains("@media (prefers-color-scheme: dark)"));
    assert!(css.contains("[data-theme=dark] .hl-"));
    assert!(book.page("es-es/tags.html").select("link[href$='assets/highlight.css']").len() == 1);
}
