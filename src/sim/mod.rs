//! Simulation engine: arrives with issue 5 (helper S owns this module).
