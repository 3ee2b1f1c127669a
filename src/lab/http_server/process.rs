//! The learner's server as a child process: started from the text of their file with `PORT`
//! in its environment, waited for until the port accepts connections (bounded), stopped with
//! SIGTERM and then SIGKILL after 2 s, and its output kept, bounded, to show beside the verdict.

use std::io::Read as _;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::lab::error::LaunchError;

/// How much of the program's output is kept (stdout and stderr together).
pub const OUTPUT_LIMIT: usize = 8 * 1024;
/// How long a stopped program has between SIGTERM and SIGKILL.
pub const GRACE: Duration = Duration::from_secs(2);

/// The program to run a file with: its shebang's interpreter, or the file itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    pub program: String,
    pub args: Vec<String>,
}

/// Reads the first line: `#!/usr/bin/env python3` runs `python3 FILE`, `#!/usr/bin/python3`
/// runs that path with FILE. A file without a shebang cannot be run.
pub fn launch_of(text: &str, file: &Path) -> Result<Launch, LaunchError> {
    let first = text.lines().next().unwrap_or("");
    let Some(line) = first.strip_prefix("#!") else {
        return Err(LaunchError::NoShebang);
    };
    let mut words = line.split_whitespace();
    let Some(interp) = words.next() else {
        return Err(LaunchError::NoProgram);
    };
    let mut rest: Vec<String> = words.map(str::to_owned).collect();
    let program = if Path::new(interp).file_name().is_some_and(|n| n == "env") && !rest.is_empty() {
        rest.remove(0)
    } else {
        interp.to_owned()
    };
    rest.push(file.to_string_lossy().into_owned());
    Ok(Launch {
        program,
        args: rest,
    })
}

/// A free loopback port (bound, read, released: the program binds it right after).
pub fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

/// A running learner program.
pub struct Running {
    child: Child,
    output: Arc<Mutex<Vec<u8>>>,
    readers: Vec<std::thread::JoinHandle<()>>,
    pub port: u16,
}

/// Why the program could not be brought up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartFailure {
    /// The interpreter is not installed.
    Missing(String),
    /// It exited (or could not be spawned) before listening.
    Exited(String),
    /// It did not listen within the time allowed.
    Slow(String),
}

pub fn start(
    launch: &Launch,
    dir: &Path,
    port: u16,
    timeout: Duration,
) -> Result<Running, (StartFailure, String)> {
    let spawned = Command::new(&launch.program)
        .args(&launch.args)
        .current_dir(dir)
        .env("PORT", port.to_string())
        .env("PYTHONUNBUFFERED", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let name = crate::text::sanitize_line(&launch.program);
            return Err((
                StartFailure::Missing(format!(
                    "`{name}` is not installed (or not on PATH): the lab runs your server with it{}",
                    if name.starts_with("python") {
                        "; install Python 3 (no packages needed)"
                    } else {
                        ""
                    }
                )),
                String::new(),
            ));
        }
        Err(e) => {
            return Err((
                StartFailure::Exited(format!(
                    "cannot start `{}`: {e}",
                    crate::text::sanitize_line(&launch.program)
                )),
                String::new(),
            ));
        }
    };
    let output = Arc::new(Mutex::new(Vec::new()));
    let mut readers = Vec::new();
    let pipes: Vec<Box<dyn std::io::Read + Send>> = [
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn std::io::Read + Send>),
    ]
    .into_iter()
    .flatten()
    .collect();
    for mut pipe in pipes {
        let out = output.clone();
        readers.push(std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut o = out
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                let room = (OUTPUT_LIMIT + 1).saturating_sub(o.len());
                o.extend_from_slice(&buf[..n.min(room)]);
            }
        }));
    }
    let mut running = Running {
        child,
        output,
        readers,
        port,
    };
    let deadline = Instant::now() + timeout;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(running);
        }
        if let Ok(Some(status)) = running.child.try_wait() {
            let out = running.finish();
            return Err((
                StartFailure::Exited(format!(
                    "your server exited ({status}) before it listened on PORT {port}"
                )),
                out,
            ));
        }
        if Instant::now() >= deadline {
            let out = running.stop();
            return Err((
                StartFailure::Slow(format!(
                    "your server did not listen on PORT {port} within {} s (does it read the PORT environment variable?)",
                    timeout.as_secs()
                )),
                out,
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl Running {
    /// SIGTERM, then SIGKILL after [`GRACE`]; returns the output it wrote.
    pub fn stop(mut self) -> String {
        if matches!(self.child.try_wait(), Ok(None)) {
            // No signal call of our own (the crate forbids unsafe): the system's kill(1).
            let term = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            let deadline = Instant::now() + GRACE;
            while term.is_ok()
                && Instant::now() < deadline
                && matches!(self.child.try_wait(), Ok(None))
            {
                std::thread::sleep(Duration::from_millis(20));
            }
            if matches!(self.child.try_wait(), Ok(None)) {
                let _ = self.child.kill();
            }
        }
        let _ = self.child.wait();
        self.finish()
    }

    fn finish(mut self) -> String {
        let _ = self.child.wait();
        for r in self.readers.drain(..) {
            let _ = r.join();
        }
        let bytes = self
            .output
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        let cut = bytes.len() > OUTPUT_LIMIT;
        let mut text = crate::text::sanitize(&String::from_utf8_lossy(
            &bytes[..bytes.len().min(OUTPUT_LIMIT)],
        ))
        .into_owned();
        if cut {
            text.push_str(&format!("\n… (output cut at {} KiB)", OUTPUT_LIMIT / 1024));
        }
        text
    }
}

/// A fresh directory for one run of the learner's file.
pub fn scratch_dir() -> std::io::Result<PathBuf> {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let base = std::env::temp_dir();
    for _ in 0..1000u32 {
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = base.join(format!("idemlab-lab-{}-{n}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free scratch directory"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shebangs_say_how_to_run_a_file() {
        let f = Path::new("/w/s.py");
        let l = launch_of("#!/usr/bin/env python3\nprint()", f).unwrap();
        assert_eq!(
            (l.program.as_str(), l.args.as_slice()),
            ("python3", &["/w/s.py".to_owned()][..])
        );
        let l = launch_of("#!/usr/bin/python3 -u\n", f).unwrap();
        assert_eq!(l.program, "/usr/bin/python3");
        assert_eq!(l.args, ["-u", "/w/s.py"]);
        assert!(launch_of("print()", f).is_err());
    }
}
