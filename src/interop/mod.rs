//! Formats that leave repbook: iCalendar, and tables as CSV, Markdown and
//! xlsx.

pub mod figures_sheet;
pub mod ics;
pub mod sheet;
pub mod visit_table;
pub mod week_sheet;

use crate::error::Error;

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
