//! Ranking units by a measure, with ties ranked equal ("1, 2, 2, 4").

/// Competition ranks of `values`, best first.
///
/// `descending` says whether larger is better. Equal values share a rank and the
/// next rank skips ("1, 2, 2, 4"). `None` (no target, no data) gets no rank.
/// Returns, per input position, its rank.
pub fn competition_ranks(values: &[Option<f64>], descending: bool) -> Vec<Option<u32>> {
    let order = rank_order(values, descending);
    let mut ranks = vec![None; values.len()];
    let mut previous: Option<(f64, u32)> = None;
    for (position, &i) in order.iter().enumerate() {
        let Some(v) = values[i] else { break };
        let rank = match previous {
            Some((pv, pr)) if pv == v => pr,
            _ => position as u32 + 1,
        };
        ranks[i] = Some(rank);
        previous = Some((v, rank));
    }
    ranks
}

/// Indices of `values` from best to worst; `None` last, ties in input order.
pub fn rank_order(values: &[Option<f64>], descending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| match (values[a], values[b]) {
        (Some(x), Some(y)) => {
            let o = x.total_cmp(&y);
            if descending { o.reverse() } else { o }
        }
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_rank_equal_and_next_rank_skips() {
        let v = [Some(90.0), Some(95.0), Some(90.0), Some(80.0)];
        assert_eq!(
            competition_ranks(&v, true),
            vec![Some(2), Some(1), Some(2), Some(4)]
        );
    }

    #[test]
    fn ascending_ranks_small_first() {
        let v = [Some(3.0), Some(1.0), Some(2.0)];
        assert_eq!(
            competition_ranks(&v, false),
            vec![Some(3), Some(1), Some(2)]
        );
    }

    #[test]
    fn missing_values_sort_last_without_rank() {
        let v = [None, Some(1.0), Some(5.0), None];
        assert_eq!(rank_order(&v, true), vec![2, 1, 0, 3]);
        assert_eq!(
            competition_ranks(&v, true),
            vec![None, Some(2), Some(1), None]
        );
    }
}
