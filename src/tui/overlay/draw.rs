//! Drawing the windows over a screen: the palette, confirmations, the
//! filter menu and prompts, each sized to its text.

use super::{FilterMenu, Palette, Prompt, PromptKind};
use crate::i18n::{t, tf};
use crate::tui::action::Action;
use crate::tui::keymap::Keymap;
use crate::tui::list::ListView;
use crate::tui::theme::Theme;
use crate::tui::widgets::{input_line, pad, truncate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

fn frame(buf: &mut Buffer, area: Rect, title: &str, theme: Theme) -> Rect {
    crate::tui::widgets::clear(buf, area);
    let block = ratatui::widgets::Block::bordered().title(format!(" {title} ")).title_style(theme.heading());
    let inner = block.inner(area);
    ratatui::widgets::Widget::render(block, area, buf);
    inner
}

/// Draw a list of entries with a selection; returns nothing.
fn entries(buf: &mut Buffer, area: Rect, items: &[String], selected: usize, theme: Theme) {
    let h = area.height as usize;
    let start = selected.saturating_sub(h.saturating_sub(1));
    for (line, (i, text)) in items.iter().enumerate().skip(start).take(h).enumerate() {
        let sel = i == selected;
        let text = pad(&format!("{}{text}", if sel { "> " } else { "  " }), area.width as usize);
        buf.set_string(area.x, area.y + line as u16, text, if sel { theme.selected() } else { Style::new() });
    }
}

/// The palette's rows: keys padded to a column as wide as they need, and
/// what each does where the palette was opened.
fn palette_rows(p: &Palette, keymap: &Keymap) -> Vec<(String, &'static str)> {
    let matches = p.matches();
    let keys: Vec<String> = matches.iter().map(|a| keymap.keys_of(*a).join(" ")).collect();
    let key_w = keys.iter().map(|k| unicode_width::UnicodeWidthStr::width(k.as_str())).max().unwrap_or(0).min(16);
    matches.iter().zip(&keys).map(|(a, k)| (pad(k, key_w), p.describe(*a))).collect()
}

/// The palette's width inside a screen `width` wide: as wide as its
/// widest row (its frame and marker around it), at least 76 columns, at
/// most the screen less a margin.
pub fn palette_width(width: u16, p: &Palette, keymap: &Keymap) -> u16 {
    let widest = palette_rows(p, keymap)
        .iter()
        .map(|(k, d)| unicode_width::UnicodeWidthStr::width(format!("{k}  {d}").as_str()))
        .max();
    let wanted = u16::try_from(widest.unwrap_or(0).saturating_add(6)).unwrap_or(u16::MAX).max(76);
    width.saturating_sub(4).min(wanted)
}

/// The palette's entries: one line each, the selected one wrapped in full
/// beside its keys (a row wider than the box is read by moving onto it).
fn palette_entries(buf: &mut Buffer, area: Rect, rows: &[(String, &str)], selected: usize, theme: Theme) {
    let h = area.height as usize;
    let key_w = rows.first().map_or(0, |(k, _)| unicode_width::UnicodeWidthStr::width(k.as_str()));
    let desc_w = (area.width as usize).saturating_sub(key_w + 4).max(8);
    let block = |i: usize, (k, d): &(String, &str)| -> Vec<String> {
        if i == selected {
            let lines = crate::tui::widgets::wrap(d, u16::try_from(desc_w).unwrap_or(u16::MAX));
            lines
                .iter()
                .enumerate()
                .map(|(n, l)| if n == 0 { format!("> {k}  {l}") } else { format!("  {}  {l}", pad("", key_w)) })
                .collect()
        } else {
            vec![crate::text::ellipsize(&format!("  {k}  {d}"), area.width as usize)]
        }
    };
    let sel_h = rows.get(selected).map_or(1, |r| block(selected, r).len());
    let start = selected.saturating_sub(h.saturating_sub(sel_h));
    let mut y = 0;
    for (i, row) in rows.iter().enumerate().skip(start) {
        let style = if i == selected { theme.selected() } else { Style::new() };
        for line in block(i, row) {
            if y >= h {
                return;
            }
            buf.set_string(area.x, area.y + y as u16, pad(&line, area.width as usize), style);
            y += 1;
        }
    }
}

/// The palette; returns the caret position.
pub fn render_palette(buf: &mut Buffer, area: Rect, p: &Palette, keymap: &Keymap, theme: Theme) -> Option<(u16, u16)> {
    let inner = frame(buf, area, t("tui.palette_title"), theme);
    let caret = input_line(buf, Rect { height: 1, ..inner }, "> ", &p.input, true, theme);
    // The keys first, in a column as wide as they need: the description
    // takes the rest of the line and is not cut where it fits.
    let rows = palette_rows(p, keymap);
    let list = Rect { y: inner.y + 2, height: inner.height.saturating_sub(2), ..inner };
    palette_entries(buf, list, &rows, p.selected, theme);
    caret
}

/// The size of a confirmation box inside `area`: as tall as its text
/// wrapped needs.
pub fn confirm_size(area: Rect, message: &str) -> (u16, u16) {
    let w = area.width.saturating_sub(4).min(64);
    let lines = crate::tui::widgets::wrap(message, w.saturating_sub(4)).len() as u16;
    (w, lines + 4)
}

/// A confirmation.
pub fn render_confirm(buf: &mut Buffer, area: Rect, message: &str, keys: &Keymap, theme: Theme) {
    let inner = frame(buf, area, t("tui.confirm_title"), theme);
    // Wrapped, never cut: the box is sized to the text (`confirm_size`).
    let lines = crate::tui::widgets::wrap(message, inner.width.saturating_sub(2));
    let keys_at = (lines.len() as u16 + 1).min(inner.height.saturating_sub(1));
    for (i, line) in lines.iter().take(keys_at.saturating_sub(1) as usize).enumerate() {
        buf.set_string(inner.x + 1, inner.y + i as u16, line, Style::new());
    }
    buf.set_string(
        inner.x + 1,
        inner.y + keys_at,
        truncate(
            &keys.hint(
                "tui.confirm_keys",
                &[("yes", keys.keys(Action::Yes, 2, " / ")), ("no", keys.keys(Action::No, 2, " / "))],
            ),
            inner.width as usize - 1,
        ),
        theme.heading(),
    );
}

/// The filter menu.
pub fn render_filter(buf: &mut Buffer, area: Rect, menu: &FilterMenu, list: &ListView, theme: Theme) {
    let title = match menu.dim {
        None => t("tui.filter_title").to_string(),
        Some(d) => tf("tui.filter_values", &[("dim", &d.label())]),
    };
    let inner = frame(buf, area, &title, theme);
    let items: Vec<String> = menu.entries(list).into_iter().map(|(_, s)| s).collect();
    entries(buf, inner, &items, menu.selected, theme);
}

/// The size of a prompt inside `area`: as wide as its question (at least
/// 72 columns, at most the screen), as tall as the question wrapped, the
/// answer, what the answer means (a date, the customers matching) and the
/// keys need.
pub fn prompt_size(area: Rect, p: &Prompt) -> (u16, u16) {
    let most = area.width.saturating_sub(2);
    let asked =
        u16::try_from(unicode_width::UnicodeWidthStr::width(p.title.as_str()).saturating_add(4)).unwrap_or(most);
    let w = asked.max(72).min(most);
    let question = crate::tui::widgets::wrap(&p.title, w.saturating_sub(2)).len() as u16;
    let shown = match &p.kind {
        PromptKind::ActCustomer(_, pick) => pick.lines(&p.input.lines().join(" ")).len().max(1) as u16,
        _ => 1,
    };
    (w, question + shown + 4)
}

/// A prompt; returns the caret position. The question is wrapped above
/// the answer, never cut.
pub fn render_prompt(
    buf: &mut Buffer,
    area: Rect,
    p: &Prompt,
    today: chrono::NaiveDate,
    keys: &Keymap,
    theme: Theme,
) -> Option<(u16, u16)> {
    let inner = frame(buf, area, t("tui.prompt_title"), theme);
    let width = inner.width as usize;
    let question = crate::tui::widgets::wrap(&p.title, inner.width);
    let bottom = inner.y + inner.height;
    for (i, line) in question.iter().enumerate() {
        buf.set_string(inner.x, inner.y + i as u16, truncate(line, width), theme.heading());
    }
    let y = (inner.y + question.len() as u16).min(bottom.saturating_sub(1));
    let caret = input_line(buf, Rect { y, height: 1, ..inner }, "> ", &p.input, true, theme);
    let typed = p.input.lines().join(" ");
    let below: Vec<String> = match &p.kind {
        PromptKind::Snooze(_) | PromptKind::PlanDay { .. } | PromptKind::ActFollowup(..) => {
            vec![crate::domain::dates::preview(&typed, today).unwrap_or_default()]
        }
        PromptKind::ActCustomer(_, pick) => pick.lines(&typed),
        _ => Vec::new(),
    };
    for (i, line) in below.iter().enumerate() {
        let at = y + 1 + i as u16;
        if at + 1 < bottom {
            buf.set_string(inner.x + 2, at, truncate(line, width.saturating_sub(2)), theme.dim());
        }
    }
    // The keys that work where the answer is typed.
    // Enter and Esc always answer and cancel here (see `Prompt::handle`).
    let first = |a: Action, always: String| keys.text_keys_of(a).into_iter().next().unwrap_or(always);
    let hint = keys.hint(
        "tui.prompt_keys",
        &[
            ("yes", first(Action::Yes, crate::i18n::t("keyname.enter").to_string())),
            ("no", first(Action::No, "Esc".into())),
        ],
    );
    buf.set_string(inner.x, bottom.saturating_sub(1), truncate(&hint, width), theme.dim());
    caret
}
