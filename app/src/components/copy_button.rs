//! "Copy" beside a secret or shareable address (a calendar feed, an invite link, a collection's
//! link): one press puts it on the clipboard. Shown once the wasm runs; before that (and
//! without it) the address sits selectable in its read-only field, as it always did.

use leptos::prelude::*;

/// Copies the value of the input with id `target`.
#[island]
pub fn CopyButton(
    #[prop(into)] target: String,
    /// What the button copies, for a screen reader: "Copy the calendar address".
    #[prop(into)]
    label: String,
    /// The address was just made and is shown once: copying it is the next thing to do.
    primary: bool,
) -> impl IntoView {
    let target = StoredValue::new(target);
    let live = RwSignal::new(false);
    // None until pressed; then whether the clipboard took it.
    let copied = RwSignal::new(None::<bool>);
    Effect::new(move |_| live.set(true));
    let copy = move |_: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        copy_input(&target.get_value(), move |ok| copied.set(Some(ok)));
        #[cfg(not(feature = "hydrate"))]
        let _ = (target, copied);
    };
    let label = StoredValue::new(label);
    move || {
        live.get().then(|| {
            view! {
                <span class="copy">
                    <button type="button" class=if primary { "button button--small" } else { "button button--small button--secondary" }
                        data-focus-first="" on:click=copy>
                        "Copy"<span class="visually-hidden">{label.get_value().trim_start_matches("Copy").to_string()}</span>
                    </button>
                    <span class="copy__done" role="status">
                        {move || copied.get().map(|ok| if ok { "Copied." } else { "Not copied: the address is selected, copy it from there." })}
                    </span>
                </span>
            }
        })
    }
}

/// Selects the input's text (so a refused clipboard still leaves it ready to copy by hand),
/// hands it to the clipboard, and tells `done` whether the clipboard took it.
#[cfg(feature = "hydrate")]
fn copy_input(target: &str, done: impl Fn(bool) + Clone + 'static) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    let Some(window) = web_sys::window() else {
        return done(false);
    };
    let Some(input) = window
        .document()
        .and_then(|d| d.get_element_by_id(target))
        .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return done(false);
    };
    input.select();
    let value = JsValue::from_str(&input.value());
    // `navigator.clipboard.writeText`, looked up rather than bound: web-sys gates the
    // Clipboard API behind a flag.
    let navigator = window.navigator();
    let promise = js_sys::Reflect::get(&navigator, &"clipboard".into())
        .ok()
        .filter(|c| !c.is_undefined())
        .and_then(|clipboard| {
            let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
                .ok()?
                .dyn_into::<js_sys::Function>()
                .ok()?;
            write.call1(&clipboard, &value).ok()?.dyn_into::<js_sys::Promise>().ok()
        });
    let Some(promise) = promise else {
        return done(false);
    };
    let (yes, no) = (done.clone(), done);
    let ok = Closure::once(move |_: JsValue| yes(true));
    let refused = Closure::once(move |_: JsValue| no(false));
    let _ = promise.then2(&ok, &refused);
    ok.forget();
    refused.forget();
}
