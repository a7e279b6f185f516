//! What a person typed into a form that was refused while the page had no wasm. A plain post
//! comes back to its page, which draws its fields afresh: without this, every typed value would
//! be gone and the person would start again. The server keeps a refused plain post's fields in
//! the session (never a password, never in the address) and hands them, once, to the render of
//! the page the refusal lands on; [`provide`] hands them to the page's fields, which read them
//! with [`value`], [`ticked`] and [`posted`]. The refusal itself
//! travels the same way (not as `__err=<base64>` in the address): [`provide`] hands it to the
//! page's server actions as the framework would have from the address.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A refused plain post: the server function it called (`/rpc/sign_up`), its fields, and the
/// refusal as the framework encodes it (what it would have put in the address as `__err`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RefusedForm {
    pub action: String,
    pub fields: Vec<(String, String)>,
    #[serde(default)]
    pub error: Option<String>,
}

/// Whether a field's value is never kept: passwords are typed again, so that none waits in a
/// session row or travels back in a page.
pub fn is_secret(name: &str) -> bool {
    name.to_ascii_lowercase().contains("password")
}

impl RefusedForm {
    /// The post's fields from its url-encoded body, without the secret ones.
    pub fn from_post(action: &str, body: &[u8]) -> RefusedForm {
        RefusedForm {
            action: action.to_string(),
            fields: form_urlencoded::parse(body)
                .filter(|(name, _)| !is_secret(name))
                .map(|(name, value)| (name.into_owned(), value.into_owned()))
                .collect(),
            error: None,
        }
    }

    /// The first value posted as `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The fields decoded the way a server function decodes a plain post: its input type
    /// (`AdminSaveResource`), for a form too large to fill field by field.
    pub fn decode<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(self.fields.iter())
            .finish();
        serde_qs::Config::new(5, false).deserialize_str(&encoded).ok()
    }
}

/// Called once, at the top of the app: the render reads the refused form the request carries
/// (a context the server provides).
pub fn provide() {
    let refused = use_context::<RefusedForm>();
    if let Some(refused) = refused {
        // Each `ServerAction` of that function reads it when created: the page shows the
        // refusal beside the form, as when it came in the address.
        if let Some(error) = &refused.error {
            provide_context(ServerActionError::new(&refused.action, error));
        }
        provide_context(refused);
    }
}

/// The refused form, when this page is where it was refused.
pub fn refused() -> Option<RefusedForm> {
    use_context::<RefusedForm>()
}

/// What was typed into `name`, or `drawn` (the value the page would draw).
pub fn value(name: &str, drawn: String) -> String {
    refused()
        .and_then(|r| r.value(name).map(str::to_string))
        .unwrap_or(drawn)
}

/// Whether a checkbox or radio button (`name`, `value`) was chosen in the refused post, or
/// `drawn` when no form was refused here.
pub fn ticked(name: &str, value: &str, drawn: bool) -> bool {
    match refused() {
        Some(r) => r.fields.iter().any(|(n, v)| n == name && v == value),
        None => drawn,
    }
}

/// The refused post of server function `action` (`/rpc/admin_save_resource`), decoded as its
/// input type `T`.
pub fn posted<T: serde::de::DeserializeOwned>(action: &str) -> Option<T> {
    refused().filter(|r| r.action == action).and_then(|r| r.decode())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_never_kept() {
        let r = RefusedForm::from_post(
            "/rpc/sign_up",
            b"name=Ada+L&email=ada%40x.org&password=hunter2&new_password=a&confirm_password=b",
        );
        assert_eq!(
            r.fields,
            vec![("name".into(), "Ada L".into()), ("email".into(), "ada@x.org".into())]
        );
        assert_eq!(r.value("name"), Some("Ada L"));
        assert_eq!(r.value("password"), None);
    }

    #[test]
    fn a_post_decodes_as_its_function_input() {
        #[derive(Deserialize)]
        struct Input {
            slug: String,
            answers: Vec<String>,
        }
        let r = RefusedForm::from_post("/rpc/q", b"slug=a&answers%5B0%5D=2&answers%5B1%5D=0");
        let input: Input = r.decode().expect("decodes");
        assert_eq!(input.slug, "a");
        assert_eq!(input.answers, vec!["2", "0"]);
    }
}
