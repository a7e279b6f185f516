//! Where messages go: an SMTP relay (`--smtp-url`), or, without one, `DATA_DIR/outbox/` as one
//! `.eml` file per message (the embedded default).
//!
//! `smtp://` is STARTTLS, required (port 587 by default); `smtps://` is TLS from the first byte
//! (port 465); `smtp://…?tls=none` sends in the clear, for a relay on the same machine or a
//! test server. Credentials are the URL's user and password (percent-encoded).

use crate::error::HubError;
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub enum Transport {
    Smtp {
        relay: Box<AsyncSmtpTransport<Tokio1Executor>>,
        /// For messages and logs: the relay without its credentials.
        shown: String,
    },
    Folder(PathBuf),
}

/// Why a message did not leave: `permanent` when the relay refused it for good (no try will
/// do better).
#[derive(Debug)]
pub struct SendError {
    pub message: String,
    pub permanent: bool,
}

/// How long one conversation with the relay may take.
const TIMEOUT: Duration = Duration::from_secs(20);

impl Transport {
    /// `--smtp-url` when given, else the outbox folder in the data directory.
    pub fn new(smtp_url: Option<&str>, data_dir: &Path) -> Result<Transport, HubError> {
        match smtp_url {
            Some(url) => smtp(url),
            None => Ok(Transport::Folder(data_dir.join("outbox"))),
        }
    }

    /// Where mail goes, for the admin page and the log.
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp { shown, .. } => format!("sent through {shown}"),
            Transport::Folder(dir) => format!("written to {} (no SMTP relay is set)", dir.display()),
        }
    }

    /// Sends one formatted message. The folder writes `<key>.eml` once: a message already there
    /// (a try whose success was not recorded) counts as sent.
    pub async fn send(&self, key: &str, from: &str, to: &str, message: &str) -> Result<(), SendError> {
        match self {
            Transport::Smtp { relay, .. } => {
                let envelope = Envelope::new(
                    Some(from.parse().map_err(|e| permanent(format!("the sender {from}: {e}")))?),
                    vec![to.parse().map_err(|e| permanent(format!("the recipient {to}: {e}")))?],
                )
                .map_err(|e| permanent(e.to_string()))?;
                relay
                    .send_raw(&envelope, message.as_bytes())
                    .await
                    .map(|_| ())
                    .map_err(|e| SendError {
                        permanent: refused_for_good(&e),
                        message: e.to_string(),
                    })
            }
            Transport::Folder(dir) => {
                let (dir, key, message) = (dir.clone(), key.to_string(), message.to_string());
                tokio::task::spawn_blocking(move || write_once(&dir, &key, &message))
                    .await
                    .map_err(|e| transient(e.to_string()))?
                    .map_err(|e| transient(e.to_string()))
            }
        }
    }
}

/// Whether the relay refused this message or its address for good (no try will do better). A
/// refusal of the hub itself (a wrong password: 535; "no service" at the greeting: 554) is not:
/// every message would fail the same way until an operator fixes the setting, and then must go.
fn refused_for_good(e: &lettre::transport::smtp::Error) -> bool {
    use lettre::transport::smtp::response::{Category, Detail, Severity};
    e.is_permanent()
        && e.status().is_some_and(|c| {
            matches!(c.severity, Severity::PermanentNegativeCompletion)
                && matches!(
                    (c.category, c.detail),
                    (
                        Category::MailSystem,
                        Detail::Zero | Detail::One | Detail::Two | Detail::Three
                    ) | (Category::Syntax, Detail::One)
                )
        })
}

fn permanent(message: String) -> SendError {
    SendError {
        message,
        permanent: true,
    }
}

fn transient(message: String) -> SendError {
    SendError {
        message,
        permanent: false,
    }
}

/// `<key>.eml` written through a temporary file and a rename, so a reader never sees half a
/// message and a second try finds the first one whole.
fn write_once(dir: &Path, key: &str, message: &str) -> std::io::Result<()> {
    // Keys are ours (hex), but the name must never leave the folder whatever it holds.
    if !crate::secret::well_formed(key) {
        return Err(std::io::Error::other("a message key that is not a token"));
    }
    let path = dir.join(format!("{key}.eml"));
    if path.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{key}.tmp"));
    std::fs::write(&tmp, message)?;
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, &path)
}

fn smtp(text: &str) -> Result<Transport, HubError> {
    let bad = |reason: String| HubError::BadRequest {
        param: "--smtp-url".into(),
        reason,
    };
    let url = url::Url::parse(text.trim()).map_err(|e| bad(format!("not an address: {e}")))?;
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| bad("give the relay's host: smtp://host:587".into()))?
        .trim_matches(['[', ']'])
        .to_string();
    let tls_choice = url.query_pairs().find(|(k, _)| k == "tls").map(|(_, v)| v.to_string());
    if let Some((k, _)) = url.query_pairs().find(|(k, _)| k != "tls") {
        return Err(bad(format!("unknown setting \"{k}\" (only ?tls=none is understood)")));
    }
    let parameters = || TlsParameters::new(host.clone()).map_err(|e| bad(format!("TLS for {host}: {e}")));
    let (tls, port) = match (url.scheme(), tls_choice.as_deref()) {
        ("smtps", None) => (Tls::Wrapper(parameters()?), 465),
        ("smtp", None | Some("required")) => (Tls::Required(parameters()?), 587),
        ("smtp", Some("none")) => (Tls::None, 25),
        ("smtp" | "smtps", Some(other)) => {
            return Err(bad(format!(
                "tls={other} is not understood (smtp:// is STARTTLS; add ?tls=none to send in the clear)"
            )))
        }
        (other, _) => return Err(bad(format!("{other}:// is not a mail relay (use smtp:// or smtps://)"))),
    };
    let port = url.port().unwrap_or(port);
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.clone())
        .port(port)
        .tls(tls)
        .timeout(Some(TIMEOUT));
    if !url.username().is_empty() {
        let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
        builder = builder.credentials(Credentials::new(
            decode(url.username()),
            decode(url.password().unwrap_or_default()),
        ));
    }
    let shown = format!("{}://{host}:{port}", url.scheme());
    Ok(Transport::Smtp {
        relay: Box::new(builder.build()),
        shown,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(url: &str) -> String {
        match Transport::new(Some(url), Path::new("/tmp")) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{url} was accepted"),
        }
    }

    // The relay's connection pool starts a task: it needs a runtime.
    #[tokio::test]
    async fn relay_addresses_are_read_with_safe_defaults() {
        let shown = |url: &str| Transport::new(Some(url), Path::new("/tmp")).unwrap().describe();
        assert_eq!(
            shown("smtp://mail.example.org"),
            "sent through smtp://mail.example.org:587"
        );
        assert_eq!(
            shown("smtps://u:p%40ss@mail.example.org"),
            "sent through smtps://mail.example.org:465"
        );
        assert_eq!(
            shown("smtp://127.0.0.1:2525?tls=none"),
            "sent through smtp://127.0.0.1:2525"
        );
        assert!(!shown("smtps://user:secret@mail.example.org").contains("secret"));
        assert!(refused("http://mail.example.org").contains("not a mail relay"));
        assert!(refused("smtp://mail.example.org?tls=maybe").contains("tls=maybe"));
        assert!(refused("smtp://mail.example.org?port=2").contains("unknown setting"));
        assert!(refused("smtp:///nohost").contains("host"));
        assert!(Transport::new(None, Path::new("/data"))
            .unwrap()
            .describe()
            .contains("/data/outbox"));
    }

    #[test]
    fn the_folder_writes_each_message_once() {
        let dir = tempfile::tempdir().unwrap();
        let key = crate::secret::token();
        write_once(dir.path(), &key, "first").unwrap();
        write_once(dir.path(), &key, "second").unwrap();
        let kept = std::fs::read_to_string(dir.path().join(format!("{key}.eml"))).unwrap();
        assert_eq!(kept, "first");
        assert!(write_once(dir.path(), "../escape", "x").is_err());
    }
}
