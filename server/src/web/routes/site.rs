//! Where the compiled site (wasm, JS, CSS, static files) lives, and the Leptos options built
//! from it, so the binary runs without cargo-leptos.

use leptos::config::{Env, LeptosOptions};
use std::net::SocketAddr;
use std::path::PathBuf;

/// The env var naming the site directory, when it is not found on its own.
pub const SITE_ROOT_ENV: &str = "HUB_SITE_ROOT";

/// `$HUB_SITE_ROOT`, else `target/site` under the working directory, else `../site` beside the
/// executable (`target/release/champion-hub` → `target/site`).
pub fn site_root() -> PathBuf {
    if let Ok(dir) = std::env::var(SITE_ROOT_ENV) {
        return PathBuf::from(dir);
    }
    let cwd = PathBuf::from("target/site");
    if cwd.join("pkg").is_dir() {
        return cwd;
    }
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|p| p.join("../site")))
    {
        if dir.join("pkg").is_dir() {
            return dir;
        }
    }
    cwd
}

/// The file cargo-leptos writes beside the binary when it gives the site's files hashed names
/// (`hash-files`); the release build copies it into the site folder too.
pub const HASH_FILE: &str = "hash.txt";

/// The hash file of this build: beside the binary, where cargo-leptos writes it; else in the
/// site folder, where the release build copies it (so a copy of the site, moved away from the
/// binary's build folder, still names its files), when the files it names are there. (Tests
/// and `cargo run` builds have neither, and link the plain names.)
pub fn hash_file(site_root: &std::path::Path) -> Option<PathBuf> {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(HASH_FILE)));
    if let Some(beside) = beside.filter(|f| f.is_file()) {
        return Some(beside);
    }
    let in_site = site_root.join(HASH_FILE);
    let text = std::fs::read_to_string(&in_site).ok()?;
    let files = app::components::site_files::SiteFiles::hashed("champion-hub", &text);
    site_root.join("pkg").join(&files.css).is_file().then_some(in_site)
}

/// The site's file names, read once: from the hash file of a hashed build, else plain; with
/// the wasm split's pieces when the build made them.
pub fn site_files(options: &LeptosOptions) -> app::components::site_files::SiteFiles {
    use app::components::site_files::SiteFiles;
    let site_root = std::path::Path::new(options.site_root.as_ref());
    let hash_file = hash_file(site_root);
    let hashes = match hash_file.filter(|_| options.hash_files).map(std::fs::read_to_string) {
        Some(Ok(text)) => Some(text),
        Some(Err(e)) => {
            tracing::error!(error = %e, "the build hashed its file names but its hash file cannot be read");
            None
        }
        None => None,
    };
    let files = match &hashes {
        Some(text) => SiteFiles::hashed(&options.output_name, text),
        None => SiteFiles::plain(&options.output_name),
    };
    let css = site_root.join(options.site_pkg_dir.as_ref()).join(&files.css);
    if !css.is_file() {
        tracing::warn!(
            missing = %css.display(),
            "the site's stylesheet is not where pages link it: pages will be unstyled and will not hydrate. \
             Ship the site folder of the same build as the binary (it holds hash.txt), or set HUB_SITE_ROOT"
        );
    }
    files
}

pub fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    let root = site_root();
    LeptosOptions::builder()
        .output_name("champion-hub")
        .hash_files(hash_file(&root).is_some())
        .hash_file(std::sync::Arc::from(HASH_FILE))
        .site_root(root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .env(Env::PROD)
        .site_addr(addr)
        .build()
}
