//! Whole-number flags with bounds, refused in words: clap's own range parser says
//! `0 is not in 1..=1000`, Rust's range syntax, to someone who typed a flag.

/// A value parser for a whole number from `lo` to `hi` (no upper bound when `hi` is `None`);
/// a refusal reads "expected a whole number from 1 to 1000" (or "… 1 or more").
pub fn whole<T>(lo: u64, hi: Option<u64>) -> impl Fn(&str) -> Result<T, String> + Clone
where
    T: TryFrom<u64>,
{
    move |s: &str| {
        let expected = match hi {
            Some(hi) => format!("expected a whole number from {lo} to {hi}"),
            None => format!("expected a whole number, {lo} or more"),
        };
        let n: u64 = s.trim().parse().map_err(|_| expected.clone())?;
        if n < lo || hi.is_some_and(|hi| n > hi) {
            return Err(format!("{n} is out of range: {expected}"));
        }
        T::try_from(n).map_err(|_| format!("{n} is out of range: {expected}"))
    }
}

#[cfg(test)]
mod tests {
    use super::whole;

    #[test]
    fn bounds_are_said_in_words() {
        let p = whole::<u16>(1, Some(1000));
        assert_eq!(p("20"), Ok(20));
        assert_eq!(p("1000"), Ok(1000));
        assert_eq!(
            p("0"),
            Err("0 is out of range: expected a whole number from 1 to 1000".into())
        );
        assert_eq!(
            p("-3"),
            Err("expected a whole number from 1 to 1000".into())
        );
        let open = whole::<u32>(1, None);
        assert_eq!(open("4294967295"), Ok(u32::MAX));
        assert_eq!(
            open("4294967296"),
            Err("4294967296 is out of range: expected a whole number, 1 or more".into())
        );
        assert_eq!(
            open("0"),
            Err("0 is out of range: expected a whole number, 1 or more".into())
        );
    }
}
