//! Drawing the whole app. Takes `&self`, does no I/O. And the mouse: a
//! click acts on what is drawn where it lands.

use super::action::Action;
use super::app::{App, MIN_HEIGHT, MIN_WIDTH};
use super::overlay::{self, Overlay};
use super::screen::Screen;
use super::widgets::{centered, pad, truncate};
use crate::i18n::{t, tf};
use ratatui::Frame;
use ratatui::layout::Rect;

impl App {
    /// A click or the wheel, on what is drawn where it happened: a
    /// dossier's tab, a list row, the search field.
    pub(super) fn handle_mouse(&mut self, kind: crossterm::event::MouseEventKind, x: u16, y: u16) {
        match kind {
            crossterm::event::MouseEventKind::ScrollDown => self.dispatch(Action::Down),
            crossterm::event::MouseEventKind::ScrollUp => self.dispatch(Action::Up),
            crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left)
                if self.overlay.is_none() && self.sheet.is_none() =>
            {
                let width = self.size.0;
                if let Some(d) = self.screen.dossier_mut() {
                    if y == 1
                        && let Some(tab) = super::dossier::DossierView::tab_at(x, width)
                    {
                        d.tab = tab;
                        d.selected = 0;
                        d.scroll = 0;
                    }
                } else if self.home() {
                    // Today lists items by section; the wheel moves through them.
                } else if y >= 3 {
                    if let Some(pos) = self.list.position_at((y - 3) as usize) {
                        if pos == self.list.selected {
                            self.dispatch(Action::Open);
                        } else {
                            self.list.selected = pos;
                        }
                    }
                } else if y == 0 {
                    self.screen = Screen::List { searching: true };
                }
            }
            _ => {}
        }
    }

    /// Draw everything and place the terminal cursor at the caret of the
    /// focused input (input methods put their candidate window there).
    pub fn render(&self, frame: &mut Frame<'_>) {
        let area = frame.area();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let msg = tf(
                "tui.too_small",
                &[("w", &MIN_WIDTH), ("h", &MIN_HEIGHT), ("cw", &area.width), ("ch", &area.height)],
            );
            // Wrapped here, by display width: ratatui's wrapping writes a
            // wide character past the edge of a one- or two-column area.
            let style = self.theme.error();
            let buf = frame.buffer_mut();
            for (y, line) in super::widgets::wrap(&msg, area.width).iter().take(area.height as usize).enumerate() {
                buf.set_string(area.x, area.y + y as u16, line, style);
            }
            return;
        }
        // The status message wraps to up to a third of the screen rather than be cut.
        let status_h = self.status_lines(area.width, area.height).len() as u16;
        let main = Rect { height: area.height - status_h, ..area };
        let mut caret = match &self.screen {
            Screen::Dossier { view, .. } => {
                view.render(frame, main, self.theme, (&self.config.cadence, &self.config.currency), &self.keymap);
                None
            }
            Screen::Today => {
                // An empty archive's first screen says how to begin.
                let key = self.keymap.keys_of(Action::New).first().cloned().unwrap_or_default();
                let empty = self.list.counts().1 == 0 && !self.list_loading();
                self.today.render(frame.buffer_mut(), main, self.theme, empty.then_some(key.as_str()), &self.keymap);
                None
            }
            Screen::List { searching } => self.list.render(frame, main, self.theme, (*searching, &self.keymap)),
        };
        match &self.sheet {
            Some(super::sheet::Sheet::Trash(v)) => {
                v.render(frame.buffer_mut(), main, self.theme, self.store.clock(), &self.keymap);
                caret = None;
            }
            Some(super::sheet::Sheet::Week(v)) => {
                v.render(frame.buffer_mut(), main, self.theme, &self.keymap);
                caret = None;
            }
            Some(super::sheet::Sheet::Care(v)) => {
                v.render(frame.buffer_mut(), main, self.theme, &self.keymap);
                caret = None;
            }
            Some(super::sheet::Sheet::Plan(v)) => {
                v.render(frame.buffer_mut(), main, self.theme, &self.keymap);
                caret = None;
            }
            Some(super::sheet::Sheet::Review(v)) => {
                v.render(frame.buffer_mut(), main, self.theme, &self.keymap);
                caret = None;
            }
            Some(super::sheet::Sheet::Month(v)) => {
                v.render(frame.buffer_mut(), main, self.theme, &self.keymap);
                caret = None;
            }
            Some(super::sheet::Sheet::Funnel(v)) => {
                v.render(frame.buffer_mut(), main, self.theme, &self.keymap, &self.config.currency);
                caret = None;
            }
            Some(super::sheet::Sheet::Sync(v)) => {
                v.render(frame.buffer_mut(), main, self.theme, &self.keymap);
                caret = None;
            }
            Some(super::sheet::Sheet::Import(v)) => {
                v.render(frame.buffer_mut(), main, self.theme, &self.keymap);
                caret = None;
            }
            None => {}
        }
        if let Some(c) = self.render_overlay(frame, main) {
            caret = Some(c);
        } else if self.overlay.is_some() {
            caret = None;
        }
        self.render_status(frame, Rect { y: area.height - status_h, height: status_h, ..area });
        if let Some((x, y)) = caret {
            frame.set_cursor_position((x, y));
        }
    }

    fn render_overlay(&self, frame: &mut Frame<'_>, area: Rect) -> Option<(u16, u16)> {
        let buf = frame.buffer_mut();
        match self.overlay.as_ref()? {
            Overlay::Help { scroll } => {
                let actions = (self.commands(), self.place());
                let (w, h) = super::help::size(area, &self.keymap, actions);
                super::help::render(buf, centered(area, w, h), &self.keymap, actions, *scroll, self.theme);
                None
            }
            Overlay::Palette(p) => overlay::render_palette(
                buf,
                centered(area, overlay::palette_width(area.width, p, &self.keymap), 16),
                p,
                &self.keymap,
                self.theme,
            ),
            Overlay::Prompt(p) => overlay::render_prompt(
                buf,
                {
                    let (w, h) = overlay::prompt_size(area, p);
                    centered(area, w, h)
                },
                p,
                self.store.clock().today(),
                &self.keymap,
                self.theme,
            ),
            Overlay::Confirm { message, .. } => {
                let (w, h) = overlay::confirm_size(area, message);
                overlay::render_confirm(buf, centered(area, w, h), message, &self.keymap, self.theme);
                None
            }
            Overlay::Filter(menu) => {
                overlay::render_filter(buf, centered(area, 44, 16), menu, &self.list, self.theme);
                None
            }
            Overlay::Read(view) => {
                view.render(buf, super::read::rect(area), self.theme, &self.keymap);
                None
            }
            Overlay::Form(form) => {
                let max_w = if form.side.is_empty() { 100 } else { 160 };
                let rect = centered(area, area.width.saturating_sub(4).min(max_w), area.height.saturating_sub(2));
                super::widgets::clear(buf, rect);
                let block = ratatui::widgets::Block::bordered();
                let inner = block.inner(rect);
                ratatui::widgets::Widget::render(block, rect, buf);
                form.render(buf, inner, self.theme, self.store.clock().today(), &self.keymap)
            }
        }
    }

    /// The status bar's left part: the archive, the mode, read-only.
    fn status_left(&self) -> String {
        let mode = match (&self.overlay, &self.screen) {
            (Some(Overlay::Form(_)), _) => t("tui.mode_edit"),
            (Some(Overlay::Help { .. }), _) => t("tui.mode_help"),
            (Some(Overlay::Confirm { .. } | Overlay::Prompt(_)), _) => t("tui.mode_question"),
            (Some(Overlay::Palette(_)), _) => t("tui.mode_palette"),
            (Some(Overlay::Filter(_)), _) => t("tui.mode_filter"),
            (Some(Overlay::Read(_)), _) => t("tui.mode_read"),
            (None, _) if let Some(sheet) = &self.sheet => sheet.mode(),
            (None, Screen::List { searching: true }) => t("tui.mode_search"),
            (None, Screen::Dossier { .. }) => t("tui.mode_dossier"),
            (None, Screen::Today) => t("tui.mode_today"),
            (None, Screen::List { .. }) => t("tui.mode_list"),
        };
        let ro = if self.store.is_read_only() { format!(" {}", t("tui.read_only")) } else { String::new() };
        format!(" {} │ {mode}{ro} │ ", self.label)
    }

    /// The status message cut into the lines the status bar shows at
    /// `width` on a screen `height` rows high (one to a third of them; the
    /// first beside the mode).
    pub(super) fn status_lines(&self, width: u16, height: u16) -> Vec<String> {
        let left = self.status_left();
        let lw = unicode_width::UnicodeWidthStr::width(left.as_str()) as u16;
        if self.status.text.is_empty() {
            // The keys that fit, whole: the ones before the last give way
            // first ("? keys" and "q quit" stay), never a word cut in two.
            let key = match (&self.overlay, &self.sheet, &self.screen) {
                (Some(_), ..) => "tui.status_hint_overlay",
                (None, Some(_), _) => "tui.status_hint_sheet",
                (None, None, Screen::List { .. }) => "tui.status_hint_list",
                // The opportunities tab says how to add and move one.
                (None, None, Screen::Dossier { .. })
                    if self.dossier().is_some_and(|d| d.tab == super::dossier::Tab::Opportunities) =>
                {
                    "tui.status_hint_opportunities"
                }
                (None, None, Screen::Dossier { .. }) => "tui.status_hint_dossier",
                (None, None, Screen::Today) => "tui.status_hint",
            };
            let hint = self.keymap.hint(key, &[]);
            return vec![super::widgets::fit_parts(&hint, " · ", width.saturating_sub(lw) as usize)];
        }
        if lw >= width {
            return vec![self.status.text.clone()];
        }
        let mut lines = super::widgets::wrap(&self.status.text, width - lw);
        // A message is read whole: it may take up to a third of the
        // screen (3 lines at least) until the next key; only past that is
        // it cut.
        let most = usize::from(height / 3).max(3);
        if lines.len() > most {
            lines.truncate(most);
            if let Some(last) = lines.last_mut() {
                *last = truncate(&format!("{last}…"), (width - lw) as usize);
            }
        }
        lines
    }

    fn render_status(&self, frame: &mut Frame<'_>, area: Rect) {
        let left = self.status_left();
        let style = if self.status.text.is_empty() {
            self.theme.status()
        } else if self.status.error {
            self.theme.error()
        } else {
            self.theme.ok()
        };
        let lines = self.status_lines(area.width, frame.area().height);
        let buf = frame.buffer_mut();
        let lw = unicode_width::UnicodeWidthStr::width(left.as_str()) as u16;
        for (i, line) in lines.iter().enumerate() {
            let y = area.y + i as u16;
            buf.set_string(area.x, y, pad("", area.width as usize), self.theme.status());
            let prefix = if i == 0 { left.clone() } else { " ".repeat(lw as usize) };
            buf.set_string(area.x, y, truncate(&prefix, area.width as usize), self.theme.status());
            if lw < area.width {
                buf.set_string(area.x + lw, y, truncate(line, (area.width - lw) as usize), style);
            }
        }
    }

    /// Where the user is, as help names it (`action_on.<place>.<action>`
    /// says what a key does there when it differs from its usual meaning).
    pub(super) fn place(&self) -> &'static str {
        self.component().place()
    }

    /// The commands the screen under the overlays declares: its keys mean
    /// these and nothing else, and help lists them.
    pub(super) fn commands(&self) -> &'static [Action] {
        self.component().commands()
    }

    /// The read view's text width and height at the current terminal size.
    pub(super) fn read_size(&self) -> (u16, u16) {
        let rect = super::read::rect(Rect::new(0, 0, self.size.0, self.size.1.saturating_sub(1)));
        (rect.width.saturating_sub(3), rect.height.saturating_sub(3))
    }
}
