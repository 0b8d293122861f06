//! The real corpus (skipped with a message when `../shared/corpus` is absent).
