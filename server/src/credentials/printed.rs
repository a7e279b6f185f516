//! A certificate as a printable PDF, in the hub's layout: landscape, centred, with its code, the
//! address that verifies it and a QR code of that address; revoked and self-reported said
//! plainly, as the page says them.

use crate::error::HubError;
use crate::pdf::{Align, Layout, Role, Style};
use app::model::dates::day;
use app::model::Certificate;

pub fn pdf(c: &Certificate, verify_url: &str) -> Result<Vec<u8>, HubError> {
    let mut doc = Layout::landscape(format!("Champion Hub certificate {}", c.code));
    let centred = |doc: &mut Layout, style: Style, text: &str| doc.text(Role::Paragraph, style, Align::Center, text);
    centred(&mut doc, Style::Heading, "Champion Hub");
    doc.text(
        Role::Heading(1),
        Style::Title,
        Align::Center,
        "Certificate of completion",
    );
    if let Some(at) = &c.revoked_at {
        doc.space(6.0);
        centred(
            &mut doc,
            Style::Alert,
            &format!(
                "Revoked on {}: this certificate no longer shows the completion below.",
                day(at)
            ),
        );
    }
    doc.space(10.0);
    centred(&mut doc, Style::Body, "This certifies that");
    doc.space(4.0);
    centred(&mut doc, Style::Display, &c.learner_name);
    doc.space(4.0);
    centred(
        &mut doc,
        Style::Body,
        &format!("completed the {}", c.subject_label.to_lowercase()),
    );
    centred(&mut doc, Style::Heading, &c.title);
    centred(&mut doc, Style::Body, &format!("on {}", day(&c.completed_on)));
    if !c.credits.is_empty() {
        doc.space(6.0);
        centred(
            &mut doc,
            Style::Small,
            &format!(
                "Continuing-education credit its provider states the activity offers: {}. The provider awards that credit, not Champion Hub.",
                c.credits.join(", ")
            ),
        );
    }
    if c.self_reported {
        doc.space(4.0);
        centred(
            &mut doc,
            Style::Strong,
            "Partly self-reported: some of this activity (attendance at a live session) was reported by the learner and not confirmed by the hub or the provider.",
        );
    }
    doc.space(10.0);
    doc.qr(
        verify_url,
        72.0,
        Align::Center,
        &format!("QR code of the address that verifies certificate {}", c.code),
    );
    doc.space(4.0);
    centred(&mut doc, Style::Strong, &format!("Verification code {}", c.code));
    doc.link(Style::Small, Align::Center, verify_url);
    doc.space(6.0);
    centred(
        &mut doc,
        Style::Small,
        "Completion as recorded by the learner on Champion Hub, also issued as a signed Open Badges 3.0 credential. This is not a continuing-education certificate or an official transcript; credit is certified by each activity's provider.",
    );
    doc.framed_and_centred();
    doc.finish(&format!("Certificate of completion: {}", c.title))
}
