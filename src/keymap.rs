//! Key bindings (being built).
