//! Globs as Alloy's `local.file_match` expands them (doublestar): `*`, `?` and `[...]` within
//! one path segment, `**` for any number of directories, `{a,b}` alternatives (which may hold
//! `/`), `\` escapes. Expanded by listing directories under the host's root and deciding from
//! the metadata whether the user may enter each one: the directories that stop it are
//! reported, not silently skipped.

use super::{join_path, Access, Blocked, Host, Kind, Meta, Needs};
use std::collections::HashSet;

/// Brace alternatives a pattern may expand to before the rest is given up on.
const MAX_ALTERNATIVES: usize = 1024;

/// What a glob found on a host.
#[derive(Clone, Debug, Default)]
pub struct GlobResult {
    /// Matching regular files (links followed), sorted, with their metadata.
    pub matched: Vec<(String, Meta)>,
    /// Directories the user cannot enter or list, in the order the walk met them.
    pub blocked: Vec<Blocked>,
    /// The walk stopped after its entry limit.
    pub truncated: bool,
}

/// Whether a path holds glob syntax. A `\` alone is not taken for an escape: Windows paths
/// use it as their separator.
pub fn is_glob(path: &str) -> bool {
    path.contains(['*', '?', '[', '{'])
}

/// Every pattern `{a,b}` alternatives make of `pattern` (nested braces too), in order; an
/// unclosed brace is literal. At most [`MAX_ALTERNATIVES`].
pub fn expand_braces(pattern: &str) -> Vec<String> {
    let mut out = Vec::new();
    expand_into(pattern, &mut out);
    out
}

fn expand_into(pattern: &str, out: &mut Vec<String>) {
    if out.len() >= MAX_ALTERNATIVES {
        return;
    }
    let Some((open, close)) = first_brace_group(pattern) else {
        out.push(pattern.to_string());
        return;
    };
    let (head, body, tail) = (
        &pattern[..open],
        &pattern[open + 1..close],
        &pattern[close + 1..],
    );
    for alternative in split_alternatives(body) {
        expand_into(&format!("{head}{alternative}{tail}"), out);
    }
}

/// The byte offsets of the first unescaped `{` and its matching `}`.
fn first_brace_group(pattern: &str) -> Option<(usize, usize)> {
    let bytes = pattern.as_bytes();
    let mut i = 0;
    let mut open = None;
    let mut depth = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'{' => {
                if depth == 0 {
                    open = Some(i);
                }
                depth += 1;
            }
            b'}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return open.map(|o| (o, i));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The top-level `,`-separated parts of a brace group's body.
fn split_alternatives(body: &str) -> Vec<&str> {
    let bytes = body.as_bytes();
    let (mut parts, mut depth, mut start, mut i) = (Vec::new(), 0, 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b',' if depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&body[start..]);
    parts
}

/// One path segment against one glob segment: `*`, `?`, `[...]` (`!`/`^` negates, ranges),
/// `{a,b}` alternatives and `\` escapes.
pub fn segment_matches(pattern: &str, name: &str) -> bool {
    Segment::new(pattern).matches(name)
}

/// A glob segment read once and matched against many names.
struct Segment {
    alternatives: Vec<Vec<char>>,
}

impl Segment {
    fn new(pattern: &str) -> Segment {
        Segment {
            alternatives: expand_braces(pattern)
                .iter()
                .map(|p| p.chars().collect())
                .collect(),
        }
    }

    fn matches(&self, name: &str) -> bool {
        let n: Vec<char> = name.chars().collect();
        self.alternatives.iter().any(|p| wildcard(p, &n))
    }
}

fn wildcard(p: &[char], n: &[char]) -> bool {
    match p.first() {
        None => n.is_empty(),
        Some('*') => (0..=n.len()).any(|i| wildcard(&p[1..], &n[i..])),
        Some('?') => !n.is_empty() && wildcard(&p[1..], &n[1..]),
        Some('[') => {
            let Some(c) = n.first() else { return false };
            let mut i = 1;
            let negate = matches!(p.get(1), Some('!') | Some('^'));
            if negate {
                i += 1;
            }
            let mut matched = false;
            let mut first = true;
            while i < p.len() && (p[i] != ']' || first) {
                first = false;
                if p.get(i + 1) == Some(&'-') && p.get(i + 2).is_some_and(|e| *e != ']') {
                    matched |= p[i] <= *c && *c <= p[i + 2];
                    i += 3;
                } else {
                    matched |= p[i] == *c;
                    i += 1;
                }
            }
            if i >= p.len() {
                // No closing bracket: a literal `[`.
                return *c == '[' && wildcard(&p[1..], &n[1..]);
            }
            matched != negate && wildcard(&p[i + 1..], &n[1..])
        }
        Some('\\') if p.len() > 1 => n.first() == Some(&p[1]) && wildcard(&p[2..], &n[1..]),
        Some(c) => n.first() == Some(c) && wildcard(&p[1..], &n[1..]),
    }
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// Whether the whole `path` matches `pattern` (`__path_exclude__`), `**` spanning segments.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let names = segments(path);
    expand_braces(pattern)
        .iter()
        .any(|p| segments_match(&segments(p), &names))
}

fn segments_match(pattern: &[&str], names: &[&str]) -> bool {
    match pattern.split_first() {
        None => names.is_empty(),
        Some((&"**", rest)) => (0..=names.len()).any(|i| segments_match(rest, &names[i..])),
        Some((first, rest)) => names.split_first().is_some_and(|(name, names)| {
            segment_matches(first, name) && segments_match(rest, names)
        }),
    }
}

impl Host {
    /// The regular files `pattern` matches, as the user sees the tree: a directory it cannot
    /// search or list is reported and not entered. At most `limit` directory entries are
    /// looked at.
    pub fn glob(&self, pattern: &str, limit: usize) -> GlobResult {
        let mut walk = Walk {
            host: self,
            limit,
            seen: 0,
            result: GlobResult::default(),
            entered: HashSet::new(),
        };
        for alternative in expand_braces(pattern) {
            walk.entered.clear();
            walk.pattern(&alternative);
        }
        let mut result = walk.result;
        result.matched.sort_by(|a, b| a.0.cmp(&b.0));
        result.matched.dedup_by(|a, b| a.0 == b.0);
        result
    }
}

struct Walk<'h> {
    host: &'h Host,
    limit: usize,
    seen: usize,
    result: GlobResult,
    /// Directories `**` went into, by real path and the pattern left: links back up the
    /// tree are not followed round again.
    entered: HashSet<(String, usize)>,
}

impl Walk<'_> {
    fn pattern(&mut self, pattern: &str) {
        let parts = segments(pattern);
        let literal = parts.iter().take_while(|s| !is_glob(s)).count();
        let base = format!("/{}", parts[..literal].join("/"));
        let resolved = self.host.fs.resolve(&base);
        if resolved.missing {
            return;
        }
        let rest = &parts[literal..];
        if let Some(b) = self
            .host
            .blocked_on_the_way(&resolved.steps, !rest.is_empty())
        {
            self.block(b);
            return;
        }
        let Some((real, meta)) = resolved.steps.last() else {
            return;
        };
        if rest.is_empty() {
            if meta.kind == Kind::File {
                self.result.matched.push((base, *meta));
            }
            return;
        }
        let real = real.clone();
        self.expand(&base, &real, rest);
    }

    fn block(&mut self, b: Blocked) {
        if !self.result.blocked.contains(&b) {
            self.result.blocked.push(b);
        }
    }

    /// Matches `pattern` below the directory `dir` (at `real` with links resolved), which
    /// the user can list.
    fn expand(&mut self, dir: &str, real: &str, pattern: &[&str]) {
        let Some((first, rest)) = pattern.split_first() else {
            return;
        };
        let double = *first == "**";
        let segment = Segment::new(first);
        if double && !rest.is_empty() {
            // Zero directories...
            self.expand(dir, real, rest);
        }
        let names = match self.host.fs.list(real) {
            Ok(names) => names,
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                if let Some(meta) = self.host.fs.lstat(real) {
                    self.block(Blocked {
                        path: dir.to_string(),
                        meta,
                        needs: Needs::List,
                    });
                }
                return;
            }
            Err(_) => return,
        };
        for name in names {
            self.seen += 1;
            if self.seen > self.limit {
                self.result.truncated = true;
                return;
            }
            if !double && !segment.matches(&name) {
                continue;
            }
            let path = join_path(dir, &name);
            let Some(meta) = self.host.fs.lstat(&join_path(real, &name)) else {
                continue;
            };
            let (real_path, meta) = if meta.kind == Kind::Symlink {
                let target = self.host.fs.resolve(&path);
                match target.steps.last() {
                    Some((p, m)) if !target.missing => (p.clone(), *m),
                    _ => continue,
                }
            } else {
                (join_path(real, &name), meta)
            };
            match meta.kind {
                Kind::File if rest.is_empty() => self.result.matched.push((path, meta)),
                // ...or one more.
                Kind::Dir
                    if double
                        && self.entered.insert((real_path.clone(), pattern.len()))
                        && self.enter(&path, &meta) =>
                {
                    self.expand(&path, &real_path, pattern)
                }
                Kind::Dir if !double && !rest.is_empty() && self.enter(&path, &meta) => {
                    self.expand(&path, &real_path, rest)
                }
                _ => {}
            }
        }
    }

    /// Whether the user can list `dir`; each one it cannot is reported.
    fn enter(&mut self, dir: &str, meta: &Meta) -> bool {
        let ok = self.host.allows(meta, Access::Search) && self.host.allows(meta, Access::Read);
        if !ok {
            self.block(Blocked {
                path: dir.to_string(),
                meta: *meta,
                needs: Needs::List,
            });
        }
        ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_segments() {
        assert!(segment_matches("*.log", "scraper_20260520.log"));
        assert!(!segment_matches("*.log", "scraper.txt"));
        assert!(segment_matches("app-?.log", "app-1.log"));
        assert!(segment_matches("[a-c]x", "bx") && !segment_matches("[!a-c]x", "bx"));
        assert!(segment_matches("*.{log,txt}", "a.txt"));
        assert!(segment_matches("\\*", "*") && !segment_matches("\\*", "a"));
    }

    #[test]
    fn braces_expand_in_order_and_nest() {
        assert_eq!(
            expand_braces("/a/{b,c/d}/*.log"),
            ["/a/b/*.log", "/a/c/d/*.log"]
        );
        assert_eq!(expand_braces("x{1,{2,3}}"), ["x1", "x2", "x3"]);
        assert_eq!(expand_braces("x\\{1,2}"), ["x\\{1,2}"]);
        assert_eq!(expand_braces("x{1,2"), ["x{1,2"]);
    }

    #[test]
    fn whole_paths_with_double_stars() {
        assert!(path_matches("/var/log/**/*.gz", "/var/log/a/b/c.gz"));
        assert!(path_matches("/var/log/**/*.gz", "/var/log/c.gz"));
        assert!(!path_matches("/var/log/*.gz", "/var/log/a/c.gz"));
        assert!(path_matches(
            "/var/log/{nginx,apache}/*.{gz,zip}",
            "/var/log/apache/x.zip"
        ));
        assert!(path_matches(
            "/tmp/logs/excluded/*.log",
            "/tmp/logs/excluded/a.log"
        ));
    }
}
