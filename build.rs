//! Makes the reading table of every Chinese character
//! (`src/search/readings_gen.rs`) once per build, as static arrays the
//! library includes: no process spends time or heap on it at start.

#[path = "src/search/readings_gen.rs"]
mod readings_gen;
#[path = "src/search/readings_text.rs"]
mod readings_text;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=src/search/readings_gen.rs");
    println!("cargo::rerun-if-changed=src/search/readings_text.rs");
    println!("cargo::rerun-if-changed=assets/pinyin-readings.toml");
    let extra = readings_gen::extra_readings(&std::fs::read_to_string("assets/pinyin-readings.toml")?)
        .map_err(|e| format!("assets/pinyin-readings.toml: {e}"))?;
    let table = readings_gen::Table::build(&extra);
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    std::fs::write(out.join("readings.rs"), table.emit())?;
    Ok(())
}
