//! The certificate page's check of its signed credential, done by the reader's own browser:
//! it fetches the credential (a VC-JOSE compact JWS) and the hub's published key set, checks the
//! Ed25519 signature with the browser's Web Crypto, then fetches the status list the credential
//! names, checks that signature too, and reads the certificate's bit. The arithmetic is the
//! browser's own; the keys are the hub's published ones, which any other verifier would fetch
//! too. Without the wasm the page says how to check it elsewhere.

use leptos::prelude::*;

/// What the browser found.
#[derive(Clone, Debug, PartialEq)]
pub enum Checked {
    /// The signature is the hub's and the status list reads this bit.
    Valid { revoked: bool },
    /// The credential does not match its signature, or another key signed it.
    Invalid(String),
    /// The check could not run here (no Ed25519 in this browser, the network).
    Unchecked(String),
}

#[island]
pub fn CredentialCheck(#[prop(into)] code: String) -> impl IntoView {
    let result = RwSignal::new(None::<Checked>);
    let code = StoredValue::new(code);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            result.set(Some(browser::check(&code.get_value()).await));
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = code;
    });
    view! {
        <p class="credential-check" role="status" data-checked=move || match result.get() {
            None => "waiting",
            Some(Checked::Valid { revoked: false }) => "valid",
            Some(Checked::Valid { revoked: true }) => "revoked",
            Some(Checked::Invalid(_)) => "invalid",
            Some(Checked::Unchecked(_)) => "unchecked",
        }>
            {move || match result.get() {
                None => "Your browser checks this credential's signature when scripts run. Any VC-JOSE verifier can check it against the hub's published key.".to_string(),
                Some(Checked::Valid { revoked: false }) => "Checked by your browser: the signature is Champion Hub's, and the certificate is not revoked.".to_string(),
                Some(Checked::Valid { revoked: true }) => "Checked by your browser: the signature is Champion Hub's, but the certificate has been revoked.".to_string(),
                Some(Checked::Invalid(why)) => format!("Checked by your browser: this credential does not verify ({why})."),
                Some(Checked::Unchecked(why)) => format!("Your browser could not check the signature ({why}). Any VC-JOSE verifier can check it against the hub's published key."),
            }}
        </p>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Checked;
    use serde_json::Value;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    pub async fn check(code: &str) -> Checked {
        match run(code).await {
            Ok(c) => c,
            Err(why) => Checked::Unchecked(why),
        }
    }

    async fn run(code: &str) -> Result<Checked, String> {
        let jws = text(&format!("/certificates/{code}/credential.jwt")).await?;
        let keys: Value =
            serde_json::from_str(&text("/.well-known/jwks.json").await?).map_err(|_| "the key set is not JSON")?;
        let credential = match verify(&jws, &keys).await? {
            Ok(payload) => payload,
            Err(why) => return Ok(Checked::Invalid(why)),
        };
        if !credential["id"]
            .as_str()
            .is_some_and(|id| id.ends_with(&format!("/certificates/{code}")))
        {
            return Ok(Checked::Invalid("it is another certificate's".into()));
        }
        let status = &credential["credentialStatus"];
        let (Some(list_url), Some(index)) = (
            status["statusListCredential"].as_str(),
            status["statusListIndex"].as_str().and_then(|i| i.parse::<usize>().ok()),
        ) else {
            return Ok(Checked::Invalid("it names no status list".into()));
        };
        let list = match verify(&text(list_url).await?, &keys).await? {
            Ok(payload) => payload,
            Err(why) => return Ok(Checked::Invalid(format!("its status list: {why}"))),
        };
        if list["id"].as_str() != Some(list_url) || list["credentialSubject"]["statusPurpose"] != "revocation" {
            return Ok(Checked::Invalid("its status list is another list".into()));
        }
        let encoded = list["credentialSubject"]["encodedList"].as_str().unwrap_or_default();
        let packed = encoded
            .strip_prefix('u')
            .and_then(base64url)
            .ok_or("the status list is not base64url")?;
        let bits = gunzip(&packed).await?;
        let byte = bits.get(index / 8).ok_or("the status list is too short")?;
        Ok(Checked::Valid {
            revoked: byte & (0x80 >> (index % 8)) != 0,
        })
    }

    /// The payload of a compact JWS signed by a key of `keys`, or why not.
    async fn verify(jws: &str, keys: &Value) -> Result<Result<Value, String>, String> {
        let parts: Vec<&str> = jws.trim().split('.').collect();
        let [header, payload, signature] = parts[..] else {
            return Ok(Err("it is not a compact JWS".into()));
        };
        let (Some(h), Some(p), Some(sig)) = (base64url(header), base64url(payload), base64url(signature)) else {
            return Ok(Err("it is not base64url".into()));
        };
        let header: Value = serde_json::from_slice(&h).map_err(|_| "its header is not JSON")?;
        let Some(key) = keys["keys"]
            .as_array()
            .and_then(|k| k.iter().find(|k| k["kid"] == header["kid"] && header["alg"] == "EdDSA"))
        else {
            return Ok(Err("it was not signed with a key the hub publishes".into()));
        };
        let ok = ed25519(
            key,
            &sig,
            format!("{header_part}.{payload}", header_part = parts[0]).as_bytes(),
        )
        .await?;
        if !ok {
            return Ok(Err("the signature does not match its contents".into()));
        }
        Ok(serde_json::from_slice(&p).map_err(|_| "its payload is not JSON".to_string()))
    }

    fn set(target: &js_sys::Object, key: &str, value: &str) {
        let _ = js_sys::Reflect::set(target, &key.into(), &value.into());
    }

    /// Web Crypto's Ed25519 verification.
    async fn ed25519(jwk: &Value, signature: &[u8], data: &[u8]) -> Result<bool, String> {
        let unsupported = |_| "this browser has no Ed25519 in Web Crypto".to_string();
        let subtle = web_sys::window()
            .ok_or("no window")?
            .crypto()
            .map_err(|_| "no Web Crypto")?
            .subtle();
        let key_data = js_sys::Object::new();
        set(&key_data, "kty", "OKP");
        set(&key_data, "crv", "Ed25519");
        set(&key_data, "x", jwk["x"].as_str().unwrap_or_default());
        let algorithm = js_sys::Object::new();
        set(&algorithm, "name", "Ed25519");
        let usages = js_sys::Array::of1(&JsValue::from_str("verify"));
        let key = JsFuture::from(
            subtle
                .import_key_with_object("jwk", &key_data, &algorithm, false, &usages)
                .map_err(unsupported)?,
        )
        .await
        .map_err(unsupported)?;
        let key: web_sys::CryptoKey = key.unchecked_into();
        let ok = JsFuture::from(
            subtle
                .verify_with_object_and_u8_array_and_u8_array(&algorithm, &key, signature, data)
                .map_err(unsupported)?,
        )
        .await
        .map_err(unsupported)?;
        Ok(ok.as_bool().unwrap_or(false))
    }

    async fn text(url: &str) -> Result<String, String> {
        let failed = |_| format!("{url} could not be fetched");
        let window = web_sys::window().ok_or("no window")?;
        // Asked afresh: a status list the browser kept (it may for a minute) could predate a
        // revocation made since, even by this reader.
        let init = web_sys::RequestInit::new();
        init.set_cache(web_sys::RequestCache::NoCache);
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
            .await
            .map_err(failed)?
            .unchecked_into();
        if !response.ok() {
            return Err(format!("{url} answered {}", response.status()));
        }
        JsFuture::from(response.text().map_err(failed)?)
            .await
            .map_err(failed)?
            .as_string()
            .ok_or_else(|| format!("{url} sent no text"))
    }

    // DecompressionStream, bound here: web-sys still counts it among its unstable APIs, though
    // every current browser has it.
    #[wasm_bindgen::prelude::wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_name = DecompressionStream)]
        type Inflate;
        #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
        fn new(format: &str) -> Result<Inflate, JsValue>;
        #[wasm_bindgen(method, getter)]
        fn readable(this: &Inflate) -> web_sys::ReadableStream;
        #[wasm_bindgen(method, getter)]
        fn writable(this: &Inflate) -> web_sys::WritableStream;
    }

    /// The browser's own gzip (DecompressionStream), so the wasm carries no inflater.
    async fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
        let failed = |_| "the status list could not be decompressed".to_string();
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(failed)?;
        let inflate = Inflate::new("gzip").map_err(failed)?;
        let pair = web_sys::ReadableWritablePair::new(&inflate.readable(), &inflate.writable());
        let stream = blob.stream().pipe_through(&pair);
        let response = web_sys::Response::new_with_opt_readable_stream(Some(&stream)).map_err(failed)?;
        let buffer = JsFuture::from(response.array_buffer().map_err(failed)?)
            .await
            .map_err(failed)?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }

    /// Base64url without padding, as JOSE writes it.
    pub fn base64url(text: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len() * 3 / 4);
        let (mut acc, mut bits) = (0u32, 0u32);
        for c in text.bytes() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'-' => 62,
                b'_' => 63,
                _ => return None,
            };
            acc = (acc << 6) | u32::from(v);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        Some(out)
    }
}
