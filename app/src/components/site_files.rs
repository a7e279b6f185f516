//! The page head's links to the site's compiled files (stylesheet, JS glue, wasm), and the
//! script that starts hydration. The names are the ones the build gave the files (hashed in a
//! release build); the server reads them once at start and provides them as [`SiteFiles`].
//! Leptos's own `HashedStylesheet` and `HydrationScripts` read cargo-leptos's hash file from
//! disk on every render instead, twice per page.

use leptos::prelude::*;

/// The site's compiled files, by name within `/pkg`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteFiles {
    pub css: String,
    pub js: String,
    pub wasm: String,
}

impl SiteFiles {
    /// The names of an unhashed build (`cargo leptos build`, tests).
    pub fn plain(output_name: &str) -> SiteFiles {
        SiteFiles {
            css: format!("{output_name}.css"),
            js: format!("{output_name}.js"),
            wasm: format!("{output_name}.wasm"),
        }
    }

    /// The names of a hashed build, from the hash file cargo-leptos writes (`js: …` lines);
    /// a file it does not list keeps its plain name.
    pub fn hashed(output_name: &str, hash_file: &str) -> SiteFiles {
        let mut files = SiteFiles::plain(output_name);
        for (file, hash) in hash_file.lines().filter_map(|l| l.trim().split_once(':')) {
            let (file, hash) = (file.trim(), hash.trim());
            let named = |ext: &str| format!("{output_name}.{hash}.{ext}");
            match file {
                "css" => files.css = named("css"),
                "js" => files.js = named("js"),
                "wasm" => files.wasm = named("wasm"),
                _ => {}
            }
        }
        files
    }
}

/// The stylesheet, and the module script that loads the JS glue and the wasm and brings the
/// page's islands to life (the parts of a page that run in the browser: the header's search,
/// the filters, a Copy button, the editor's preview). The page itself is drawn on the server
/// and works before the script runs (forms post, links navigate).
///
/// The code is asked for only once the page has painted: on a phone's slow link the page's
/// words and styles come first rather than sharing the line with the wasm, and what a visitor
/// types or ticks meanwhile is kept (`early_input`). Preloads in the head would start the wasm
/// before the first paint; Lighthouse then counts it as holding up the page's largest text
/// (BENCHMARKS.md, session 26).
#[component]
pub fn SiteHead() -> impl IntoView {
    let files = use_context::<SiteFiles>().unwrap_or_else(|| SiteFiles::plain("champion-hub"));
    let (css, js, wasm) = (
        format!("/pkg/{}", files.css),
        format!("/pkg/{}", files.js),
        format!("/pkg/{}", files.wasm),
    );
    // `{:?}` quotes the names as JavaScript strings; they are the build's own file names. Each
    // island's element names its function in the glue (`data-component`); `data-hydrated` on
    // the body tells the end-to-end tests (and `early_input`) that the page is live.
    let start = format!(
        "requestAnimationFrame(() => setTimeout(() => {{\
            import({js:?}).then(glue => glue.default({{ module_or_path: {wasm:?} }}).then(() => {{\
                glue.hydrate();\
                for (const island of document.querySelectorAll('leptos-island')) {{\
                    const start = glue[island.dataset.component];\
                    if (start) start(island);\
                }}\
                document.body.dataset.hydrated = 'true';\
            }}));\
        }}));"
    );
    let nonce = use_nonce();
    view! {
        <link rel="stylesheet" id="leptos" href=css/>
        <script type="module" nonce=nonce>{start}</script>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_come_from_the_hash_file() {
        let files = SiteFiles::hashed("hub", "js: aB1\nwasm: cD2\ncss: eF3\n");
        assert_eq!(
            files,
            SiteFiles {
                css: "hub.eF3.css".into(),
                js: "hub.aB1.js".into(),
                wasm: "hub.cD2.wasm".into(),
            }
        );
        assert_eq!(SiteFiles::hashed("hub", "js: aB1\n").css, "hub.css", "unlisted: plain");
    }
}
