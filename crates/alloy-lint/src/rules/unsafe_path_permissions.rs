//! `unsafe-path-permissions`: paths the config reads that the user Alloy runs as cannot reach,
//! world-writable files it reads, and secret files others can read.

use super::values::{
    attribute, blocks_named, const_bool, const_string, expr_string, is_glob, object_fields,
};
use super::Context;
use crate::Finding;
use alloy_diagnostics::{declare_rule, Diagnostic, Severity, Span};
use alloy_runtime::host::{shell_path, Access, Blocked, FileAccess, Host, Kind, Meta, Needs};
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
    let Ok(host_view) = Host::new(&host.fs_root, Some(&host.run_as)) else {
        // No such user here (a workstation without an `alloy` account): nothing to compute.
        return;
    };
    let checker = Checker {
        host: host_view,
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
    host: Host,
    explicit: bool,
}

impl Checker {
    fn check(&self, t: &Target<'_>) -> Option<Diagnostic> {
        match t.wanted {
            Wanted::Glob => self.check_glob(t),
            Wanted::File { secret } => self.check_file(t, secret),
            Wanted::Dir => {
                let resolved = self.host.fs.resolve(&t.path);
                if resolved.missing {
                    return None;
                }
                self.host
                    .blocked_on_the_way(&resolved.steps, true)
                    .map(|b| self.blocked(t, &b, true))
            }
        }
    }

    fn check_file(&self, t: &Target<'_>, secret: bool) -> Option<Diagnostic> {
        let (path, meta) = match self.host.file(&t.path) {
            FileAccess::Missing => return None,
            FileAccess::Blocked(b) => return Some(self.blocked(t, &b, true)),
            FileAccess::Readable { path, meta } => (path, meta),
        };
        if secret && meta.mode & 0o004 != 0 {
            return Some(
                UNSAFE_PATH_PERMISSIONS
                    .diagnostic(format!(
                        "secret file {} of {} is readable by every user",
                        path, t.owner
                    ))
                    .with_primary(t.span, format!("{} {}", self.host.namei(&meta), path))
                    .with_help(format!("chmod o-r {}", shell_path(&path))),
            );
        }
        self.world_writable(t, &path, &meta)
    }

    fn world_writable(&self, t: &Target<'_>, path: &str, meta: &Meta) -> Option<Diagnostic> {
        (meta.kind == Kind::File && meta.mode & 0o002 != 0).then(|| {
            UNSAFE_PATH_PERMISSIONS
                .diagnostic(format!(
                    "{} of {} is world-writable: any user can change what Alloy reads",
                    path, t.owner
                ))
                .with_primary(t.span, format!("{} {}", self.host.namei(meta), path))
                .with_help(format!("chmod o-w {}", shell_path(path)))
        })
    }

    fn check_glob(&self, t: &Target<'_>) -> Option<Diagnostic> {
        let found = self.host.glob(&t.path, MAX_ENTRIES);
        let readable = found
            .matched
            .iter()
            .filter(|(_, m)| self.host.allows(m, Access::Read))
            .count();
        if let Some(b) = found.blocked.first() {
            return Some(self.blocked(t, b, readable == 0));
        }
        if let Some((path, meta)) = found
            .matched
            .iter()
            .find(|(_, m)| !self.host.allows(m, Access::Read))
        {
            let b = Blocked {
                path: path.clone(),
                meta: *meta,
                needs: Needs::Read,
            };
            return Some(self.blocked(t, &b, readable == 0));
        }
        if found.matched.is_empty() {
            return self.matches_nothing(t);
        }
        found
            .matched
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

    fn blocked(&self, t: &Target<'_>, b: &Blocked, nothing_readable: bool) -> Diagnostic {
        let mut d = UNSAFE_PATH_PERMISSIONS
            .diagnostic(format!(
                "`{}` cannot read {} for {}: {} is denied on {}",
                self.host.user_name(),
                t.path,
                t.owner,
                b.needs.describe(),
                b.path
            ))
            .with_primary(t.span, format!("{} {}", self.host.namei(&b.meta), b.path))
            .with_help(self.host.fix(b));
        if nothing_readable {
            d = d.with_severity(Severity::Error);
        }
        d
    }
}
