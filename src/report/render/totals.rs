//! Rounding that keeps sums: each total is rounded on its own and its parts are rounded by
//! largest remainder so they add up to it exactly, as printed. Units add up to their parent in
//! the economy and comparison tables, lines to their unit, the income statement's lines to the
//! year's result (its subtotals then follow from the rounded lines), the balance sheet's
//! headings to its totals, the cash flow's items to the flows and the flows to the change in
//! cash, and the balance requirement's rows to each other.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::amount::{Amount, ReportFormat, Rounding};
use crate::balance_sheet::{BalanceLine, BalanceSheet, CashFlow};
use crate::finance::BalanceRow;
use crate::follow_up::{Figures, FollowUpRow};
use crate::report::{ComparisonRow, Report};
use crate::statements::{IncomeStatementRkr, RkrRow};

/// `report` with its amounts rounded to multiples of `quantum` öre (one unit of `format`) so
/// that printed parts add up to printed totals; totals are rounded as `format` says.
pub(super) fn kept(report: &Report, quantum: i128, format: &ReportFormat) -> Report {
    let q = Step {
        q: quantum.max(1),
        rounding: format.rounding,
    };
    let mut report = report.clone();
    let rows = &mut report.economy.follow_up.rows;
    tree(rows, q);
    for row in rows.iter_mut() {
        lines_to_net(row, q);
    }
    if let Some(section) = &mut report.comparison {
        comparison(&mut section.rows, q);
    }
    if let Some(statements) = &mut report.statements {
        for (_, statement) in &mut statements.income {
            income(statement, q);
        }
        if let Some((opening, closing)) = &mut statements.balance_sheet {
            sheet(opening, q);
            sheet(closing, q);
        }
        if let Some(flow) = &mut statements.cash_flow {
            cash_flow(flow, q);
        }
        for row in statements.balance.iter_mut().flatten() {
            balance_row(row, q);
        }
    }
    report
}

/// The rounding step: multiples of `q` öre, totals rounded by `rounding`.
#[derive(Clone, Copy)]
struct Step {
    q: i128,
    rounding: Rounding,
}

impl Step {
    /// Rounds `x` öre to a multiple of the step.
    fn round(self, x: i128) -> i128 {
        let units = Decimal::from_i128_with_scale(x, 0)
            .checked_div(Decimal::from_i128_with_scale(self.q, 0))
            .map(|u| u.round_dp_with_strategy(0, self.rounding.strategy()));
        units
            .and_then(|u| u.to_i128())
            .unwrap_or(0)
            .saturating_mul(self.q)
    }
}

/// Parts rounded to multiples of `q` that add up to `target` (itself a multiple of `q`): each
/// rounded down, then one `q` more to the largest remainders (or one less from the smallest)
/// until they do.
fn allocate(parts: &[i128], target: i128, step: Step) -> Vec<i128> {
    let q = step.q;
    let mut floors: Vec<i128> = parts.iter().map(|x| x.div_euclid(q)).collect();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    // Largest remainder first; on ties the earlier part.
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(parts.get(i).map_or(0, |x| x.rem_euclid(q))),
            i,
        )
    });
    let wanted = target.div_euclid(q);
    let mut missing = wanted.saturating_sub(floors.iter().sum::<i128>());
    let n = i128::try_from(parts.len()).unwrap_or(i128::MAX);
    if n == 0 {
        return Vec::new();
    }
    while missing != 0 {
        let step = missing.signum();
        let walk: Box<dyn Iterator<Item = &usize>> = if step > 0 {
            Box::new(order.iter())
        } else {
            Box::new(order.iter().rev())
        };
        for &i in walk {
            if missing == 0 {
                break;
            }
            if let Some(f) = floors.get_mut(i) {
                *f = f.saturating_add(step);
            }
            missing = missing.saturating_sub(step);
        }
    }
    floors.into_iter().map(|f| f.saturating_mul(q)).collect()
}

fn amount(ore: i128) -> Amount {
    Amount::from_ore(ore).unwrap_or(Amount::ZERO)
}

/// The economy table's units: each row's children (the next rows one level deeper) and what
/// the row has of its own add up to the row.
fn tree(rows: &mut [FollowUpRow], q: Step) {
    let fields: [fn(&mut Figures) -> &mut Amount; 3] = [
        |f| &mut f.annual_budget,
        |f| &mut f.budget_to_date,
        |f| &mut f.outcome_to_date,
    ];
    for field in fields {
        split_tree(rows, |r| Some(field(&mut r.net)), q);
    }
    split_tree(rows, |r| r.net.forecast.as_mut(), q);
    for row in rows.iter_mut() {
        derive(&mut row.net);
    }
}

/// Rounds the field `get` gives through the tree the rows' depths make.
fn split_tree<T: Depth>(
    rows: &mut [T],
    get: impl Fn(&mut T) -> Option<&mut Amount> + Copy,
    q: Step,
) {
    let exact: Vec<Option<i128>> = rows.iter_mut().map(|r| get(r).map(|a| a.ore())).collect();
    let mut rounded: Vec<Option<i128>> = vec![None; rows.len()];
    for i in 0..rows.len() {
        if rows
            .get(i)
            .is_some_and(|r| r.depth() == rows.first().map_or(0, Depth::depth))
        {
            if let (Some(slot), Some(Some(x))) = (rounded.get_mut(i), exact.get(i)) {
                *slot = Some(q.round(*x));
            }
        }
        let Some(Some(parent)) = rounded.get(i).copied() else {
            continue;
        };
        let depth = rows.get(i).map_or(0, Depth::depth);
        let children: Vec<usize> = (i.saturating_add(1)..rows.len())
            .take_while(|&j| rows.get(j).is_some_and(|r| r.depth() > depth))
            .filter(|&j| {
                rows.get(j)
                    .is_some_and(|r| r.depth() == depth.saturating_add(1))
            })
            .collect();
        if children.is_empty() {
            continue;
        }
        let mut parts: Vec<i128> = children
            .iter()
            .map(|&j| exact.get(j).copied().flatten().unwrap_or(0))
            .collect();
        let own = exact
            .get(i)
            .copied()
            .flatten()
            .unwrap_or(0)
            .saturating_sub(parts.iter().sum::<i128>());
        parts.push(own);
        let split = allocate(&parts, parent, q);
        for (&j, value) in children.iter().zip(split) {
            if exact.get(j).copied().flatten().is_some() {
                if let Some(slot) = rounded.get_mut(j) {
                    *slot = Some(value);
                }
            }
        }
    }
    for (row, value) in rows.iter_mut().zip(rounded) {
        if let (Some(a), Some(v)) = (get(row), value) {
            *a = amount(v);
        }
    }
}

/// Rows that sit at a depth of a tree.
trait Depth {
    fn depth(&self) -> u32;
}

impl Depth for FollowUpRow {
    fn depth(&self) -> u32 {
        self.depth
    }
}

impl Depth for ComparisonRow {
    fn depth(&self) -> u32 {
        self.depth
    }
}

/// The deviations from the rounded figures.
fn derive(figures: &mut Figures) {
    figures.deviation_to_date = figures
        .budget_to_date
        .checked_sub(figures.outcome_to_date)
        .unwrap_or(figures.deviation_to_date);
    figures.forecast_deviation = figures
        .forecast
        .and_then(|f| figures.annual_budget.checked_sub(f).ok());
}

/// A row's income-statement lines add up to its rounded net.
fn lines_to_net(row: &mut FollowUpRow, q: Step) {
    let targets = [
        row.net.annual_budget,
        row.net.budget_to_date,
        row.net.outcome_to_date,
        row.net.forecast.unwrap_or(Amount::ZERO),
    ];
    let fields: [fn(&mut Figures) -> Option<&mut Amount>; 4] = [
        |f| Some(&mut f.annual_budget),
        |f| Some(&mut f.budget_to_date),
        |f| Some(&mut f.outcome_to_date),
        |f| f.forecast.as_mut(),
    ];
    for (field, target) in fields.into_iter().zip(targets) {
        let parts: Vec<i128> = row
            .lines
            .iter_mut()
            .map(|(_, f)| field(f).map_or(0, |a| a.ore()))
            .collect();
        let split = allocate(&parts, target.ore(), q);
        for ((_, figures), value) in row.lines.iter_mut().zip(split) {
            if let Some(a) = field(figures) {
                *a = amount(value);
            }
        }
    }
    for (_, figures) in &mut row.lines {
        derive(figures);
    }
}

fn comparison(rows: &mut [ComparisonRow], q: Step) {
    split_tree(rows, |r| Some(&mut r.outcome_to_date), q);
    split_tree(rows, |r| r.previous.as_mut(), q);
    for row in rows.iter_mut() {
        row.change = row
            .previous
            .and_then(|p| row.outcome_to_date.checked_sub(p).ok());
    }
}

/// The statement's lines add up to the rounded result; the subtotals follow from them.
fn income(statement: &mut IncomeStatementRkr, q: Step) {
    let lines: Vec<RkrRow> = RkrRow::ALL
        .into_iter()
        .filter(|r| !r.is_subtotal())
        .collect();
    let parts: Vec<i128> = lines.iter().map(|r| statement.amount(*r).ore()).collect();
    let target = q.round(statement.amount(RkrRow::ResultOfTheYear).ore());
    let rounded = allocate(&parts, target, q);
    for row in &mut statement.rows {
        let sum: i128 = row
            .row
            .lines()
            .iter()
            .filter_map(|line| {
                lines
                    .iter()
                    .position(|r| r.lines() == [*line])
                    .and_then(|at| rounded.get(at))
            })
            .sum::<i128>();
        row.amount = amount(sum);
    }
}

/// Assets add up to the rounded total, and so do equity, provisions and liabilities.
fn sheet(sheet: &mut BalanceSheet, q: Step) {
    let (assets, claims): (Vec<BalanceLine>, Vec<BalanceLine>) =
        BalanceLine::ALL.into_iter().partition(|l| l.is_asset());
    let total = q.round(sheet.total_assets().map_or(0, Amount::ore));
    for side in [assets, claims] {
        let parts: Vec<i128> = side.iter().map(|l| sheet.line(*l).ore()).collect();
        for (line, value) in side.iter().zip(allocate(&parts, total, q)) {
            sheet.lines.insert(*line, amount(value));
        }
    }
}

/// Cash at both ends rounded; the year's flow is their difference, split over the three flows
/// and each flow over its items.
fn cash_flow(flow: &mut CashFlow, q: Step) {
    flow.cash_opening = amount(q.round(flow.cash_opening.ore()));
    flow.cash_closing = amount(q.round(flow.cash_closing.ore()));
    let total = flow
        .cash_closing
        .ore()
        .saturating_sub(flow.cash_opening.ore());
    let flows = allocate(
        &[
            flow.operating.ore(),
            flow.investing.ore(),
            flow.financing.ore(),
        ],
        total,
        q,
    );
    let [operating, investing, financing] = [0, 1, 2].map(|i| flows.get(i).copied().unwrap_or(0));
    let items = allocate(
        &[
            flow.result,
            flow.depreciation,
            flow.provisions,
            flow.inventories,
            flow.receivables,
            flow.short_term_liabilities,
        ]
        .map(Amount::ore),
        operating,
        q,
    );
    let item = |i: usize| amount(items.get(i).copied().unwrap_or(0));
    (flow.result, flow.depreciation, flow.provisions) = (item(0), item(1), item(2));
    (
        flow.inventories,
        flow.receivables,
        flow.short_term_liabilities,
    ) = (item(3), item(4), item(5));
    let invest = allocate(
        &[
            flow.fixed_investments.ore(),
            flow.financial_investments.ore(),
        ],
        investing,
        q,
    );
    flow.fixed_investments = amount(invest.first().copied().unwrap_or(0));
    flow.financial_investments = amount(invest.get(1).copied().unwrap_or(0));
    let finance = allocate(
        &[flow.long_term_liabilities.ore(), flow.equity.ore()],
        financing,
        q,
    );
    flow.long_term_liabilities = amount(finance.first().copied().unwrap_or(0));
    flow.equity = amount(finance.get(1).copied().unwrap_or(0));
    (flow.operating, flow.investing, flow.financing) =
        (amount(operating), amount(investing), amount(financing));
    flow.total = amount(total);
}

/// The rows of the balance requirement rounded each, the sums computed from them.
fn balance_row(row: &mut BalanceRow, q: Step) {
    let r = |a: Amount| amount(q.round(a.ore()));
    let req = &mut row.requirement;
    for value in [
        &mut req.result,
        &mut req.realisation_gains,
        &mut req.exempt_gains,
        &mut req.exempt_losses,
        &mut req.unrealised_losses,
        &mut req.reversed_unrealised_losses,
        &mut req.to_reserve,
        &mut req.from_reserve,
        &mut req.exceptional_reasons,
    ] {
        *value = r(*value);
    }
    for adjustment in &mut req.adjustments {
        adjustment.amount = r(adjustment.amount);
    }
    if let (Ok(adjusted), Ok(balance)) = (req.adjusted_result(), req.balance_result()) {
        row.adjusted_result = adjusted;
        row.balance_result = balance;
    }
    row.deficit_from_earlier = r(row.deficit_from_earlier);
    row.total = row
        .balance_result
        .checked_add(row.deficit_from_earlier)
        .unwrap_or(row.total);
    row.to_restore = r(row.to_restore);
}

#[cfg(test)]
#[allow(
    clippy::arithmetic_side_effects,
    reason = "test arithmetic on small generated values"
)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const STEP: Step = Step {
        q: 100_000,
        rounding: Rounding::HalfAwayFromZero,
    };

    #[test]
    fn parts_of_a_tkr_total_add_up() {
        // 1 400,40 + 1 400,40 + 1 400,40 kr = 4 201,20 kr: each rounds to 1 tkr, the total to 4.
        let parts = [140_040, 140_040, 140_040];
        let total = STEP.round(parts.iter().sum::<i128>());
        assert_eq!(total, 400_000);
        assert_eq!(
            allocate(&parts, total, STEP),
            vec![200_000, 100_000, 100_000]
        );
    }

    proptest! {
        #[test]
        fn allocated_parts_sum_to_the_target_and_stay_within_a_step(
            parts in prop::collection::vec(-10_000_000_000i128..10_000_000_000, 1..12),
            nudge in -1i128..=1,
        ) {
            let exact: i128 = parts.iter().sum::<i128>();
            let target = STEP.round(exact) + nudge * STEP.q;
            let split = allocate(&parts, target, STEP);
            prop_assert_eq!(split.iter().sum::<i128>(), target);
            for (x, r) in parts.iter().zip(&split) {
                prop_assert_eq!(r % STEP.q, 0);
                // Within two steps of its exact value even when the total is nudged a step.
                prop_assert!((r - x).abs() < 2 * STEP.q + STEP.q);
            }
        }
    }
}
