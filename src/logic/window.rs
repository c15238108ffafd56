//! The windowed table's arithmetic: which rows are in the DOM for a scroll position, and when
//! to fetch the next page. Plain Rust, tested.

/// Never more rows than this in the DOM, whatever the viewport.
pub const MAX_ROWS: usize = 100;

/// Rows rendered above and below the visible ones, so fast scrolling shows no gap.
pub const OVERSCAN: usize = 10;

/// A range of row indices `first..end` to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RowWindow {
    /// The first row rendered.
    pub first: usize,
    /// One past the last row rendered.
    pub end: usize,
}

impl RowWindow {
    /// The rows to render when the scroller shows `viewport` pixels from `scroll_top`, rows
    /// are `row_height` pixels tall and there are `total` of them.
    pub fn at(scroll_top: f64, viewport: f64, row_height: f64, total: usize) -> RowWindow {
        if total == 0 || row_height <= 0.0 {
            return RowWindow::default();
        }
        let top = (scroll_top.max(0.0) / row_height).floor() as usize;
        let visible = (viewport.max(0.0) / row_height).ceil() as usize + 1;
        let first = top.saturating_sub(OVERSCAN).min(total.saturating_sub(1));
        let end = (top + visible + OVERSCAN)
            .min(total)
            .min(first + MAX_ROWS)
            .max(first);
        RowWindow { first, end }
    }

    /// How many rows it holds.
    pub fn len(&self) -> usize {
        self.end - self.first
    }

    /// Whether it holds no row.
    pub fn is_empty(&self) -> bool {
        self.end == self.first
    }

    /// The height of the blank space above the rendered rows.
    pub fn space_above(&self, row_height: f64) -> f64 {
        self.first as f64 * row_height
    }

    /// The height of the blank space below the rendered rows.
    pub fn space_below(&self, row_height: f64, total: usize) -> f64 {
        total.saturating_sub(self.end) as f64 * row_height
    }
}

/// Whether another page must be fetched: the window reaches past the rows loaded, or comes
/// within a quarter page of their end, and there is a next page.
pub fn needs_next_page(window: RowWindow, loaded: usize, page_size: usize, has_next: bool) -> bool {
    has_next && window.end + page_size / 4 >= loaded
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn at_the_top_the_window_holds_the_visible_rows_and_the_overscan_below() {
        let window = RowWindow::at(0.0, 440.0, 44.0, 100_000);
        assert_eq!(window, RowWindow { first: 0, end: 21 });
        assert_eq!(window.space_above(44.0), 0.0);
        assert_eq!(
            window.space_below(44.0, 100_000),
            (100_000 - 21) as f64 * 44.0
        );
    }

    #[wasm_bindgen_test]
    fn deep_in_the_list_the_window_has_overscan_on_both_sides() {
        let window = RowWindow::at(44.0 * 50_000.0, 440.0, 44.0, 100_000);
        assert_eq!(window.first, 49_990);
        assert_eq!(window.end, 50_021);
        assert_eq!(window.len(), 31);
    }

    #[wasm_bindgen_test]
    fn the_window_never_holds_more_than_the_maximum() {
        let window = RowWindow::at(0.0, 1_000_000.0, 10.0, 100_000);
        assert_eq!(window.len(), MAX_ROWS);
    }

    #[wasm_bindgen_test]
    fn the_window_stops_at_the_last_row_and_is_empty_without_rows() {
        let window = RowWindow::at(44.0 * 99_999.0, 440.0, 44.0, 100_000);
        assert_eq!(window.end, 100_000);
        assert!(window.first < window.end);
        assert!(RowWindow::at(100.0, 440.0, 44.0, 0).is_empty());
        let beyond = RowWindow::at(1e9, 440.0, 44.0, 5);
        assert_eq!(beyond, RowWindow { first: 4, end: 5 });
    }

    #[wasm_bindgen_test]
    fn a_page_is_fetched_when_the_window_nears_the_end_of_the_loaded_rows() {
        let window = RowWindow { first: 0, end: 21 };
        assert!(!needs_next_page(window, 500, 500, true));
        let near = RowWindow {
            first: 370,
            end: 401,
        };
        assert!(needs_next_page(near, 500, 500, true));
        assert!(!needs_next_page(near, 500, 500, false));
        let past = RowWindow {
            first: 900,
            end: 931,
        };
        assert!(needs_next_page(past, 500, 500, true));
    }
}
