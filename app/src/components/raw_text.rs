//! Text for the elements Leptos 0.8 writes into the server's HTML without escaping: a
//! `<textarea>`'s children (tachys marks `textarea`, like `script` and `style`, as not escaping
//! its children) and the page `<title>` (leptos_meta). A stored value holding
//! `</textarea><img onerror=…>` or `</title><script>…` would end the element and become markup,
//! so every textarea child and the title go through [`raw_text`].

/// `text` as a textarea's child or the title: escaped for the server's HTML (the browser decodes it back to
/// exactly `text`), as it is in the browser, where Leptos sets it as a text node.
pub fn raw_text(text: impl Into<String>) -> String {
    let text = text.into();
    if cfg!(feature = "ssr") {
        text.replace('&', "&amp;").replace('<', "&lt;")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::raw_text;

    #[cfg(feature = "ssr")]
    #[test]
    fn a_stored_value_cannot_end_the_textarea() {
        assert_eq!(
            raw_text("a</textarea><img src=x onerror=alert(1)> & b"),
            "a&lt;/textarea>&lt;img src=x onerror=alert(1)> &amp; b"
        );
    }
}
