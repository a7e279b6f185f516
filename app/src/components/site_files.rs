//! The page head's links to the site's compiled files (stylesheet, JS glue, wasm), and the
//! script that starts hydration. The names are the ones the build gave the files (hashed in a
//! release build); the server reads them once at start and provides them as [`SiteFiles`].
//! Leptos's own `HashedStylesheet` and `HydrationScripts` read cargo-leptos's hash file from
//! disk on every render instead, twice per page.

use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// The site's compiled files, by name within `/pkg`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteFiles {
    pub css: String,
    pub js: String,
    pub wasm: String,
    /// The pieces of a split build (`--split`); None for one whole wasm.
    pub split: Option<Arc<SplitFiles>>,
}

/// The pieces a split build made: the loader script, and for each `#[lazy]` function (by its
/// name in the source, e.g. `draw_listing`) the wasm files it needs, without `.wasm`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SplitFiles {
    pub loader: String,
    pub pieces: HashMap<String, Vec<String>>,
}

impl SplitFiles {
    /// From the manifest the splitter writes (`{"draw_listing_1234…": ["file", …], …}`: each
    /// lazy function's name with a number the `#[lazy]` macro adds for its place in the source).
    pub fn from_manifest(loader: String, manifest: HashMap<String, Vec<String>>) -> SplitFiles {
        let mut pieces: HashMap<String, Vec<String>> = HashMap::new();
        for (key, files) in manifest {
            let name = match key.rsplit_once('_') {
                Some((name, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => name,
                _ => key.as_str(),
            };
            let known = pieces.entry(name.to_string()).or_default();
            for file in files {
                if !known.contains(&file) {
                    known.push(file);
                }
            }
        }
        SplitFiles { loader, pieces }
    }
}

/// The wasm pieces the lazy function `name` needs, named in the page's head for the start
/// script, which preloads them beside the main module once the page has painted (see
/// [`SiteHead`]). A `rel` no browser knows, so nothing is fetched before then. (Code every
/// route renders, as this is, decides what the wasm splitter keeps in the main module: small
/// changes here moved 51 KB in or out of it; BENCHMARKS.md, session 26.)
///
/// Rendered last in a lazy route's view: leptos_meta puts head tags in the order they render,
/// and the browser's hydration walks them in that order, so tags the browser does not render
/// (it knows no manifest: the list is empty there) must come after every tag it does. Leptos
/// adds such links itself, but looks its manifest up after the render, outside the request's
/// reactive owner: whether they appeared depended on the thread, and CI saw them missing.
#[component]
pub fn PiecePreloads(name: &'static str) -> impl IntoView {
    use leptos_meta::Link;
    let files = use_context::<SiteFiles>()
        .and_then(|files| files.split)
        .and_then(|split| split.pieces.get(name).cloned())
        .unwrap_or_default();
    files
        .into_iter()
        .map(|file| {
            view! {
                <Link rel="hub-piece" href=format!("/pkg/{file}.wasm") as_="fetch"
                    type_="application/wasm" crossorigin="anonymous"/>
            }
        })
        .collect::<Vec<_>>()
}

impl SiteFiles {
    /// The names of an unhashed build (`cargo leptos build`, tests).
    pub fn plain(output_name: &str) -> SiteFiles {
        SiteFiles {
            css: format!("{output_name}.css"),
            js: format!("{output_name}.js"),
            wasm: format!("{output_name}.wasm"),
            split: None,
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

/// The stylesheet, and the module script that loads the JS glue, the wasm and the page's
/// pieces and hydrates the page. A page works before it runs (forms post, links navigate).
///
/// The code is asked for only once the page has painted: on a phone's slow link the page's
/// words and styles come first rather than sharing the line with 400 KB of wasm, and what a
/// visitor types or ticks meanwhile is kept (`early_input`). Preloads in the head would start
/// the wasm before the first paint; Lighthouse then counts it as holding up the page's largest
/// text (BENCHMARKS.md, session 26).
#[component]
pub fn SiteHead() -> impl IntoView {
    let files = use_context::<SiteFiles>().unwrap_or_else(|| SiteFiles::plain("champion-hub"));
    let (css, js, wasm) = (
        format!("/pkg/{}", files.css),
        format!("/pkg/{}", files.js),
        format!("/pkg/{}", files.wasm),
    );
    // `{:?}` quotes the names as JavaScript strings; they are the build's own file names. The
    // pieces are preloaded as the split's loader will fetch them (CORS, same-origin
    // credentials), so the preloaded copies are the ones used.
    // Every lazy page needs the split's loader, which the glue imports.
    let loader = files
        .split
        .as_ref()
        .map(|split| format!("/pkg/{}", split.loader))
        .unwrap_or_default();
    let start = format!(
        "requestAnimationFrame(() => setTimeout(() => {{\
            if ({loader:?}) {{\
                const link = document.createElement('link');\
                Object.assign(link, {{ rel: 'modulepreload', crossOrigin: 'anonymous', href: {loader:?} }});\
                document.head.appendChild(link);\
            }}\
            for (const piece of document.querySelectorAll('link[rel=\"hub-piece\"]')) {{\
                const link = document.createElement('link');\
                Object.assign(link, {{ rel: 'preload', as: 'fetch', type: 'application/wasm', crossOrigin: 'anonymous', href: piece.getAttribute('href') }});\
                document.head.appendChild(link);\
            }}\
            import({js:?}).then(glue => glue.default({{ module_or_path: {wasm:?} }}).then(() => glue.hydrate()));\
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
                split: None,
            }
        );
        assert_eq!(SiteFiles::hashed("hub", "js: aB1\n").css, "hub.css", "unlisted: plain");
    }

    #[test]
    fn split_pieces_are_named_for_their_lazy_function() {
        let manifest = HashMap::from([
            (
                "draw_listing_1234567".to_string(),
                vec!["a".to_string(), "shared".to_string()],
            ),
            ("draw_admin_99".to_string(), vec!["b".to_string(), "shared".to_string()]),
            ("odd_name_x".to_string(), vec!["c".to_string()]),
        ]);
        let split = SplitFiles::from_manifest("__wasm_split.h.js".into(), manifest);
        assert_eq!(split.pieces["draw_listing"], ["a", "shared"]);
        assert_eq!(split.pieces["draw_admin"], ["b", "shared"]);
        assert_eq!(split.pieces["odd_name_x"], ["c"], "no number: the key as it is");
        assert_eq!(split.loader, "__wasm_split.h.js");
    }
}
