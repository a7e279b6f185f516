//! A message as the hub writes it: a subject and a few paragraphs, at most one call to action,
//! drawn once as plain text and once as simple HTML (no images, no tracking), then formatted
//! as an RFC 5322 message whose Message-ID is the outbox row's idempotency key.

use super::MailSettings;
use crate::error::HubError;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

/// What a message is about: also what an admin filters the outbox by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A password reset link, asked for on `/forgot-password`, by an admin or on the command line.
    PasswordReset,
    /// A note that the password was changed through a reset link.
    PasswordChanged,
    /// A link to confirm an address: at sign-up, for a new address, or sent again.
    ConfirmAddress,
    /// A note to an address's owner that someone tried to sign up with it, or move an account to it.
    AddressInUse,
    /// A note to the old address that the account asked to move to a new one.
    AddressChange,
    /// A reminder, the day before, of a live session of a bookmarked course.
    LiveSession,
    /// The week's new and changed resources matching what the learner follows.
    WeeklyDigest,
    /// A nudge about a module or quiz left unfinished for two weeks.
    Unfinished,
    /// A champion's invitation to join their team.
    TeamInvitation,
    /// For admins: the broken links a scheduled check found.
    BrokenLinks,
}

/// Every kind, for parsing stored keys.
const ALL: [Kind; 10] = [
    Kind::PasswordReset,
    Kind::PasswordChanged,
    Kind::ConfirmAddress,
    Kind::AddressInUse,
    Kind::AddressChange,
    Kind::LiveSession,
    Kind::WeeklyDigest,
    Kind::Unfinished,
    Kind::TeamInvitation,
    Kind::BrokenLinks,
];

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::PasswordReset => "password-reset",
            Kind::PasswordChanged => "password-changed",
            Kind::ConfirmAddress => "confirm-address",
            Kind::AddressInUse => "address-in-use",
            Kind::AddressChange => "address-change",
            Kind::LiveSession => "live-session",
            Kind::WeeklyDigest => "weekly-digest",
            Kind::Unfinished => "unfinished",
            Kind::TeamInvitation => "team-invitation",
            Kind::BrokenLinks => "broken-links",
        }
    }

    /// Whether a person may turn this kind off: what they did not ask for and what does not
    /// guard their account. These carry an unsubscribe link.
    pub fn optional(self) -> bool {
        Kind::OPTIONAL.contains(&self)
    }

    /// The kinds a person may turn off, as the account page lists them.
    pub const OPTIONAL: [Kind; 6] = [
        Kind::LiveSession,
        Kind::WeeklyDigest,
        Kind::Unfinished,
        Kind::TeamInvitation,
        Kind::BrokenLinks,
        Kind::AddressInUse,
    ];

    /// The kind a stored key names.
    pub fn parse(key: &str) -> Option<Kind> {
        ALL.into_iter().find(|k| k.as_str() == key)
    }

    pub fn label(text: &str) -> &'static str {
        match text {
            "password-reset" => "Password reset",
            "password-changed" => "Password changed",
            "confirm-address" => "Address confirmation",
            "address-in-use" => "Address already in use",
            "address-change" => "Email change notice",
            "live-session" => "Live session reminders",
            "weekly-digest" => "Weekly digest",
            "unfinished" => "Nudges about unfinished learning",
            "team-invitation" => "Team invitations",
            "broken-links" => "Broken links found by the scheduled check",
            _ => "Other",
        }
    }
}

#[derive(Clone)]
enum Block {
    Text(String),
    Action {
        label: String,
        url: String,
    },
    /// One of a list: a linked title and a line about it.
    Entry {
        title: String,
        url: String,
        detail: String,
    },
}

/// A message being written.
#[derive(Clone)]
pub struct Letter {
    pub kind: Kind,
    pub to: String,
    pub to_name: Option<String>,
    pub subject: String,
    blocks: Vec<Block>,
}

impl Letter {
    pub fn new(kind: Kind, to: &str, to_name: Option<&str>, subject: &str) -> Letter {
        Letter {
            kind,
            to: to.to_string(),
            to_name: to_name.map(str::to_string),
            subject: subject.to_string(),
            blocks: Vec::new(),
        }
    }

    /// A paragraph.
    pub fn para(mut self, text: impl Into<String>) -> Letter {
        self.blocks.push(Block::Text(text.into()));
        self
    }

    /// The message's one button (a plain link in the text part).
    pub fn action(mut self, label: &str, url: String) -> Letter {
        self.blocks.push(Block::Action {
            label: label.to_string(),
            url,
        });
        self
    }

    /// An entry of a list (a digest's resource, a broken link): its title linked, and a line.
    pub fn entry(mut self, title: impl Into<String>, url: String, detail: impl Into<String>) -> Letter {
        self.blocks.push(Block::Entry {
            title: title.into(),
            url,
            detail: detail.into(),
        });
        self
    }

    /// The plain-text part (ending with the unsubscribe link, when the message has one).
    pub fn text(&self, settings: &MailSettings, unsubscribe: Option<&str>) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            match block {
                Block::Text(t) => out.push_str(t),
                Block::Action { label, url } => out.push_str(&format!("{label}:\n{url}")),
                Block::Entry { title, url, detail } => out.push_str(&format!("* {title}\n  {detail}\n  {url}")),
            }
            out.push_str("\n\n");
        }
        out.push_str(&format!("-- \nChampion Hub\n{}\n", settings.base_url));
        if let Some(url) = unsubscribe {
            out.push_str(&format!("Stop these emails: {url}\n"));
        }
        out
    }

    /// The HTML part: the same words, escaped, with the action as a link styled as a button.
    pub fn html(&self, settings: &MailSettings, unsubscribe: Option<&str>) -> String {
        use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
        let mut body = String::new();
        for block in &self.blocks {
            match block {
                Block::Text(t) => body.push_str(&format!("<p style=\"margin:0 0 16px\">{}</p>\n", text(t))),
                Block::Action { label, url } => body.push_str(&format!(
                    "<p style=\"margin:0 0 16px\"><a href=\"{}\" style=\"display:inline-block;padding:10px 18px;background:#1d5c4d;color:#ffffff;text-decoration:none;border-radius:4px\">{}</a></p>\n\
                     <p style=\"margin:0 0 16px;font-size:13px;color:#4a4a4a\">Or copy this address into your browser: {}</p>\n",
                    attr(url),
                    text(label),
                    text(url)
                )),
                Block::Entry { title, url, detail } => body.push_str(&format!(
                    "<p style=\"margin:0 0 16px\"><a href=\"{}\" style=\"color:#1d5c4d;font-weight:bold\">{}</a><br>\n<span style=\"font-size:14px;color:#4a4a4a\">{}</span></p>\n",
                    attr(url),
                    text(title),
                    text(detail)
                )),
            }
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{subject}</title></head>\n\
             <body style=\"margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f1f1f;background:#ffffff\">\n\
             {body}<hr style=\"border:none;border-top:1px solid #cccccc;margin:24px 0 12px\">\n\
             <p style=\"margin:0;font-size:13px;color:#4a4a4a\">Champion Hub &middot; <a href=\"{base_attr}\" style=\"color:#1d5c4d\">{base}</a>{stop}</p>\n\
             </body></html>\n",
            subject = text(&self.subject),
            base_attr = attr(&settings.base_url),
            base = text(&settings.base_url),
            stop = unsubscribe
                .map(|url| format!(
                    " &middot; <a href=\"{}\" style=\"color:#1d5c4d\">Stop these emails</a>",
                    attr(url)
                ))
                .unwrap_or_default(),
        )
    }

    /// The whole message, ready to send: `key` becomes its Message-ID, so a message sent again
    /// after a crash is the same message to every receiver.
    pub fn format(&self, settings: &MailSettings, key: &str, unsubscribe: Option<&str>) -> Result<Formatted, HubError> {
        let address: lettre::Address = self.to.parse().map_err(|e| HubError::BadRequest {
            param: "email".into(),
            reason: format!("cannot send to {}: {e}", self.to),
        })?;
        // lettre quotes and encodes the name, so a name with a comma or brackets stays a name.
        let to = Mailbox::new(self.to_name.clone(), address);
        let host = settings.from.email.domain().to_string();
        let mut builder = lettre::Message::builder();
        if let Some(url) = unsubscribe {
            // RFC 8058: mail programs offer one button, which posts to this address.
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{}>", one_click(url)),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let message = builder
            .from(settings.from.clone())
            .to(to)
            .subject(&self.subject)
            .message_id(Some(format!("<{key}@{host}>")))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Auto-Submitted"),
                "auto-generated".into(),
            ))
            .multipart(MultiPart::alternative_plain_html(
                self.text(settings, unsubscribe),
                self.html(settings, unsubscribe),
            ))
            .map_err(|e| HubError::Config(format!("cannot build a message: {e}")))?;
        let bytes = message.formatted();
        let message =
            String::from_utf8(bytes).map_err(|_| HubError::Corrupt("a formatted message is not text".into()))?;
        Ok(Formatted {
            message,
            text: self.text(settings, unsubscribe),
        })
    }
}

/// The address a mail program posts to for a one-click unsubscribe: the footer's link
/// (`/unsubscribe?token=…`) opens a page with a button; `/unsubscribe/one-click?token=…` takes
/// RFC 8058's post.
fn one_click(url: &str) -> String {
    url.replacen("/unsubscribe?", "/unsubscribe/one-click?", 1)
}

/// A message as sent, and its text part as admins read it.
pub struct Formatted {
    pub message: String,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_has_both_parts_and_its_key_as_message_id() {
        let settings = MailSettings::new(super::super::default_from(), "https://hub.example.org", true);
        let letter = Letter::new(
            Kind::PasswordReset,
            "ana@example.org",
            Some("Ana, <x@evil>"),
            "Reset <your> password",
        )
        .para("Someone asked to reset the password for \"ana\" <b>.")
        .action(
            "Choose a new password",
            "https://hub.example.org/reset-password?token=abc&x=1".into(),
        );
        let f = letter.format(&settings, "0123abcd", None).unwrap();
        assert!(!f.message.contains("List-Unsubscribe"));
        let stop = "https://hub.example.org/unsubscribe?token=feed";
        let g = letter.format(&settings, "0123abcd", Some(stop)).unwrap();
        assert!(
            g.message
                .contains("List-Unsubscribe: <https://hub.example.org/unsubscribe/one-click?token=feed>"),
            "{}",
            g.message
        );
        assert!(g.message.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
        assert!(g
            .text
            .contains("Stop these emails: https://hub.example.org/unsubscribe?token=feed"));
        assert!(f.message.contains("Message-ID: <0123abcd@localhost>"), "{}", f.message);
        assert!(f.message.contains("multipart/alternative"));
        assert!(f.message.contains("text/plain") && f.message.contains("text/html"));
        let to = f.message.lines().find(|l| l.starts_with("To: ")).unwrap();
        assert!(to.ends_with(" <ana@example.org>") && !to.contains("x@evil>"), "{to}");
        let html = letter.html(&settings, None);
        assert!(html.contains("&lt;b&gt;") && !html.contains("<b>"));
        assert!(html.contains("token=abc&amp;x=1"));
        assert!(!html.contains("<img"));
        assert!(f.text.contains("https://hub.example.org/reset-password?token=abc&x=1"));
    }
}
