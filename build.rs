//! Embeds the bundled content tree (`lessons/`, `quizzes/`, `assets/`) into the binary, so that
//! `cargo install` alone gives a working course. Generates a table of (relative path, bytes).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

const ROOTS: [&str; 3] = ["lessons", "quizzes", "assets"];

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets this"));
    let mut files = Vec::new();
    for root in ROOTS {
        println!("cargo:rerun-if-changed={root}");
        collect(&manifest, &manifest.join(root), &mut files);
    }
    files.sort();
    let mut out = String::from("pub static FILES: &[(&str, &[u8])] = &[\n");
    for rel in &files {
        let abs = manifest.join(rel);
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            abs.display().to_string()
        )
        .expect("writing to a String cannot fail");
    }
    out.push_str("];\n");
    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets this")).join("embedded.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}

fn collect(manifest: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(manifest, &path, files);
        } else if path.is_file() {
            let rel = path
                .strip_prefix(manifest)
                .expect("walked from the manifest dir");
            let rel = rel.to_string_lossy().replace('\\', "/");
            files.push(rel);
        }
    }
}
