//! A progress bar with its figure in words beside it (the bar alone says nothing to a screen
//! reader that reads the text, nor on paper).

use leptos::prelude::*;

#[component]
pub fn ProgressBar(percent: u8, #[prop(into)] label: String) -> impl IntoView {
    let text = if percent >= 100 {
        "Completed".to_string()
    } else {
        format!("{percent}% complete")
    };
    view! {
        <div class="progress">
            <progress max="100" value=percent.to_string() aria-label=label>{format!("{percent}%")}</progress>
            <span class="progress__text">{text}</span>
        </div>
    }
}
