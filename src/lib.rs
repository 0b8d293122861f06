//! polybook: a static site generator for documentation written in several
//! locales. It reads every locale of a book, links each article to its
//! translations by asset id, rewrites links, highlights code, and writes one
//! cross-linked multilingual site.
//!
//! The pipeline (see `ARCHITECTURE.md`), one module per stage:
//!
//! 1. [`load`]: content folders → [`model::SourceFile`]s
//! 2. [`frontmatter`]: YAML front matter → [`model::Page`]s
//! 3. [`links`], [`translations`], [`nav`]: lookup tables, translation sets, toc trees
//! 4. [`markdown`] (with [`highlight`]): bodies → [`model::Article`]s; [`checks`] across pages
//! 5. [`render`]: Tera templates → output files
//! 6. [`output`]: atomic write of the site
//!
//! [`pipeline`] runs them in order; [`diagnostics`] carries what went wrong.

pub mod assets;
pub mod checks;
pub mod config;
pub mod diagnostics;
pub mod error;
pub mod frontmatter;
pub mod highlight;
pub mod i18n;
pub mod incremental;
pub mod init;
pub mod links;
pub mod load;
pub mod locale;
pub mod manifest;
pub mod markdown;
pub mod model;
pub mod nav;
pub mod output;
pub mod paths;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod search;
pub mod sections;
pub mod sitemap;
pub mod status;
pub mod swar;
pub mod translations;

pub use config::Config;
pub use error::Error;
pub use pipeline::{BuildOptions, BuildReport, build};
