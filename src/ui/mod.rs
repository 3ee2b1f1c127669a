//! Screens (being built).
