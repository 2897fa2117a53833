//! Formats that leave repbook: iCalendar, and tables as CSV, Markdown and
//! xlsx; and spreadsheets of customers and key people coming in.

pub mod export;
pub mod figures_sheet;
pub mod funnel_sheet;
pub mod ics;
pub mod import;
pub mod review_sheet;
pub mod sheet;
pub mod table;
pub mod vcard;
pub mod visit_table;
pub mod week_sheet;

use crate::error::Error;

/// Refuse an export that would replace the archive `archive`, one of its
/// files (journal, backups), or any SQLite database: an export replaces
/// what it names (a calendar or a table written before), never data.
pub fn guard_export(out: &std::path::Path, archive: &std::path::Path) -> crate::error::Result<()> {
    let real = |p: &std::path::Path| {
        p.canonicalize().ok().or_else(|| {
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
            Some(parent.canonicalize().ok()?.join(p.file_name()?))
        })
    };
    if let (Some(out), Some(db)) = (real(out), real(archive)) {
        let (o, d) = (out.to_string_lossy(), db.to_string_lossy());
        if o == d || o.starts_with(&format!("{d}.")) || o.starts_with(&format!("{d}-")) {
            return Err(Error::invalid("error.export_over_archive", &[("path", &out.display())]));
        }
    }
    let mut head = [0u8; 16];
    let is_database = std::fs::File::open(out).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head)).is_ok()
        && &head == b"SQLite format 3\0";
    if is_database {
        return Err(Error::invalid("error.export_over_database", &[("path", &out.display())]));
    }
    Ok(())
}

/// Write a file readable only by the owner: a temporary file beside it,
/// fsynced, then renamed over it, so a crash never leaves half a file.
pub fn write_private(path: &std::path::Path, bytes: &[u8]) -> crate::error::Result<()> {
    use std::io::Write as _;
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = std::path::PathBuf::from(tmp);
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    let written = o.open(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    });
    if written.is_err() {
        // Never leave the calendar behind in a stray file.
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(io)
}
