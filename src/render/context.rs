//! The typed views templates see. Built per page from the model, borrowed where
//! possible; templates never see the model itself.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value as Json;

use crate::model::Heading;

/// A link to one locale's version of the current page (language switcher).
#[derive(Debug, Clone, Serialize)]
pub struct LangLink {
    /// Canonical tag (`es-ES`).
    pub lang: String,
    /// Display name (`Español`).
    pub name: String,
    /// Relative URL: the translation, or that locale's home when not translated.
    pub url: String,
    /// This is the page being shown.
    pub current: bool,
    /// The article exists in that locale.
    pub available: bool,
    /// JSON list: for each heading of this page, the id of the matching heading there.
    pub sections: String,
    /// "Choose your language" in that language (root page).
    pub choose: String,
}

/// `<link rel="alternate" hreflang>`.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    /// Canonical tag or `x-default`.
    pub hreflang: String,
    /// Absolute URL when the site URL is known, else relative.
    pub href: String,
}

/// A titled link (breadcrumbs, previous/next, lists).
#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    /// Text.
    pub title: String,
    /// Relative URL, if it links.
    pub url: Option<String>,
}

/// A date in both machine and reader form.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2014-07-23`.
    pub iso: String,
    /// `23 de julio de 2014`.
    pub display: String,
}

/// Everything every template gets.
#[derive(Debug, Clone, Serialize)]
pub struct Common<'a> {
    /// Canonical tag of the page's locale.
    pub lang: &'a str,
    /// Display name of the page's locale.
    pub locale_name: &'a str,
    /// Book title.
    pub site_title: &'a str,
    /// Relative prefix to the site root (`../../`).
    pub root: String,
    /// Relative prefix to the locale's root (`../`).
    pub locale_root: String,
    /// Relative URL of the locale's home page.
    pub locale_home: String,
    /// Language links.
    pub languages: Vec<LangLink>,
    /// hreflang alternates.
    pub alternates: Vec<Alternate>,
    /// Absolute canonical URL, when the site URL is known.
    pub canonical: Option<String>,
    /// Relative URL of the script that opens the locale's search index, when search
    /// is on (the search box is shown only then).
    pub search: Option<String>,
}

/// An article page (`page.html`).
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// Shared fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Page title.
    pub title: &'a str,
    /// Front-matter description.
    pub description: Option<&'a str>,
    /// The page's path below the locale root (`LyncServer/x.html`), to mark it in the sidebar.
    pub path_in_locale: &'a str,
    /// Ancestors in the toc.
    pub breadcrumbs: Vec<Crumb>,
    /// `ms.translationtype: MT`.
    pub machine_translated: bool,
    /// The human-written version to point MT readers to.
    pub original: Option<LangLink>,
    /// The article already has a level-1 heading.
    pub has_h1: bool,
    /// Article HTML.
    pub content: &'a str,
    /// `ms.date`.
    pub date: Option<DateView>,
    /// Previous page in the toc.
    pub prev: Option<Crumb>,
    /// Next page in the toc.
    pub next: Option<Crumb>,
    /// "In this article": level 2 and 3 headings.
    pub outline: Vec<&'a Heading>,
    /// The side-by-side view of this article and a translation, if it has one.
    pub compare: Option<super::compare::CompareLink>,
    /// Every front-matter key.
    pub front: &'a BTreeMap<String, Json>,
}

/// A locale's home page (`home.html`).
#[derive(Debug, Serialize)]
pub struct HomeView<'a> {
    /// Shared fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Book description.
    pub description: Option<&'a str>,
    /// Number of pages in the locale.
    pub page_count: usize,
    /// The full navigation tree, as HTML.
    pub toc: &'a str,
    /// Pages the toc does not list.
    pub others: Vec<Crumb>,
}

/// The root language chooser (`root.html`).
#[derive(Debug, Serialize)]
pub struct RootView<'a> {
    /// Shared fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// `[{"seg": "es-es"}, …]` for the redirect script.
    pub locales_json: String,
    /// The default locale's URL segment, as a JSON string.
    pub default_seg_json: String,
}

/// A redirect page (`redirect.html`).
#[derive(Debug, Serialize)]
pub struct RedirectView<'a> {
    /// Shared fields.
    #[serde(flatten)]
    pub common: Common<'a>,
    /// Where to go.
    pub target: String,
}
