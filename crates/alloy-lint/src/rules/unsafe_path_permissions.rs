//! `unsafe-path-permissions`: paths the config reads that the user Alloy runs as cannot reach,
//! world-writable files it reads, and secret files others can read.

use super::values::{
    attribute, blocks_named, const_bool, const_string, expr_string, is_glob, object_fields,
};
use super::Context;
use crate::host::{shell_path, Access, Accounts, Kind, Meta, RootedFs, User};
use crate::Finding;
use alloy_diagnostics::{declare_rule, Diagnostic, Severity, Span};
use alloy_semantic::NodeStatus;
use alloy_syntax::ast::ExprKind;

declare_rule! {
    /// ## What it does
    /// For every literal path or glob the config reads (`local.file_match` and
    /// `loki.source.file` `__path__` targets, `local.file` `filename`, `loki.source.journal`
    /// `path`, `legacy_positions_file`), walks from `/` (or `--fs-root DIR`) and checks, for
    /// the user Alloy runs as (`alloy` unless `--run-as` or `run-as` in `.alloylint.toml`
    /// says otherwise; its uid and groups from `ROOT/etc/passwd` and `ROOT/etc/group`),
    /// search permission on every directory, read permission on the directory a glob lists
    /// and on every file it matches. It reports the first directory that blocks, with its
    /// owner, group and mode as `namei -l` shows them, and the command that fixes it; files
    /// the config reads that anyone may write; and secret files (`local.file` with
    /// `is_secret = true`) that anyone may read.
    ///
    /// Only metadata is read (the files are never opened), and permissions are computed from
    /// the mode bits for that user, so it works the same when alloylint runs as root. ACLs
    /// are not read. A missing path is no finding, unless `--fs-root` or `--run-as` says this
    /// is the host Alloy runs on: then a glob that matches nothing is a warning.
    ///
    /// ## Why
    /// Alloy tails nothing from a directory it cannot enter, and says so only in its own
    /// debug logs: a parent directory of mode 0700 owned by the job's user costs an hour with
    /// `namei -l`.
    ///
    /// ## Example
    /// ```text
    /// $ namei -l /opt/jobs/logs
    /// dr-xr-xr-x root   root   /
    /// drwxr-xr-x root   root   opt
    /// drwx------ runner runner jobs
    /// ```
    ///
    /// With that tree, `local.file_match` with `__path__ = "/opt/jobs/logs/*.log"` is reported:
    /// `alloy` cannot search `/opt/jobs`.
    ///
    /// ## Fix
    /// Give the user what it lacks on the directory the message names: `setfacl -m u:alloy:x
    /// DIR` (or `rx` on the directory a glob lists), or `chmod o+x DIR`, or add the user to
    /// the directory's group (`usermod -aG GROUP alloy`). Severity is an error when nothing
    /// the path names can be read, a warning otherwise.
    pub static UNSAFE_PATH_PERMISSIONS = Rule {
        name: "unsafe-path-permissions",
        category: Security,
        severity: Warning,
        alloy_rejects: false,
        fix: None,
        summary: "a path the config reads that Alloy's user cannot reach, or a file with unsafe permissions",
    };
}

/// Entries looked at while expanding one glob.
const MAX_ENTRIES: usize = 20_000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Wanted {
    /// Files matching a glob.
    Glob,
    /// One file.
    File { secret: bool },
    /// A directory whose contents are read (the journal).
    Dir,
}

struct Target<'a> {
    file: usize,
    span: Span,
    path: String,
    wanted: Wanted,
    owner: &'a str,
}

pub(crate) fn check(ctx: &Context<'_, '_>, out: &mut Vec<Finding>) {
    let Some(host) = &ctx.options.host else {
        return;
    };
    let accounts = Accounts::load(&host.fs_root);
    let Some(user) = accounts.user(&host.run_as) else {
        // No such user here (a workstation without an `alloy` account): nothing to compute.
        return;
    };
    let checker = Checker {
        fs: RootedFs::new(&host.fs_root),
        accounts,
        user,
        explicit: host.explicit,
    };
    for target in targets(ctx) {
        if let Some(d) = checker.check(&target) {
            out.push(Finding {
                file: target.file,
                diagnostic: d,
            });
        }
    }
}

/// Every literal path the config reads.
fn targets<'c>(ctx: &'c Context<'_, '_>) -> Vec<Target<'c>> {
    let mut out = Vec::new();
    for node in ctx
        .model
        .nodes
        .iter()
        .filter(|n| n.status == NodeStatus::Ok)
    {
        let Some(name) = (match node.kind {
            alloy_semantic::NodeKind::Builtin(c) => Some(c.name),
            _ => None,
        }) else {
            continue;
        };
        let block = node.block;
        let mut push = |span: Span, path: String, wanted: Wanted| {
            if path.starts_with('/') {
                out.push(Target {
                    file: node.file,
                    span,
                    path,
                    wanted,
                    owner: node.id.as_str(),
                });
            }
        };
        let path_targets = match name {
            "local.file_match" => attribute(block, "path_targets"),
            "loki.source.file" => attribute(block, "targets"),
            _ => None,
        };
        if let Some(ExprKind::Array { elems, .. }) = path_targets.map(|a| &a.value.kind) {
            for target in elems {
                for f in object_fields(target).unwrap_or_default() {
                    if f.key == "__path__" {
                        if let Some(p) = expr_string(&f.value) {
                            let wanted = if is_glob(&p) {
                                Wanted::Glob
                            } else {
                                Wanted::File { secret: false }
                            };
                            push(f.value.span(), p, wanted);
                        }
                    }
                }
            }
        }
        match name {
            "local.file" => {
                if let (Some(a), Some(p)) = (
                    attribute(block, "filename"),
                    const_string(block, "filename"),
                ) {
                    let secret = const_bool(block, "is_secret") == Some(true);
                    push(a.value.span(), p, Wanted::File { secret });
                }
            }
            "loki.source.journal" => {
                if let (Some(a), Some(p)) = (attribute(block, "path"), const_string(block, "path"))
                {
                    push(a.value.span(), p, Wanted::Dir);
                }
            }
            _ => {}
        }
        for holder in std::iter::once(block).chain(blocks_named(block, "legacy_position")) {
            if let (Some(a), Some(p)) = (
                attribute(holder, "legacy_positions_file"),
                const_string(holder, "legacy_positions_file"),
            ) {
                push(a.value.span(), p, Wanted::File { secret: false });
            }
        }
    }
    out
}

struct Checker {
    fs: RootedFs,
    accounts: Accounts,
    user: User,
    explicit: bool,
}

/// Why a path cannot be read.
struct Blocked {
    dir: String,
    meta: Meta,
    needs: &'static str,
}

impl Checker {
    fn check(&self, t: &Target<'_>) -> Option<Diagnostic> {
        match t.wanted {
            Wanted::Glob => self.check_glob(t),
            Wanted::File { secret } => self.check_file(t, secret),
            Wanted::Dir => {
                let resolved = self.fs.resolve(&t.path);
                if resolved.missing {
                    return None;
                }
                self.blocked_on_the_way(&resolved.steps, true)
                    .map(|b| self.blocked(t, &b, true))
            }
        }
    }

    /// The first directory of `steps` the user cannot search (the last step is the target:
    /// it needs read and search when `list`, nothing otherwise).
    fn blocked_on_the_way(&self, steps: &[(String, Meta)], list: bool) -> Option<Blocked> {
        let last = steps.len().saturating_sub(1);
        for (i, (dir, meta)) in steps.iter().enumerate() {
            if (i < last || list) && !meta.allows(&self.user, Access::Search) {
                return Some(Blocked {
                    dir: dir.clone(),
                    meta: *meta,
                    needs: "x",
                });
            }
            if i == last && list && !meta.allows(&self.user, Access::Read) {
                return Some(Blocked {
                    dir: dir.clone(),
                    meta: *meta,
                    needs: "rx",
                });
            }
        }
        None
    }

    fn check_file(&self, t: &Target<'_>, secret: bool) -> Option<Diagnostic> {
        let resolved = self.fs.resolve(&t.path);
        if resolved.missing {
            return None;
        }
        let steps = &resolved.steps;
        if let Some(b) = self.blocked_on_the_way(steps, false) {
            return Some(self.blocked(t, &b, true));
        }
        let (path, meta) = steps.last()?;
        if meta.kind == Kind::File && !meta.allows(&self.user, Access::Read) {
            return Some(self.blocked(
                t,
                &Blocked {
                    dir: path.clone(),
                    meta: *meta,
                    needs: "r",
                },
                true,
            ));
        }
        if secret && meta.mode & 0o004 != 0 {
            return Some(
                UNSAFE_PATH_PERMISSIONS
                    .diagnostic(format!(
                        "secret file {} of {} is readable by every user",
                        path, t.owner
                    ))
                    .with_primary(t.span, format!("{} {}", self.namei(meta), path))
                    .with_help(format!("chmod o-r {}", shell_path(path))),
            );
        }
        self.world_writable(t, path, meta)
    }

    fn world_writable(&self, t: &Target<'_>, path: &str, meta: &Meta) -> Option<Diagnostic> {
        (meta.kind == Kind::File && meta.mode & 0o002 != 0).then(|| {
            UNSAFE_PATH_PERMISSIONS
                .diagnostic(format!(
                    "{} of {} is world-writable: any user can change what Alloy reads",
                    path, t.owner
                ))
                .with_primary(t.span, format!("{} {}", self.namei(meta), path))
                .with_help(format!("chmod o-w {}", shell_path(path)))
        })
    }

    fn check_glob(&self, t: &Target<'_>) -> Option<Diagnostic> {
        let segments: Vec<&str> = t.path.split('/').filter(|s| !s.is_empty()).collect();
        let literal = segments.iter().take_while(|s| !is_glob(s)).count();
        let base = format!("/{}", segments[..literal].join("/"));
        let resolved = self.fs.resolve(&base);
        if resolved.missing {
            return self.matches_nothing(t);
        }
        if let Some(b) = self.blocked_on_the_way(&resolved.steps, true) {
            return Some(self.blocked(t, &b, true));
        }
        let real_base = resolved
            .steps
            .last()
            .map_or("/".to_string(), |(p, _)| p.clone());
        let mut walk = GlobWalk {
            checker: self,
            seen: 0,
            matched: Vec::new(),
            blocked: None,
        };
        walk.expand(&real_base, &segments[literal..]);
        let readable = walk
            .matched
            .iter()
            .filter(|(_, m)| m.allows(&self.user, Access::Read))
            .count();
        if let Some(b) = walk.blocked {
            return Some(self.blocked(t, &b, readable == 0));
        }
        if let Some((path, meta)) = walk
            .matched
            .iter()
            .find(|(_, m)| !m.allows(&self.user, Access::Read))
        {
            let b = Blocked {
                dir: path.clone(),
                meta: *meta,
                needs: "r",
            };
            return Some(self.blocked(t, &b, readable == 0));
        }
        if walk.matched.is_empty() {
            return self.matches_nothing(t);
        }
        walk.matched
            .iter()
            .find_map(|(path, meta)| self.world_writable(t, path, meta))
    }

    fn matches_nothing(&self, t: &Target<'_>) -> Option<Diagnostic> {
        self.explicit.then(|| {
            UNSAFE_PATH_PERMISSIONS
                .diagnostic(format!(
                    "`{}` of {} matches no file on this host: Alloy will tail nothing",
                    t.path, t.owner
                ))
                .with_primary(t.span, "no match")
                .with_help("check the path, or that the files exist where Alloy runs")
        })
    }

    fn namei(&self, meta: &Meta) -> String {
        format!(
            "{} {} {}",
            meta.mode_string(),
            self.accounts.user_name(meta.uid),
            self.accounts.group_name(meta.gid)
        )
    }

    fn blocked(&self, t: &Target<'_>, b: &Blocked, nothing_readable: bool) -> Diagnostic {
        let user = &self.user.name;
        let what = match b.needs {
            "x" => "search (x)",
            "rx" => "list (r) and search (x)",
            _ => "read (r)",
        };
        let path = shell_path(&b.dir);
        let others = match b.needs {
            "x" => "o+x",
            "rx" => "o+rx",
            _ => "o+r",
        };
        let mut d = UNSAFE_PATH_PERMISSIONS
            .diagnostic(format!(
                "`{user}` cannot read {} for {}: {what} is denied on {}",
                t.path, t.owner, b.dir
            ))
            .with_primary(t.span, format!("{} {}", self.namei(&b.meta), b.dir))
            .with_help(if b.meta.gid == 0 {
                format!("setfacl -m u:{user}:{} {path} (or chmod {others} {path})", b.needs)
            } else {
                format!(
                    "setfacl -m u:{user}:{} {path} (or chmod {others} {path}, or add {user} to group {})",
                    b.needs,
                    self.accounts.group_name(b.meta.gid)
                )
            });
        if nothing_readable {
            d = d.with_severity(Severity::Error);
        }
        d
    }
}

struct GlobWalk<'c> {
    checker: &'c Checker,
    seen: usize,
    matched: Vec<(String, Meta)>,
    blocked: Option<Blocked>,
}

impl GlobWalk<'_> {
    /// Matches `pattern` (path segments) below directory `dir`, which the user can list.
    fn expand(&mut self, dir: &str, pattern: &[&str]) {
        let Some((first, rest)) = pattern.split_first() else {
            return;
        };
        let Ok(names) = self.checker.fs.list(dir) else {
            return;
        };
        if *first == "**" {
            // Zero directories...
            self.expand(dir, rest);
        }
        for name in names {
            self.seen += 1;
            if self.seen > MAX_ENTRIES || self.blocked.is_some() {
                return;
            }
            let path = if dir == "/" {
                format!("/{name}")
            } else {
                format!("{dir}/{name}")
            };
            let Ok(meta) = self.checker.fs.lstat(&path) else {
                continue;
            };
            let meta = if meta.kind == Kind::Symlink {
                match self.checker.fs.resolve(&path).steps.last() {
                    Some((_, m)) => *m,
                    None => continue,
                }
            } else {
                meta
            };
            if *first == "**" {
                if meta.kind == Kind::Dir && self.enter(&path, &meta) {
                    // ...or one more.
                    self.expand(&path, pattern);
                }
                continue;
            }
            if !segment_matches(first, &name) {
                continue;
            }
            if rest.is_empty() {
                if meta.kind == Kind::File {
                    self.matched.push((path, meta));
                }
            } else if meta.kind == Kind::Dir && self.enter(&path, &meta) {
                self.expand(&path, rest);
            }
        }
    }

    /// Whether the user can list `dir`; the first one it cannot is the finding.
    fn enter(&mut self, dir: &str, meta: &Meta) -> bool {
        let user = &self.checker.user;
        let ok = meta.allows(user, Access::Search) && meta.allows(user, Access::Read);
        if !ok && self.blocked.is_none() {
            self.blocked = Some(Blocked {
                dir: dir.to_string(),
                meta: *meta,
                needs: "rx",
            });
        }
        ok
    }
}

/// One path segment against one glob segment: `*`, `?`, `[...]` (`!`/`^` negates, ranges),
/// `{a,b}` alternatives and `\` escapes, as doublestar matches them.
fn segment_matches(pattern: &str, name: &str) -> bool {
    if let Some(open) = pattern.find('{') {
        if let Some(close) = pattern[open..].find('}').map(|c| open + c) {
            let (head, tail) = (&pattern[..open], &pattern[close + 1..]);
            return pattern[open + 1..close]
                .split(',')
                .any(|alt| segment_matches(&format!("{head}{alt}{tail}"), name));
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    wildcard(&p, &n)
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

#[cfg(test)]
mod tests {
    use super::segment_matches;

    #[test]
    fn glob_segments() {
        assert!(segment_matches("*.log", "scraper_20260520.log"));
        assert!(!segment_matches("*.log", "scraper.txt"));
        assert!(segment_matches("app-?.log", "app-1.log"));
        assert!(segment_matches("[a-c]x", "bx") && !segment_matches("[!a-c]x", "bx"));
        assert!(segment_matches("*.{log,txt}", "a.txt"));
        assert!(segment_matches("\\*", "*") && !segment_matches("\\*", "a"));
    }
}
