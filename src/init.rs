//! `polybook init`: writes a new book that builds as it is: book.toml, two
//! locales with one linked article each, a toc per locale and the UI strings.
//! Never overwrites: it refuses a folder that already holds a book.toml.

use std::path::Path;

use crate::error::Error;

const BOOK_TOML: &str = r#"# polybook configuration. Reference: README.md of polybook.
[book]
title = "My guide"
default-locale = "en"           # where readers without a preference land

[locales.en]
name = "English"
content = "content/en"
toc = "toc.yml"                  # relative to the content folder

[locales.es-es]
name = "Español"
content = "content/es-es"
toc = "toc.yml"

[links]
asset-id-key = "ms:assetid"     # the front-matter key that links translations

[highlight]
detect = true                    # highlight untagged blocks that read as PowerShell
default-language = "powershell"

[output]
dest = "site"
# site-url = "https://docs.example.com/"   # enables absolute hreflang links and sitemap.xml
"#;

const FILES: &[(&str, &str)] = &[
    (
        "content/en/getting-started.md",
        "---\ntitle: Getting started\nms:assetid: 2f6c1c3e-5d0a-4c36-9a51-0d7a3f1e2b4c\nms.date: 01/15/2026\n---\n# Getting started\n\nList the users with PowerShell:\n\n```powershell\nGet-CsUser | Select-Object DisplayName\n```\n\n> [!NOTE]\n> Translations share the `ms:assetid` of this page.\n",
    ),
    (
        "content/es-es/primeros-pasos.md",
        "---\ntitle: Primeros pasos\nms:assetid: 2f6c1c3e-5d0a-4c36-9a51-0d7a3f1e2b4c\nms.date: 01/15/2026\n---\n# Primeros pasos\n\nEnumere los usuarios con PowerShell:\n\n```powershell\nGet-CsUser | Select-Object DisplayName\n```\n\n> [!NOTE]\n> Las traducciones comparten el `ms:assetid` de esta página.\n",
    ),
    ("content/en/toc.yml", "- name: Getting started\n  href: getting-started.md\n"),
    ("content/es-es/toc.yml", "- name: Primeros pasos\n  href: primeros-pasos.md\n"),
];

/// Creates a new book in `dir`.
pub fn init(dir: &Path) -> Result<Vec<String>, Error> {
    let config = dir.join(crate::config::CONFIG_FILE);
    if config.exists() {
        return Err(Error::Usage(format!("{} already exists; init writes new books only", config.display())));
    }
    let mut written = Vec::new();
    let mut files: Vec<(String, &str)> = vec![("book.toml".into(), BOOK_TOML)];
    files.extend(FILES.iter().map(|(p, t)| ((*p).to_owned(), *t)));
    for (tag, text) in crate::i18n::EMBEDDED {
        if *tag != "zh-CN" {
            files.push((format!("i18n/{}/ui.ftl", tag.to_ascii_lowercase()), text));
        }
    }
    for (rel, text) in files {
        let path = dir.join(&rel);
        if path.exists() {
            return Err(Error::Usage(format!("{} already exists; init writes new books only", path.display())));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Io { path: parent.to_path_buf(), source })?;
        }
        std::fs::write(&path, text).map_err(|source| Error::Io { path: path.clone(), source })?;
        written.push(rel);
    }
    Ok(written)
}
