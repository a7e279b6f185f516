//! Who is signed in and what they have marked, loaded once per page and shared by the header,
//! every card and every detail page. Actions that change a mark bump its version so it loads
//! again (in the browser; without the wasm every change is a fresh page anyway).

use crate::api::load_marks;
use crate::error::UiError;
use crate::model::LearnerMarks;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Marks {
    pub current: Resource<Result<LearnerMarks, UiError>>,
    version: RwSignal<u32>,
}

impl Marks {
    /// Marks loaded again after a change made in place.
    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
    }
}

/// Called once, in the app's root.
pub fn provide_marks() {
    let version = RwSignal::new(0u32);
    let current = Resource::new(move || version.get(), |_| load_marks());
    provide_context(Marks { current, version });
}

pub fn use_marks() -> Marks {
    expect_context::<Marks>()
}
