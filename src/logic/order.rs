//! Ordering the handful of items the dashboard orders (a project's IdP connections, the
//! categories of newly arrived failures): a stable insertion sort by key.
//!
//! A departure from `slice::sort_by_key`, measured: the standard library's sorts (driftsort
//! for the stable one, ipnsort for the unstable one) were the only sorts in the wasm and cost
//! the first load 3,210 B brotli (197,698 B with them, 194,488 B with this, measured with the
//! Activity page in). Lists here have tens of items at most, where an insertion sort's
//! quadratic time is nothing; a list that can be long is ordered by the server.

/// Sorts `items` by `key`, keeping the order of items with equal keys.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    for unsorted in 1..items.len() {
        let mut at = unsorted;
        while at > 0 && key(&items[at - 1]) > key(&items[at]) {
            items.swap(at - 1, at);
            at -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn items_are_ordered_by_key_and_equal_keys_keep_their_order() {
        let mut items = [(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by_key(&mut items, |i| std::cmp::Reverse(i.0));
        assert_eq!(items, [(3, 'a'), (3, 'c'), (2, 'd'), (1, 'b'), (1, 'e')]);
        let mut none: [u8; 0] = [];
        sort_by_key(&mut none, |n| *n);
        let mut one = [5];
        sort_by_key(&mut one, |n| *n);
        assert_eq!(one, [5]);
    }
}
