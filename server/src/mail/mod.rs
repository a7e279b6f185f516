//! Mail: every message the hub sends is first a row in the outbox, written in the same
//! transaction as what caused it, then sent by one replica at a time with retries. Without
//! SMTP the "sending" writes each message to `DATA_DIR/outbox/` as an `.eml` file, which admins
//! also read at `/admin/outbox`.

pub mod letter;
pub mod outbox;
pub mod sender;
pub mod transport;
pub mod unsubscribe;

pub use letter::{Kind, Letter};

/// What every message needs from the hub's settings: who it is from and where its links lead.
#[derive(Clone, Debug)]
pub struct MailSettings {
    /// `--mail-from`, e.g. `Champion Hub <hub@example.org>`.
    pub from: lettre::message::Mailbox,
    /// The hub's public address (no trailing slash): every link in a message starts with it,
    /// never with a request's Host header, which a client chooses.
    pub base_url: String,
    /// Whether `base_url` was configured (`--public-url`) or guessed from the listening
    /// address; admins are told when it was guessed.
    pub base_configured: bool,
    /// Wakes this replica's sender as soon as a message is queued.
    pub wake: std::sync::Arc<tokio::sync::Notify>,
    /// Mail leaves through an SMTP relay (`--smtp-url`). Then admins never see a message's live
    /// links (a reset link signs in), and a sent message keeps no copy of them. Without a
    /// relay, `/admin/outbox` is the inbox and shows messages whole.
    pub relay: bool,
}

impl MailSettings {
    pub fn new(from: lettre::message::Mailbox, base_url: &str, base_configured: bool) -> MailSettings {
        MailSettings {
            from,
            base_url: base_url.trim_end_matches('/').to_string(),
            base_configured,
            wake: Default::default(),
            relay: false,
        }
    }

    /// An absolute link to a path on the hub.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

impl Default for MailSettings {
    /// What tests and a bare `AppState` use: the default sender at the default address.
    fn default() -> Self {
        MailSettings::new(default_from(), "http://localhost:3000", false)
    }
}

/// `Champion Hub <champion-hub@localhost>`: a sender for the embedded default, where mail
/// only reaches the outbox folder.
pub fn default_from() -> lettre::message::Mailbox {
    "Champion Hub <champion-hub@localhost>"
        .parse()
        .expect("a valid mailbox")
}

/// `--mail-from`'s value, checked: a mailbox such as `Champion Hub <hub@example.org>`.
pub fn parse_from(text: &str) -> Result<lettre::message::Mailbox, String> {
    text.trim()
        .parse()
        .map_err(|e| format!("not a mail address (\"Name <hub@example.org>\" or \"hub@example.org\"): {e}"))
}
