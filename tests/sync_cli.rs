//! `repbook sync …` as a user runs it (issue 11): two archives, a
//! conflicting edit to the same Chinese customer, exchange through a
//! folder both ways, the conflict reviewed and resolved, equal digests;
//! one customer handed over to a third archive.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/cli.rs"]
mod support;

use support::{Env, failure};

fn digest(env: &Env, db: &str) -> String {
    env.json_at(db, &["sync", "status"])["digest"].as_str().unwrap().to_string()
}

trait At {
    fn at(&self, db: &str, args: &[&str]) -> String;
    fn json_at(&self, db: &str, args: &[&str]) -> serde_json::Value;
}

impl At for Env {
    fn at(&self, db: &str, args: &[&str]) -> String {
        let out = self.run_raw(&[&["--db", db], args].concat());
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }
    fn json_at(&self, db: &str, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.at(db, &[args, &["--json"]].concat())).unwrap()
    }
}

#[test]
fn two_archives_sync_through_a_folder_and_resolve_a_conflict() {
    let env = Env::new();
    let dir = env.dir.path();
    let (a, b, c) = (dir.join("a.db"), dir.join("b.db"), dir.join("c.db"));
    let (a, b, c) = (a.to_str().unwrap(), b.to_str().unwrap(), c.to_str().unwrap());
    let share = dir.join("share");
    let share = share.to_str().unwrap();
    let id = env.json_at(a, &["customer", "add", "华东机电", "--city", "上海"])["id"].as_str().unwrap().to_string();
    env.at(a, &["sync", "dir", share]);
    let took = env.at(b, &["sync", "dir", share]);
    assert!(took.contains("Applied 1"), "{took}");
    env.at(a, &["customer", "edit", &id, "--notes", "周三上门拜访"]);
    env.at(b, &["customer", "edit", &id, "--notes", "周四电话跟进"]);
    env.at(a, &["sync", "dir", share]);
    let out = env.at(b, &["sync", "dir", share]);
    assert!(out.contains("1 conflicts"), "{out}");
    env.at(a, &["sync", "dir", share]);
    assert_eq!(digest(&env, a), digest(&env, b));
    // Both sides, who and when.
    let listed = env.json_at(a, &["sync", "conflicts"]);
    let first = &listed[0];
    assert_eq!(first["customer"][1], "华东机电");
    let sides = [first["kept"]["value"].as_str().unwrap(), first["other"]["value"].as_str().unwrap()];
    assert!(sides.contains(&"周三上门拜访") && sides.contains(&"周四电话跟进"), "{first}");
    let text = env.at(b, &["sync", "conflicts"]);
    assert!(text.contains("kept:") && text.contains("other:"), "{text}");
    // A hand-merged value is an edit that syncs.
    let cid = first["id"].as_str().unwrap();
    env.at(a, &["sync", "resolve", cid, "--value", "周三拜访，周四电话"]);
    assert_eq!(env.json_at(a, &["sync", "conflicts"]).as_array().unwrap().len(), 0);
    env.at(a, &["sync", "dir", share]);
    env.at(b, &["sync", "dir", share]);
    assert_eq!(digest(&env, a), digest(&env, b));
    let shown = env.at(b, &["customer", "show", &id]);
    assert!(shown.contains("周三拜访，周四电话"), "{shown}");
    // b knows a as a peer and lacks nothing from it.
    let status = env.at(b, &["sync", "status"]);
    assert!(status.contains("that it lacks: 0"), "{status}");
    // A hand-over to a third archive of another book.
    env.at(c, &["customer", "add", "公司客户"]);
    let file = dir.join("handover.changes");
    env.at(a, &["sync", "export", "--customer", &id, "--out", file.to_str().unwrap()]);
    let preview = env.at(c, &["sync", "import", file.to_str().unwrap(), "--dry-run"]);
    assert!(preview.contains("华东机电 (new)"), "{preview}");
    env.at(c, &["sync", "import", file.to_str().unwrap()]);
    assert!(env.at(c, &["customer", "list"]).contains("华东机电"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn refusals_say_what_to_do_and_change_nothing() {
    let env = Env::new();
    let dir = env.dir.path();
    let (a, b) = (dir.join("a.db"), dir.join("b.db"));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    env.at(a, &["customer", "add", "甲"]);
    env.at(b, &["customer", "add", "乙"]);
    let file = dir.join("a.changes");
    env.at(a, &["sync", "export", "--out", file.to_str().unwrap()]);
    let before = digest(&env, b);
    let (code, err) = failure(&env.run_raw(&["--db", b, "sync", "import", file.to_str().unwrap()]));
    assert_eq!(code, 2);
    assert!(err.contains("another book") && err.contains("--customer"), "{err}");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    let (_, err) = failure(&env.run_raw(&["--db", b, "sync", "import", file.to_str().unwrap()]));
    assert!(err.contains("incomplete") && err.contains("nothing changed"), "{err}");
    assert_eq!(digest(&env, b), before);
    let (_, err) = failure(&env.run_raw(&["--db", b, "sync", "dir"]));
    assert!(err.contains("[sync] dir"), "{err}");
    // An export never replaces a file that is not a change file.
    let (_, err) = failure(&env.run_raw(&["--db", a, "sync", "export", "--out", b]));
    assert!(err.contains("not a change file"), "{err}");
}
