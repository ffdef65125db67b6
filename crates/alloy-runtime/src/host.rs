//! The host a config will run on: users and groups from `ROOT/etc/passwd` and
//! `ROOT/etc/group`, and file metadata (owner, group, mode) under a file system root. What a
//! user may read is computed from the mode bits, never probed (alloylint may run as root), so
//! `unsafe-path-permissions` and the runtime's file discovery (`alloylint explain --run-as`)
//! agree on what blocks a path: one implementation, in [`Host`]. Reading the metadata needs
//! only the passwd and group files and directory listings.

mod glob;

pub use glob::{expand_braces, is_glob, path_matches, segment_matches, GlobResult};

use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Where and as whom the paths a config reads are checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostCheck {
    /// The file system root the config's absolute paths are under (`/`, or a mounted image).
    pub fs_root: PathBuf,
    /// The user Alloy runs as.
    pub run_as: String,
    /// The root or the user was given explicitly (`--fs-root`, `--run-as`, or the config
    /// file): this is the host Alloy runs on, so a glob that matches nothing is reported.
    pub explicit: bool,
}

impl Default for HostCheck {
    fn default() -> HostCheck {
        HostCheck {
            fs_root: PathBuf::from("/"),
            run_as: "alloy".to_string(),
            explicit: false,
        }
    }
}

/// A user with every group it is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub uid: u32,
    pub gids: Vec<u32>,
}

/// The users and groups of a file system root.
#[derive(Clone, Debug, Default)]
pub struct Accounts {
    users: Vec<(String, u32, u32)>,
    groups: Vec<(String, u32, Vec<String>)>,
}

impl Accounts {
    /// Reads `ROOT/etc/passwd` and `ROOT/etc/group` (missing files: no accounts).
    pub fn load(root: &Path) -> Accounts {
        let read =
            |name: &str| std::fs::read_to_string(root.join("etc").join(name)).unwrap_or_default();
        Accounts::parse(&read("passwd"), &read("group"))
    }

    /// From the texts of a passwd and a group file.
    pub fn parse(passwd: &str, group: &str) -> Accounts {
        let fields = |line: &str| -> Vec<String> { line.split(':').map(str::to_string).collect() };
        let users = passwd
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let f = fields(l);
                Some((
                    f.first()?.clone(),
                    f.get(2)?.parse().ok()?,
                    f.get(3)?.parse().ok()?,
                ))
            })
            .collect();
        let groups = group
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let f = fields(l);
                let members = f
                    .get(3)
                    .map(|m| {
                        m.split(',')
                            .filter(|s| !s.is_empty())
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                Some((f.first()?.clone(), f.get(2)?.parse().ok()?, members))
            })
            .collect();
        Accounts { users, groups }
    }

    /// The user named `name` (or given as a number) with its primary and supplementary groups.
    pub fn user(&self, name: &str) -> Option<User> {
        let (user, uid, gid) = self
            .users
            .iter()
            .find(|(n, _, _)| n == name)
            .cloned()
            .or_else(|| {
                let uid: u32 = name.parse().ok()?;
                let entry = self.users.iter().find(|(_, u, _)| *u == uid);
                Some(entry.cloned().unwrap_or((name.to_string(), uid, uid)))
            })?;
        let mut gids = vec![gid];
        for (_, g, members) in &self.groups {
            if members.contains(&user) && !gids.contains(g) {
                gids.push(*g);
            }
        }
        Some(User {
            name: user,
            uid,
            gids,
        })
    }

    pub fn user_name(&self, uid: u32) -> String {
        self.users
            .iter()
            .find(|(_, u, _)| *u == uid)
            .map_or_else(|| uid.to_string(), |(n, _, _)| n.clone())
    }

    pub fn group_name(&self, gid: u32) -> String {
        self.groups
            .iter()
            .find(|(_, g, _)| *g == gid)
            .map_or_else(|| gid.to_string(), |(n, _, _)| n.clone())
    }
}

/// What `lstat` says about a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Meta {
    pub uid: u32,
    pub gid: u32,
    /// Permission bits (with setuid/setgid/sticky), without the file type.
    pub mode: u32,
    pub kind: Kind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Dir,
    File,
    Symlink,
    Other,
}

/// Access a user needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Search,
}

impl Meta {
    fn of(m: &std::fs::Metadata) -> Meta {
        let t = m.file_type();
        let kind = if t.is_dir() {
            Kind::Dir
        } else if t.is_file() {
            Kind::File
        } else if t.is_symlink() {
            Kind::Symlink
        } else {
            Kind::Other
        };
        Meta {
            uid: m.uid(),
            gid: m.gid(),
            mode: m.mode() & 0o7777,
            kind,
        }
    }

    /// Whether `user` has `access`, as the kernel decides from the mode bits: the owner's
    /// bits for the owner, else the group's for a member, else the others'. Root reads and
    /// searches everything.
    pub fn allows(&self, user: &User, access: Access) -> bool {
        if user.uid == 0 {
            return true;
        }
        let bit = match access {
            Access::Read => 0o4,
            Access::Search => 0o1,
        };
        let class = if user.uid == self.uid {
            6
        } else if user.gids.contains(&self.gid) {
            3
        } else {
            0
        };
        self.mode >> class & bit != 0
    }

    /// The mode as `ls -l` and `namei -l` show it (`drwxr-x---`).
    pub fn mode_string(&self) -> String {
        let mut s = String::with_capacity(10);
        s.push(match self.kind {
            Kind::Dir => 'd',
            Kind::Symlink => 'l',
            Kind::File => '-',
            Kind::Other => '?',
        });
        for (shift, special, lower, upper) in [
            (6, 0o4000, 's', 'S'),
            (3, 0o2000, 's', 'S'),
            (0, 0o1000, 't', 'T'),
        ] {
            let bits = self.mode >> shift & 7;
            s.push(if bits & 4 != 0 { 'r' } else { '-' });
            s.push(if bits & 2 != 0 { 'w' } else { '-' });
            let x = bits & 1 != 0;
            s.push(match (self.mode & special != 0, x) {
                (true, true) => lower,
                (true, false) => upper,
                (false, true) => 'x',
                (false, false) => '-',
            });
        }
        s
    }
}

/// A file system seen under a root: absolute config paths are read below it.
/// `lstat` answers are remembered: one walk of a run sees one snapshot of the tree, and the
/// thousands of paths under one directory share its ancestors.
pub struct RootedFs {
    root: PathBuf,
    seen: RefCell<HashMap<String, Option<Meta>>>,
    /// Directories resolved so far, by the path asked for.
    dirs: RefCell<HashMap<String, Rc<Resolved>>>,
}

/// Symbolic links followed while resolving one path (the kernel's limit).
const MAX_LINKS: usize = 40;

/// A path resolved component by component: each directory and the final entry with what
/// `lstat` says about it, under the name the config would see.
#[derive(Debug)]
pub struct Resolved {
    pub steps: Vec<(String, Meta)>,
    /// The path (or a directory on the way) does not exist, or a link loops.
    pub missing: bool,
}

impl RootedFs {
    pub fn new(root: impl Into<PathBuf>) -> RootedFs {
        RootedFs {
            root: root.into(),
            seen: RefCell::new(HashMap::new()),
            dirs: RefCell::new(HashMap::new()),
        }
    }

    /// [`resolve`](Self::resolve) for a directory the files of a walk share, remembered.
    pub fn resolve_dir(&self, dir: &str) -> Rc<Resolved> {
        if let Some(known) = self.dirs.borrow().get(dir) {
            return known.clone();
        }
        let resolved = Rc::new(self.resolve(dir));
        self.dirs
            .borrow_mut()
            .insert(dir.to_string(), resolved.clone());
        resolved
    }

    fn host(&self, path: &str) -> PathBuf {
        self.root.join(path.trim_start_matches('/'))
    }

    /// What `lstat` says about `path`; `None` when it cannot say (missing, or not allowed
    /// to look).
    pub fn lstat(&self, path: &str) -> Option<Meta> {
        if let Some(known) = self.seen.borrow().get(path) {
            return *known;
        }
        let meta = std::fs::symlink_metadata(self.host(path))
            .ok()
            .map(|m| Meta::of(&m));
        self.seen.borrow_mut().insert(path.to_string(), meta);
        meta
    }

    /// Names in a directory (a listing: no file is opened).
    pub fn list(&self, dir: &str) -> io::Result<Vec<String>> {
        let mut names: Vec<String> = std::fs::read_dir(self.host(dir))?
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        names.sort();
        Ok(names)
    }

    /// Resolves an absolute path from `/`, following symbolic links inside the root.
    pub fn resolve(&self, path: &str) -> Resolved {
        let mut pending: std::collections::VecDeque<String> = path
            .split('/')
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect();
        let mut steps = Vec::new();
        match self.lstat("/") {
            Some(m) => steps.push(("/".to_string(), m)),
            None => {
                return Resolved {
                    steps,
                    missing: true,
                }
            }
        }
        let mut current = String::new();
        let mut links = 0;
        while let Some(c) = pending.pop_front() {
            match c.as_str() {
                "." => continue,
                ".." => {
                    if let Some(i) = current.rfind('/') {
                        current.truncate(i);
                    }
                    continue;
                }
                _ => {}
            }
            let next = format!("{current}/{c}");
            let meta = match self.lstat(&next) {
                Some(m) => m,
                None => {
                    return Resolved {
                        steps,
                        missing: true,
                    }
                }
            };
            if meta.kind == Kind::Symlink {
                links += 1;
                let Ok(target) = std::fs::read_link(self.host(&next)) else {
                    return Resolved {
                        steps,
                        missing: true,
                    };
                };
                if links > MAX_LINKS {
                    return Resolved {
                        steps,
                        missing: true,
                    };
                }
                let target = target.to_string_lossy().into_owned();
                if target.starts_with('/') {
                    current.clear();
                }
                for part in target.split('/').filter(|p| !p.is_empty()).rev() {
                    pending.push_front(part.to_string());
                }
                continue;
            }
            steps.push((next.clone(), meta));
            current = next;
        }
        Resolved {
            steps,
            missing: false,
        }
    }
}

/// What a user lacks on a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Needs {
    /// Search (`x`) on a directory on the way.
    Search,
    /// List (`r`) and search (`x`) on a directory whose entries are read.
    List,
    /// Read (`r`) on a file.
    Read,
}

impl Needs {
    /// The mode bits, as `setfacl` and `chmod` take them.
    pub fn bits(self) -> &'static str {
        match self {
            Needs::Search => "x",
            Needs::List => "rx",
            Needs::Read => "r",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Needs::Search => "search (x)",
            Needs::List => "list (r) and search (x)",
            Needs::Read => "read (r)",
        }
    }
}

/// The path that stops a user, what `lstat` says about it and what the user lacks there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Blocked {
    pub path: String,
    pub meta: Meta,
    pub needs: Needs,
}

/// What reading one file takes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileAccess {
    /// The file (or a directory on the way) does not exist, or a link loops.
    Missing,
    Blocked(Blocked),
    /// The user can read it: its path with links resolved, and its metadata.
    Readable {
        path: String,
        meta: Meta,
    },
}

/// The host as the user Alloy runs as sees it. Without a user, permissions are what the
/// process itself meets (listings that fail are reported as blocking).
pub struct Host {
    pub fs: RootedFs,
    pub accounts: Accounts,
    pub user: Option<User>,
}

impl Host {
    /// The host under `fs_root`, seen by `run_as` (looked up in `fs_root/etc/passwd`).
    pub fn new(fs_root: &Path, run_as: Option<&str>) -> Result<Host, String> {
        let accounts = Accounts::load(fs_root);
        let user = match run_as {
            None => None,
            Some(name) => Some(accounts.user(name).ok_or_else(|| {
                format!("no user {name} in {}", fs_root.join("etc/passwd").display())
            })?),
        };
        Ok(Host {
            fs: RootedFs::new(fs_root),
            accounts,
            user,
        })
    }

    /// The host under `fs_root` seen by the process itself.
    pub fn unchecked(fs_root: &Path) -> Host {
        Host {
            fs: RootedFs::new(fs_root),
            accounts: Accounts::load(fs_root),
            user: None,
        }
    }

    pub fn allows(&self, meta: &Meta, access: Access) -> bool {
        self.user.as_ref().is_none_or(|u| meta.allows(u, access))
    }

    /// The first directory of `steps` (a resolved path) the user cannot search; the last step
    /// is the target, which needs list and search when `list`, nothing otherwise.
    pub fn blocked_on_the_way(&self, steps: &[(String, Meta)], list: bool) -> Option<Blocked> {
        let last = steps.len().saturating_sub(1);
        for (i, (path, meta)) in steps.iter().enumerate() {
            let search = self.allows(meta, Access::Search);
            let needs = if i == last && list {
                if search && self.allows(meta, Access::Read) {
                    continue;
                }
                Needs::List
            } else if i < last && !search {
                Needs::Search
            } else {
                continue;
            };
            return Some(Blocked {
                path: path.clone(),
                meta: *meta,
                needs,
            });
        }
        None
    }

    /// Whether the user can read the file at `path` (links followed inside the root).
    pub fn file(&self, path: &str) -> FileAccess {
        // The files of a directory share its resolution; only a link at the end needs the
        // whole walk below.
        let split = path
            .rsplit_once('/')
            .filter(|(_, name)| !matches!(*name, "" | "." | ".."));
        if let Some((dir, name)) = split {
            let parent = self.fs.resolve_dir(if dir.is_empty() { "/" } else { dir });
            if parent.missing {
                return FileAccess::Missing;
            }
            if let Some((dir, meta)) = parent
                .steps
                .iter()
                .find(|(_, m)| !self.allows(m, Access::Search))
            {
                return FileAccess::Blocked(Blocked {
                    path: dir.clone(),
                    meta: *meta,
                    needs: Needs::Search,
                });
            }
            let Some((real_dir, _)) = parent.steps.last() else {
                return FileAccess::Missing;
            };
            let real = join_path(real_dir, name);
            match self.fs.lstat(&real) {
                None => return FileAccess::Missing,
                Some(meta) if meta.kind != Kind::Symlink => return self.readable(real, meta),
                Some(_) => {}
            }
        }
        let resolved = self.fs.resolve(path);
        if resolved.missing {
            return FileAccess::Missing;
        }
        if let Some(b) = self.blocked_on_the_way(&resolved.steps, false) {
            return FileAccess::Blocked(b);
        }
        match resolved.steps.last() {
            Some((real, meta)) => self.readable(real.clone(), *meta),
            None => FileAccess::Missing,
        }
    }

    /// A file reached: readable unless its mode says otherwise.
    fn readable(&self, path: String, meta: Meta) -> FileAccess {
        if meta.kind == Kind::File && !self.allows(&meta, Access::Read) {
            return FileAccess::Blocked(Blocked {
                path,
                meta,
                needs: Needs::Read,
            });
        }
        FileAccess::Readable { path, meta }
    }

    /// Mode, owner and group as `namei -l` prints them (`drwx------ runner runner`).
    pub fn namei(&self, meta: &Meta) -> String {
        format!(
            "{} {} {}",
            meta.mode_string(),
            self.accounts.user_name(meta.uid),
            self.accounts.group_name(meta.gid)
        )
    }

    /// The name the fix commands give the user.
    pub fn user_name(&self) -> String {
        match &self.user {
            Some(u) => u.name.clone(),
            None => "the user Alloy runs as".to_string(),
        }
    }

    /// The commands that let the user through `b`.
    pub fn fix(&self, b: &Blocked) -> String {
        let path = shell_path(&b.path);
        let bits = b.needs.bits();
        let Some(user) = &self.user else {
            return format!("chmod o+{bits} {path}");
        };
        let user = &user.name;
        if b.meta.gid == 0 {
            format!("setfacl -m u:{user}:{bits} {path} (or chmod o+{bits} {path})")
        } else {
            format!(
                "setfacl -m u:{user}:{bits} {path} (or chmod o+{bits} {path}, or add {user} to group {})",
                self.accounts.group_name(b.meta.gid)
            )
        }
    }
}

/// `dir/name` for a config path (`/name` under the root).
pub(crate) fn join_path(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// Shell-quotes a path for a suggested command.
pub fn shell_path(path: &str) -> String {
    if path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-+@%:".contains(&b))
    {
        path.to_string()
    } else {
        format!("'{}'", path.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn users_groups_and_mode_bits() {
        let accounts = Accounts::parse(
            "root:x:0:0::/root:/bin/sh\nalloy:x:473:473::/var/lib/alloy:/sbin/nologin\n",
            "root:x:0:\nalloy:x:473:\nadm:x:4:syslog,alloy\n",
        );
        let alloy = accounts.user("alloy").expect("alloy");
        assert_eq!((alloy.uid, alloy.gids.clone()), (473, vec![473, 4]));
        assert!(accounts.user("nobody").is_none());
        assert_eq!(accounts.user("1000").map(|u| u.uid), Some(1000));
        let dir = |uid, gid, mode| Meta {
            uid,
            gid,
            mode,
            kind: Kind::Dir,
        };
        // Owner bits only for the owner, even when others may.
        assert!(!dir(473, 0, 0o077).allows(&alloy, Access::Search));
        assert!(dir(1, 4, 0o750).allows(&alloy, Access::Search));
        assert!(!dir(1, 1, 0o750).allows(&alloy, Access::Search));
        assert!(dir(1, 1, 0o711).allows(&alloy, Access::Search));
        assert!(!dir(1, 1, 0o711).allows(&alloy, Access::Read));
        let root = accounts.user("root").expect("root");
        assert!(dir(1, 1, 0o700).allows(&root, Access::Read));
        assert_eq!(dir(0, 0, 0o1777).mode_string(), "drwxrwxrwt");
        assert_eq!(
            Meta {
                kind: Kind::File,
                ..dir(0, 0, 0o640)
            }
            .mode_string(),
            "-rw-r-----"
        );
        assert_eq!(shell_path("/var/log/a b"), "'/var/log/a b'");
    }
}
