//! Help (`?`): the commands the current screen declares, each with its keys
//! from the live keymap. Descriptions wrap, never cut; a list taller than
//! the screen scrolls.

use super::action::Action;
use super::keymap::Keymap;
use super::theme::Theme;
use super::widgets::{pad, truncate, wrap};
use crate::i18n::t;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::UnicodeWidthStr;

/// What help does with a key (any other closes it).
pub(super) const HELP_COMMANDS: &[Action] =
    &[Action::Up, Action::Down, Action::PageUp, Action::PageDown, Action::Top, Action::Bottom];

/// The widest the box gets.
const MAX_W: u16 = 76;

/// The rows of help at text width `w`: keys, then the description wrapped
/// beside them.
fn rows(keymap: &Keymap, (actions, place): (&[Action], &str), w: u16) -> Vec<String> {
    let labels: Vec<String> = actions.iter().map(|a| keymap.keys_of(*a).join(" ")).collect();
    let key_w = labels.iter().map(|l| l.width()).max().unwrap_or(0).min(18);
    let desc_w = (w as usize).saturating_sub(key_w + 2).max(8) as u16;
    let mut out = Vec::new();
    for (a, label) in actions.iter().zip(&labels) {
        // A key list wider than the column gets a line of its own.
        let lead = if label.width() > key_w {
            out.push(label.clone());
            String::new()
        } else {
            label.clone()
        };
        for (i, line) in wrap(a.describe_on(place), desc_w).into_iter().enumerate() {
            let keys = if i == 0 { lead.as_str() } else { "" };
            out.push(format!("{}  {line}", pad(keys, key_w)));
        }
    }
    out
}

/// The size of the box inside `area`, and whether it scrolls.
pub fn size(area: Rect, keymap: &Keymap, actions: (&[Action], &str)) -> (u16, u16) {
    let w = area.width.saturating_sub(4).min(MAX_W);
    let n = rows(keymap, actions, w.saturating_sub(4)).len() as u16;
    (w, (n + 2).min(area.height.saturating_sub(2)))
}

/// The last useful scroll of help drawn inside `area`.
pub fn max_scroll(area: Rect, keymap: &Keymap, actions: (&[Action], &str)) -> usize {
    let (w, h) = size(area, keymap, actions);
    let n = rows(keymap, actions, w.saturating_sub(4)).len();
    let shown = h.saturating_sub(2) as usize;
    if n <= shown { 0 } else { n - shown.saturating_sub(1) }
}

/// Draw help for `actions` into `area` from line `scroll`.
pub fn render(buf: &mut Buffer, area: Rect, keymap: &Keymap, actions: (&[Action], &str), scroll: usize, theme: Theme) {
    super::widgets::clear(buf, area);
    let block =
        ratatui::widgets::Block::bordered().title(format!(" {} ", t("tui.help_title"))).title_style(theme.heading());
    let inner = block.inner(area);
    ratatui::widgets::Widget::render(block, area, buf);
    let all = rows(keymap, actions, inner.width.saturating_sub(2));
    let fits = all.len() <= inner.height as usize;
    let h = if fits { inner.height as usize } else { (inner.height as usize).saturating_sub(1) };
    let scroll = scroll.min(all.len().saturating_sub(h));
    for (i, line) in all.iter().skip(scroll).take(h).enumerate() {
        buf.set_string(
            inner.x + 1,
            inner.y + i as u16,
            truncate(line, inner.width.saturating_sub(1) as usize),
            Style::new(),
        );
    }
    if !fits {
        // "more" only while there is more below.
        let more = scroll + h < all.len();
        let hint = keymap.hint(if more { "tui.help_keys" } else { "tui.help_keys_end" }, &[]);
        let y = inner.y + inner.height.saturating_sub(1);
        buf.set_string(inner.x + 1, y, truncate(&hint, inner.width.saturating_sub(1) as usize), theme.dim());
    }
}

/// The scroll after `action` (`None`: help closes).
pub fn scrolled(scroll: usize, action: Option<Action>, page: usize) -> Option<usize> {
    Some(match action? {
        Action::Up => scroll.saturating_sub(1),
        Action::Down => scroll.saturating_add(1),
        Action::PageUp => scroll.saturating_sub(page),
        Action::PageDown => scroll.saturating_add(page),
        Action::Top => 0,
        Action::Bottom => usize::MAX / 2,
        _ => return None,
    })
}
