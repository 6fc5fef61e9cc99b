//! Classes of a choropleth map: values split into a few classes with equal
//! numbers of units, so that every colour of the legend is used.

/// One class of the legend: values from `low` to `high`, both included.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Class {
    /// Smallest value in the class.
    pub low: f64,
    /// Largest value in the class.
    pub high: f64,
}

/// Splits `values` (missing ones ignored) into at most `n` quantile classes,
/// smallest first. Equal values never straddle two classes, so there may be
/// fewer than `n` classes.
pub fn quantile_classes(values: &[Option<f64>], n: usize) -> Vec<Class> {
    let mut v: Vec<f64> = values.iter().flatten().copied().collect();
    v.sort_by(f64::total_cmp);
    if v.is_empty() || n == 0 {
        return Vec::new();
    }
    let mut classes: Vec<Class> = Vec::with_capacity(n);
    let mut start = 0;
    for k in 1..=n {
        if start >= v.len() {
            break;
        }
        let mut end = (v.len() * k).div_ceil(n).max(start + 1);
        // Keep equal values together.
        while end < v.len() && v[end] == v[end - 1] {
            end += 1;
        }
        classes.push(Class {
            low: v[start],
            high: v[end - 1],
        });
        start = end;
    }
    classes
}

/// The index of the class `value` falls in.
pub fn class_of(classes: &[Class], value: f64) -> Option<usize> {
    classes
        .iter()
        .position(|c| value <= c.high)
        .or_else(|| (!classes.is_empty()).then(|| classes.len() - 1))
        .filter(|_| classes.first().is_some_and(|c| value >= c.low))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_into_classes_of_equal_size() {
        let values: Vec<Option<f64>> = (1..=10).map(|v| Some(v as f64)).chain([None]).collect();
        let c = quantile_classes(&values, 5);
        assert_eq!(c.len(), 5);
        assert_eq!((c[0].low, c[0].high), (1.0, 2.0));
        assert_eq!((c[4].low, c[4].high), (9.0, 10.0));
        assert_eq!(class_of(&c, 1.0), Some(0));
        assert_eq!(class_of(&c, 6.0), Some(2));
        assert_eq!(class_of(&c, 10.0), Some(4));
        assert_eq!(class_of(&c, 0.5), None);
    }

    #[test]
    fn equal_values_stay_in_one_class() {
        let values = [1.0, 2.0, 2.0, 2.0, 2.0, 3.0].map(Some);
        let c = quantile_classes(&values, 3);
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].low, c[0].high), (1.0, 2.0));
        assert_eq!((c[1].low, c[1].high), (3.0, 3.0));
        assert!(quantile_classes(&[None, None], 5).is_empty());
        assert_eq!(quantile_classes(&[Some(4.0)], 5).len(), 1);
    }
}
