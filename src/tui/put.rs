//! Writing a line of text into a frame's cells, as ratatui's
//! [`Buffer::set_line`] does, cell for cell, without reading plain ASCII
//! through grapheme segmentation: a list row at 200 columns is mostly
//! padding and Latin letters, and segmenting them was half of drawing the
//! customer list while searching (issue 13: a keystroke's frame).

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::style::Style;
use ratatui::text::Line;
use unicode_segmentation::UnicodeSegmentation;

/// Write `line` at (`x`, `y`) within `max_width` cells: the same cells as
/// [`Buffer::set_line`] (its spans in turn, each patched with the line's
/// style); returns where it stopped.
pub fn put_line(buf: &mut Buffer, x: u16, y: u16, line: &Line<'_>, max_width: u16) -> (u16, u16) {
    let mut remaining = max_width;
    let mut x = x;
    for span in line {
        if remaining == 0 {
            break;
        }
        let end = put_str(buf, x, y, span.content.as_ref(), remaining, line.style.patch(span.style));
        remaining = remaining.saturating_sub(end.saturating_sub(x));
        x = end;
    }
    (x, y)
}

/// Write `text` at (`x`, `y`) within `max_width` cells, as
/// [`Buffer::set_stringn`] does: graphemes holding a control character are
/// left out, as are those of no width; a grapheme that does not fit ends
/// it; a wide one blanks the cells it covers. An ASCII character followed
/// by another (or by nothing) is a grapheme of its own and one cell wide;
/// anything else is segmented. Returns the column after the last cell.
pub fn put_str(buf: &mut Buffer, mut x: u16, y: u16, text: &str, max_width: u16, style: Style) -> u16 {
    let mut remaining = buf.area.right().saturating_sub(x).min(max_width);
    let mut rest = text;
    while let Some(&b) = rest.as_bytes().first() {
        let alone = b.is_ascii() && rest.as_bytes().get(1).is_none_or(u8::is_ascii);
        let symbol = if alone { &rest[..1] } else { rest.graphemes(true).next().unwrap_or(rest) };
        rest = &rest[symbol.len()..];
        if symbol.contains(char::is_control) {
            continue;
        }
        let width = symbol.cell_width();
        if width == 0 {
            continue;
        }
        let Some(left) = remaining.checked_sub(width) else { break };
        remaining = left;
        // Most cells of a row are padding over a blank cell: the symbol
        // is set only when it changes (a cell without one reads as " ").
        let cell = &mut buf[(x, y)];
        if cell.symbol() != symbol {
            cell.set_symbol(symbol);
        }
        cell.set_style(style);
        let next = x + width;
        x += 1;
        while x < next {
            buf[(x, y)].reset();
            x += 1;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;

    /// The same line written both ways over the same cells, which hold
    /// `under` (written by ratatui in a style of its own): often the same
    /// symbols, whose cells only take the new style.
    fn both(
        spans: &[(&str, Style)],
        under: &str,
        (x, max_width, area_w): (u16, u16, u16),
    ) -> (Buffer, Buffer, u16, u16) {
        let area = Rect::new(0, 0, area_w, 2);
        let mut ours = Buffer::empty(area);
        let old = Style::new().bg(Color::Blue).fg(Color::Yellow).add_modifier(Modifier::UNDERLINED);
        ours.set_line(0, 0, &Line::from(Span::styled(under, old)), area_w);
        let mut theirs = ours.clone();
        let line = Line::from(spans.iter().map(|(t, s)| Span::styled(*t, *s)).collect::<Vec<_>>())
            .style(Style::new().add_modifier(Modifier::BOLD));
        let a = put_line(&mut ours, x, 0, &line, max_width).0;
        let b = theirs.set_line(x, 0, &line, max_width).0;
        (ours, theirs, a, b)
    }

    #[test]
    fn lines_are_written_as_ratatui_writes_them() {
        let red = Style::new().fg(Color::Red);
        let cases: &[&[(&str, Style)]] = &[
            &[("plain ascii text", Style::new())],
            &[("重庆恒达", red), (" · notes", Style::new())],
            &[("cafe\u{301} e\u{301}x", red)],
            &[("tab\there\r\nand\u{7f}del", Style::new())],
            &[("👩\u{200d}💻 ok", red), ("ﾊﾞｶ", Style::new())],
            &[("\u{600}a prepend", Style::new())],
            &[("ab重", Style::new()), ("cd", red)],
        ];
        for spans in cases {
            let itself: String = spans.iter().map(|(t, _)| *t).collect();
            for under in ["####################", "", "          ", itself.as_str(), "重庆 ab重cd"] {
                for (x, max) in [(0, 40), (0, 3), (2, 5), (5, 40), (0, 0), (19, 40)] {
                    let (ours, theirs, a, b) = both(spans, under, (x, max, 20));
                    assert_eq!((ours, a), (theirs, b), "{spans:?} over {under:?} at {x} within {max}");
                }
            }
        }
    }

    /// A row written again over itself in another style (the list's
    /// selected row, a match marked over the name): every cell takes it.
    #[test]
    fn a_line_written_over_itself_takes_the_new_style() {
        let area = Rect::new(0, 0, 12, 1);
        let mut buf = Buffer::empty(area);
        put_line(&mut buf, 0, 0, &Line::from("重庆 Atlas"), 12);
        let marked = Style::new().add_modifier(Modifier::UNDERLINED).bg(Color::Blue);
        put_line(&mut buf, 0, 0, &Line::from(Span::styled("重庆 Atlas  ", marked)), 12);
        // (Cells 1 and 3 lie under the wide characters before them.)
        for x in [0, 2, 4, 5, 6, 7, 8, 9, 10, 11] {
            let cell = &buf[(x, 0)];
            assert_eq!((cell.bg, cell.modifier.contains(Modifier::UNDERLINED)), (Color::Blue, true), "cell {x}");
        }
        assert_eq!((buf[(0, 0)].symbol(), buf[(5, 0)].symbol()), ("重", "A"));
    }

    proptest! {
        #![proptest_config(proptest::test_runner::Config {
            cases: 1024,
            rng_seed: proptest::test_runner::RngSeed::Fixed(31),
            failure_persistence: None,
            ..proptest::test_runner::Config::default()
        })]

        #[test]
        fn any_text_is_written_as_ratatui_writes_it(
            parts in proptest::collection::vec(text(), 1..4),
            under in text(),
            x in 0u16..12,
            max in 0u16..20,
        ) {
            let texts: Vec<String> = parts;
            let spans: Vec<(&str, Style)> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| (t.as_str(), if i % 2 == 0 { Style::new() } else { Style::new().fg(Color::Green) }))
                .collect();
            let (ours, theirs, a, b) = both(&spans, &under, (x, max, 12));
            prop_assert_eq!((ours, a), (theirs, b));
        }
    }

    /// Text of ASCII, Chinese, combining and joining marks, controls and
    /// halfwidth kana.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just('a'),
                Just(' '),
                Just('Z'),
                Just('重'),
                Just('庆'),
                Just('\u{301}'),
                Just('\u{200d}'),
                Just('👩'),
                Just('\t'),
                Just('\r'),
                Just('\n'),
                Just('\u{600}'),
                Just('ﾞ'),
                Just('é'),
                Just('\u{1b}'),
            ],
            0..12,
        )
        .prop_map(|c| c.into_iter().collect())
    }
}
