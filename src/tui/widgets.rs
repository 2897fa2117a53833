//! Small drawing helpers shared by the screens.

use super::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthStr;

pub use crate::text::{ellipsize, pad, truncate};

/// A visit's kind in a column six wide, as the plan and the review list
/// visits: `visit`, `call` (拜访, 电话); another kind ends in `…` if cut.
pub fn kind_short(kind: &str) -> String {
    match kind {
        "visit" | "call" => crate::i18n::t(&format!("plan.kind_{kind}")).to_string(),
        other => ellipsize(&crate::i18n::enum_label("kind", other), 6),
    }
}

/// A one-line text input with no underline and a placeholder.
pub fn new_input(placeholder: &str) -> TextArea<'static> {
    let mut ta = TextArea::default();
    ta.set_cursor_line_style(Style::new());
    ta.set_placeholder_text(placeholder.to_string());
    ta
}

/// `clear_line` (Ctrl-U) in any text input: clear the line the caret is
/// on (the whole line, not only what is before the caret).
pub fn clear_line(input: &mut TextArea<'_>) {
    input.move_cursor(ratatui_textarea::CursorMove::End);
    input.delete_line_by_head();
}

/// Draw `prefix` and a text input on one line. When focused the input is
/// live (its own cursor) and the screen position of its caret is returned,
/// so the terminal cursor can be put there for input methods.
pub fn input_line(
    buf: &mut Buffer,
    area: Rect,
    prefix: &str,
    input: &TextArea<'_>,
    focused: bool,
    theme: Theme,
) -> Option<(u16, u16)> {
    let pw = prefix.width() as u16;
    buf.set_string(area.x, area.y, prefix, theme.heading());
    let rest = Rect { x: area.x + pw, width: area.width.saturating_sub(pw), height: 1, ..area };
    if rest.width == 0 {
        return None;
    }
    if focused {
        input.render(rest, buf);
        let cursor = input.screen_cursor();
        let (_, scroll_col) = input.scroll_offset();
        let x = rest.x + (cursor.col as u16).saturating_sub(scroll_col).min(rest.width.saturating_sub(1));
        Some((x, rest.y))
    } else {
        let text = input.lines().join(" ");
        if text.is_empty() {
            buf.set_string(rest.x, rest.y, truncate(input.placeholder_text(), rest.width as usize), theme.dim());
        } else {
            buf.set_string(rest.x, rest.y, truncate(&text, rest.width as usize), Style::new());
        }
        None
    }
}

/// A centred rectangle of at most `w` × `h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// Clear `area` for an overlay. A wide (CJK) character whose left half lies
/// just outside would be cut in two by the border; it is blanked too.
pub fn clear(buf: &mut Buffer, area: Rect) {
    ratatui::widgets::Widget::render(ratatui::widgets::Clear, area, buf);
    if area.x == 0 {
        return;
    }
    for y in area.y..area.y.saturating_add(area.height).min(buf.area.bottom()) {
        let left = &mut buf[(area.x - 1, y)];
        if left.symbol().width() > 1 {
            left.set_symbol(" ");
        }
    }
}

/// Punctuation that never starts a line (Chinese typesetting).
const NO_LINE_START: &str = "，。、；：！？）」』】》〉”’…";

/// `text` cut into lines of at most `width` columns: between words (a
/// Chinese character is a word of its own), never splitting a wide
/// character (one wider than the whole width is left out), and no
/// Chinese comma or full stop at the start of a line.
pub fn wrap(text: &str, width: u16) -> Vec<String> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let width = usize::from(width);
    // Tokens: a space, a wide character, or a run of other characters.
    let mut tokens: Vec<String> = Vec::new();
    for c in text.chars() {
        let joins = c != ' ' && c.width().unwrap_or(0) == 1;
        match tokens.last_mut() {
            Some(t) if joins && t.chars().all(|x| x != ' ' && x.width().unwrap_or(0) == 1) => t.push(c),
            _ => tokens.push(c.to_string()),
        }
    }
    let mut lines = vec![String::new()];
    for token in tokens {
        let used = lines.last().map_or(0, |l| l.width());
        if token == " " {
            if used > 0
                && used < width
                && let Some(l) = lines.last_mut()
            {
                l.push(' ');
            }
            continue;
        }
        if used + token.width() > width && used > 0 {
            // Punctuation that closes (Chinese, or a `;` `,` `)` run of its
            // own after Chinese) never starts a line: what is before it
            // goes down with it, a wide character or a whole run of
            // narrow ones (a date, a number, a word: never cut).
            let carried = match lines.last_mut() {
                Some(l)
                    if NO_LINE_START.contains(token.as_str()) || token.chars().all(|c| ";,.:!?)]}%".contains(c)) =>
                {
                    let narrow = |c: char| c != ' ' && c.width().unwrap_or(0) == 1;
                    let keep = match l.chars().next_back() {
                        Some(c) if narrow(c) => l.trim_end_matches(narrow).len(),
                        Some(c) => l.len() - c.len_utf8(),
                        None => 0,
                    };
                    // Only when something stays on the line above.
                    (keep > 0 && !l[..keep].trim().is_empty()).then(|| l.split_off(keep))
                }
                _ => None,
            };
            if let Some(l) = lines.last_mut() {
                l.truncate(l.trim_end().len());
            }
            lines.push(carried.unwrap_or_default());
        }
        for c in token.chars() {
            let cw = c.width().unwrap_or(0);
            if cw > width {
                continue;
            }
            if lines.last().map_or(0, |l| l.width()) + cw > width {
                lines.push(String::new());
            }
            if let Some(last) = lines.last_mut() {
                last.push(c);
            }
        }
    }
    lines
}

/// `s`'s parts (split at `sep`) that fit in `width` columns: the parts
/// before the last are dropped one by one from the end until the rest
/// fits, so the first and last stay whole; cut only when those two alone
/// do not fit.
pub fn fit_parts(s: &str, sep: &str, width: usize) -> String {
    let mut parts: Vec<&str> = s.split(sep).collect();
    while parts.len() > 2 && parts.join(sep).width() > width {
        parts.remove(parts.len() - 2);
    }
    truncate(&parts.join(sep), width)
}

/// Lines written one under another in a sheet's area (cleared first), each
/// on one line and cut to the width; the last row is kept for the sheet's
/// key hint ([`Lines::hint`]).
pub struct Lines<'a> {
    buf: &'a mut Buffer,
    area: Rect,
    y: u16,
}

impl<'a> Lines<'a> {
    /// Clear `area` and start at its top.
    pub fn new(buf: &'a mut Buffer, area: Rect) -> Lines<'a> {
        clear(buf, area);
        Lines { buf, area, y: area.y }
    }

    fn bottom(&self) -> u16 {
        self.area.y + self.area.height.saturating_sub(1)
    }

    /// One line of `text` (control characters and line breaks shown as
    /// one line), when there is room above the hint row.
    pub fn line(&mut self, text: &str, style: Style) {
        if self.y < self.bottom() {
            let text = truncate(&crate::text::one_line(text), usize::from(self.area.width));
            self.buf.set_string(self.area.x, self.y, text, style);
            self.y += 1;
        }
    }

    /// An empty line.
    pub fn gap(&mut self) {
        self.y = self.y.saturating_add(1);
    }

    /// The rows left above the hint row.
    pub fn room(&self) -> usize {
        usize::from(self.bottom().saturating_sub(self.y))
    }

    /// The key hint on the last row.
    pub fn hint(&mut self, text: &str, style: Style) {
        let bottom = self.bottom();
        self.buf.set_string(self.area.x, bottom, truncate(text, usize::from(self.area.width)), style);
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wrapping_keeps_every_character_within_the_width_and_no_comma_starts_a_line() {
        let text = "采购经理要求就明年的全部用量再报一次价，两个厂区都要送货，付款期三十天。";
        for width in 4..30u16 {
            let lines = wrap(text, width);
            assert_eq!(lines.concat(), text, "nothing lost at {width}");
            for l in &lines {
                assert!(l.width() <= width as usize, "{l:?} at {width}");
                assert!(!l.starts_with(['，', '。']), "{l:?} at {width}");
            }
        }
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
    }

    #[test]
    fn a_date_before_chinese_punctuation_goes_down_whole() {
        let text = "它下一次是 2027-09-15：请填这一天";
        // The colon does not fit after the date at 20 columns.
        let lines = wrap(text, 20);
        assert_eq!(lines, ["它下一次是", "2027-09-15：请填这一", "天"]);
        for width in 4..40u16 {
            let lines = wrap(text, width);
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""), "nothing lost at {width}");
            assert!(lines.iter().all(|l| l.width() <= width as usize), "{lines:?}");
            // Narrower than the date and its colon, one of them has to give.
            if width >= 12 {
                assert!(lines.iter().all(|l| !l.starts_with('：')), "{lines:?}");
                assert!(lines.iter().any(|l| l.contains("2027-09-15")), "the date is whole at {width}: {lines:?}");
            }
        }
    }

    #[test]
    fn a_semicolon_after_chinese_never_starts_a_line() {
        let text = "购买阶段 没有兴趣; 记录日期 2026-10-16";
        for width in 6..40u16 {
            let lines = wrap(text, width);
            assert!(lines.iter().all(|l| !l.starts_with(';')), "{lines:?} at {width}");
            assert!(lines.iter().all(|l| l.width() <= width as usize), "{lines:?}");
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""), "nothing lost at {width}");
        }
    }
}
