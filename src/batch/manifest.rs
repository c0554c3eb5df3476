//! The resume manifest: `OUT/.offprint-manifest.jsonl` (`.offprint-manifest.K-of-N.jsonl` for
//! a shard, so machines sharing OUT never append to one file), one JSON line appended per
//! converted article after its outputs are in place. A later run skips an article whose
//! fingerprint (inputs' SHA-256, offprint version, options, metadata) is unchanged and whose
//! outputs all exist. A torn last line (a killed run) is ignored and that article redone.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// File name prefix of manifests in OUT.
pub const PREFIX: &str = ".offprint-manifest";
/// Longest manifest line read; a longer one is not ours and is ignored.
const MAX_LINE: u64 = 1 << 20;

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The article key (`2020/v13/i22/2960`).
    pub key: String,
    /// Hex SHA-256 over everything the outputs depend on (see [`Fingerprint`]).
    pub fingerprint: String,
    /// offprint's version that wrote the outputs.
    pub version: String,
    /// The export the outputs were made from.
    pub source: String,
    /// The outputs, relative to OUT.
    pub outputs: Vec<String>,
}

/// What past runs recorded: article id → fingerprint, 48 bytes an article whatever the
/// length of its paths.
pub struct Manifest {
    index: HashMap<[u8; 16], [u8; 32]>,
    file: Mutex<File>,
    path: PathBuf,
}

/// The 16-byte id of an article key.
pub fn id_of(key: &str) -> [u8; 16] {
    let mut id = [0u8; 16];
    id.copy_from_slice(&Sha256::digest(key.as_bytes())[..16]);
    id
}

impl Manifest {
    /// Reads every manifest in `out` (all shards') and opens this run's for appending.
    pub fn open(out: &Path, shard: Option<super::Shard>) -> crate::Result<Manifest> {
        let name = match shard {
            Some(s) => format!("{PREFIX}.{}-of-{}.jsonl", s.k, s.n),
            None => format!("{PREFIX}.jsonl"),
        };
        let path = out.join(name);
        let io = |p: &Path| {
            let p = p.to_path_buf();
            move |e| crate::Error::Io { file: p, source: e }
        };
        let mut index = HashMap::new();
        let mut names: Vec<PathBuf> = std::fs::read_dir(out)
            .map_err(io(out))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| is_manifest(p))
            .collect();
        names.sort();
        // Our own file last, so its entries win over other shards' stale ones.
        names.retain(|p| p != &path);
        names.push(path.clone());
        for p in &names {
            if let Ok(f) = File::open(p) {
                load_into(&mut index, f);
            }
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&path)
            .map_err(io(&path))?;
        end_with_newline(&mut file).map_err(io(&path))?;
        Ok(Manifest {
            index,
            file: Mutex::new(file),
            path,
        })
    }

    /// Whether the article's outputs were made with this fingerprint.
    pub fn is_current(&self, key: &str, fingerprint: &[u8; 32]) -> bool {
        self.index.get(&id_of(key)) == Some(fingerprint)
    }

    /// Appends one entry as one `write` of one line.
    pub fn append(&self, entry: &Entry) -> crate::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(|e| crate::Error::Io {
            file: self.path.clone(),
            source: std::io::Error::other(e),
        })?;
        line.push(b'\n');
        let mut f = self.file.lock().unwrap_or_else(|p| p.into_inner());
        f.write_all(&line).map_err(|e| crate::Error::Io {
            file: self.path.clone(),
            source: e,
        })
    }
}

impl Manifest {
    /// Rewrites this run's manifest keeping only each article's last line, when superseded
    /// lines outnumber live ones (after `--force` runs). Streams through a temporary file and
    /// renames it over the manifest, so a kill leaves the old or the new file, never half.
    pub fn compact(&self) -> crate::Result<bool> {
        let io = |e| crate::Error::Io {
            file: self.path.clone(),
            source: e,
        };
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let mut last: HashMap<[u8; 16], u64> = HashMap::new();
        let mut lines = 0u64;
        let scan = for_each_line(File::open(&self.path).map_err(io)?, |n, line| {
            lines = n + 1;
            if let Ok(e) = serde_json::from_slice::<Entry>(line) {
                last.insert(id_of(&e.key), n);
            }
            Ok(())
        });
        if let Some(e) = scan {
            return Err(io(e));
        }
        if lines <= 2 * last.len() as u64 + 64 {
            return Ok(false);
        }
        let keep: std::collections::HashSet<u64> = last.into_values().collect();
        let name = self
            .path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let tmp = self.path.with_file_name(format!(
            ".{}.{}.offprint-tmp",
            name.trim_start_matches('.'),
            std::process::id()
        ));
        let result = (|| {
            let mut out = std::io::BufWriter::new(File::create(&tmp)?);
            let copy = for_each_line(File::open(&self.path)?, |n, line| {
                if keep.contains(&n) {
                    out.write_all(line)?;
                }
                Ok(())
            });
            if let Some(e) = copy {
                return Err(e);
            }
            out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&tmp, &self.path)?;
            *file = std::fs::OpenOptions::new()
                .append(true)
                .read(true)
                .open(&self.path)?;
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map(|_| true).map_err(io)
    }
}

fn is_manifest(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(".jsonl"))
}

/// Later lines override earlier ones; unparsable lines (torn, foreign) are skipped.
fn load_into(index: &mut HashMap<[u8; 16], [u8; 32]>, f: File) {
    for_each_line(f, |_, line| {
        let Ok(e) = serde_json::from_slice::<Entry>(line) else {
            return Ok(());
        };
        if let Some(fp) = from_hex(&e.fingerprint) {
            index.insert(id_of(&e.key), fp);
        }
        Ok(())
    });
}

/// Calls `f` with each line's number and bytes (newline included), reading at most
/// `MAX_LINE` bytes of a line; a longer line is skipped whole. Stops at the first error.
fn for_each_line(
    f: File,
    mut each: impl FnMut(u64, &[u8]) -> std::io::Result<()>,
) -> Option<std::io::Error> {
    let mut r = BufReader::new(f);
    let mut line = Vec::new();
    for n in 0.. {
        line.clear();
        match (&mut r).take(MAX_LINE).read_until(b'\n', &mut line) {
            Ok(0) => return None,
            Err(e) => return Some(e),
            Ok(_) => {}
        }
        if line.last() != Some(&b'\n') && line.len() as u64 >= MAX_LINE {
            // Too long to be ours: drop the rest of it.
            let mut rest = Vec::new();
            if let Err(e) = r.read_until(b'\n', &mut rest) {
                return Some(e);
            }
            continue;
        }
        if let Err(e) = each(n, &line) {
            return Some(e);
        }
    }
    None
}

/// A killed run may have left a torn last line: start ours on a fresh one.
fn end_with_newline(f: &mut File) -> std::io::Result<()> {
    let len = f.seek(SeekFrom::End(0))?;
    if len == 0 {
        return Ok(());
    }
    f.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    f.read_exact(&mut last)?;
    if last[0] != b'\n' {
        f.write_all(b"\n")?;
    }
    Ok(())
}

/// Builds an article's fingerprint from everything its outputs depend on.
pub struct Fingerprint(Sha256);

impl Fingerprint {
    /// Starts with the format of the manifest and offprint's version.
    pub fn new() -> Self {
        let mut h = Sha256::new();
        h.update(b"offprint-batch-1\0");
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        Fingerprint(h)
    }

    /// Adds a labelled value.
    pub fn add(&mut self, label: &str, value: &[u8]) {
        for part in [label.as_bytes(), value] {
            self.0.update((part.len() as u64).to_be_bytes());
            self.0.update(part);
        }
    }

    /// Adds a file's content, streamed (memory stays flat for large inputs).
    pub fn add_file(&mut self, label: &str, path: &Path) -> std::io::Result<()> {
        let mut h = Sha256::new();
        std::io::copy(&mut File::open(path)?, &mut h)?;
        self.add(label, &h.finalize());
        Ok(())
    }

    /// The final digest.
    pub fn finish(self) -> [u8; 32] {
        self.0.finalize().into()
    }
}

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn from_hex(s: &str) -> Option<[u8; 32]> {
    let b = s.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in b.chunks(2).enumerate() {
        let txt = std::str::from_utf8(pair).ok()?;
        out[i] = u8::from_str_radix(txt, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, fp: &[u8; 32]) -> Entry {
        Entry {
            key: key.into(),
            fingerprint: hex(fp),
            version: "0".into(),
            source: "a.txt".into(),
            outputs: vec![],
        }
    }

    #[test]
    fn survives_a_torn_line_and_later_entries_win() {
        let d = tempfile::tempdir().unwrap();
        let m = Manifest::open(d.path(), None).unwrap();
        m.append(&entry("a", &[1; 32])).unwrap();
        m.append(&entry("a", &[2; 32])).unwrap();
        drop(m);
        // A run killed mid-append.
        let p = d.path().join(".offprint-manifest.jsonl");
        let mut f = std::fs::OpenOptions::new().append(true).open(&p).unwrap();
        f.write_all(b"{\"key\":\"b\",\"finger").unwrap();
        drop(f);
        let m = Manifest::open(d.path(), None).unwrap();
        assert!(m.is_current("a", &[2; 32]) && !m.is_current("a", &[1; 32]));
        m.append(&entry("b", &[3; 32])).unwrap();
        drop(m);
        let m = Manifest::open(d.path(), Some(super::super::Shard { k: 1, n: 2 })).unwrap();
        assert!(
            m.is_current("b", &[3; 32]),
            "the line after the torn one is read"
        );
        assert!(
            m.is_current("a", &[2; 32]),
            "a shard reads the others' manifests"
        );
    }

    #[test]
    fn compaction_keeps_the_last_line_of_each_article() {
        let d = tempfile::tempdir().unwrap();
        let m = Manifest::open(d.path(), None).unwrap();
        for round in 0..40u8 {
            for k in ["a", "b", "c"] {
                m.append(&entry(k, &[round; 32])).unwrap();
            }
        }
        assert!(m.compact().unwrap(), "120 lines for 3 articles");
        m.append(&entry("d", &[9; 32])).unwrap();
        drop(m);
        let p = d.path().join(".offprint-manifest.jsonl");
        assert_eq!(std::fs::read_to_string(&p).unwrap().lines().count(), 4);
        let m = Manifest::open(d.path(), None).unwrap();
        for k in ["a", "b", "c"] {
            assert!(m.is_current(k, &[39; 32]), "{k}");
        }
        assert!(m.is_current("d", &[9; 32]));
        assert!(!m.compact().unwrap(), "nothing to drop");
        let names: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn hex_round_trip() {
        let fp = [0xab; 32];
        assert_eq!(from_hex(&hex(&fp)), Some(fp));
        assert_eq!(from_hex("zz"), None);
    }
}
