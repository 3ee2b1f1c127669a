//! Kind `http-server` labs: the learner's own Python server, started with `PORT`, probed, and
//! stopped. The bundled server labs' starters fail the check they teach and their solutions
//! pass every check (the learner's path from failing `concurrent` to passing it); a program
//! that cannot start, exits, or never listens is reported as such, and a missing interpreter
//! is named.

use idemlab::content::{self, Source};
use idemlab::lab::http_server;
use idemlab::lab::schema::HttpServerLab;
use idemlab::lab::{Kind, Verdict};

fn server_lab(id: &str) -> HttpServerLab {
    let loaded = content::load(&Source::Embedded);
    let lab = loaded
        .course
        .lab(id)
        .unwrap_or_else(|| panic!("no bundled lab {id}"));
    assert_eq!(lab.kind, Kind::HttpServer);
    lab.http_server.clone().expect("an http_server block")
}

fn verdicts(lab: &HttpServerLab, file: &str) -> Vec<(String, Verdict, String)> {
    http_server::check(lab, file)
        .report
        .checks
        .into_iter()
        .map(|c| (c.id, c.verdict, c.detail))
        .collect()
}

fn python3() -> bool {
    std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn each_server_lab_starter_fails_what_it_teaches_and_its_solution_passes() {
    if !python3() {
        eprintln!("python3 is not installed: the server labs cannot run here");
        return;
    }
    for (id, taught) in [
        ("server-replay", "replay"),
        ("server-concurrent-duplicates", "concurrent"),
        ("server-changed-payload", "mismatch"),
    ] {
        let lab = server_lab(id);
        let starter = verdicts(&lab, &lab.starter);
        let (_, v, detail) = starter
            .iter()
            .find(|(c, ..)| c == taught)
            .expect("the taught check runs");
        assert_eq!(
            *v,
            Verdict::Fail,
            "{id}: the starter must fail {taught}: {starter:?}"
        );
        assert!(!detail.is_empty());
        let solution = verdicts(&lab, &lab.solution);
        assert!(
            solution.iter().all(|(_, v, _)| *v == Verdict::Pass),
            "{id}: the solution must pass every check: {solution:?}"
        );
    }
}

fn tiny(checks: &[&str], start_timeout_s: u32) -> HttpServerLab {
    HttpServerLab {
        endpoint: "POST /charges".into(),
        body: None,
        ledger: "GET /ledger".into(),
        checks: checks.iter().map(|c| (*c).to_owned()).collect(),
        start_timeout_s,
        starter: String::new(),
        solution: String::new(),
    }
}

#[test]
fn a_missing_interpreter_is_named_and_unknown() {
    let lab = tiny(&["replay"], 2);
    let v = verdicts(&lab, "#!/usr/bin/env idemlab-no-such-python3\nprint()\n");
    assert_eq!(v[0].1, Verdict::Unknown, "{v:?}");
    assert!(v[0].2.contains("is not installed"), "{v:?}");
}

#[test]
fn a_server_that_exits_or_never_listens_fails_with_its_output() {
    if !python3() {
        return;
    }
    // A program that exits is seen exiting, however long its interpreter takes to start on a
    // loaded machine: the start timeout is long, and the checker must not wait it out.
    let patient = tiny(&["replay", "concurrent"], 120);
    let r = http_server::check(
        &patient,
        "#!/usr/bin/env python3\nimport sys\nprint('\\x1b[31mboom')\nsys.exit(3)\n",
    );
    assert!(
        r.report.checks.iter().all(|c| c.verdict == Verdict::Fail),
        "{:?}",
        r.report
    );
    assert!(
        r.report.checks[0].detail.contains("exited"),
        "{:?}",
        r.report
    );
    assert!(
        r.output.contains("boom") && !r.output.contains('\u{1b}'),
        "output shown, sanitized: {:?}",
        r.output
    );

    let lab = tiny(&["replay", "concurrent"], 1);
    let r = http_server::check(
        &lab,
        "#!/usr/bin/env python3\nimport time\ntime.sleep(30)\n",
    );
    assert!(
        r.report.checks[0].detail.contains("did not listen on PORT"),
        "{:?}",
        r.report
    );
    assert_eq!(r.report.checks[0].verdict, Verdict::Fail);

    let r = http_server::check(&lab, "print('no shebang')\n");
    assert!(
        r.report.checks[0].detail.contains("first line"),
        "{:?}",
        r.report
    );
}
