//! repbook: an offline-first archive and visit book for one field sales rep.
//!
//! Layers (see DESIGN.md §1): `domain` is pure, `store` is the only module that
//! talks to SQLite, `search` and `demo` build on the store, `cli` sits on top.

pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod error;
pub mod hlc;
pub mod i18n;
pub mod interop;
pub mod search;
pub mod store;
pub mod sync;
pub mod text;
pub mod tui;

pub use error::{Error, Result};

/// jemalloc in place of glibc's allocator, for SQLite's C code too (the
/// crate's `unprefixed_malloc_on_supported_platforms`): see the README's
/// dependencies.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
