//! Splitting a target among children in proportion to weights, exactly.

use std::collections::HashMap;

/// Splits `total` in proportion to `weights` by the largest-remainder method.
///
/// The parts always sum to `total` exactly. Each part is the floor of its exact
/// share; the units left over go to the largest fractional remainders, ties to
/// the earlier child so the result is deterministic. When all weights are zero
/// the split is equal.
pub fn largest_remainder(total: u64, weights: &[u64]) -> Vec<u64> {
    if weights.is_empty() {
        return Vec::new();
    }
    let equal = vec![1u64; weights.len()];
    let weights = if weights.iter().all(|w| *w == 0) {
        &equal[..]
    } else {
        weights
    };
    let sum: u128 = weights.iter().map(|w| *w as u128).sum();
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = total as u128 * *w as u128;
        parts.push((exact / sum) as u64);
        remainders.push((exact % sum, i));
    }
    let left = total - parts.iter().sum::<u64>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.into_iter().take(left as usize) {
        parts[i] += 1;
    }
    parts
}

/// Splits `total` down a tree from `root`: every node's share goes to its
/// children in proportion to their weights, so children always sum to their parent.
///
/// `children` maps a node to its (child, weight) pairs. Returns every node's
/// share, the root's included, parents before children.
pub fn allocate_tree(
    total: u64,
    root: &str,
    children: &HashMap<String, Vec<(String, u64)>>,
) -> Vec<(String, u64)> {
    let mut out = vec![(root.to_string(), total)];
    let mut next = 0;
    while next < out.len() {
        let (node, share) = out[next].clone();
        if let Some(kids) = children.get(&node) {
            let weights: Vec<u64> = kids.iter().map(|(_, w)| *w).collect();
            let parts = largest_remainder(share, &weights);
            out.extend(kids.iter().zip(parts).map(|((k, _), p)| (k.clone(), p)));
        }
        next += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_children_sum_to_parent_at_every_level() {
        let mut children = HashMap::new();
        children.insert(
            "VN".to_string(),
            vec![("01".to_string(), 3), ("02".to_string(), 1)],
        );
        children.insert(
            "01".to_string(),
            vec![
                ("001".to_string(), 1),
                ("002".to_string(), 1),
                ("003".to_string(), 1),
            ],
        );
        let shares: HashMap<String, u64> =
            allocate_tree(1_001, "VN", &children).into_iter().collect();
        assert_eq!(shares["VN"], 1_001);
        assert_eq!(shares["01"] + shares["02"], 1_001);
        assert_eq!(shares["001"] + shares["002"] + shares["003"], shares["01"]);
        assert_eq!(shares["01"], 751);
        assert_eq!(shares.len(), 6);
    }

    #[test]
    fn parts_sum_exactly() {
        let weights = [8_246_600, 870_200, 533_100, 316_500, 1];
        for total in [0, 1, 7, 50_000_000, 49_999_999] {
            let parts = largest_remainder(total, &weights);
            assert_eq!(parts.iter().sum::<u64>(), total, "total {total}");
        }
    }

    #[test]
    fn proportional_and_remainders_go_to_largest_fractions() {
        // 10 in 1:1:1 -> 3.33 each; the one leftover goes to the first (tie).
        assert_eq!(largest_remainder(10, &[1, 1, 1]), vec![4, 3, 3]);
        // 10 in 1:2:3 -> 1.67, 3.33, 5.0 -> 2, 3, 5.
        assert_eq!(largest_remainder(10, &[1, 2, 3]), vec![2, 3, 5]);
    }

    #[test]
    fn zero_weights_split_equally_and_empty_is_empty() {
        assert_eq!(largest_remainder(5, &[0, 0]), vec![3, 2]);
        assert!(largest_remainder(5, &[]).is_empty());
        assert_eq!(largest_remainder(5, &[0, 3]), vec![0, 5]);
    }
}
