//! The UI's words live in the core (`tiendo_core::i18n`), shared with the
//! files the server writes; this module keeps the UI's paths to them short.

pub use tiendo_core::i18n::*;
