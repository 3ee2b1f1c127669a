//! A knob's value, whatever its type, and the one conversion from each field type of the
//! scenario structs ([`Field`]), so the table's accessors stay one line per row.

use std::fmt;

use serde_yaml::{Mapping, Value};

use super::Type;
use crate::sim::scenario::{
    BackoffKind, ConsumerScript, Dedup, Jitter, KeyMode, KeyScope, NetScript, OnConflict,
    Operation, ServerScript, Store, Write,
};

/// The value of one knob.
#[derive(Debug, Clone, PartialEq)]
pub enum KnobValue {
    Bool(bool),
    /// Every integer knob (`u32`, `u64` and `i64` fields; a `u64` above `i64::MAX` saturates,
    /// far beyond every bound).
    Int(i64),
    Float(f64),
    Range([u64; 2]),
    /// A choice, by its YAML name.
    Word(String),
    Script(Vec<ScriptEntry>),
}

/// One entry of a fault script, whichever the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptEntry {
    /// The attempt or delivery it applies to, from 1.
    pub number: u32,
    pub fault: String,
    pub ms: Option<u64>,
}

impl fmt::Display for KnobValue {
    /// As YAML writes it: `4`, `0.0`, `[40, 120]`, `per_operation`, `[]`; a script's entries as
    /// `[1: drop_response, 2: delay 500 ms]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Bool(b) => write!(f, "{b}"),
            Self::Int(n) => write!(f, "{n}"),
            Self::Float(x) => write!(f, "{x:?}"),
            Self::Range([a, b]) => write!(f, "[{a}, {b}]"),
            Self::Word(w) => f.write_str(w),
            Self::Script(es) => {
                f.write_str("[")?;
                for (i, e) in es.iter().enumerate() {
                    let sep = if i > 0 { ", " } else { "" };
                    write!(f, "{sep}{}: {}", e.number, e.fault)?;
                    if let Some(ms) = e.ms {
                        write!(f, " {ms} ms")?;
                    }
                }
                f.write_str("]")
            }
        }
    }
}

impl KnobValue {
    /// The YAML node a scenario file would hold for it.
    pub(crate) fn to_yaml(&self, ty: Type) -> Value {
        match self {
            Self::Bool(b) => Value::Bool(*b),
            Self::Int(n) => Value::Number((*n).into()),
            Self::Float(x) => Value::Number((*x).into()),
            Self::Range([a, b]) => Value::Sequence(vec![(*a).into(), (*b).into()]),
            Self::Word(w) => Value::String(w.clone()),
            Self::Script(es) => {
                let number = match ty {
                    Type::Script(sh) => sh.number,
                    _ => "attempt",
                };
                Value::Sequence(
                    es.iter()
                        .map(|e| {
                            let mut m = Mapping::new();
                            m.insert(number.into(), e.number.into());
                            m.insert("fault".into(), e.fault.clone().into());
                            if let Some(ms) = e.ms {
                                m.insert("ms".into(), ms.into());
                            }
                            Value::Mapping(m)
                        })
                        .collect(),
                )
            }
        }
    }
}

/// A field of a scenario struct that is a knob.
pub trait Field {
    fn knob(&self) -> KnobValue;
}

impl Field for bool {
    fn knob(&self) -> KnobValue {
        KnobValue::Bool(*self)
    }
}
impl Field for u32 {
    fn knob(&self) -> KnobValue {
        KnobValue::Int(i64::from(*self))
    }
}
impl Field for u64 {
    fn knob(&self) -> KnobValue {
        KnobValue::Int(i64::try_from(*self).unwrap_or(i64::MAX))
    }
}
impl Field for i64 {
    fn knob(&self) -> KnobValue {
        KnobValue::Int(*self)
    }
}
impl Field for f64 {
    fn knob(&self) -> KnobValue {
        KnobValue::Float(*self)
    }
}
impl Field for [u64; 2] {
    fn knob(&self) -> KnobValue {
        KnobValue::Range(*self)
    }
}

/// The YAML name of a unit enum variant (`per_operation`).
fn name_of(v: &impl serde::Serialize) -> String {
    match serde_yaml::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

macro_rules! word_fields {
    ($($t:ty),*) => {$(
        impl Field for $t {
            fn knob(&self) -> KnobValue {
                KnobValue::Word(name_of(self))
            }
        }
    )*};
}
word_fields!(
    BackoffKind,
    Jitter,
    Operation,
    KeyMode,
    KeyScope,
    Store,
    Dedup,
    Write,
    OnConflict
);

impl Field for Vec<NetScript> {
    fn knob(&self) -> KnobValue {
        KnobValue::Script(
            self.iter()
                .map(|e| ScriptEntry {
                    number: e.attempt,
                    fault: name_of(&e.fault),
                    ms: e.ms,
                })
                .collect(),
        )
    }
}
impl Field for Vec<ServerScript> {
    fn knob(&self) -> KnobValue {
        KnobValue::Script(
            self.iter()
                .map(|e| ScriptEntry {
                    number: e.attempt,
                    fault: name_of(&e.fault),
                    ms: e.ms,
                })
                .collect(),
        )
    }
}
impl Field for Vec<ConsumerScript> {
    fn knob(&self) -> KnobValue {
        KnobValue::Script(
            self.iter()
                .map(|e| ScriptEntry {
                    number: e.delivery,
                    fault: name_of(&e.fault),
                    ms: None,
                })
                .collect(),
        )
    }
}
