//! Switching by content and code in raw HTML, in the browser: on an article whose
//! two translations' outlines differ (the human-written es-es version has an extra
//! section and two h4 the zh-CN machine translation lacks, as the corpus's
//! "assign a per-user voice policy" does), switching language from a section, by the
//! switcher or by the machine-translation notice's link, lands on the section with
//! the same code; and a `<pre><code>` written in an HTML table is highlighted and
//! copied exactly.

use serde_json::json;

use super::webdriver::{Browser, Options, tools};
use super::{assert_hash_targets_an_element, copy_buttons, recorded, scroll_heading_to_top, switch_in_place, url};
use crate::support::Book;

const ES: &str = "es-es/guide/directiva.html";
const ZH: &str = "zh-cn/guide/directiva.html";

const FRONT: &str = "ms:assetid: 5a0c4b8e-0b5f-4c3e-9d1e-2f1f0c6f7a11\nms.date: 06/02/2017\n";

/// The raw-HTML block as the source writes it, and the text a reader must get.
const RAW_CODE: &str = "Get-CsAdminRole | Where-Object {$_.Cmdlets -match &quot;Test-CsPstnOutboundCall&quot;}";
const RAW_TEXT: &str = "Get-CsAdminRole | Where-Object {$_.Cmdlets -match \"Test-CsPstnOutboundCall\"}";

/// The bilingual fixture with one more article in both locales.
fn site() -> Book {
    let book = Book::fixture("bilingual");
    book.write(
        "content/es-es/guide/directiva.md",
        format!(
            "---\ntitle: Asignar una directiva\n{FRONT}ms.translationtype: HT\n---\n# Asignar una directiva\n\n\
             <table>\n<tbody>\n<tr>\n<td><p>Permisos</p></td>\n<td><p>Para ver los roles:</p>\n\
             <pre><code>{RAW_CODE}</code></pre></td>\n</tr>\n</tbody>\n</table>\n\n\
             ## Asignar a un usuario {{#es-uno}}\n\nTexto.\n\n    Grant-CsVoicePolicy -Identity \"Ken Myer\" -PolicyName \"RedmondPolicy\"\n\n\
             ## Antes de asignar a varios {{#es-antes}}\n\nTexto sin código.\n\n#### Nota {{#es-nota}}\n\nMás texto.\n\n\
             #### Otra nota {{#es-otra}}\n\nY más.\n\n\
             ## Asignar a varios usuarios {{#es-varios}}\n\n    Get-CsUser -LdapFilter \"Department=Finance\" | Grant-CsVoicePolicy -PolicyName \"FinancePolicy\"\n\n\
             ## Quitar la asignación {{#es-quitar}}\n\n    Grant-CsVoicePolicy -Identity \"Ken Myer\" -PolicyName $Null\n\n\
             ## Vea también {{#es-vea}}\n\nNada.\n"
        ),
    );
    book.write(
        "content/zh-CN/guide/directiva.md",
        format!(
            "---\ntitle: 分配策略\n{FRONT}ms.translationtype: MT\n---\n# 分配策略\n\n\
             <table>\n<tbody>\n<tr>\n<td><p>权限</p></td>\n<td><p>查看角色：</p>\n\
             <pre><code>{RAW_CODE}</code></pre></td>\n</tr>\n</tbody>\n</table>\n\n\
             ## 分配给单个用户 {{#zh-single}}\n\n文本。\n\n    Grant-CsVoicePolicy -Identity \"Ken Myer\" -PolicyName \"RedmondPolicy\"\n\n\
             ## 分配给多个用户 {{#zh-many}}\n\n    Get-CsUser -LdapFilter \"Department=Finance\" | Grant-CsVoicePolicy -PolicyName \"FinancePolicy\"\n\n\
             ## 取消分配 {{#zh-revoke}}\n\n    Grant-CsVoicePolicy -Identity \"Ken Myer\" -PolicyName $Null\n\n\
             ## 另请参阅 {{#zh-see}}\n\n无。\n"
        ),
    );
    book.build();
    book
}

/// Switching from the zh-CN sections (each whose code has an es-es twin, and the
/// last, which has none) by the switcher and by the notice's link.
#[test]
fn switching_from_a_section_lands_on_the_section_with_the_same_code() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    let cases =
        [("zh-single", "#es-uno"), ("zh-many", "#es-varios"), ("zh-revoke", "#es-quitar"), ("zh-see", "#es-vea")];
    for (zh_id, es_hash) in cases {
        for by_notice in [false, true] {
            b.goto(&url(&book, ZH));
            scroll_heading_to_top(&b, zh_id);
            if by_notice {
                b.js("document.querySelector('.mt-notice a[hreflang=\"es-ES\"]').click();", &[]);
            } else {
                switch_in_place(&b, "es-ES");
            }
            let hash = b.wait_for_page(ES);
            assert_eq!(hash, es_hash, "from #{zh_id} ({})", if by_notice { "notice" } else { "switcher" });
            assert_hash_targets_an_element(&b, &hash);
        }
    }
    // And back: the es-es sections the zh-CN version lacks land on the section before them.
    for (es_id, zh_hash) in [("es-varios", "#zh-many"), ("es-antes", "#zh-single"), ("es-otra", "#zh-single")] {
        b.goto(&url(&book, ES));
        scroll_heading_to_top(&b, es_id);
        switch_in_place(&b, "zh-CN");
        assert_eq!(b.wait_for_page(ZH), zh_hash, "from #{es_id}");
    }
}

/// The `<pre><code>` of an HTML table is a highlighted `pre.code` with a copy button
/// that copies the code with its character references decoded.
#[test]
fn code_in_an_html_table_is_highlighted_and_copied_exactly() {
    let Some(tools) = tools() else { return };
    let book = site();
    let b = Browser::start(&tools, Options::default());
    for (rel, copy) in [(ES, "Copiar"), (ZH, "复制")] {
        b.goto(&url(&book, rel));
        let in_table = b.js(
            "var pre = document.querySelector('table td pre.code');
             return pre && { lang: pre.dataset.lang, spans: pre.querySelectorAll('[class^=hl-]').length,
                             button: !!pre.parentElement.querySelector(':scope > .copy-button') };",
            &[],
        );
        assert_eq!(in_table["lang"], "powershell", "{rel}: {in_table}");
        assert!(in_table["spans"].as_u64().unwrap_or(0) >= 3, "{rel}: highlighted: {in_table}");
        assert_eq!(in_table["button"], true, "{rel}: {in_table}");
        let buttons = copy_buttons(&b, copy);
        b.js(
            "window.copiedTexts = [];
             navigator.clipboard.writeText = function (text) { window.copiedTexts.push(text); return Promise.resolve(); };",
            &[],
        );
        b.click(&buttons[0]);
        let texts = b.wait("writeText", |b| {
            let texts = recorded(b, "copiedTexts");
            if texts.is_empty() { Err("nothing yet".to_owned()) } else { Ok(texts) }
        });
        assert_eq!(texts, [json!(RAW_TEXT)], "{rel}");
    }
}
