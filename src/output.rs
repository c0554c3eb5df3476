//! Writing outputs so that nothing is lost and nothing else is destroyed.
//!
//! - A regular file (or a name that does not exist yet) gets a temporary file in the target's
//!   folder, synced, then renamed over it: an existing good output is never left half-written.
//! - A symlink is followed: the file it points to is written that way (the link stays).
//! - A character device, FIFO or socket (`/dev/null`, a pipe, `/dev/stdout`) is written
//!   through, as a stream: it is never replaced by a regular file.
//! - `-` is stdout. A folder is an error.

use crate::{Error, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Suffix of the temporary files [`write_atomic`] writes; a killed run may leave them.
pub const TEMP_SUFFIX: &str = ".offprint-tmp";

/// Longest temporary file name written (most file systems allow 255 bytes).
const MAX_NAME: usize = 255;

/// Writes `bytes` to `path` without ever leaving a half-written file or replacing something
/// that is not a regular file (`-` writes to stdout).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |e| Error::Io {
        file: path.to_path_buf(),
        source: e,
    };
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        return out.write_all(bytes).and_then(|_| out.flush()).map_err(io);
    }
    let target = resolve(path).map_err(io)?;
    match std::fs::metadata(&target) {
        Ok(m) if m.is_dir() => Err(io(std::io::Error::other("is a folder"))),
        Ok(m) if !m.is_file() => write_through(&target, bytes).map_err(io),
        _ => replace(&target, bytes).map_err(io),
    }
}

/// The file a path names: symlinks followed (a bounded number of hops).
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// A device or pipe: written as a stream, never truncated or replaced.
fn write_through(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// Writes `bytes` as a new regular file at `path` (temporary file, sync, rename) without
/// following a symlink there: the link itself is replaced. For batch outputs, which must
/// never write outside their folder.
pub fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    replace(path, bytes).map_err(|e| Error::Io {
        file: path.to_path_buf(),
        source: e,
    })
}

/// A regular file: temporary file, sync, rename.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_path(path).ok_or_else(|| std::io::Error::other("no file name"))?;
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The temporary file [`write_atomic`] uses for `path` in this process:
/// `.NAME.PID.offprint-tmp` beside it, or, when that would not fit a file name,
/// `.HASH.PID.offprint-tmp` with a hash of the name.
pub fn temp_path(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy();
    let pid = std::process::id();
    let full = format!(".{name}.{pid}{TEMP_SUFFIX}");
    let tmp = if full.len() <= MAX_NAME {
        full
    } else {
        use sha2::{Digest, Sha256};
        let h = Sha256::digest(name.as_bytes());
        let hex: String = h[..12].iter().map(|b| format!("{b:02x}")).collect();
        format!(".{hex}.{pid}{TEMP_SUFFIX}")
    };
    Some(path.with_file_name(tmp))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn replaces_whole_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.xml");
        std::fs::write(&p, "old").unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new");
        assert_eq!(names(dir.path()), ["a.xml"]);
    }

    #[test]
    fn failure_keeps_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("missing-dir").join("a.xml");
        assert!(write_atomic(&p, b"x").is_err());
    }

    #[test]
    fn a_longest_legal_name_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(format!("{}.md", "n".repeat(252)));
        write_atomic(&p, b"x").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"x");
        assert_eq!(names(dir.path()).len(), 1);
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let e = write_atomic(dir.path(), b"x").unwrap_err();
        assert!(e.to_string().contains("folder"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_writes_the_file_it_points_to() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.md");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("link.md");
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        // A dangling link creates the file it names.
        let dangling = dir.path().join("d.md");
        std::os::unix::fs::symlink("made.md", &dangling).unwrap();
        write_atomic(&dangling, b"x").unwrap();
        assert_eq!(std::fs::read(dir.path().join("made.md")).unwrap(), b"x");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_through_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mkfifo unavailable: skipped");
            return;
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write_atomic(&fifo, b"streamed").unwrap();
        assert_eq!(reader.join().unwrap(), b"streamed");
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo());
    }

    /// A private null device made with `mknod` (root only), never `/dev/null` itself.
    #[cfg(unix)]
    #[test]
    fn a_character_device_is_written_through_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let dev = dir.path().join("null");
        let made = std::process::Command::new("mknod")
            .arg(&dev)
            .args(["c", "1", "3"])
            .stderr(std::process::Stdio::null())
            .status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("mknod not permitted (not root): skipped");
            return;
        }
        write_atomic(&dev, b"discarded").unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::symlink_metadata(&dev)
            .unwrap()
            .file_type()
            .is_char_device());
        assert_eq!(names(dir.path()), ["null"]);
    }
}
