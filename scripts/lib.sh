# Shared by scripts/start and scripts/test: installs whatever this machine lacks, idempotently
# and quickly when everything is present. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

CARGO_LEPTOS_VERSION=0.3.10
CARGO_DENY_VERSION=0.20.2

# Each step says when it starts, in seconds since the script began, so a slow step shows.
say() { printf '\033[1m==> [%5ss] %s\033[0m\n' "$SECONDS" "$*" >&2; }

# Compiled dependencies outlive a checkout: CI clones afresh every time, and a cold build of
# the hub's dependencies is most of its time. A checkout without target/ gets a link to one
# kept under ~/.cache (HUB_BUILD_CACHE; "off" to build inside the checkout). Cargo reuses the
# registry crates there and rebuilds this checkout's own crates (app, server), whose
# fingerprints carry their path: what other checkouts built of those can serve no one, so it is
# deleted first, and the cache keeps one set of dependencies per profile instead of growing
# until it must start again (which made a warm CI build everything cold).
own_builds() {
  local cache=$1
  # The package names (app, server) name fingerprints; the targets (lib hub, bin champion_hub,
  # test all, benches search and progress) name what is in deps/. No registry crate is called
  # any of these (Cargo.lock).
  find "$cache" -maxdepth 5 \( \
      \( \( -path '*/.fingerprint/*' -o -path '*/build/*' \) \( -name 'app-*' -o -name 'server-*' \) \) -o \
      \( -path '*/deps/*' \( -name 'app-*' -o -name 'libapp-*' -o -name 'app.*' -o -name 'libapp.*' \
         -o -name 'hub-*' -o -name 'libhub-*' -o -name 'champion_hub-*' -o -name 'libchampion_hub-*' \
         -o -name 'all-*' -o -name 'liball-*' -o -name 'search-*' -o -name 'libsearch-*' \
         -o -name 'progress-*' -o -name 'libprogress-*' \) \) \
    \) -prune -print0 2>/dev/null || true
}

use_build_cache() {
  local cache="${HUB_BUILD_CACHE:-$HOME/.cache/champion-hub/target}"
  [ "$cache" = off ] && return 0
  if [ ! -e target ]; then
    mkdir -p "$cache"
    own_builds "$cache" | xargs -0 -r rm -rf
    rm -rf "$cache"/debug/incremental "$cache"/release/incremental
    if [ "$(du -s --block-size=1G "$cache" | cut -f1)" -gt 40 ]; then
      say "the build cache ($cache) passed 40 GB: starting it again"
      rm -rf "$cache"
      mkdir -p "$cache"
    fi
    ln -s "$cache" target
    say "building in $cache (linked as target/)"
  fi
}

# The tools are built without optimization: on a new machine that takes a quarter of the time
# (cargo-leptos 265 s against 1136 s, cargo-deny 80 s against about 300 s, measured here), and
# what they do per run takes seconds either way (they run cargo, wasm-bindgen and wasm-opt,
# bundle one stylesheet, read Cargo.lock and the advisories). Without debug info, for a quick link.
install_tool() {
  CARGO_PROFILE_DEV_DEBUG=0 CARGO_INCREMENTAL=0 cargo install --debug --locked "$@"
}

ensure_tools() {
  if ! rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    # no_downloads: it must not fetch tools from the internet; ours come from the registries.
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 5 minutes, once)"
    install_tool --features no_downloads cargo-leptos --version "$CARGO_LEPTOS_VERSION"
  fi
  local wb
  wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$wb"; then
    say "installing wasm-bindgen-cli $wb (matching Cargo.lock)"
    cargo install wasm-bindgen-cli --version "$wb"
  fi
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    say "installing Node.js"
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm
  fi
  # wasm-opt comes from npm's binaryen (132): Debian's binaryen 108 silently breaks hydration.
  if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.installed ]; then
    say "installing end2end's npm packages (Playwright, axe-core, binaryen, and the credential verifiers jose and vc-bitstring-status-list)"
    (cd end2end && npm ci --no-audit --no-fund && touch node_modules/.installed)
  fi
}

# The mail tests send to a real SMTP server: Python's aiosmtpd, Debian's package, for Debian's
# python3 (the tests run /usr/bin/python3 -m aiosmtpd).
ensure_mail_server() {
  if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
    say "installing Debian's python3-aiosmtpd for the mail tests"
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-aiosmtpd
  fi
}

ensure_chromium() {
  if ! command -v chromium >/dev/null; then
    say "installing Debian's chromium for the browser tests"
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
  fi
}

# Dependency hygiene: advisories, licenses, duplicate versions and sources (deny.toml).
check_dependencies() {
  if ! cargo deny --version 2>/dev/null | grep -q "$CARGO_DENY_VERSION"; then
    say "installing cargo-deny $CARGO_DENY_VERSION (about 2 minutes, once)"
    install_tool cargo-deny --version "$CARGO_DENY_VERSION"
  fi
  # RustSec's advisory database is a git repository on GitHub: fetched when the machine can
  # reach it, otherwise the copy already here is used.
  cargo deny fetch >/dev/null 2>&1 || true
  if ls -d "${CARGO_HOME:-$HOME/.cargo}"/advisory-dbs/advisory-db-*/crates >/dev/null 2>&1; then
    cargo deny --offline check
  else
    say "no RustSec advisory database on this machine and GitHub is out of reach: advisories NOT checked"
    cargo deny --offline check bans licenses sources
  fi
}

build_release() {
  say "building the hub (release: server and optimized wasm)"
  cargo leptos build --release --precompress
  # The hashed file names, also in the site folder: a copy of the site then carries them (the
  # hub reads them beside its binary first, then there).
  cp target/release/hash.txt target/site/hash.txt
}
