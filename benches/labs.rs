//! Labs: from a saved file to its verdict (read the workspace file, run every check of the
//! lab, `concurrent` included) for each bundled lab, on its starter and its solution; the
//! whole `idemlab lab ID --check` process; and `check` of the bundled tree, which runs every
//! lab twice. Targets (issue 13): under 200 ms from save to verdict, under 100 ms for the
//! process without `concurrent`, and under 100 ms for `check`.

use std::process::Command;

use idemlab::content::{self, Labs, Source};
use idemlab::lab::{self, Lab, Workspace};

fn main() {
    divan::main();
}

fn labs() -> Vec<Lab> {
    content::load(&Source::Embedded)
        .into_result()
        .expect("the bundled course loads")
        .labs
}

fn ids() -> Vec<String> {
    labs().into_iter().map(|l| l.lab).collect()
}

/// A file save as the lab screen sees it: read the workspace file, run every check.
fn save_to_verdict(bencher: divan::Bencher, id: &str, solution: bool) {
    let l = labs().into_iter().find(|l| l.lab == id).unwrap();
    let dir = std::env::temp_dir().join(format!("idemlab-bench-{}-{id}", std::process::id()));
    let ws = Workspace::new(dir.clone());
    let path = ws.ensure(&l).unwrap();
    if solution {
        std::fs::write(&path, l.solution()).unwrap();
    }
    bencher.bench(|| {
        let (_, text) = ws.read(&l).unwrap();
        lab::check(&l, &text).unwrap().passed()
    });
    let _ = std::fs::remove_dir_all(dir);
}

#[divan::bench(args = ids(), sample_count = 20)]
fn save_to_verdict_starter(bencher: divan::Bencher, id: &str) {
    save_to_verdict(bencher, id, false);
}

#[divan::bench(args = ids(), sample_count = 20)]
fn save_to_verdict_solution(bencher: divan::Bencher, id: &str) {
    save_to_verdict(bencher, id, true);
}

/// `idemlab lab record-order-line-once --check` as a learner runs it, whole process.
#[divan::bench(sample_count = 20)]
fn lab_check_process(bencher: divan::Bencher) {
    let data = std::env::temp_dir().join(format!("idemlab-bench-data-{}", std::process::id()));
    bencher.bench(|| {
        Command::new(env!("CARGO_BIN_EXE_idemlab"))
            .args(["lab", "record-order-line-once", "--check"])
            .env("IDEMLAB_DATA", &data)
            .env_remove("IDEMLAB_CONTENT")
            .env_remove("IDEMLAB_WORKSPACE")
            .output()
            .unwrap()
            .status
            .code()
    });
    let _ = std::fs::remove_dir_all(data);
}

/// `idemlab check` in-process: load, validate and run every lab on solution and starter.
#[divan::bench(sample_count = 20)]
fn check_bundled_tree_with_labs() -> usize {
    content::load_with(divan::black_box(&Source::Embedded), Labs::Run)
        .errors
        .len()
}
