//! A server's consoles: the serial console log (the `os-getConsoleOutput` action) and a
//! one-time address of its screen (`/servers/{id}/remote-consoles`).

use serde::Deserialize;
use serde_json::json;

use super::urls;
use crate::api::versions::{supports, Feature};
use crate::api::{ApiError, Request, Response, Service};

/// The last `length` lines of the serial console log, or all of it.
pub fn output(svc: &Service, server_id: &str, length: Option<u32>) -> Request {
    // The schema wants an object; without a length Nova returns the whole log.
    let body = match length {
        Some(n) => json!({"os-getConsoleOutput": {"length": n}}),
        None => json!({"os-getConsoleOutput": {}}),
    };
    svc.post(&urls::action(server_id), body)
}

#[derive(Deserialize)]
struct ConsoleOutput {
    output: String,
}

/// The text of `{"output": "..."}`, the answer to [`output`].
pub fn parse_output(resp: &Response) -> Result<String, ApiError> {
    Ok(resp.json::<ConsoleOutput>()?.output)
}

/// A noVNC console URL. From 2.6 (Feature::RemoteConsoles) that is
/// `POST /servers/{id}/remote-consoles`; older sessions use the `os-getVNCConsole` action,
/// which Nova serves only up to 2.5.
pub fn remote(svc: &Service, server_id: &str) -> Request {
    if supports(svc.session_version(), Feature::RemoteConsoles) {
        let body = json!({"remote_console": {"protocol": "vnc", "type": "novnc"}});
        svc.post(&urls::remote_consoles(server_id), body)
    } else {
        svc.post(&urls::action(server_id), json!({"os-getVNCConsole": {"type": "novnc"}}))
    }
}

#[derive(Deserialize)]
struct ConsoleUrl {
    url: String,
}

#[derive(Deserialize)]
enum RemoteConsole {
    #[serde(rename = "remote_console")]
    Current(ConsoleUrl),
    #[serde(rename = "console")]
    Legacy(ConsoleUrl),
}

/// The URL from either answer of [`remote`].
pub fn parse_remote(resp: &Response) -> Result<String, ApiError> {
    match resp.json::<RemoteConsole>()? {
        RemoteConsole::Current(console) | RemoteConsole::Legacy(console) => Ok(console.url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::test_support::{nova, nova_latest, ok};
    use crate::api::versions::Microversion;

    const CONSOLE_OUTPUT: &str = include_str!("../../../tests/fixtures/nova/console-output-post-resp.json");
    const VNC_V2_6: &str = include_str!("../../../tests/fixtures/nova/create-vnc-console-resp-v2.6.json");
    const VNC_V2_1: &str = include_str!("../../../tests/fixtures/nova/get-vnc-console-post-resp-v2.1.json");

    #[test]
    fn console_output_bodies_match_novas_samples() {
        let req = output(&nova_latest(), "abc", Some(50));
        assert_eq!(req.url, "http://127.0.0.1:8774/v2.1/servers/abc/action");
        assert_eq!(req.body, Some(json!({"os-getConsoleOutput": {"length": 50}})));
        assert_eq!(output(&nova_latest(), "abc", None).body, Some(json!({"os-getConsoleOutput": {}})));
    }

    #[test]
    fn parses_console_output() {
        assert_eq!(parse_output(&ok(CONSOLE_OUTPUT)).unwrap(), "FAKE CONSOLE OUTPUT\nANOTHER\nLAST LINE");
    }

    #[test]
    fn remote_console_request_and_answer_per_version() {
        let req = remote(&nova_latest(), "abc");
        assert_eq!(req.url, "http://127.0.0.1:8774/v2.1/servers/abc/remote-consoles");
        assert_eq!(req.body, Some(json!({"remote_console": {"protocol": "vnc", "type": "novnc"}})));
        for old in [None, Some(Microversion::new(2, 5))] {
            let legacy = remote(&nova(old), "abc");
            assert_eq!(legacy.url, "http://127.0.0.1:8774/v2.1/servers/abc/action");
            assert_eq!(legacy.body, Some(json!({"os-getVNCConsole": {"type": "novnc"}})));
        }
        assert_eq!(
            parse_remote(&ok(VNC_V2_6)).unwrap(),
            "http://example.com:6080/vnc_auto.html?path=%3Ftoken%3Db60bcfc3-5fd4-4d21-986c-e83379107819"
        );
        assert_eq!(
            parse_remote(&ok(VNC_V2_1)).unwrap(),
            "http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3Ddaae261f-474d-4cae-8f6a-1865278ed8c9"
        );
    }
}
