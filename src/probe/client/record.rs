//! What the client keeps of each exchange: a capped copy in the run's history, handed to the
//! listener, and whether the answer shows the target cannot be probed, which stops the run.

use std::sync::atomic::Ordering;

use super::{Client, HISTORY_BODY, lock};
use crate::probe::exchange::{BODY_LIMIT, Exchange, Outcome};

impl Client {
    /// Keeps a capped copy in the history, tells the listener, and stops the run when the
    /// answer shows the target cannot be probed.
    pub(super) fn record(&self, ex: &Exchange) {
        let mut kept = ex.clone();
        if let Outcome::Response(r) = &mut kept.outcome
            && r.body.len() > HISTORY_BODY
        {
            let mut cut = HISTORY_BODY;
            while !r.body.is_char_boundary(cut) {
                cut -= 1;
            }
            r.body.truncate(cut);
            r.truncated = true;
        }
        if let Some(l) = lock(&self.listener).as_mut() {
            l(&kept);
        }
        lock(&self.history).push(kept);
        if let Some((reason, gate)) = self.stops_the_run(ex) {
            let mut f = lock(&self.fatal);
            if f.is_none() {
                *f = Some(reason);
                self.gated.store(gate, Ordering::SeqCst);
            }
        }
    }

    /// Why this exchange stops the run, and whether it is a gate (see [`Client::gated`]).
    fn stops_the_run(&self, ex: &Exchange) -> Option<(String, bool)> {
        let first = !self.first_seen.swap(true, Ordering::SeqCst);
        let authority = self.target.authority();
        match &ex.outcome {
            Outcome::NotSent { reason } if reason.starts_with("cannot ") => {
                return Some((format!("{reason}: is the server running?"), false));
            }
            Outcome::NoResponse { reason } if first => {
                return Some((
                    format!(
                        "{authority} did not answer the first request ({reason}): the server hangs or is not an HTTP server"
                    ),
                    true,
                ));
            }
            _ => {}
        }
        let is_endpoint = ex.method == self.endpoint.method
            && ex.path == self.target.wire_path(&self.endpoint.path);
        let resp = ex.response()?;
        if !is_endpoint || self.endpoint_seen.swap(true, Ordering::SeqCst) {
            return None;
        }
        let shown = format!("{} {}", ex.method, crate::text::reveal(&ex.path));
        if (300..400).contains(&resp.status) {
            let to = resp.location.as_deref().map_or_else(
                || "no Location".to_owned(),
                |l| format!("to {}", crate::text::reveal(l)),
            );
            return Some((
                format!(
                    "{shown} answered {} (a redirect {to}); probe follows no redirects: give the URL the API really answers on",
                    resp.status
                ),
                true,
            ));
        }
        if resp.media_type().as_deref() == Some("text/html") {
            return Some((
                format!(
                    "{shown} answered an HTML page (status {}), not an API answer: is {} the API's base URL, and is --endpoint right?",
                    resp.status,
                    crate::text::reveal(&self.target.url)
                ),
                true,
            ));
        }
        if resp.truncated {
            return Some((
                format!(
                    "{shown} answered a body over {} KiB (the probe read no more): answers that big cannot be compared",
                    BODY_LIMIT / 1024
                ),
                true,
            ));
        }
        None
    }
}
