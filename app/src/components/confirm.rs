//! An action that cannot be taken back in one press (disabling an account, granting admin)
//! sits behind a second, explicit one: the first press opens a sentence saying what will happen,
//! with the real button under it. A `<details>`, so it works before the wasm loads; pressing the
//! first button again, or Escape, closes it.

use leptos::prelude::*;

#[component]
pub fn Confirm(
    /// The first button's words, e.g. "Disable".
    #[prop(into)]
    label: String,
    /// Read after the label by a screen reader: whose account, which resource.
    #[prop(into)]
    target: String,
    /// What pressing the real button will do, in a sentence.
    #[prop(into)]
    consequence: String,
    #[prop(optional)] danger: bool,
    /// The form with the real button.
    children: Children,
) -> impl IntoView {
    view! {
        // Escape closes it and returns to its button (`layout::MenuCloser`, which runs everywhere).
        <details class="confirm">
            <summary class=if danger { "button button--small button--danger" } else { "button button--small button--quiet" }>
                {label}"…"<span class="visually-hidden">{format!(" {target}")}</span>
            </summary>
            <div class="confirm__panel">
                <p>{consequence}</p>
                {children()}
            </div>
        </details>
    }
}
