//! Values kept by field name in a plain vector of pairs. The app keeps a handful per form
//! (edits, server messages, "add" boxes); a map type instead would cost the wasm bundle
//! a B-tree of its own for each value type (BENCHMARKS.md).

/// The value kept for `name`.
pub fn get<'a, T>(list: &'a [(&'static str, T)], name: &str) -> Option<&'a T> {
    list.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value)
}

/// The value kept for `name`, a default one added at the end if there is none yet.
pub fn entry<'a, T: Default>(
    list: &'a mut Vec<(&'static str, T)>,
    name: &'static str,
) -> &'a mut T {
    let i = match list.iter().position(|(n, _)| *n == name) {
        Some(i) => i,
        None => {
            list.push((name, T::default()));
            list.len() - 1
        }
    };
    &mut list[i].1
}

/// Forgets the value kept for `name`.
pub fn remove<T>(list: &mut Vec<(&'static str, T)>, name: &str) {
    list.retain(|(n, _)| *n != name);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_added_once_in_order_and_removed() {
        let mut list: Vec<(&'static str, Vec<u8>)> = Vec::new();
        entry(&mut list, "B").push(1);
        entry(&mut list, "A").push(2);
        entry(&mut list, "B").push(3);
        assert_eq!(list, vec![("B", vec![1, 3]), ("A", vec![2])]);
        assert_eq!(get(&list, "A"), Some(&vec![2]));
        remove(&mut list, "B");
        assert_eq!(get(&list, "B"), None);
        assert_eq!(list.len(), 1);
    }
}
