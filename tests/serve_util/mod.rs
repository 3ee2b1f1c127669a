//! A tiny HTTP/1.1 client over a real TCP socket for the serve tests (keep-alive, exact
//! Content-Length bodies, a closed connection reported as "no answer"), and a server started
//! in-process on a free loopback port.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use idemlab::server::{Config, Knobs, Server};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

/// A server on a free port with these knobs (and an in-memory database).
pub fn start(knobs: Knobs) -> Server {
    start_with(|c| c.knobs = knobs)
}

pub fn start_with(f: impl FnOnce(&mut Config)) -> Server {
    let mut cfg = Config::loopback(0);
    f(&mut cfg);
    Server::start(cfg).expect("server starts")
}

/// One keep-alive connection.
pub struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    pub fn open(addr: SocketAddr) -> Conn {
        let s = TcpStream::connect(addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.set_nodelay(true).unwrap();
        Conn {
            reader: BufReader::new(s),
        }
    }

    pub fn stream(&mut self) -> &mut TcpStream {
        self.reader.get_mut()
    }

    /// Sends a request; `Err` when the connection closed without an answer.
    pub fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Resp, String> {
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: test\r\n");
        for (n, v) in headers {
            req.push_str(&format!("{n}: {v}\r\n"));
        }
        if let Some(b) = body {
            req.push_str(&format!("Content-Length: {}\r\n", b.len()));
        }
        req.push_str("\r\n");
        if let Some(b) = body {
            req.push_str(b);
        }
        self.stream()
            .write_all(req.as_bytes())
            .map_err(|e| format!("write: {e}"))?;
        self.read_response()
    }

    pub fn read_response(&mut self) -> Result<Resp, String> {
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(0) => return Err("no answer: the connection closed".into()),
            Ok(_) => {}
            Err(e) => return Err(format!("no answer: {e}")),
        }
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("bad status line {line:?}"))?;
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            self.reader.read_line(&mut h).map_err(|e| e.to_string())?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((n, v)) = h.split_once(':') {
                headers.push((n.trim().to_string(), v.trim().to_string()));
            }
        }
        let len: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        self.reader
            .read_exact(&mut body)
            .map_err(|e| format!("body: {e}"))?;
        Ok(Resp {
            status,
            headers,
            body,
        })
    }
}

/// One request on a fresh connection.
pub fn req(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Result<Resp, String> {
    Conn::open(addr).send(method, path, headers, body)
}

pub const JSON: (&str, &str) = ("Content-Type", "application/json");

/// `POST /charges` with a JSON body and, if given, a key (sent as written).
pub fn charge(addr: SocketAddr, key: Option<&str>, body: &str) -> Result<Resp, String> {
    let mut h = vec![JSON];
    if let Some(k) = key {
        h.push(("Idempotency-Key", k));
    }
    req(addr, "POST", "/charges", &h, Some(body))
}

pub fn ledger(addr: SocketAddr) -> serde_json::Value {
    req(addr, "GET", "/ledger", &[], None)
        .expect("ledger answers")
        .json()
}

/// `idemlab serve --no-tui --db :memory: --port PORT`, the binary's own headless server (for
/// tests of what a user sees when it starts, binds or refuses a port).
pub fn headless_on(port: u16) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_idemlab"));
    c.args([
        "serve",
        "--no-tui",
        "--db",
        ":memory:",
        "--port",
        &port.to_string(),
    ]);
    c
}
