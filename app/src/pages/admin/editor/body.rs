//! The description field: Markdown, with a preview rendered on the server (the one sanitizer)
//! a moment after typing stops.

use crate::api::admin_render_markdown;
use crate::components::form::{FieldFrame, FieldProblems};
use crate::components::raw_text::raw_text;
use crate::model::problems::Problem;
use leptos::prelude::*;

#[component]
pub fn BodyField(value: String, problems: Signal<Vec<Problem>>) -> impl IntoView {
    let preview = RwSignal::new(None::<String>);
    // Each keystroke takes a ticket; only the last one's text is rendered.
    let typed = RwSignal::new(0u64);
    view! {
        <FieldFrame id="f-body" label="Description (Markdown)" class="editor__body"
            hint="Headings with ##, **bold**, lists with -, links as [text](https://…). Scripts and unsafe links are removed when shown.">
            <textarea id="f-body" name="form[body]" rows="10" aria-describedby="f-body-hint"
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    let ticket = typed.get_untracked() + 1;
                    typed.set(ticket);
                    set_timeout(
                        move || {
                            if typed.get_untracked() != ticket {
                                return;
                            }
                            leptos::task::spawn_local(async move {
                                if let Ok(html) = admin_render_markdown(text).await {
                                    preview.set(Some(html));
                                }
                            });
                        },
                        std::time::Duration::from_millis(300),
                    );
                }
            >{raw_text(value)}</textarea>
            <FieldProblems problems/>
            {move || preview.get().map(|html| view! {
                <section class="editor__preview" aria-label="Description preview" aria-live="polite">
                    <h3 class="editor__preview-title">"Preview"</h3>
                    <div class="prose" inner_html=html></div>
                </section>
            })}
        </FieldFrame>
    }
}
