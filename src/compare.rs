//! Peer comparison (jämförelse): ranking municipalities on an indicator by its polarity,
//! colour bands, group means and "better than own mean of recent years".

use std::cmp::Ordering;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::steering::{MunicipalityCode, Polarity};

/// A traffic light (trafikljus).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrafficLight {
    /// Among the best.
    Green,
    /// In the middle.
    Yellow,
    /// Among the worst.
    Red,
    /// No value.
    Grey,
}

/// Where the colour bands cut, in per cent of the ranked municipalities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bands {
    /// The best this many per cent are green.
    pub green: u32,
    /// The worst this many per cent are red.
    pub red: u32,
}

impl Default for Bands {
    /// Kolada's quartiles: the best 25 % green, the middle 50 % yellow, the worst 25 % red.
    fn default() -> Bands {
        Bands { green: 25, red: 25 }
    }
}

/// One municipality's place in a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    /// The municipality.
    pub municipality: MunicipalityCode,
    /// Its value, if any.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub value: Option<Decimal>,
    /// Its rank, 1 the best; equal values share a rank; `None` without a value.
    pub rank: Option<usize>,
    /// Its colour; `None` for neutral indicators.
    pub colour: Option<TrafficLight>,
}

/// Ranks `values` by `polarity` and colours them by `bands`.
///
/// Ties share the best rank among them and the same colour; the list is ordered best first,
/// ties and missing values by municipality code, missing values last, so the result is
/// deterministic. Neutral indicators are ranked by value, highest first, without colours.
///
/// ```
/// use styrmodell::compare::{rank, Bands, TrafficLight};
/// use styrmodell::steering::Polarity;
/// use styrmodell::Decimal;
/// let values = [("0188", Some(62)), ("0180", Some(80)), ("0181", None), ("0182", Some(70)), ("0183", Some(50))]
///     .map(|(code, v)| (code.parse().unwrap(), v.map(Decimal::from)));
/// let ranked = rank(&values, Polarity::HigherIsBetter, Bands::default());
/// assert_eq!(ranked[0].municipality.to_string(), "0180");
/// assert_eq!(ranked[0].colour, Some(TrafficLight::Green));
/// assert_eq!(ranked[3].colour, Some(TrafficLight::Red));
/// assert_eq!(ranked[4].colour, Some(TrafficLight::Grey));
/// ```
pub fn rank(
    values: &[(MunicipalityCode, Option<Decimal>)],
    polarity: Polarity,
    bands: Bands,
) -> Vec<Ranked> {
    let better = |a: &Decimal, b: &Decimal| match polarity {
        Polarity::LowerIsBetter => a.cmp(b),
        _ => b.cmp(a),
    };
    let mut sorted: Vec<(MunicipalityCode, Option<Decimal>)> = values.to_vec();
    sorted.sort_by(|(ca, a), (cb, b)| match (a, b) {
        (Some(a), Some(b)) => better(a, b).then(ca.cmp(cb)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => ca.cmp(cb),
    });
    let ranked_count = sorted.iter().filter(|(_, v)| v.is_some()).count();
    let mut result: Vec<Ranked> = Vec::with_capacity(sorted.len());
    for (position, (municipality, value)) in sorted.into_iter().enumerate() {
        let rank = value.map(|v| match result.last() {
            Some(previous) if previous.value == Some(v) => {
                previous.rank.unwrap_or(position.saturating_add(1))
            }
            _ => position.saturating_add(1),
        });
        let colour = match (polarity, rank) {
            (Polarity::Neutral, _) => None,
            (_, None) => Some(TrafficLight::Grey),
            (_, Some(rank)) => Some(colour_of(rank, ranked_count, bands)),
        };
        result.push(Ranked {
            municipality,
            value,
            rank,
            colour,
        });
    }
    result
}

/// The colour of rank `rank` (1-based) among `count`: green while within the best `green` %,
/// red from the worst `red` %, else yellow.
#[allow(
    clippy::arithmetic_side_effects,
    reason = "ranks and counts below usize::MAX times 100 stay far inside u128"
)]
fn colour_of(rank: usize, count: usize, bands: Bands) -> TrafficLight {
    let before = (rank.saturating_sub(1) as u128) * 100;
    let count = count as u128;
    if before < count * u128::from(bands.green) {
        TrafficLight::Green
    } else if before >= count * u128::from(100 - bands.red.min(100)) {
        TrafficLight::Red
    } else {
        TrafficLight::Yellow
    }
}

/// The unweighted mean of a group's values, with how many members had one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMean {
    /// The mean, if any member had a value.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub mean: Option<Decimal>,
    /// Members with a value.
    pub members: usize,
}

/// The unweighted mean over a comparison group (jämförelsegrupp), as Kolada computes it.
pub fn group_mean(values: &[Option<Decimal>]) -> GroupMean {
    let present: Vec<Decimal> = values.iter().flatten().copied().collect();
    let mean = (!present.is_empty())
        .then(|| {
            present
                .iter()
                .try_fold(Decimal::ZERO, |sum, value| sum.checked_add(*value))
                .and_then(|sum| sum.checked_div(Decimal::from(present.len())))
        })
        .flatten();
    GroupMean {
        mean,
        members: present.len(),
    }
}

/// Whether `current` is better than the mean of the `years` values before it in `history`
/// (oldest first); `None` without history or direction.
pub fn better_than_own_mean(
    current: Decimal,
    history: &[Decimal],
    years: usize,
    polarity: Polarity,
) -> Option<bool> {
    let recent = history.get(history.len().saturating_sub(years)..)?;
    let mean = group_mean(&recent.iter().copied().map(Some).collect::<Vec<_>>()).mean?;
    match polarity {
        Polarity::HigherIsBetter => Some(current > mean),
        Polarity::LowerIsBetter => Some(current < mean),
        Polarity::InBand | Polarity::Neutral => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(n: u16) -> MunicipalityCode {
        format!("{n:04}").parse().unwrap()
    }

    #[test]
    fn ties_share_rank_and_colour_deterministically() {
        let values: Vec<_> = [(5, 10), (3, 10), (4, 20), (1, 5)]
            .map(|(c, v)| (code(c), Some(Decimal::from(v))))
            .to_vec();
        let ranked = rank(&values, Polarity::LowerIsBetter, Bands::default());
        let order: Vec<u16> = ranked
            .iter()
            .map(|r| r.municipality.to_string().parse().unwrap())
            .collect();
        assert_eq!(order, [1, 3, 5, 4]);
        assert_eq!(
            ranked.iter().map(|r| r.rank).collect::<Vec<_>>(),
            [Some(1), Some(2), Some(2), Some(4)]
        );
        assert_eq!(ranked[1].colour, ranked[2].colour);
        assert_eq!(ranked[3].colour, Some(TrafficLight::Red));
    }

    #[test]
    fn neutral_indicators_get_no_colour() {
        let ranked = rank(
            &[(code(1), Some(Decimal::ONE)), (code(2), None)],
            Polarity::Neutral,
            Bands::default(),
        );
        assert!(ranked.iter().all(|r| r.colour.is_none()));
    }

    #[test]
    fn means() {
        let mean = group_mean(&[Some(Decimal::from(2)), None, Some(Decimal::from(4))]);
        assert_eq!(
            mean,
            GroupMean {
                mean: Some(Decimal::from(3)),
                members: 2
            }
        );
        let history = [10, 20, 30].map(Decimal::from);
        assert_eq!(
            better_than_own_mean(Decimal::from(26), &history, 2, Polarity::HigherIsBetter),
            Some(true)
        );
        assert_eq!(
            better_than_own_mean(Decimal::from(24), &history, 2, Polarity::HigherIsBetter),
            Some(false)
        );
        assert_eq!(
            better_than_own_mean(Decimal::from(24), &[], 2, Polarity::HigherIsBetter),
            None
        );
    }
}
