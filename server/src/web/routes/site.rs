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
/// (`hash-files`); Leptos reads it from there to link them.
pub const HASH_FILE: &str = "hash.txt";

/// Whether this binary was built with hashed file names: its hash file sits beside it. (Tests
/// and `cargo run` builds have none, and link the plain names.)
pub fn hashed_files() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(HASH_FILE)))
        .is_some_and(|file| file.is_file())
}

pub fn leptos_options(addr: SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("champion-hub")
        .hash_files(hashed_files())
        .hash_file(std::sync::Arc::from(HASH_FILE))
        .site_root(site_root().to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .env(Env::PROD)
        .site_addr(addr)
        .build()
}
