//! Finding the articles of an archive, one at a time so memory stays flat: folders are walked
//! depth-first in byte order of names (deterministic on every file system), explicit files and
//! `--files-from` lines are taken as listed. The exports of one article (`2960.pdf`,
//! `2960.txt` in one folder) are grouped into one [`Job`], PDF first.

use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::ffi::{OsStr, OsString};
use std::io::{BufRead, Read};
use std::path::{Component, Path, PathBuf};

/// Extensions of the journal's exports, in order of preference: the PDF carries what the
/// text export lacks (title, byline, styles), the text export is the fallback.
pub const EXPORTS: &[&str] = &["pdf", "txt"];

/// Deepest folder nesting walked; deeper folders are reported, not entered.
const MAX_DEPTH: usize = 128;

/// One article to convert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The article's folder relative to its input root: only normal components, so that
    /// `OUT.join(rel_dir)` can never leave `OUT`.
    pub rel_dir: PathBuf,
    /// The file name without the export extension (`2960`).
    pub stem: OsString,
    /// The export files to try, in order of preference.
    pub inputs: Vec<PathBuf>,
}

impl Job {
    /// The article's identity: its relative path without extension, `/`-separated
    /// (`2020/v13/i22/2960`). Shards, the manifest and `--meta-csv` rows key on it.
    pub fn key(&self) -> String {
        key_of(&self.rel_dir, &self.stem)
    }

    /// Where the output in a format with extension `ext` goes under `out`.
    pub fn output(&self, out: &Path, ext: &str) -> PathBuf {
        let mut name = self.stem.clone();
        name.push(".");
        name.push(ext);
        out.join(&self.rel_dir).join(name)
    }
}

/// What the walk yields: an article, or a path it could not use (and why).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// An article to convert.
    Article(Job),
    /// A path that cannot be converted: unreadable folder, a listed path that leaves its
    /// root, a missing listed file. Reported as a failure.
    Bad {
        /// The path, as found or listed.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A path left alone on purpose (a symlink leading out of the tree): reported as skipped.
    Ignored {
        /// The path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

impl Item {
    /// The key the shard filter hashes: the article key, or the path for the others.
    pub fn shard_key(&self) -> String {
        match self {
            Item::Article(j) => j.key(),
            Item::Bad { path, .. } | Item::Ignored { path, .. } => {
                path.to_string_lossy().into_owned()
            }
        }
    }
}

/// `rel_dir/stem` with `/` separators.
pub fn key_of(rel_dir: &Path, stem: &OsStr) -> String {
    let mut parts: Vec<String> = rel_dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.push(stem.to_string_lossy().into_owned());
    parts.join("/")
}

/// The export extension of a file name (`pdf`, `txt`, any case), with the stem.
fn export_parts(name: &OsStr) -> Option<(OsString, &'static str)> {
    let p = Path::new(name);
    let ext = p.extension()?.to_str()?.to_ascii_lowercase();
    let known = EXPORTS.iter().find(|e| **e == ext)?;
    Some((p.file_stem()?.to_os_string(), known))
}

/// Names we never treat as input: hidden files (our manifest and temporary files among them).
fn hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// All the articles named by `inputs` (folders walked, files taken as given) and then by the
/// `--files-from` list, lazily. `skip` is a folder never entered (the output folder when it
/// lies inside an input).
pub fn items(
    inputs: Vec<PathBuf>,
    files_from: Option<Box<dyn BufRead + Send>>,
    list_root: Option<PathBuf>,
    skip: Option<PathBuf>,
) -> impl Iterator<Item = Item> + Send {
    // One folder cannot name an article twice; several inputs or a list can.
    let mut seen = (inputs.len() > 1 || files_from.is_some()).then(Seen::default);
    let roots =
        inputs
            .into_iter()
            .flat_map(move |input| -> Box<dyn Iterator<Item = Item> + Send> {
                if input.is_dir() {
                    Box::new(Walk::new(input, skip.clone()))
                } else {
                    let name = input.file_name().map(PathBuf::from).unwrap_or_default();
                    Box::new(std::iter::once(explicit(&input, &name)))
                }
            });
    let listed = files_from
        .into_iter()
        .flat_map(|r| ListLines { reader: r })
        .map(move |line| match line {
            Ok(line) => listed_item(&line, list_root.as_deref()),
            Err(reason) => Item::Bad {
                path: "--files-from".into(),
                reason,
            },
        });
    roots
        .chain(listed)
        .filter_map(move |item| match seen.as_mut() {
            Some(s) => s.check(item),
            None => Some(item),
        })
}

/// Longest `--files-from` line accepted (far beyond any real path).
const MAX_LIST_LINE: u64 = 64 * 1024;

/// The non-empty lines of a `--files-from` list (`\n` or `\r\n`), each read with a bound so
/// that a list without newlines cannot exhaust memory.
struct ListLines {
    reader: Box<dyn BufRead + Send>,
}

impl Iterator for ListLines {
    type Item = Result<String, String>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut buf = Vec::new();
            match (&mut self.reader)
                .take(MAX_LIST_LINE)
                .read_until(b'\n', &mut buf)
            {
                Ok(0) => return None,
                Err(e) => return Some(Err(e.to_string())),
                Ok(_) => {}
            }
            if buf.last() != Some(&b'\n') && buf.len() as u64 >= MAX_LIST_LINE {
                let mut rest = Vec::new();
                // Skip the rest of the line in bounded pieces.
                while let Ok(n) = (&mut self.reader)
                    .take(MAX_LIST_LINE)
                    .read_until(b'\n', &mut rest)
                {
                    if n == 0 || rest.last() == Some(&b'\n') {
                        break;
                    }
                    rest.clear();
                }
                return Some(Err(format!(
                    "a line longer than {MAX_LIST_LINE} bytes: not a path"
                )));
            }
            let line = String::from_utf8_lossy(&buf);
            let line = line.trim_end_matches('\n').trim_end_matches('\r');
            if !line.trim().is_empty() {
                return Some(Ok(line.to_string()));
            }
        }
    }
}

/// Remembers the articles named so far when several inputs or a list could name one twice:
/// `a.pdf` and `a.txt` both listed are one article (the second naming is dropped), while two
/// different files that would write the same outputs are an error, not a silent overwrite.
/// Holds two 16-byte hashes per article, not the paths.
#[derive(Default)]
struct Seen(HashMap<[u8; 16], [u8; 16]>);

fn id16(parts: &[&[u8]]) -> [u8; 16] {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    let mut id = [0u8; 16];
    id.copy_from_slice(&h.finalize()[..16]);
    id
}

impl Seen {
    fn check(&mut self, item: Item) -> Option<Item> {
        let Item::Article(job) = &item else {
            return Some(item);
        };
        let key = id16(&[job.key().as_bytes()]);
        let first = job
            .inputs
            .first()
            .map(|p| p.as_path())
            .unwrap_or(Path::new(""));
        let dir = first.parent().unwrap_or(Path::new(""));
        let place = id16(&[
            dir.as_os_str().as_encoded_bytes(),
            job.stem.as_encoded_bytes(),
        ]);
        match self.0.get(&key) {
            None => {
                self.0.insert(key, place);
                Some(item)
            }
            Some(p) if *p == place => None,
            Some(_) => Some(Item::Bad {
                path: first.to_path_buf(),
                reason: format!(
                    "an earlier input has the same relative path ({}): its outputs would be overwritten",
                    job.key()
                ),
            }),
        }
    }
}

/// A `--files-from` line: relative to `root` (the single INPUT folder) when given, else to the
/// current folder; its output mirrors the path as listed. With an INPUT folder one rule holds
/// for every line: the file must be inside the folder — a relative path may not climb out
/// (`..`) and an absolute one must start with the folder.
fn listed_item(line: &str, root: Option<&Path>) -> Item {
    let listed = PathBuf::from(line);
    let (actual, rel) = match root {
        Some(r) if listed.is_absolute() => match listed.strip_prefix(r) {
            Ok(rel) => (listed.clone(), rel.to_path_buf()),
            Err(_) => {
                return Item::Bad {
                    path: listed,
                    reason: format!(
                        "not inside the INPUT folder {}: with an INPUT folder, --files-from lists files in it",
                        r.display()
                    ),
                }
            }
        },
        Some(r) => (r.join(&listed), listed.clone()),
        None => (listed.clone(), listed.clone()),
    };
    explicit(&actual, &rel)
}

/// An article named by one of its export files; `rel` is the path its outputs mirror.
fn explicit(actual: &Path, rel: &Path) -> Item {
    let Some(rel) = safe_relative(rel) else {
        return Item::Bad {
            path: actual.to_path_buf(),
            reason: "the path leaves its input folder (`..`): its outputs would escape --out"
                .into(),
        };
    };
    if !actual.is_file() {
        let reason = match std::fs::metadata(actual) {
            Ok(_) => "not a file".to_string(),
            Err(e) => e.to_string(),
        };
        return Item::Bad {
            path: actual.to_path_buf(),
            reason,
        };
    }
    let (Some(name), Some(rel_name)) = (actual.file_name(), rel.file_name()) else {
        return Item::Bad {
            path: actual.to_path_buf(),
            reason: "no file name".into(),
        };
    };
    let rel_dir = rel.parent().map(Path::to_path_buf).unwrap_or_default();
    let Some((stem, ext)) = export_parts(name) else {
        // Named explicitly but not `.pdf`/`.txt`: converted alone, kind sniffed from content.
        let stem = Path::new(rel_name)
            .file_stem()
            .unwrap_or(rel_name)
            .to_os_string();
        return Item::Article(Job {
            rel_dir,
            stem,
            inputs: vec![actual.to_path_buf()],
        });
    };
    let dir = actual.parent().unwrap_or(Path::new(""));
    let mut inputs = Vec::new();
    for e in EXPORTS {
        if *e == ext {
            inputs.push(actual.to_path_buf());
        } else if let Some(sibling) = sibling(dir, &stem, e) {
            inputs.push(sibling);
        }
    }
    let rel_stem = export_parts(rel_name).map(|(s, _)| s).unwrap_or(stem);
    Item::Article(Job {
        rel_dir,
        stem: rel_stem,
        inputs,
    })
}

/// The other export of the same article, `STEM.EXT` in any case of the extension.
fn sibling(dir: &Path, stem: &OsStr, ext: &str) -> Option<PathBuf> {
    [ext.to_string(), ext.to_ascii_uppercase()]
        .iter()
        .find_map(|e| {
            let mut name = stem.to_os_string();
            name.push(".");
            name.push(e);
            let p = dir.join(name);
            p.is_file().then_some(p)
        })
}

/// `rel` with `.` dropped and any root dropped (an absolute listed path mirrors under OUT);
/// `None` when it has `..`, which could climb out of OUT.
pub fn safe_relative(rel: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in rel.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::CurDir | Component::RootDir | Component::Prefix(_) => {}
            Component::ParentDir => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// A depth-first walk of one input folder. Each folder is read once, its entries sorted; its
/// articles are yielded before its subfolders are entered. Only the open folders' entries are
/// held, never the whole tree.
pub struct Walk {
    root: PathBuf,
    /// Canonical root: a symlinked file is followed only when its target lies inside it.
    canon_root: Option<PathBuf>,
    skip: Option<PathBuf>,
    /// Folders still to enter, as paths relative to the root, in order.
    pending: Vec<PathBuf>,
    /// What the last folder read yielded, not yet handed out.
    ready: VecDeque<Item>,
}

impl Walk {
    /// Walks `root`; `skip` (canonical) is never entered.
    pub fn new(root: PathBuf, skip: Option<PathBuf>) -> Walk {
        let canon_root = std::fs::canonicalize(&root).ok();
        Walk {
            root,
            canon_root,
            skip,
            pending: vec![PathBuf::new()],
            ready: VecDeque::new(),
        }
    }

    /// Reads one folder: its articles go to `ready`, its subfolders (in order) onto `pending`.
    fn read_folder(&mut self, rel: PathBuf) {
        let dir = self.root.join(&rel);
        // OUT inside the archive is not walked; OUT the archive itself (in place) is.
        let nested = !rel.as_os_str().is_empty();
        if nested && self.skip.is_some() && std::fs::canonicalize(&dir).ok() == self.skip {
            return;
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                self.ready.push_back(Item::Bad {
                    path: dir,
                    reason: e.to_string(),
                });
                return;
            }
        };
        let mut files: Vec<(OsString, &'static str, OsString)> = Vec::new();
        let mut folders: Vec<OsString> = Vec::new();
        // Collected, then sorted, so that the order never depends on read_dir's.
        let mut left_alone: Vec<(PathBuf, &'static str)> = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    self.ready.push_back(Item::Bad {
                        path: dir.clone(),
                        reason: e.to_string(),
                    });
                    continue;
                }
            };
            let name = entry.file_name();
            if hidden(&name) {
                continue;
            }
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_dir() {
                folders.push(name);
            } else if let Some((stem, ext)) = export_parts(&name) {
                if ft.is_symlink() && !self.inside(&entry.path()) {
                    left_alone.push((
                        entry.path(),
                        "symlink leads out of the input folder or to a folder: not followed",
                    ));
                } else if !ft.is_file() && !ft.is_symlink() {
                    // Opening a FIFO or a device named `x.txt` would block or never end.
                    left_alone.push((entry.path(), "not a regular file: not read"));
                } else {
                    files.push((stem, ext, name));
                }
            }
        }
        files.sort();
        folders.sort();
        left_alone.sort();
        self.group(&dir, &rel, files);
        self.ready
            .extend(left_alone.into_iter().map(|(path, reason)| Item::Ignored {
                path,
                reason: reason.into(),
            }));
        if rel.components().count() >= MAX_DEPTH && !folders.is_empty() {
            self.ready.push_back(Item::Bad {
                path: dir,
                reason: format!("folders nested deeper than {MAX_DEPTH}: not entered"),
            });
            return;
        }
        // Pushed in reverse so the first folder is entered first.
        self.pending
            .extend(folders.into_iter().rev().map(|f| rel.join(f)));
    }

    /// Files sorted by (stem, extension) become one article per stem, PDF first.
    fn group(&mut self, dir: &Path, rel: &Path, files: Vec<(OsString, &'static str, OsString)>) {
        let mut current: Option<Job> = None;
        for (stem, ext, name) in files {
            let path = dir.join(&name);
            match &mut current {
                Some(job) if job.stem == stem => job.inputs.push(path),
                _ => {
                    if let Some(job) = current.take() {
                        self.ready.push_back(Item::Article(job));
                    }
                    current = Some(Job {
                        rel_dir: rel.to_path_buf(),
                        stem,
                        inputs: vec![path],
                    });
                }
            }
            let _ = ext;
        }
        if let Some(job) = current {
            self.ready.push_back(Item::Article(job));
        }
        for item in self.ready.iter_mut() {
            if let Item::Article(job) = item {
                job.inputs.sort_by_key(|p| preference(p));
            }
        }
    }

    /// Whether a symlinked file resolves to a file inside the root.
    fn inside(&self, link: &Path) -> bool {
        match (std::fs::canonicalize(link), &self.canon_root) {
            (Ok(target), Some(root)) => target.starts_with(root) && target.is_file(),
            _ => false,
        }
    }
}

/// Sort key: the preferred export first (`pdf` before `txt`).
fn preference(p: &Path) -> usize {
    let ext = p
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    EXPORTS
        .iter()
        .position(|e| *e == ext)
        .unwrap_or(EXPORTS.len())
}

impl Iterator for Walk {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Some(item);
            }
            let rel = self.pending.pop()?;
            self.read_folder(rel);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(p: &Path) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "x").unwrap();
    }

    #[test]
    fn files_from_lines_must_stay_inside_the_input_folder() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("in");
        touch(&root.join("a/1.txt"));
        touch(&d.path().join("outside.txt"));
        let inside_abs = root.join("a/1.txt");
        assert!(matches!(
            listed_item(inside_abs.to_str().unwrap(), Some(&root)),
            Item::Article(_)
        ));
        assert!(matches!(
            listed_item("a/1.txt", Some(&root)),
            Item::Article(_)
        ));
        for bad in [
            d.path().join("outside.txt").to_str().unwrap().to_string(),
            "../outside.txt".to_string(),
            "/etc/passwd".to_string(),
        ] {
            assert!(
                matches!(listed_item(&bad, Some(&root)), Item::Bad { .. }),
                "{bad}"
            );
        }
    }

    #[test]
    fn walks_in_order_and_pairs_exports() {
        let d = tempfile::tempdir().unwrap();
        for f in [
            "b/2.txt",
            "b/2.pdf",
            "a/1.TXT",
            "a/z/3.pdf",
            "a/notes.md",
            ".hidden/4.txt",
            "0.txt",
        ] {
            touch(&d.path().join(f));
        }
        let keys: Vec<(String, usize)> = Walk::new(d.path().to_path_buf(), None)
            .map(|i| match i {
                Item::Article(j) => (j.key(), j.inputs.len()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            keys,
            [
                ("0".into(), 1),
                ("a/1".into(), 1),
                ("a/z/3".into(), 1),
                ("b/2".into(), 2)
            ]
        );
        let b2 = Walk::new(d.path().to_path_buf(), None).last().unwrap();
        let Item::Article(j) = b2 else { panic!() };
        assert!(j.inputs[0].ends_with("2.pdf"), "PDF first: {:?}", j.inputs);
    }

    #[test]
    fn skips_the_output_folder_inside_but_not_in_place() {
        let d = tempfile::tempdir().unwrap();
        touch(&d.path().join("a/1.txt"));
        touch(&d.path().join("out/a/1.txt"));
        let canon = |p: &Path| Some(std::fs::canonicalize(p).unwrap());
        let keys = |skip| -> Vec<String> {
            Walk::new(d.path().to_path_buf(), skip)
                .filter_map(|i| match i {
                    Item::Article(j) => Some(j.key()),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(keys(canon(&d.path().join("out"))), ["a/1"]);
        assert_eq!(keys(canon(d.path())), ["a/1", "out/a/1"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_named_like_an_export_is_not_read() {
        let d = tempfile::tempdir().unwrap();
        touch(&d.path().join("1.txt"));
        let fifo = d.path().join("2.txt");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success(), "mkfifo");
        let items: Vec<Item> = Walk::new(d.path().to_path_buf(), None).collect();
        assert!(
            matches!(&items[0], Item::Article(j) if j.key() == "1"),
            "{items:?}"
        );
        assert!(
            matches!(&items[1], Item::Ignored { reason, .. } if reason.contains("regular")),
            "{items:?}"
        );
        assert!(matches!(
            explicit(&fifo, Path::new("2.txt")),
            Item::Bad { .. }
        ));
    }

    #[test]
    fn two_files_with_one_relative_path_are_refused_not_overwritten() {
        let d = tempfile::tempdir().unwrap();
        touch(&d.path().join("a/1.txt"));
        touch(&d.path().join("b/1.txt"));
        let (a, b) = (d.path().join("a/1.txt"), d.path().join("b/1.txt"));
        let items: Vec<Item> = items(vec![a.clone(), b, a], None, None, None).collect();
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(matches!(&items[0], Item::Article(j) if j.key() == "1"));
        assert!(
            matches!(&items[1], Item::Bad { reason, .. } if reason.contains("overwritten")),
            "{items:?}"
        );
    }

    #[test]
    fn an_endless_list_line_is_refused_in_bounded_memory() {
        let mut list = vec![b'x'; 3 * MAX_LIST_LINE as usize];
        list.extend_from_slice(b"\nnext.txt\n");
        let lines: Vec<_> = ListLines {
            reader: Box::new(std::io::Cursor::new(list)),
        }
        .collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].is_err());
        assert_eq!(lines[1], Ok("next.txt".to_string()));
    }

    #[test]
    fn relative_paths_never_climb() {
        assert_eq!(
            safe_relative(Path::new("./a/b.pdf")),
            Some(PathBuf::from("a/b.pdf"))
        );
        assert_eq!(
            safe_relative(Path::new("/data/a.pdf")),
            Some(PathBuf::from("data/a.pdf"))
        );
        assert_eq!(safe_relative(Path::new("a/../../b.pdf")), None);
        assert_eq!(safe_relative(Path::new("..")), None);
        assert_eq!(safe_relative(Path::new("/")), None);
    }

    #[test]
    fn listed_files_join_their_sibling_once() {
        let d = tempfile::tempdir().unwrap();
        touch(&d.path().join("x/1.pdf"));
        touch(&d.path().join("x/1.txt"));
        let list = "x/1.txt\nx/1.pdf\n\n../evil.txt\n";
        let items: Vec<Item> = items(
            vec![],
            Some(Box::new(std::io::Cursor::new(list.as_bytes().to_vec()))),
            Some(d.path().to_path_buf()),
            None,
        )
        .collect();
        assert_eq!(items.len(), 2, "{items:?}");
        let Item::Article(j) = &items[0] else {
            panic!("{items:?}")
        };
        assert_eq!(j.key(), "x/1");
        assert!(j.inputs[0].ends_with("1.pdf") && j.inputs.len() == 2);
        assert!(matches!(&items[1], Item::Bad { reason, .. } if reason.contains("escape")));
    }
}
