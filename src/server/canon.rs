//! The request fingerprint: method, path and the canonical JSON of the body (object keys sorted,
//! whitespace dropped), so a reformatted body is the same request and a changed amount is not.
//! A body that is not JSON is fingerprinted by its bytes. The hash is spelled out here (FNV-1a,
//! two bases, 128 bits) rather than std's, whose output may change between Rust versions and
//! would turn every stored key into a mismatch after an upgrade.

use serde_json::Value;

/// `{"b":1, "a":[2, 3]}` → `{"a":[2,3],"b":1}`.
#[must_use]
pub fn canonical(v: &Value) -> String {
    let mut out = String::new();
    write(v, &mut out);
    out
}

fn write(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The fingerprint of a request, 32 hex digits.
#[must_use]
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> String {
    let canon = serde_json::from_slice::<Value>(body).map(|v| canonical(&v));
    let body: &[u8] = match &canon {
        Ok(c) => c.as_bytes(),
        Err(_) => body,
    };
    let mut a = Fnv::new(0xcbf2_9ce4_8422_2325);
    let mut b = Fnv::new(0x6c62_272e_07bb_0142);
    for part in [method.as_bytes(), b"\n", path.as_bytes(), b"\n", body] {
        a.eat(part);
        b.eat(part);
    }
    // A JSON body and the same bytes sent as non-JSON must not collide.
    let tag: &[u8] = if canon.is_ok() { b"j" } else { b"r" };
    a.eat(tag);
    b.eat(tag);
    format!("{:016x}{:016x}", a.0, b.0)
}

struct Fnv(u64);

impl Fnv {
    fn new(basis: u64) -> Fnv {
        Fnv(basis)
    }
    fn eat(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reformatted_bodies_share_a_fingerprint_and_changed_ones_do_not() {
        let a = fingerprint("POST", "/charges", br#"{"amount": 100, "order": "o-1"}"#);
        let b = fingerprint("POST", "/charges", b"{\n \"order\":\"o-1\",\"amount\":100}");
        assert_eq!(a, b);
        assert_ne!(
            a,
            fingerprint("POST", "/charges", br#"{"amount": 101, "order": "o-1"}"#)
        );
        assert_ne!(
            a,
            fingerprint("POST", "/other", br#"{"amount": 100, "order": "o-1"}"#)
        );
        assert_ne!(
            fingerprint("POST", "/charges", b"not json"),
            fingerprint("POST", "/charges", b"not  json")
        );
        let v: Value =
            serde_json::from_str(r#"{"z":{"b":[1,{"d":2,"c":3}],"a":"\u00e9"}}"#).unwrap();
        assert_eq!(canonical(&v), r#"{"z":{"a":"é","b":[1,{"c":3,"d":2}]}}"#);
        assert_eq!(a.len(), 32);
    }
}
