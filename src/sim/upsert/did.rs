//! What one write of the `upsert` model did to the table (rejected, nothing, updated, inserted),
//! and the words for it: the diagram's label, the narration, and at the steps that decide the
//! verdict what the write means for the one request.

use uuid::Uuid;

use crate::sim::scenario::{OnConflict, Write};
use crate::sim::trace::{DbRow, Kind, short};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Did {
    Rejected,
    Nothing,
    /// Updated the row that had this `n` before.
    Updated(i64),
    NoRow,
    Inserted,
}

impl Did {
    /// What the statement did, in a few words.
    pub(super) fn label(self, row: Option<&DbRow>) -> String {
        let (num, n) = row.map_or((0, 0), |r| (r.row, r.n));
        match self {
            Self::Rejected => "unique violation".into(),
            Self::Nothing => "0 rows changed".into(),
            Self::Updated(before) => format!("n {before}→{n}"),
            Self::NoRow => "0 rows updated".into(),
            Self::Inserted => format!("insert row {num}"),
        }
    }

    /// What the write means for the one request, at the steps that decide the verdict: a
    /// repeat that changed the row again, or one the statement made harmless.
    pub(super) fn meaning(self, dup: bool, repeat: bool) -> &'static str {
        match (self, dup) {
            (Self::Inserted, true) => " — the retry inserted it again: two rows for one request",
            (Self::Updated(_), true) => {
                " — the retry applied the write a second time: the row changed twice for one request"
            }
            (Self::Rejected, _) => " — the unique key stops the retry from adding a second row",
            (Self::Nothing, _) => " — the row is already there, so the retry changes nothing",
            (Self::Updated(_), false) if repeat => {
                " — setting the same value again changes nothing: this write is safe to repeat"
            }
            _ => "",
        }
    }

    pub(super) fn describe(
        self,
        write: Write,
        on_conflict: OnConflict,
        key: Uuid,
        row: Option<&DbRow>,
        count: usize,
    ) -> (Kind, String) {
        let (num, n) = row.map_or((0, 0), |r| (r.row, r.n));
        match self {
            Self::Rejected => (
                Kind::Error,
                "duplicate key value violates unique constraint — the insert is rejected".into(),
            ),
            Self::Nothing => (
                Kind::Skip,
                format!("id {} exists — DO NOTHING: 0 rows changed", short(key)),
            ),
            Self::Updated(before) if write == Write::UpsertUpdate => {
                let how = match on_conflict {
                    OnConflict::Set => "SET n = excluded.n",
                    OnConflict::Increment => "SET n = n + 1",
                };
                (
                    Kind::Effect,
                    format!(
                        "id {} exists — DO UPDATE {how}: n {before} → {n}",
                        short(key)
                    ),
                )
            }
            Self::Updated(before) => (Kind::Effect, format!("updates row {num}: n {before} → {n}")),
            Self::NoRow => (Kind::Skip, "no such row — 0 rows updated".into()),
            Self::Inserted => {
                let more = if count > 1 {
                    format!(" — now {count} rows with this id")
                } else {
                    String::new()
                };
                (Kind::Effect, format!("inserts row {num} (n = {n}){more}"))
            }
        }
    }
}
