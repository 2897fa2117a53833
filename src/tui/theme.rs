//! Styles. Selection is shown by a marker and reversed video, never by colour
//! alone; with `NO_COLOR` set no colour is used at all.

use crate::domain::classify::Class;
use ratatui::style::{Color, Modifier, Style};

/// The styles in use.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set (any value, per no-color.org).
    pub fn from_env() -> Self {
        Self { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    /// A theme without colour (tests use it for stable snapshots).
    pub const fn plain() -> Self {
        Self { color: false }
    }

    fn fg(self, c: Color) -> Style {
        if self.color { Style::new().fg(c) } else { Style::new() }
    }

    /// The selected row.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Headings, the focused label.
    pub fn heading(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary text: hints, empty values.
    pub fn dim(self) -> Style {
        if self.color { Style::new().fg(Color::DarkGray) } else { Style::new().add_modifier(Modifier::DIM) }
    }

    /// Errors.
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Good news (saved).
    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }

    /// A class letter.
    pub fn class(self, class: Class) -> Style {
        match class {
            Class::A => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Class::B => self.fg(Color::Cyan),
            Class::C => Style::new(),
        }
    }

    /// The status bar.
    pub fn status(self) -> Style {
        if self.color { Style::new().bg(Color::DarkGray).fg(Color::White) } else { Style::new() }
    }

    /// Filter chips.
    pub fn chip(self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
}
