//! Certificate files learners upload: checked here (a PDF, PNG or JPEG by its own bytes, at most
//! 5 MB, a plain name), kept behind [`FileStore`] under a random key, and served to their owner
//! only. The disk store keeps them under the data directory; an object store can take its place
//! by implementing the same three calls.
//!
//! Files are removed after their rows: deleting an activity or an account queues its file's key
//! (a database trigger, so a cascade from a deleted account queues too), and [`sweep`] removes
//! what is queued. An upload is queued too, an hour ahead, before its bytes are written, and
//! taken off the queue in the transaction that records it: a crash at any point leaves a file
//! the sweep removes, never a row without its file.

use crate::error::HubError;
use sqlx::AnyPool;
use std::path::{Path, PathBuf};

/// The largest certificate file: a scanned page at a generous resolution.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// Where files are kept, by key. Keys are made here (32 hex digits), never from a person's input.
#[async_trait::async_trait]
pub trait FileStore: Send + Sync + 'static {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), HubError>;
    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, HubError>;
    /// Nothing to remove is not an error.
    async fn delete(&self, key: &str) -> Result<(), HubError>;
}

/// Files in a folder, two levels deep by the key's first two digits.
pub struct DiskStore {
    root: PathBuf,
}

impl DiskStore {
    /// The store of a data directory: its `files` folder.
    pub fn in_data_dir(data_dir: &Path) -> DiskStore {
        DiskStore {
            root: data_dir.join("files"),
        }
    }

    pub fn at(root: PathBuf) -> DiskStore {
        DiskStore { root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path(&self, key: &str) -> Result<PathBuf, HubError> {
        if !crate::secret::well_formed(key) {
            return Err(HubError::Corrupt(format!("a stored file's key is malformed: {key:?}")));
        }
        Ok(self.root.join(&key[..2]).join(key))
    }
}

#[async_trait::async_trait]
impl FileStore for DiskStore {
    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), HubError> {
        let path = self.path(key)?;
        blocking(move || -> Result<(), HubError> {
            use std::io::Write;
            let dir = path.parent().unwrap_or(Path::new("."));
            std::fs::create_dir_all(dir).map_err(HubError::io(format!("cannot make {}", dir.display())))?;
            // Written aside and renamed, so a file is whole or absent.
            let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(HubError::io("cannot write a stored file"))?;
            temp.write_all(&bytes)
                .map_err(HubError::io("cannot write a stored file"))?;
            temp.as_file()
                .sync_all()
                .map_err(HubError::io("cannot write a stored file"))?;
            temp.persist(&path)
                .map_err(|e| HubError::io("cannot write a stored file")(e.error))?;
            Ok(())
        })
        .await
    }

    async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, HubError> {
        let path = self.path(key)?;
        blocking(move || match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(HubError::io("cannot read a stored file")(e)),
        })
        .await
    }

    async fn delete(&self, key: &str) -> Result<(), HubError> {
        let path = self.path(key)?;
        blocking(move || match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(HubError::io("cannot remove a stored file")(e)),
            _ => Ok(()),
        })
        .await
    }
}

/// Disk work off the async threads (not the search's workers: a slow disk must not hold searches).
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, HubError> + Send + 'static,
) -> Result<T, HubError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| HubError::Corrupt(format!("a file task failed: {e}")))?
}

/// An upload that passed: the name to show and the media type its bytes are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    pub name: String,
    pub media_type: &'static str,
}

/// Why an upload was refused: each with its words, and a code the credits page names it by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    Name,
    Size,
    Type,
    /// The bytes are one of the three, the name's ending says another.
    Mismatch,
}

impl Refusal {
    /// What `/me/credits?why=` says (the page has the words: the address never carries them).
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Empty => "empty",
            Refusal::Name => "name",
            Refusal::Size => "size",
            Refusal::Type => "type",
            Refusal::Mismatch => "mismatch",
        }
    }

    pub fn reason(self) -> String {
        match self {
            Refusal::Empty => "choose the certificate's file: none was sent, or it was empty".into(),
            Refusal::Name => "give the file a plain name without folders, like certificate.pdf".into(),
            Refusal::Size => format!("keep the file to {} MB", MAX_FILE_BYTES / 1_048_576),
            Refusal::Type => "upload the certificate as a PDF, PNG or JPEG file".into(),
            Refusal::Mismatch => {
                "the file's name and what it holds disagree: rename it or choose the right file".into()
            }
        }
    }
}

impl From<Refusal> for HubError {
    fn from(r: Refusal) -> HubError {
        HubError::BadRequest {
            param: "file".into(),
            reason: r.reason(),
        }
    }
}

/// Checks an upload: a plain name (no folder, no control characters), at most
/// [`MAX_FILE_BYTES`], and bytes that are a PDF, PNG or JPEG whatever the name or the browser
/// says, with a name whose ending agrees.
pub fn accept(name: &str, bytes: &[u8]) -> Result<Accepted, Refusal> {
    let name = name.trim();
    if bytes.is_empty() && name.is_empty() {
        return Err(Refusal::Empty);
    }
    if name.is_empty()
        || name.contains(['/', '\\'])
        || name.contains("..")
        || name.starts_with('.')
        || name.chars().any(char::is_control)
        || name.chars().count() > 200
    {
        return Err(Refusal::Name);
    }
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Refusal::Size);
    }
    let media_type = match infer::get(bytes).map(|t| t.mime_type()) {
        Some("application/pdf") => "application/pdf",
        Some("image/png") => "image/png",
        Some("image/jpeg") => "image/jpeg",
        _ => return Err(Refusal::Type),
    };
    let ending = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let agrees = match media_type {
        "application/pdf" => ending == "pdf",
        "image/png" => ending == "png",
        _ => ending == "jpg" || ending == "jpeg",
    };
    if !agrees {
        return Err(Refusal::Mismatch);
    }
    Ok(Accepted {
        name: name.to_string(),
        media_type,
    })
}

/// Queues `key` for removal after `delay` (an upload being written: the transaction that
/// records it takes it off).
pub async fn queue(pool: &AnyPool, key: &str, delay: chrono::Duration) -> Result<(), HubError> {
    let after = (chrono::Utc::now() + delay).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    sqlx::query("INSERT INTO stored_file_removals (file_key, remove_after) VALUES ($1, $2)")
        .bind(key.to_string())
        .bind(after)
        .execute(pool)
        .await?;
    Ok(())
}

/// Removes every queued file from the store; how many. A file that cannot be removed stays
/// queued for the next sweep.
pub async fn sweep(pool: &AnyPool, store: &dyn FileStore) -> Result<usize, HubError> {
    let keys: Vec<String> = sqlx::query_scalar(
        "SELECT file_key FROM stored_file_removals WHERE remove_after <= $1 ORDER BY remove_after LIMIT 1000",
    )
    .bind(crate::db::now())
    .fetch_all(pool)
    .await?;
    let mut removed = 0;
    for key in keys {
        match store.delete(&key).await {
            Ok(()) => {
                sqlx::query("DELETE FROM stored_file_removals WHERE file_key = $1")
                    .bind(key)
                    .execute(pool)
                    .await?;
                removed += 1;
            }
            Err(e) => tracing::warn!(error = %e, "a stored file could not be removed; trying again later"),
        }
    }
    Ok(removed)
}

/// Sweeps every hour (and once at start), for removals queued by a replica that stopped before
/// its own sweep.
pub fn spawn_sweeper(pool: AnyPool, store: std::sync::Arc<dyn FileStore>) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = sweep(&pool, store.as_ref()).await {
                tracing::warn!(error = %e, "sweeping removed files failed");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

    #[test]
    fn only_a_pdf_png_or_jpeg_with_a_plain_name_passes() {
        assert_eq!(accept("cert.pdf", PDF).unwrap().media_type, "application/pdf");
        assert_eq!(accept("Scan 1.PNG", PNG).unwrap().media_type, "image/png");
        let refused = |r: Result<Accepted, Refusal>| r.unwrap_err();
        assert_eq!(refused(accept("../cert.pdf", PDF)), Refusal::Name);
        assert_eq!(refused(accept("a/b.pdf", PDF)), Refusal::Name);
        assert_eq!(refused(accept("C:\\x\\cert.pdf", PDF)), Refusal::Name);
        assert_eq!(refused(accept("cert.pdf", b"<html><script>")), Refusal::Type);
        assert_eq!(refused(accept("cert.png", PDF)), Refusal::Mismatch);
        assert_eq!(
            refused(accept("cert.pdf", &vec![b'%'; MAX_FILE_BYTES + 1])),
            Refusal::Size
        );
        assert_eq!(refused(accept("cert.pdf", b"")), Refusal::Empty);
        assert!(Refusal::Size.reason().contains("5 MB"));
    }
}
