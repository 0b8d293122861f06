//! `book.toml` → [`Config`]: the raw serde shape (unknown keys rejected with their
//! line) is validated into absolute paths, parsed locale tags and check levels.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostics::{Kind, Level};
use crate::error::Error;
use crate::locale::LocaleTag;

/// The file name of a book's configuration.
pub const CONFIG_FILE: &str = "book.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    book: RawBook,
    locales: IndexMap<String, RawLocale>,
    #[serde(default)]
    links: RawLinks,
    #[serde(default)]
    highlight: RawHighlight,
    #[serde(default)]
    output: RawOutput,
    #[serde(default)]
    check: BTreeMap<String, Level>,
    #[serde(default)]
    search: SearchConfig,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawBook {
    title: String,
    default_locale: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    description: Option<String>,
}

fn default_theme() -> String {
    "default".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocale {
    name: String,
    content: PathBuf,
    #[serde(default)]
    toc: OneOrMany,
    #[serde(default)]
    copy: Vec<String>,
}

/// `toc = "a.yml"` or `toc = ["a.yml", "b.yml"]`.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(PathBuf),
    Many(Vec<PathBuf>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<PathBuf> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(p) => vec![p],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawLinks {
    #[serde(default = "default_asset_key")]
    asset_id_key: String,
}

impl Default for RawLinks {
    fn default() -> Self {
        Self { asset_id_key: default_asset_key() }
    }
}

fn default_asset_key() -> String {
    "ms:assetid".into()
}

/// Code highlighting settings (`[highlight]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawHighlight {
    /// Detect the language of untagged blocks.
    #[serde(default = "yes")]
    pub detect: bool,
    /// The language given to untagged blocks that detection accepts.
    #[serde(default = "default_language")]
    pub default_language: String,
    /// Light highlighting theme (a two-face theme name).
    #[serde(default = "default_light_theme")]
    pub light_theme: String,
    /// Dark highlighting theme, used with `prefers-color-scheme: dark` or the toggle.
    #[serde(default = "default_dark_theme")]
    pub dark_theme: String,
}

fn default_light_theme() -> String {
    "InspiredGitHub".into()
}

fn default_dark_theme() -> String {
    "OneHalfDark".into()
}

impl Default for RawHighlight {
    fn default() -> Self {
        Self {
            detect: true,
            default_language: default_language(),
            light_theme: default_light_theme(),
            dark_theme: default_dark_theme(),
        }
    }
}

fn yes() -> bool {
    true
}

fn default_language() -> String {
    "powershell".into()
}

/// Search settings (`[search]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SearchConfig {
    /// Build a search index per locale and show the search box (on by default).
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        Self { enabled: true }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOutput {
    #[serde(default)]
    dest: Option<PathBuf>,
    #[serde(default)]
    site_url: Option<String>,
    #[serde(default, rename = "static")]
    static_dir: Option<PathBuf>,
    #[serde(default = "yes")]
    compare: bool,
}

impl Default for RawOutput {
    fn default() -> Self {
        Self { dest: None, site_url: None, static_dir: None, compare: true }
    }
}

/// The settings of one locale.
#[derive(Debug, Clone)]
pub struct LocaleConfig {
    /// The parsed tag.
    pub tag: LocaleTag,
    /// Display name in the language switcher (`Español`).
    pub name: String,
    /// Absolute content folder.
    pub content: PathBuf,
    /// Absolute paths of the toc files (DocFX toc.yml), in order; their trees are joined.
    pub tocs: Vec<PathBuf>,
    /// Files or folders (relative to `content`, `/`-separated) copied into the locale's
    /// output folder whether pages link to them or not.
    pub copy: Vec<String>,
}

/// A validated book configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The folder holding book.toml.
    pub root: PathBuf,
    /// Book title.
    pub title: String,
    /// Optional description for the home pages.
    pub description: Option<String>,
    /// Index into `locales` of the default locale.
    pub default_locale: usize,
    /// Locales in declaration order.
    pub locales: Vec<LocaleConfig>,
    /// Theme name (`themes/<name>` in the book, or the built-in `default`).
    pub theme: String,
    /// Front-matter key that links translations.
    pub asset_id_key: String,
    /// Highlighting settings.
    pub highlight: RawHighlight,
    /// Output folder (absolute).
    pub dest: PathBuf,
    /// Absolute site URL with a trailing `/`, for canonical links and the sitemap.
    pub site_url: Option<String>,
    /// A folder (absolute) copied as it is into the site root (`[output] static`).
    pub static_dir: Option<PathBuf>,
    /// Write the side-by-side view of each article found in several locales
    /// (`[output] compare`, on by default).
    pub compare: bool,
    /// Per-kind overrides of diagnostic levels.
    pub check_levels: BTreeMap<Kind, Level>,
    /// Search settings.
    pub search: SearchConfig,
}

impl Config {
    /// Reads `book.toml` in `root`.
    pub fn load(root: &Path) -> Result<Self, Error> {
        let path = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf()).join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
        // Not UTF-8 is a configuration error (exit 2) pointing at the first bad byte, not
        // an IO failure.
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes());
            Error::config(&path, "the file is not valid UTF-8")
                .at(&lossy, valid..valid + '\u{FFFD}'.len_utf8())
                .with_hint("save it as UTF-8")
        })?;
        Self::from_str(root, &text)
    }

    /// Parses and validates configuration text; `root` anchors relative paths.
    pub fn from_str(root: &Path, text: &str) -> Result<Self, Error> {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let path = root.join(CONFIG_FILE);
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let error = Error::config(&path, e.message().trim_end());
            match e.span() {
                Some(span) => error.at(text, span),
                None => error,
            }
        })?;
        let spans = Spans::new(text);
        // An error pointing at the value (or with `Key`, the key) at `keys`.
        let bad = |message: String, keys: &[&str], what: Point| {
            let error = Error::config(&path, message);
            match spans.find(keys, what) {
                Some(span) => error.at(text, span),
                None => error,
            }
        };
        let mut locales: Vec<LocaleConfig> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for (key, loc) in raw.locales {
            let at = ["locales", key.as_str()];
            let tag = LocaleTag::parse(&key).map_err(|m| bad(format!("[locales.{key}]: {m}"), &at, Point::Key))?;
            if let Some(first) = locales.iter().position(|l| l.tag == tag) {
                return Err(bad(format!("locale `{key}` is declared twice"), &at, Point::Key)
                    .with_hint(format!("`{}` is the same locale (case does not matter): keep one", keys[first])));
            }
            let content = crate::paths::lexical_normalize(&root.join(&loc.content));
            let tocs = loc.toc.into_vec().into_iter().map(|t| content.join(t)).collect();
            let copy = loc
                .copy
                .iter()
                .map(|c| {
                    copy_entry(c).ok_or_else(|| {
                        bad(format!("`copy` entry `{c}` {COPY_RULE}"), &["locales", &key, "copy"], Point::Value)
                    })
                })
                .collect::<Result<_, _>>()?;
            locales.push(LocaleConfig { tag, name: loc.name, content, tocs, copy });
            keys.push(key);
        }
        if locales.is_empty() {
            return Err(Error::config(&path, "no locale is declared").with_hint("add a [locales.<tag>] table"));
        }
        if let Err((second, message)) = check_distinct_content(&locales) {
            return Err(bad(message, &["locales", &keys[second], "content"], Point::Value)
                .with_hint("give each locale its own folder"));
        }
        let default_at = ["book", "default-locale"];
        let wanted = LocaleTag::parse(&raw.book.default_locale)
            .map_err(|m| bad(format!("book.default-locale: {m}"), &default_at, Point::Value))?;
        let default_locale = locales.iter().position(|l| l.tag == wanted).ok_or_else(|| {
            bad(format!("book.default-locale `{wanted}` is not one of the declared locales"), &default_at, Point::Value)
                .with_hint(format!("use one of: {}", locale_list(&locales)))
        })?;
        let theme_templates = root.join("themes").join(&raw.book.theme).join("templates");
        if raw.book.theme != "default" && !theme_templates.is_dir() {
            return Err(bad(format!("unknown theme `{}`", raw.book.theme), &["book", "theme"], Point::Value)
                .with_hint(format!(
                    "the built-in theme is `default`; a theme of the book needs the folder themes/{}/templates/",
                    raw.book.theme
                )));
        }
        for (key, name) in [("light-theme", &raw.highlight.light_theme), ("dark-theme", &raw.highlight.dark_theme)] {
            crate::highlight::theme::check_name(name).map_err(|available| {
                bad(format!("unknown highlight theme `{name}`"), &["highlight", key], Point::Value)
                    .with_hint(format!("available: {available}"))
            })?;
        }
        let mut check_levels = BTreeMap::new();
        for (name, level) in raw.check {
            let kind = Kind::from_name(&name).ok_or_else(|| {
                bad(format!("[check] has an unknown diagnostic kind `{name}`"), &["check", &name], Point::Key)
                    .with_hint(format!(
                        "known kinds: {}",
                        Kind::all().iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")
                    ))
            })?;
            check_levels.insert(kind, level);
        }
        let site_url = raw.output.site_url.map(|mut u| {
            if !u.ends_with('/') {
                u.push('/');
            }
            u
        });
        let static_dir = raw.output.static_dir.map(|d| crate::paths::lexical_normalize(&root.join(d)));
        Ok(Self {
            static_dir,
            compare: raw.output.compare,
            dest: root.join(raw.output.dest.unwrap_or_else(|| PathBuf::from("site"))),
            root,
            title: raw.book.title,
            description: raw.book.description,
            default_locale,
            locales,
            theme: raw.book.theme,
            asset_id_key: raw.links.asset_id_key,
            highlight: raw.highlight,
            site_url,
            check_levels,
            search: raw.search,
        })
    }

    /// Refuses an output folder whose replacement would delete something that is not a
    /// site (see [`crate::output::check_destination`]).
    pub fn check_destination(&self) -> Result<(), Error> {
        let content: Vec<PathBuf> = self.locales.iter().map(|l| l.content.clone()).collect();
        crate::output::check_destination(&self.dest, &self.root, &content)
    }

    /// The default locale's settings.
    pub fn default_locale(&self) -> &LocaleConfig {
        &self.locales[self.default_locale]
    }

    /// Keeps only the locales named (case-insensitively); the default stays the default
    /// when kept, otherwise the first kept locale becomes it.
    pub fn retain_locales(&mut self, wanted: &[String]) -> Result<(), Error> {
        let mut tags = Vec::new();
        for w in wanted {
            let tag = LocaleTag::parse(w).map_err(Error::Usage)?;
            if !self.locales.iter().any(|l| l.tag == tag) {
                return Err(Error::Usage(format!(
                    "--locale {w}: not a locale of this book ({})",
                    locale_list(&self.locales)
                )));
            }
            tags.push(tag);
        }
        let default_tag = self.default_locale().tag.clone();
        self.locales.retain(|l| tags.contains(&l.tag));
        self.default_locale = self.locales.iter().position(|l| l.tag == default_tag).unwrap_or(0);
        Ok(())
    }
}

const COPY_RULE: &str = "must be a file or folder inside the content folder (relative, without `..`)";

/// A `copy` entry as a `/`-separated path relative to the content folder, or `None`
/// when it is empty, absolute or climbs out.
fn copy_entry(entry: &str) -> Option<String> {
    let entry = entry.replace('\\', "/");
    if entry.starts_with('/') || Path::new(&entry).is_absolute() {
        return None;
    }
    let parts: Vec<&str> = entry.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    (!parts.is_empty() && !parts.contains(&"..")).then(|| parts.join("/"))
}

fn locale_list(locales: &[LocaleConfig]) -> String {
    locales.iter().map(|l| l.tag.as_str()).collect::<Vec<_>>().join(", ")
}

/// Two locales must not share or nest content folders: pages would belong to both.
/// On failure: the index of the second locale, and the message.
fn check_distinct_content(locales: &[LocaleConfig]) -> Result<(), (usize, String)> {
    for (i, a) in locales.iter().enumerate() {
        for (j, b) in locales.iter().enumerate().skip(i + 1) {
            let (pa, pb) = (normalize(&a.content), normalize(&b.content));
            if pa.starts_with(&pb) || pb.starts_with(&pa) {
                return Err((
                    j,
                    format!("locales {} and {} claim the same content folder ({})", a.tag, b.tag, pa.display()),
                ));
            }
        }
    }
    Ok(())
}

/// What of a `key = value` an error points at.
#[derive(Clone, Copy)]
enum Point {
    Key,
    Value,
}

/// Byte ranges of the keys and values of book.toml, for errors that point at them.
struct Spans<'a> {
    doc: Option<toml::Spanned<toml::de::DeTable<'a>>>,
}

impl<'a> Spans<'a> {
    fn new(text: &'a str) -> Self {
        Spans { doc: toml::de::DeTable::parse(text).ok() }
    }

    /// The range of the key or value at `keys` (`["book", "theme"]`).
    fn find(&self, keys: &[&str], what: Point) -> Option<std::ops::Range<usize>> {
        let mut table = self.doc.as_ref()?.get_ref();
        let (last, parents) = keys.split_last()?;
        for k in parents {
            table = match entry(table, k)?.1.get_ref() {
                toml::de::DeValue::Table(t) => t,
                _ => return None,
            };
        }
        let (key, value) = entry(table, last)?;
        Some(match what {
            Point::Key => key.span(),
            Point::Value => value.span(),
        })
    }
}

type Entry<'t, 'a> = (&'t toml::Spanned<toml::de::DeString<'a>>, &'t toml::Spanned<toml::de::DeValue<'a>>);

fn entry<'t, 'a>(table: &'t toml::de::DeTable<'a>, key: &str) -> Option<Entry<'t, 'a>> {
    table.iter().find(|(k, _)| k.get_ref().as_ref() == key)
}

fn normalize(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| crate::paths::lexical_normalize(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[book]
title = "T"
default-locale = "es-es"
[locales.zh-CN]
name = "中文"
content = "content/zh-CN"
toc = "toc.yml"
[locales.es-es]
name = "Español"
content = "content/es-es"
"#;

    #[test]
    fn parses_minimal_book() {
        let c = Config::from_str(Path::new("/b"), MINIMAL).unwrap();
        assert_eq!(c.locales.len(), 2);
        assert_eq!(c.default_locale().tag.as_str(), "es-ES");
        assert_eq!(c.locales[0].tocs, [PathBuf::from("/b/content/zh-CN/toc.yml")]);
        assert!(c.locales[1].tocs.is_empty());
        assert_eq!(c.dest, PathBuf::from("/b/site"));
        assert!(c.highlight.detect);
        assert!(c.search.enabled, "search is on by default");
    }

    #[test]
    fn search_can_be_turned_off() {
        let c = Config::from_str(Path::new("/b"), &format!("{MINIMAL}\n[search]\nenabled = false\n")).unwrap();
        assert!(!c.search.enabled);
        let m = config_error(&format!("{MINIMAL}\n[search]\nenable = false\n"));
        assert!(m.contains("enable"), "{m}");
    }

    fn config_error(text: &str) -> String {
        match Config::from_str(Path::new("/b"), text) {
            Err(Error::Config { message, .. }) => message,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    /// The line and column a configuration error points at, and its hint.
    fn config_place(text: &str) -> (u32, u32, Option<String>) {
        match Config::from_str(Path::new("/b"), text) {
            Err(Error::Config { at: Some(at), hint, .. }) => (at.line, at.column, hint),
            other => panic!("expected a placed config error, got {other:?}"),
        }
    }

    #[test]
    fn reports_unknown_key_with_line() {
        let m = config_error(&MINIMAL.replace("title = \"T\"", "title = \"T\"\ntitel = 1"));
        assert!(m.contains("titel"), "{m}");
        assert_eq!(config_place(&MINIMAL.replace("title = \"T\"", "title = \"T\"\ntitel = 1")).0, 4);
    }

    #[test]
    fn errors_point_at_the_key_or_value_concerned() {
        let (line, column, hint) =
            config_place(&MINIMAL.replace("default-locale = \"es-es\"", "default-locale = \"fr\""));
        assert_eq!((line, column), (4, 18));
        assert_eq!(hint.as_deref(), Some("use one of: zh-CN, es-ES"));
        let (line, column, _) = config_place(&format!("{MINIMAL}[check]\nbroken-lnk = \"allow\"\n"));
        assert_eq!((line, column), (13, 1));
        let (line, column, _) = config_place(&MINIMAL.replace("content/es-es", "content/zh-CN"));
        assert_eq!((line, column), (11, 11), "the second locale's content");
    }

    #[test]
    fn rejects_unknown_themes_before_any_build() {
        let text = MINIMAL.replace("title = \"T\"", "title = \"T\"\ntheme = \"nope\"");
        assert_eq!(config_error(&text), "unknown theme `nope`");
        assert_eq!(config_place(&text).0, 4);
        let text = format!("{MINIMAL}[highlight]\ndark-theme = \"Nope\"\n");
        assert_eq!(config_error(&text), "unknown highlight theme `Nope`");
        let (line, _, hint) = config_place(&text);
        assert_eq!(line, 13);
        assert!(hint.unwrap().contains("OneHalfDark"));
        assert!(Config::from_str(Path::new("/b"), &format!("{MINIMAL}[highlight]\ndark-theme = \"nord\"\n")).is_ok());
    }

    #[test]
    fn compare_view_is_on_unless_turned_off() {
        assert!(Config::from_str(Path::new("/b"), MINIMAL).unwrap().compare);
        let with_output = MINIMAL.to_owned() + "[output]\ndest = \"out\"\n";
        assert!(Config::from_str(Path::new("/b"), &with_output).unwrap().compare);
        let off = MINIMAL.to_owned() + "[output]\ncompare = false\n";
        assert!(!Config::from_str(Path::new("/b"), &off).unwrap().compare);
    }

    #[test]
    fn accepts_several_tocs() {
        let c = Config::from_str(
            Path::new("/b"),
            &MINIMAL.replace("toc = \"toc.yml\"", "toc = [\"a.yml\", \"b/toc.yml\"]"),
        )
        .unwrap();
        assert_eq!(c.locales[0].tocs.len(), 2);
    }

    #[test]
    fn invalid_utf8_is_a_config_error_with_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), b"[book]\ntitle = \"\xFF\"\n").unwrap();
        match Config::load(dir.path()) {
            Err(e @ Error::Config { .. }) => {
                assert_eq!(e.exit_code(), 2);
                assert!(e.to_string().contains("book.toml:2:10: the file is not valid UTF-8"), "{e}");
            }
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn copy_entries_and_static_folder() {
        let text = MINIMAL.replace("toc = \"toc.yml\"", "copy = [\"downloads/\", \"./robots.txt\"]")
            + "[output]\nstatic = \"static\"\n";
        let c = Config::from_str(Path::new("/b"), &text).unwrap();
        assert_eq!(c.locales[0].copy, ["downloads", "robots.txt"]);
        assert_eq!(c.static_dir.as_deref(), Some(Path::new("/b/static")));
        for bad in ["../x", "/etc", "a/../../b", ""] {
            let m = config_error(&MINIMAL.replace("toc = \"toc.yml\"", &format!("copy = [\"{bad}\"]")));
            assert!(m.contains("copy") && m.contains("inside the content folder"), "{m}");
        }
    }

    #[test]
    fn reports_wrong_type() {
        let m = config_error(&MINIMAL.replace("title = \"T\"", "title = 3"));
        assert!(m.contains("invalid type"), "{m}");
    }

    #[test]
    fn rejects_unknown_default_locale() {
        let m = config_error(&MINIMAL.replace("default-locale = \"es-es\"", "default-locale = \"fr\""));
        assert!(m.contains("fr"), "{m}");
    }

    #[test]
    fn rejects_shared_content_folder() {
        let m = config_error(&MINIMAL.replace("content/es-es", "content/zh-CN"));
        assert!(m.contains("same content folder"), "{m}");
    }

    #[test]
    fn rejects_unknown_check_kind() {
        let m = config_error(&format!("{MINIMAL}\n[check]\nbroken-lnk = \"allow\"\n"));
        assert!(m.contains("broken-lnk"), "{m}");
    }

    #[test]
    fn reads_check_levels() {
        let c =
            Config::from_str(Path::new("/b"), &format!("{MINIMAL}\n[check]\nbroken-fragment = \"allow\"\n")).unwrap();
        assert_eq!(c.check_levels.get(&Kind::BrokenFragment), Some(&Level::Allow));
    }
}
