//! Marks the page live (`data-hydrated` on the body) once the page's own code has hydrated it.
//! Pages arrive in pieces of the wasm (`lazy_pages`), after the shell: a mark set by the shell
//! would say "live" while the page's buttons and fields still had no handlers. The end-to-end
//! tests wait for it to tell a live page from a dead wasm, and `early_input` reads the server's
//! fields until it is set.

use leptos::prelude::*;

#[component]
pub fn LiveMark() -> impl IntoView {
    // Effects run only in the browser, after the hydration that created them.
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
