//! Drawing the week review screen: a title with the week's state, the
//! parts as a tab bar (the part shown in brackets, never by colour alone),
//! the part's lines, and the keys. Do and Check are the rows of the sheets
//! `repbook review` prints.

use super::keymap::Keymap;
use super::review::{Part, ReviewView};
use super::theme::Theme;
use super::widgets::{ellipsize, pad, truncate, wrap};
use crate::domain::review::Review;
use crate::i18n::{enum_label, t, tf};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Heading,
    Plain,
    Dim,
}

/// A line of a part: its text, its look, and the target it is (an index
/// among the part's targets).
struct Line {
    text: String,
    kind: Kind,
    target: Option<usize>,
}

fn line(text: impl Into<String>, kind: Kind) -> Line {
    Line { text: text.into(), kind, target: None }
}

/// A text the rep wrote, wrapped to `w`, or a dim hint when empty.
fn written(out: &mut Vec<Line>, text: &str, w: u16, empty: &str) {
    if text.trim().is_empty() {
        out.push(line(format!("  {empty}"), Kind::Dim));
        return;
    }
    for para in text.lines() {
        for l in wrap(&crate::text::one_line(para), w.saturating_sub(3).max(10)) {
            out.push(line(format!("  {l}"), Kind::Plain));
        }
    }
}

/// Two-column rows (a figure and its value) as aligned lines. A label
/// wider than its column (half the screen) and a value wider than what is
/// left wrap onto the lines under them, so neither is cut.
fn figure_rows(out: &mut Vec<Line>, sheet: &crate::interop::sheet::Sheet, w: usize) {
    use unicode_width::UnicodeWidthStr;
    let label_w = sheet.rows.iter().map(|(_, r)| r.first().map_or(0, |c| c.text().width())).max().unwrap_or(0);
    let label_w = label_w.min(w / 2).max(1);
    // The last column left free: a line reaching it was cut.
    let value_w = w.saturating_sub(label_w + 5).max(10);
    let cut = |text: &str, width: usize| wrap(text, u16::try_from(width).unwrap_or(u16::MAX));
    for (_, r) in &sheet.rows {
        let label = r.first().map(|c| crate::text::one_line(&c.text()).into_owned()).unwrap_or_default();
        let value = r.get(1).map(|c| crate::text::one_line(&c.text()).into_owned()).unwrap_or_default();
        // A label's own indent (`  of which …`) stays on each of its lines.
        let trimmed = label.trim_start();
        let indent = label.len() - trimmed.len();
        let labels: Vec<String> = cut(trimmed, label_w.saturating_sub(indent).max(1))
            .into_iter()
            .map(|l| format!("{}{l}", " ".repeat(indent)))
            .collect();
        let values = cut(&value, value_w);
        for i in 0..labels.len().max(values.len()).max(1) {
            let l = labels.get(i).map_or("", String::as_str);
            let v = values.get(i).map_or("", String::as_str);
            out.push(line(format!("  {}  {v}", pad(l, label_w)).trim_end().to_string(), Kind::Plain));
        }
    }
}

fn plan_lines(r: &Review, w: u16, keys: &Keymap) -> Vec<Line> {
    use unicode_width::UnicodeWidthStr;
    let k = |a| keys.keys_of(a).first().cloned().unwrap_or_default();
    let mut out = vec![line(t("review.goals"), Kind::Heading)];
    written(&mut out, &r.goals, w, &tf("review.tui_write", &[("key", &k(super::action::Action::Edit))]));
    out.push(line(t("review.from_last_act"), Kind::Heading));
    if r.carried.is_empty() {
        out.push(line("  —", Kind::Dim));
    }
    for a in &r.carried {
        out.push(line(format!("  • {}", crate::text::one_line(&a.what)), Kind::Plain));
    }
    let held = r.plan.iter().filter(|l| l.status == "done").count();
    // Do counts the visits planned ahead only; say so when some of the
    // work plan's were entered when held.
    let heading = tf("review.work_plan_heading", &[("held", &held), ("count", &r.plan.len())]);
    out.push(line(heading, Kind::Heading));
    let planned = r.facts.planned;
    if usize::try_from(planned).ok() != Some(r.plan.len()) {
        for l in wrap(&tf("review.work_plan_ahead", &[("planned", &planned)]), w.saturating_sub(3).max(10)) {
            out.push(line(format!("  {l}"), Kind::Dim));
        }
    }
    if r.plan.is_empty() {
        out.push(line(format!("  {}", t("plan.nothing_planned")), Kind::Dim));
    }
    // The names' column as wide as the longest name (up to 40); on a
    // narrow screen the name has the line to itself and what for goes under it.
    let longest = r.plan.iter().map(|l| crate::text::one_line(&l.customer).width()).max().unwrap_or(10).clamp(10, 40);
    for (i, l) in r.plan.iter().enumerate() {
        let day = crate::domain::fields::parse_iso_date(&l.date)
            .map(|d| format!("{} {}", super::form::weekday(d), d.format("%m-%d")))
            .unwrap_or_default();
        let purposes: Vec<String> =
            crate::domain::fields::split_tags(&l.purposes).iter().map(|p| enum_label("purposes", p)).collect();
        let lead = format!("{day} {} {}", pad(&l.time, 5), pad(&super::widgets::kind_short(&l.kind), 6));
        let name = crate::text::one_line(&l.customer);
        let what = format!(
            "[{}] {}",
            enum_label("status", &l.status),
            crate::text::one_line(&purposes.join(crate::i18n::list_separator()))
        );
        if w >= 100 {
            let text = format!("{lead} {} {what}", pad(&name, longest));
            out.push(Line { text, kind: Kind::Plain, target: Some(i) });
        } else {
            out.push(Line { text: format!("{lead} {name}"), kind: Kind::Plain, target: Some(i) });
            out.push(Line {
                text: format!("{}{what}", " ".repeat(lead.width() + 1)),
                kind: Kind::Plain,
                target: Some(i),
            });
        }
    }
    out
}

fn check_lines(review: &Review, width: u16, keys: &Keymap) -> Vec<Line> {
    let k = |a| keys.keys_of(a).first().cloned().unwrap_or_default();
    let facts = &review.facts;
    let mut out = vec![line(t("review.not_held"), Kind::Heading)];
    if facts.not_held.is_empty() {
        out.push(line("  —", Kind::Dim));
    }
    let mut target = 0;
    for v in &facts.not_held {
        let text = crate::interop::week_sheet::visit_ref(v);
        out.push(Line { text, kind: Kind::Plain, target: Some(target) });
        target += 1;
    }
    out.push(line(t("review.compliance_heading"), Kind::Heading));
    for c in &facts.compliance {
        let cell = crate::interop::week_sheet::compliance_cell(c);
        out.push(line(format!("  {}  {cell}", c.class.as_str()), Kind::Plain));
    }
    out.push(line(t("review.a_without_contact"), Kind::Heading));
    if facts.a_without_contact.is_empty() {
        out.push(line("  —", Kind::Dim));
    }
    for (_, name) in &facts.a_without_contact {
        out.push(Line { text: crate::text::one_line(name).into_owned(), kind: Kind::Plain, target: Some(target) });
        target += 1;
    }
    // Collection, the funnel and the customers qualified, as `report
    // figures` gives them.
    out.push(line(t("review.check_figures"), Kind::Heading));
    figure_rows(&mut out, &crate::interop::figures_sheet::check_sheet(&review.facts.figures), usize::from(width));
    let hint = tf("review.tui_write", &[("key", &k(super::action::Action::Edit))]);
    out.push(line(t("review.worked"), Kind::Heading));
    written(&mut out, &review.worked, width, &hint);
    out.push(line(t("review.not_worked"), Kind::Heading));
    written(&mut out, &review.not_worked, width, &hint);
    out
}

/// The Act items, numbered, each wrapped under its number (a long one in
/// Chinese at 80 columns is read whole), with what became of it.
fn act_lines(r: &Review, w: u16, keys: &Keymap) -> Vec<Line> {
    let k = |a| keys.keys_of(a).first().cloned().unwrap_or_default();
    if r.acts.is_empty() {
        let hint = tf("review.tui_no_acts", &[("key", &k(super::action::Action::New))]);
        return vec![line(hint, Kind::Dim)];
    }
    let mut out = Vec::new();
    for (i, a) in r.acts.iter().enumerate() {
        let text = crate::interop::review_sheet::act_line(a);
        for (n, l) in wrap(&text, w.saturating_sub(6).max(10)).into_iter().enumerate() {
            let head = if n == 0 { format!("{:>2}. ", a.number) } else { "    ".to_string() };
            out.push(Line { text: format!("{head}{l}"), kind: Kind::Plain, target: Some(i) });
        }
    }
    out
}

impl ReviewView {
    fn lines(&self, r: &Review, w: u16, keys: &Keymap) -> Vec<Line> {
        let mut out = match self.part {
            Part::Plan => plan_lines(r, w, keys),
            Part::Do => {
                let mut out = Vec::new();
                figure_rows(&mut out, &crate::interop::week_sheet::do_sheet(&r.facts), usize::from(w));
                out
            }
            Part::Check => check_lines(r, w, keys),
            Part::Act => act_lines(r, w, keys),
            Part::Pictures => Vec::new(),
        };
        if r.frozen_unreadable {
            out.insert(0, line(t("review.frozen_unreadable"), Kind::Dim));
        }
        out
    }

    fn hint(&self, keys: &Keymap) -> String {
        use super::action::Action;
        let k = |a: Action| keys.keys_of(a).first().cloned().unwrap_or_default();
        let last = |a: Action| keys.keys_of(a).pop().unwrap_or_default();
        let weeks = format!("{}/{}", k(Action::PrevPeriod), k(Action::NextPeriod));
        let parts = format!("{}/{}", last(Action::PrevTab), last(Action::NextTab));
        let close = k(Action::Complete);
        let back = k(Action::Back);
        // A closed week offers no writes: it is kept as written.
        if self.review.as_ref().is_some_and(|r| r.closed) {
            return tf(
                "review.hint_closed",
                &[("parts", &parts), ("weeks", &weeks), ("close", &close), ("back", &back)],
            );
        }
        match self.part {
            Part::Plan | Part::Check => tf(
                "review.hint_notes",
                &[("parts", &parts), ("edit", &k(Action::Edit)), ("weeks", &weeks), ("close", &close), ("back", &back)],
            ),
            // Carrying into next week and making a follow-up need an Act
            // item: offered only with one selected.
            Part::Act if !matches!(self.target(), Some(super::review::Target::Act(_))) => tf(
                "review.hint_act_empty",
                &[("parts", &parts), ("new", &k(Action::New)), ("weeks", &weeks), ("close", &close), ("back", &back)],
            ),
            Part::Act => tf(
                "review.hint_act",
                &[
                    ("parts", &parts),
                    ("new", &k(Action::New)),
                    ("plan", &k(Action::Plan)),
                    ("followup", &k(Action::ToFollowup)),
                    ("weeks", &weeks),
                    ("close", &close),
                    ("back", &back),
                ],
            ),
            Part::Do | Part::Pictures => {
                tf("review.hint", &[("parts", &parts), ("weeks", &weeks), ("close", &close), ("back", &back)])
            }
        }
    }

    /// Draw into `area`.
    pub fn render(&self, buf: &mut Buffer, area: Rect, theme: Theme, keys: &Keymap) {
        super::widgets::clear(buf, area);
        let w = area.width as usize;
        let sunday = self.monday + chrono::Duration::days(6);
        let week = crate::domain::period::iso_week_label(self.monday);
        let state = match &self.review {
            Some(r) if r.closed => t("review.state_closed"),
            _ => t("review.state_open"),
        };
        let title = format!(
            "{} · {state}",
            tf("review.tui_title", &[("week", &week), ("from", &self.monday), ("to", &sunday)])
        );
        buf.set_string(area.x, area.y, ellipsize(&title, w), theme.heading());
        // The parts: the one shown in brackets and bold.
        let mut x = area.x;
        for p in Part::ALL {
            let on = p == self.part;
            let label = if on { format!("[{}]", p.label()) } else { format!(" {} ", p.label()) };
            let room = (area.x + area.width).saturating_sub(x) as usize;
            if room == 0 {
                break;
            }
            let text = truncate(&label, room);
            buf.set_string(x, area.y + 1, &text, if on { theme.selected() } else { Style::new() });
            x = x.saturating_add(u16::try_from(unicode_width::UnicodeWidthStr::width(text.as_str())).unwrap_or(0) + 1);
        }
        buf.set_string(area.x, area.y + area.height.saturating_sub(1), truncate(&self.hint(keys), w), theme.dim());
        let Some(r) = &self.review else { return };
        let body = Rect { x: area.x, y: area.y + 2, width: area.width, height: area.height.saturating_sub(3) };
        if self.part == Part::Pictures {
            if let Some(trend) = &self.trend {
                self.draw_pictures(buf, body, (theme, keys), r, trend);
            }
            return;
        }
        let lines = self.lines(r, area.width, keys);
        let height = body.height as usize;
        // The selected target in view; past the last one, the lines after
        // it scroll on (what room there is to do so is kept for the keys).
        let most = lines.len().saturating_sub(height);
        let pos = lines.iter().rposition(|l| l.target == Some(self.selected));
        let start = if let Some(p) = pos {
            let base = (p + 1).saturating_sub(height).min(most);
            let last = lines.iter().filter_map(|l| l.target).max() == Some(self.selected);
            self.room.set(if last { most - base } else { 0 });
            (base + self.scroll).min(most)
        } else {
            self.room.set(most);
            self.scroll.min(most)
        };
        for (i, l) in lines.iter().enumerate().skip(start).take(height) {
            let y = body.y + u16::try_from(i - start).unwrap_or(0);
            let on = l.target.is_some() && l.target == Some(self.selected) && self.scroll == 0;
            // A target over two lines is marked on its first.
            let first = i == 0 || lines.get(i - 1).is_none_or(|p| p.target != l.target);
            let (text, style) = match (l.kind, on) {
                (_, true) if first => (format!("> {}", l.text), theme.selected()),
                (_, true) => (format!("  {}", l.text), theme.selected()),
                (Kind::Heading, _) => (l.text.clone(), theme.heading()),
                (Kind::Dim, _) => (l.text.clone(), theme.dim()),
                (Kind::Plain, _) if l.target.is_some() => (format!("  {}", l.text), Style::new()),
                (Kind::Plain, _) => (l.text.clone(), Style::new()),
            };
            buf.set_string(body.x, y, pad(&ellipsize(&text, w), w), style);
        }
    }

    /// The pictures drawn at the height they need (every stage of the
    /// funnel on its own line, the bars at least four rows), and the part
    /// of them that fits shown from `scroll`: on a short screen the last
    /// stages — those closest to money — are a key away, and the last row
    /// says how many lines are below.
    fn draw_pictures(
        &self,
        buf: &mut Buffer,
        body: Rect,
        (theme, keys): (Theme, &Keymap),
        r: &Review,
        trend: &crate::domain::review_trend::Trend,
    ) {
        let whole = super::charts::height_needed(r).max(body.height);
        let all = Rect { x: 0, y: 0, width: body.width, height: whole };
        let mut drawn = Buffer::empty(all);
        super::charts::render(&mut drawn, all, theme, r, trend);
        let most = whole - body.height;
        self.room.set(usize::from(most));
        let start = u16::try_from(self.scroll).unwrap_or(u16::MAX).min(most);
        for row in 0..body.height {
            for x in 0..body.width {
                buf[(body.x + x, body.y + row)] = drawn[(x, start + row)].clone();
            }
        }
        let below = most - start;
        if below > 0 && body.height > 0 {
            // The lines below and the one the note itself covers.
            let more = keys.hint("review.pic_more", &[("count", (below + 1).to_string())]);
            let y = body.y + body.height - 1;
            buf.set_string(body.x, y, pad(&truncate(&more, body.width as usize), body.width as usize), theme.dim());
        }
    }
}
