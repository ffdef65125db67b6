//! "Did you mean" suggestions by edit distance.

pub use alloy_schema::edit_distance;

/// The candidate closest to `name`, if it is close enough to be a plausible typo: within a
/// third of the name's length (at least 1, at most 4 edits), or one being a prefix of the
/// other (`min_backoff` for `min_backoff_period`).
pub fn closest<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (name.chars().count() / 3).clamp(1, 4);
    let mut best: Option<(usize, &'a str)> = None;
    for cand in candidates {
        if cand == name {
            continue;
        }
        let dist = edit_distance(name, cand);
        let prefix_like = name.len() >= 4
            && (cand.starts_with(name) || name.starts_with(cand))
            && cand.len().abs_diff(name.len()) <= 12;
        if dist > limit && !prefix_like {
            continue;
        }
        // Prefix matches rank just after exact-distance ones of equal cost.
        let score = if dist <= limit {
            dist * 2
        } else {
            limit * 2 + 1
        };
        match best {
            Some((s, b)) if s < score || (s == score && b <= cand) => {}
            _ => best = Some((score, cand)),
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn finds_typos_and_prefixes() {
        let names = ["min_backoff_period", "max_backoff_period", "url", "name"];
        assert_eq!(closest("min_backoff", names), Some("min_backoff_period"));
        assert_eq!(closest("nme", names), Some("name"));
        assert_eq!(closest("completely_else", names), None);
        assert_eq!(closest("url", names), None);
    }
}
