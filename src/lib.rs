//! idemlab: learn idempotency in distributed systems in the terminal.
//!
//! The library holds everything the binary does, so tests and benchmarks drive the core without a
//! terminal. Domain modules (`content`, `progress`, `quiz`, `sim`) know nothing of ratatui or crossterm;
//! `markdown`, `ui`, `app` and `tui` are the presentation side.

pub mod app;
pub mod cli;
pub mod content;
pub mod keymap;
pub mod lab;
pub mod layout;
pub mod markdown;
pub mod probe;
pub mod progress;
pub mod quiz;
pub mod server;
pub mod sim;
pub mod text;
pub mod theme;
pub mod tui;
pub mod ui;
