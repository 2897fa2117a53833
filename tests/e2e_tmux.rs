//! The real binary in a real terminal (tmux): search by pinyin, open the
//! dossier, go back, quit, and find the terminal restored.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux is needed for this test (apt-get install tmux; .ci/run installs it)");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", "t"])
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.cmd(&["send-keys", "-t", "t", k]);
            // A person types; Esc followed at once by a key would be Alt-key.
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Wait until the screen contains `text` (the app draws asynchronously).
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(start.elapsed() < Duration::from_secs(15), "never saw {text:?} on screen:\n{s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Tmux {
    /// [`Tmux::wait_for`], then until two reads 150 ms apart agree: the
    /// terminal may be read while a frame is half drawn.
    fn settled(&self, text: &str) -> String {
        let start = Instant::now();
        let mut last = self.wait_for(text);
        loop {
            std::thread::sleep(Duration::from_millis(150));
            let now = self.screen();
            if now == last && now.contains(text) {
                return now;
            }
            assert!(start.elapsed() < Duration::from_secs(15), "the screen never settled:\n{now}");
            last = now;
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux").arg("-L").arg(&self.socket).arg("kill-server").output();
    }
}

fn wait_file(path: &Path) -> String {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(15) {
        if let Ok(s) = std::fs::read_to_string(path)
            && !s.is_empty()
        {
            return s;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{} never appeared", path.display());
}

/// A demo archive in `dir`, and repbook running on it in a tmux window of
/// `width`×`height`; when it quits, its exit code and the terminal's modes
/// are written beside the archive.
fn launch(dir: &Path, width: u16, height: u16) -> Tmux {
    launch_with(dir, width, height, &[])
}

static LAUNCHED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// [`launch`] with more environment (`NAME=value`); the demo is made once.
fn launch_with(dir: &Path, width: u16, height: u16, env: &[String]) -> Tmux {
    let db = dir.join("demo.sqlite3");
    let bin = env!("CARGO_BIN_EXE_repbook");
    let state = dir.join("state");
    if !db.exists() {
        let made = Command::new(bin)
            .args(["--db", db.to_str().unwrap(), "demo"])
            .env("HOME", dir)
            .env("REPBOOK_STATE_DIR", &state)
            .output()
            .unwrap();
        assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    }

    let stty = dir.join("stty.txt");
    let script = format!(
        "{bin} --lang en --db '{}'; echo \"exit=$?\" > '{}.code'; stty -a > '{}'; sleep 30",
        db.display(),
        stty.display(),
        stty.display()
    );
    let n = LAUNCHED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmux = Tmux { socket: format!("repbook-e2e-{}-{n}", std::process::id()) };
    let mut vars = vec![
        "LANG=en_US.UTF-8".to_string(),
        format!("HOME={}", dir.display()),
        format!("REPBOOK_STATE_DIR={}", state.display()),
    ];
    vars.extend(env.iter().cloned());
    let (w, h) = (width.to_string(), height.to_string());
    let mut args = vec!["new-session", "-d", "-s", "t", "-x", &w, "-y", &h];
    for v in &vars {
        args.extend(["-e", v.as_str()]);
    }
    args.extend(["sh", "-c", &script]);
    tmux.cmd(&args);
    tmux
}

#[test]
fn search_open_back_quit_and_the_terminal_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let tmux = launch(dir.path(), 100, 30);
    // Today's sections arrive from a background load: wait for the last.
    let first = tmux.settled("Follow-ups due");
    assert!(first.contains("Today ·"), "Today is the home screen:\n{first}");
    assert_eq!(tmux.cmd(&["display", "-p", "-t", "t", "#{alternate_on}"]).trim(), "1", "full screen while running");

    tmux.keys(&["/", "x", "m"]);
    let found = tmux.settled("/ xm");
    let first_hit = found.lines().nth(3).unwrap_or_default().to_string();
    assert!(first_hit.contains("厦门"), "xm finds 厦门 first:\n{found}");

    tmux.keys(&["Enter"]);
    let dossier = tmux.settled("Overview");
    assert!(dossier.lines().next().unwrap().contains("厦门"), "{dossier}");

    tmux.keys(&["Escape"]);
    tmux.wait_for("/ xm");
    tmux.keys(&["Escape"]);
    tmux.keys(&["q"]);

    let code = wait_file(&dir.path().join("stty.txt.code"));
    assert_eq!(code.trim(), "exit=0");
    let modes = wait_file(&dir.path().join("stty.txt"));
    assert!(modes.contains(" icanon") && !modes.contains("-icanon"), "canonical mode restored: {modes}");
    assert!(modes.contains(" echo ") && !modes.contains("-echo "), "echo restored: {modes}");
    assert_eq!(tmux.cmd(&["display", "-p", "-t", "t", "#{alternate_on}"]).trim(), "0", "alternate screen left");
}

#[test]
fn growing_the_terminal_leaves_no_customer_in_the_scrollback() {
    let dir = tempfile::tempdir().unwrap();
    let tmux = launch(dir.path(), 80, 24);
    tmux.wait_for("Today ·");
    tmux.keys(&["Tab"]);
    tmux.wait_for("sort:");
    // Wider, then taller and wider: tmux copied the list into the main
    // screen when the window grew wider.
    tmux.cmd(&["resize-window", "-t", "t", "-x", "120", "-y", "24"]);
    std::thread::sleep(Duration::from_millis(600));
    tmux.cmd(&["resize-window", "-t", "t", "-x", "150", "-y", "50"]);
    std::thread::sleep(Duration::from_millis(600));
    let list = tmux.wait_for("sort:");
    let names: Vec<String> = list
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .filter(|w| w.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
        .map(str::to_string)
        .collect();
    assert!(names.len() >= 20, "customers on screen:\n{list}");
    tmux.keys(&["q"]);
    assert_eq!(wait_file(&dir.path().join("stty.txt.code")).trim(), "exit=0");
    let left = tmux.cmd(&["capture-pane", "-p", "-t", "t", "-S", "-", "-E", "-"]);
    for name in &names {
        assert!(!left.contains(name.as_str()), "{name} is left on the terminal after quitting:\n{left}");
    }
}

#[test]
fn text_out_in_the_editor_stays_private_and_is_cleared_after_a_kill() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // An "editor" that says which file it was given, then waits.
    let said = dir.path().join("editor-was-given");
    let editor = dir.path().join("editor.sh");
    // Like vi, it keeps a swap file of the text beside it.
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\ncp \"$1\" \"$(dirname \"$1\")/.$(basename \"$1\").swp\"\necho \"$1\" > '{}'\nexec sleep 60\n",
            said.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o700)).unwrap();
    let tmux = launch_with(dir.path(), 100, 30, &[format!("VISUAL={}", editor.display())]);
    tmux.wait_for("Today ·");
    // A new customer's notes on the business (a multi-line field, the
    // 19th), out to the editor.
    tmux.keys(&["n"]);
    tmux.wait_for("Name");
    tmux.keys(&["测试客户"]);
    tmux.keys(&["Tab"; 18]);
    tmux.keys(&["秘密笔记", "C-e"]);
    let file = std::path::PathBuf::from(wait_file(&said).trim());
    assert!(file.starts_with(dir.path()), "kept in the user's own directories, not /tmp: {}", file.display());
    assert!(std::fs::read_to_string(&file).unwrap().contains("秘密笔记"));
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::metadata(file.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);

    // repbook is killed while the text is out; its editor goes too.
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let pid = name.strip_prefix("repbook-").and_then(|r| r.split('-').next()).unwrap().to_string();
    assert!(Command::new("kill").args(["-9", &pid]).status().unwrap().success());
    let _ = Command::new("pkill").args(["-f", &editor.display().to_string()]).status();
    let start = Instant::now();
    while Path::new("/proc").join(&pid).exists() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(file.exists(), "the kill left the file (as it would)");
    let swap = file.with_file_name(format!(".{}.swp", file.file_name().unwrap().to_string_lossy()));
    assert!(swap.exists(), "and the editor's swap file");

    // The next start clears it.
    let again = launch_with(dir.path(), 100, 30, &["SECOND=1".to_string()]);
    again.wait_for("Today ·");
    assert!(!file.exists(), "the leftover text is removed on the next start");
    assert!(!swap.exists(), "and the editor's swap file with it");
    again.keys(&["q"]);
}
