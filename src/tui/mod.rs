//! The terminal interface (DESIGN.md §5): a synchronous loop of poll →
//! action → store call → view model reload → draw. Drawing takes `&self`
//! and does no I/O.

pub mod action;
mod actions;
mod app;
mod care;
mod charts;
mod component;
mod daily;
mod dim;
mod dossier;
mod dossier_draw;
mod draw;
mod effect;
mod form;
mod form_draw;
mod form_edit;
mod funnel;
mod help;
mod here;
mod history;
mod import;
mod input;
pub mod keymap;
mod list;
mod list_cells;
mod loading;
mod month;
mod outcome;
mod overlay;
mod pick;
mod plan;
mod put;
mod read;
mod records;
mod refresh;
mod review;
mod review_draw;
mod rows;
mod screen;
mod sheet;
mod sync;
mod sync_view;
mod theme;
pub mod today;
mod trash;
mod week;
mod widgets;

pub use app::{App, MIN_HEIGHT, MIN_WIDTH, Status};
pub use dossier::Tab;
pub use form::FormMode;
pub use funnel::FunnelView;
pub use keymap::Keymap;
pub use list::{Dim, Sort};
pub use month::MonthView;
pub use overlay::Overlay;
pub use plan::{PlanView, Selected as PlanSelected};
pub use read::ReadView;
pub use review::{Part as ReviewPart, ReviewView, Target as ReviewTarget};
pub use screen::{Home, Screen};
pub use sheet::Sheet;
pub use theme::Theme;
pub use today::{Item, TodayView};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::store::Store;
use crossterm::event::{self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::execute;
use std::io::stdout;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn io_err(e: std::io::Error) -> Error {
    Error::Io { path: PathBuf::from("terminal"), source: e }
}

/// Restores the terminal when dropped: on return, on error and on unwind.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        leave_screen();
    }
}

/// Give the terminal back. The alternate screen is wiped before it is
/// left: some terminals (tmux after the window grew wider, among them) copy
/// what it showed into the main screen and its scrollback, and it shows
/// customers.
fn leave_screen() {
    let _ = execute!(stdout(), crossterm::terminal::Clear(crossterm::terminal::ClearType::All));
    let _ = ratatui::try_restore();
}

/// Run the interface on `store` until the user quits.
pub fn run(store: Store, config: &Config, label: String, db_path: Option<PathBuf>) -> Result<()> {
    let keymap = Keymap::new(&config.keys).map_err(Error::Invalid)?;
    clear_leftover_edits();
    let mut app = App::new(store, config.clone(), keymap, label, Theme::from_env(), db_path)?;
    // ratatui's hook restores raw mode and the screen on panic; ours also
    // releases the mouse first.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        leave_screen();
        previous(info);
    }));
    let mut terminal = ratatui::try_init().map_err(io_err)?;
    let _restore = Restore;
    execute!(stdout(), EnableBracketedPaste).map_err(io_err)?;
    let mut mouse_on = false;
    let size = terminal.size().map_err(io_err)?;
    app.size = (size.width, size.height);
    loop {
        if app.mouse != mouse_on {
            if app.mouse {
                execute!(stdout(), EnableMouseCapture).map_err(io_err)?;
            } else {
                execute!(stdout(), DisableMouseCapture).map_err(io_err)?;
            }
            mouse_on = app.mouse;
        }
        terminal.draw(|f| app.render(f)).map_err(io_err)?;
        if app.quit {
            if let Some(why) = app.fatal.take() {
                return Err(Error::Failed(why));
            }
            break;
        }
        // The query's hits counted a slice at a time while no key waits:
        // a key pressed meanwhile waits one slice at most.
        let mut wait = Duration::from_millis(100);
        while app.list.counting() && !event::poll(Duration::ZERO).map_err(io_err)? {
            if app.list.advance() {
                wait = Duration::ZERO;
            }
        }
        if event::poll(wait).map_err(io_err)? {
            let ev = event::read().map_err(io_err)?;
            app.handle_event(&ev);
            // Drain what is already queued before drawing again (fast typing).
            while event::poll(Duration::ZERO).map_err(io_err)? {
                let ev = event::read().map_err(io_err)?;
                app.handle_event(&ev);
            }
        }
        app.tick();
        if app.wants_editor {
            app.wants_editor = false;
            if let Some(text) = app.editor_text() {
                match edit_outside(&text) {
                    Ok(Some(new)) => app.set_editor_text(&new),
                    Ok(None) => {}
                    Err(e) => app.status = app::Status { text: e.to_string(), error: true },
                }
                terminal.clear().map_err(io_err)?;
            }
        }
    }
    Ok(())
}

/// Where a field being edited in `$VISUAL`/`$EDITOR` waits: a private
/// directory of this user (the runtime directory, else `editing` in the data
/// directory), never the shared temporary directory: the text is a
/// customer's notes.
fn editing_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "repbook")?;
    let dir = dirs.runtime_dir().map_or_else(|| dirs.data_dir().join("editing"), |d| d.join("editing"));
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(&dir).ok()?;
    // One made by an older build, or by hand, is made private too.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if std::fs::metadata(&dir).is_ok_and(|m| m.permissions().mode() & 0o077 != 0) {
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).ok()?;
        }
    }
    Some(dir)
}

/// Remove what an interface killed while a field was out in the editor left
/// behind (its process is gone): the text, and what the editor made of it
/// (`.repbook-PID-….txt.swp`, `repbook-PID-….txt~`). Another running
/// interface's files stay.
fn clear_leftover_edits() {
    let Some(dir) = editing_dir() else { return };
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    for e in entries.filter_map(std::result::Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some((_, after)) = name.split_once("repbook-") else { continue };
        let pid = after.split('-').next().unwrap_or("");
        let running =
            pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) || Path::new("/proc").join(pid).exists();
        if !running {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Edit `text` in `$VISUAL` or `$EDITOR`; the terminal is handed over and
/// taken back. The temporary file is private and removed afterwards.
fn edit_outside(text: &str) -> Result<Option<String>> {
    let Some(editor) =
        std::env::var("VISUAL").ok().or_else(|| std::env::var("EDITOR").ok()).filter(|e| !e.trim().is_empty())
    else {
        return Err(Error::invalid("error.no_editor", &[]));
    };
    // An interface message speaks of what to do here, not of CLI flags.
    let dir = editing_dir().ok_or_else(|| Error::invalid("tui.no_editing_dir", &[]))?;
    let path = dir.join(format!("repbook-{}-{}.txt", std::process::id(), uuid::Uuid::now_v7()));
    {
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let mut f = o.open(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
        std::io::Write::write_all(&mut f, text.as_bytes())
            .map_err(|source| Error::Io { path: path.clone(), source })?;
    }
    leave_screen();
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program).args(parts).arg(&path).status();
    let _ = ratatui::try_init();
    let result = match status {
        Ok(s) if s.success() => {
            std::fs::read_to_string(&path).map(Some).map_err(|source| Error::Io { path: path.clone(), source })
        }
        Ok(_) => Ok(None),
        Err(source) => Err(Error::Io { path: PathBuf::from(program), source }),
    };
    let _ = std::fs::remove_file(&path);
    result
}
