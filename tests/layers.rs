//! The code's layers point one way. Reads every `use` and `crate::`/`super::` path in
//! `server/src` and `app/src` (test modules aside), maps each to the file module it names, and
//! checks two things: no two files depend on each other, even through others (no cycles); and
//! no capability reaches up to one above it, except the few file-to-file back edges listed in
//! `KNOWN` (none today), each waiting to be moved. A new back edge fails; one removed must leave the list too.
//! A folder's `mod.rs` and the files inside it are one unit here: it is their public face, so
//! a parent using its children and a child using its parent's items do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The server's capabilities, lowest first: a module may use those before it, not after.
/// Base services (error, label, secret, blocking, jobs, db, the audit log) come first.
const SERVER_LAYERS: &[&str] = &[
    "error",
    "label",
    "secret",
    "blocking",
    "jobs",
    "db",
    "audit",
    "pdf",
    "mail",
    "catalog",
    "search",
    "accounts",
    "credits",
    "progress",
    "credentials",
    "teams",
    "collections",
    "learning",
    "publish",
    "admin",
    "web",
    "cli",
];

/// Back edges the tree still has (from file, to file, why it is there). Each is a move to make.
const KNOWN: &[(&str, &str, &str)] = &[];

/// Every `.rs` file under `root`, by module path (`progress::dashboard`; `mod.rs` and `lib.rs`
/// name their folder).
fn modules(root: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("source folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(root).unwrap().with_extension("");
                let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
                if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
                    parts.pop();
                }
                out.insert(parts.join("::"), path);
            }
        }
    }
    out
}

/// The source without its `#[cfg(test)]` modules and without comments, so neither a test's
/// imports nor a path in prose count.
fn code(path: &Path) -> String {
    let mut text = std::fs::read_to_string(path).expect("source file");
    while let Some(at) = text.find("#[cfg(test)]\nmod ") {
        let open = at + text[at..].find('{').expect("a module body");
        let mut depth = 0;
        let mut end = text.len();
        for (offset, c) in text[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + offset + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        text.replace_range(at..end, "");
    }
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The longest known module that `path` (segments after `crate::`) names.
fn resolve(known: &BTreeMap<String, PathBuf>, path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    (1..=segments.len())
        .rev()
        .map(|n| segments[..n].join("::"))
        .find(|m| known.contains_key(m))
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == ':'
}

/// Each file module's dependencies on other file modules of the same crate.
fn dependencies(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let known = modules(root);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path) in &known {
        let text = code(path);
        let parent = module.rsplit_once("::").map(|(p, _)| p).unwrap_or("");
        let mut targets = BTreeSet::new();
        let mut add = |full: String| {
            if let Some(t) = resolve(&known, &full) {
                if &t != module && !module.starts_with(&format!("{t}::")) && !t.is_empty() {
                    targets.insert(t);
                }
            }
        };
        for (prefix, base) in [("crate::", String::new()), ("super::", parent.to_string())] {
            let mut from = 0;
            while let Some(at) = text[from..].find(prefix) {
                let start = from + at;
                from = start + prefix.len();
                if start > 0 && text[..start].ends_with(is_word) {
                    continue; // `self::super::` and the like
                }
                let mut rest = &text[from..];
                // `super::super::x` names the grandparent's x.
                let mut base = base.clone();
                while let Some(more) = rest.strip_prefix("super::") {
                    if prefix == "super::" {
                        base = base.rsplit_once("::").map(|(p, _)| p.to_string()).unwrap_or_default();
                    }
                    rest = more;
                    from += "super::".len();
                }
                let join = |rest: &str| {
                    if base.is_empty() {
                        rest.to_string()
                    } else {
                        format!("{base}::{rest}")
                    }
                };
                let path: String = rest.chars().take_while(|c| is_word(*c)).collect();
                let after = &rest[path.len()..];
                if after.starts_with('{') {
                    // A grouped import: each name in the braces, nested groups by their head.
                    let close = after.find("};").or_else(|| after.find('}')).unwrap_or(after.len());
                    let head = path.trim_end_matches("::");
                    let mut depth = 0;
                    let mut item = String::new();
                    for c in after[1..close].chars() {
                        match c {
                            '{' => depth += 1,
                            '}' => depth -= 1,
                            ',' if depth == 0 => {
                                let name = item.split_whitespace().next().unwrap_or("").trim_end_matches("::");
                                if !name.is_empty() && name != "self" {
                                    add(join(&format!("{head}::{name}")));
                                } else if name == "self" {
                                    add(join(head));
                                }
                                item.clear();
                                continue;
                            }
                            _ => {}
                        }
                        if depth == 0 || (c != '{' && c != '}') {
                            item.push(c);
                        }
                    }
                    let name = item.split_whitespace().next().unwrap_or("").trim_end_matches("::");
                    if !name.is_empty() && name != "self" {
                        add(join(&format!("{head}::{name}")));
                    }
                    add(join(head));
                } else {
                    add(join(path.trim_end_matches("::")));
                }
            }
        }
        graph.insert(module.clone(), targets);
    }
    graph
}

/// The groups of modules that reach each other (Tarjan's strongly connected components), those
/// with more than one module.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.found.push(group);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    state.found
}

fn source(crate_dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(crate_dir)
        .join("src")
}

#[test]
fn no_file_depends_on_itself_through_others() {
    for crate_dir in ["server", "app"] {
        let graph = dependencies(&source(crate_dir));
        assert!(graph.len() > 20, "{crate_dir}: the modules were read");
        assert_eq!(cycles(&graph), Vec::<Vec<String>>::new(), "{crate_dir}: import cycles");
    }
}

#[test]
fn capabilities_use_only_those_below_them() {
    let graph = dependencies(&source("server"));
    let layer = |module: &str| {
        let top = module.split("::").next().unwrap();
        SERVER_LAYERS.iter().position(|l| *l == top)
    };
    let mut back = BTreeSet::new();
    for (from, targets) in &graph {
        let Some(a) = layer(from) else {
            continue; // main.rs and lib.rs sit above everything
        };
        for to in targets {
            let b = layer(to).unwrap_or_else(|| panic!("{to} (used by {from}) has no layer in SERVER_LAYERS"));
            if b > a {
                back.insert((from.clone(), to.clone()));
            }
        }
    }
    let found: BTreeSet<(&str, &str)> = back.iter().map(|(from, to)| (from.as_str(), to.as_str())).collect();
    let known: BTreeSet<(&str, &str)> = KNOWN.iter().map(|(from, to, _)| (*from, *to)).collect();
    let new: Vec<String> = found
        .difference(&known)
        .map(|(from, to)| format!("{from} → {to}"))
        .collect();
    assert!(new.is_empty(), "imports against the layers: {new:#?}");
    let gone: Vec<_> = known.difference(&found).collect();
    assert!(
        gone.is_empty(),
        "back edges no longer there; remove them from KNOWN: {gone:?}"
    );
}

#[test]
fn the_reader_sees_grouped_and_inline_paths() {
    let graph = dependencies(&source("server"));
    let uses = |from: &str, to: &str| graph.get(from).is_some_and(|t| t.contains(to));
    // `use crate::progress::{marks, pathways, ...}`, `use super::{focus, ...}` and
    // `crate::teams::store::list(...)` in a body.
    assert!(uses("learning", "progress::pathways"));
    assert!(uses("teams::store", "teams::focus"));
    assert!(uses("learning", "teams::store"));
    assert!(uses("teams::report", "progress::pathways"));
    // A cycle is found when there is one.
    let mut looped = graph.clone();
    looped
        .entry("teams::store".into())
        .or_default()
        .insert("learning".into());
    assert!(!cycles(&looped).is_empty());
}
