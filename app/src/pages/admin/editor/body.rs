//! The description field: Markdown, with a preview rendered on the server (the one sanitizer)
//! a moment after typing stops (an island: the field itself is plain HTML).

use crate::components::form::{FieldFrame, FieldProblems};
use crate::components::raw_text::raw_text;
use crate::model::problems::Problem;
use leptos::prelude::*;

#[component]
pub fn BodyField(value: String, problems: Signal<Vec<Problem>>) -> impl IntoView {
    view! {
        <FieldFrame id="f-body" label="Description (Markdown)" class="editor__body"
            hint="Headings with ##, **bold**, lists with -, links as [text](https://…). Scripts and unsafe links are removed when shown.">
            <textarea id="f-body" name="form[body]" rows="10" aria-describedby="f-body-hint">{raw_text(value)}</textarea>
            <FieldProblems problems/>
            <BodyPreview/>
        </FieldFrame>
    }
}

/// The preview of what is typed in `#f-body`, once typing pauses.
#[island]
fn BodyPreview() -> impl IntoView {
    let preview = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::closure::Closure;
        use wasm_bindgen::JsCast;
        let Some(field) = document().get_element_by_id("f-body") else {
            return;
        };
        // What the field holds when the page opens is shown at once.
        let drawn = field
            .dyn_ref::<web_sys::HtmlTextAreaElement>()
            .map(|area| area.value())
            .filter(|text| !text.trim().is_empty());
        if let Some(text) = drawn {
            leptos::task::spawn_local(async move {
                if let Ok(html) = crate::api::admin_render_markdown(text).await {
                    preview.set(Some(html));
                }
            });
        }
        // Each keystroke takes a ticket; only the last one's text is rendered.
        let typed = StoredValue::new(0u64);
        let on_input = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let text = event_target_value(&ev);
            let ticket = typed.get_value() + 1;
            typed.set_value(ticket);
            set_timeout(
                move || {
                    if typed.get_value() != ticket {
                        return;
                    }
                    leptos::task::spawn_local(async move {
                        if let Ok(html) = crate::api::admin_render_markdown(text).await {
                            preview.set(Some(html));
                        }
                    });
                },
                std::time::Duration::from_millis(300),
            );
        });
        let _ = field.add_event_listener_with_callback("input", on_input.as_ref().unchecked_ref());
        on_input.forget();
    });
    move || {
        preview.get().map(|html| {
            view! {
                <section class="editor__preview" aria-label="Description preview" aria-live="polite">
                    <h3 class="editor__preview-title">"Preview"</h3>
                    <div class="prose" inner_html=html></div>
                </section>
            }
        })
    }
}
