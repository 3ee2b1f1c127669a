//! The order in which a question's choices or items are shown, drawn from a seed.
//!
//! A learner or a teacher who gives the same seed sees the same order, on every machine and in
//! every version: the stream is ChaCha8 (specified, unlike `StdRng`), seeded by the session
//! seed mixed with the question id (FNV-1a, also fixed), and the Fisher–Yates shuffle below is
//! ours rather than `rand`'s, whose algorithms may change between releases. Mixing in the id
//! makes a question look the same in a full run, a retake and a review with the same seed.
//!
//! `order` items are always shown away from the correct order (else the question answers
//! itself); true/false is always "True, False". A choice with `pin: true` keeps the position it
//! is written at and the others are shuffled around it, so "Validate keys against *that*
//! format" can stay after "Publish a format for keys". A question without pins is shuffled
//! exactly as before pins existed (seeds printed by older versions still reproduce it).

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::content::{Question, QuestionKind};

/// A seed for a quiz nobody asked to reproduce: short, so it is easy to read out and type.
#[must_use]
pub fn random_seed() -> u64 {
    rand::random_range(0..1_000_000)
}

/// 64-bit FNV-1a of `s`.
#[must_use]
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A uniform index below `n` from 64 random bits (multiply-shift; the bias for n <= 8 is
/// 2^-61, far below anything a quiz could notice).
fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    let n = n as u128;
    usize::try_from((u128::from(rng.next_u64()) * n) >> 64).unwrap_or(0)
}

fn shuffled(n: usize, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let mut p: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        p.swap(i, below(rng, i + 1));
    }
    p
}

/// A shuffle that leaves every pinned position where it is and shuffles the rest among the
/// positions left.
fn around_pins(pinned: &[bool], rng: &mut ChaCha8Rng) -> Vec<usize> {
    let free: Vec<usize> = (0..pinned.len()).filter(|&i| !pinned[i]).collect();
    let mut moved = shuffled(free.len(), rng).into_iter().map(|k| free[k]);
    (0..pinned.len())
        .map(|i| {
            if pinned[i] {
                i
            } else {
                moved.next().unwrap_or(i)
            }
        })
        .collect()
}

fn is_identity(p: &[usize]) -> bool {
    p.iter().enumerate().all(|(i, &x)| i == x)
}

/// Display position → index of the choice (single, multiple), of the item in the correct order
/// (order), or of the answer (true/false: 0 is true, 1 is false). Empty for text questions.
#[must_use]
pub fn display_order(q: &Question, seed: u64) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ fnv1a(&q.id));
    match &q.kind {
        QuestionKind::Single { choices } | QuestionKind::Multiple { choices } => {
            if choices.iter().any(|c| c.pin) {
                around_pins(&choices.iter().map(|c| c.pin).collect::<Vec<_>>(), &mut rng)
            } else {
                shuffled(choices.len(), &mut rng)
            }
        }
        QuestionKind::TrueFalse { .. } => vec![0, 1],
        QuestionKind::Order { items } => {
            let n = items.len();
            // Each draw is the identity with probability 1/n!, so this almost never loops; the
            // rotation is a deterministic way out that is never the identity for n >= 2.
            for _ in 0..16 {
                let p = shuffled(n, &mut rng);
                if !is_identity(&p) {
                    return p;
                }
            }
            (0..n).map(|i| (i + 1) % n).collect()
        }
        QuestionKind::Text { .. } => Vec::new(),
    }
}

/// The authored text (Markdown) of the choice, item or answer at index `idx`, numbered as in
/// [`display_order`]; `None` past the end and for text questions.
#[must_use]
pub fn option_text(q: &Question, idx: usize) -> Option<&str> {
    match &q.kind {
        QuestionKind::Single { choices } | QuestionKind::Multiple { choices } => {
            choices.get(idx).map(|c| c.text.as_str())
        }
        QuestionKind::Order { items } => items.get(idx).map(String::as_str),
        QuestionKind::TrueFalse { .. } => ["True", "False"].get(idx).copied(),
        QuestionKind::Text { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order_q(id: &str, n: usize) -> Question {
        Question {
            id: id.into(),
            prompt: "p".into(),
            kind: QuestionKind::Order {
                items: (0..n).map(|i| format!("item {i}")).collect(),
            },
            explanation: "e".into(),
            tags: Vec::new(),
        }
    }

    #[test]
    fn same_seed_same_order_other_seed_other_order() {
        let q = order_q("steps", 6);
        assert_eq!(display_order(&q, 42), display_order(&q, 42));
        let distinct: std::collections::HashSet<_> =
            (0..20).map(|s| display_order(&q, s)).collect();
        assert!(distinct.len() > 10, "{distinct:?}");
    }

    #[test]
    fn fixed_values_do_not_drift_between_versions() {
        // If this fails, seeds printed by older versions no longer reproduce their quizzes.
        assert_eq!(fnv1a("steps"), 0x1242_50ad_5a5b_6d14);
        assert_eq!(display_order(&order_q("steps", 4), 42), vec![3, 2, 0, 1]);
    }

    #[test]
    fn order_items_never_start_in_the_correct_order() {
        for n in 2..=8 {
            for seed in 0..500 {
                let p = display_order(&order_q("q", n), seed);
                assert!(!is_identity(&p), "n={n} seed={seed}");
                let mut sorted = p.clone();
                sorted.sort_unstable();
                assert_eq!(sorted, (0..n).collect::<Vec<_>>());
            }
        }
    }

    fn choice_q(pins: &[bool]) -> Question {
        use crate::content::bank::Choice;
        Question {
            id: "refers".into(),
            prompt: "p".into(),
            kind: QuestionKind::Single {
                choices: pins
                    .iter()
                    .enumerate()
                    .map(|(i, &pin)| Choice {
                        text: format!("choice {i}"),
                        correct: i == 0,
                        why: None,
                        pin,
                    })
                    .collect(),
            },
            explanation: "e".into(),
            tags: Vec::new(),
        }
    }

    #[test]
    fn pinned_choices_keep_their_place_and_the_rest_still_move() {
        let q = choice_q(&[false, false, true, false, true]);
        let mut seen = std::collections::HashSet::new();
        for seed in 0..200 {
            let p = display_order(&q, seed);
            assert_eq!((p[2], p[4]), (2, 4), "seed {seed}: {p:?}");
            let mut sorted = p.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..5).collect::<Vec<_>>());
            seen.insert(p);
        }
        // The three free choices take all 3! orders.
        assert_eq!(seen.len(), 6);
        // Without pins, the order is the one seeds always gave.
        let unpinned = choice_q(&[false; 5]);
        let mut rng = ChaCha8Rng::seed_from_u64(9 ^ fnv1a("refers"));
        assert_eq!(display_order(&unpinned, 9), shuffled(5, &mut rng));
    }

    #[test]
    fn every_arrangement_of_three_shows_up() {
        let seen: std::collections::HashSet<_> = (0..200)
            .map(|s| display_order(&order_q("x", 3), s))
            .collect();
        // 3! = 6, minus the correct one.
        assert_eq!(seen.len(), 5);
    }
}
