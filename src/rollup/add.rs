//! Adding a ledger's facts into a cube, unit by unit.
//!
//! Each unit's facts are stored together, so they are summed in a small block of `i64`
//! scratch cells (in L1 cache) and flushed into the cube's `i128` cells once per unit. The
//! ledger knows per unit whether the magnitudes of its facts sum within `i64`; where they do
//! not, no `i64` sum is safe and the unit is added straight in `i128`, so the result is exact
//! for any input. Facts the cube does not take (a layer or month not seen, an account
//! in no bucket) go to a trash row of the scratch, which keeps the hot loop free of branches.
//! Where one budget revision is seen, the current budget is that revision's cells, copied per
//! unit; where several are, each budget fact is checked against the latest revision.

use super::{Cube, CurrentBudget, Visibility};
use crate::ledger::{Ledger, UnitRun};

/// Where facts land in a unit's scratch block: `[slot][bucket][month]` with one bucket more
/// (trash) per slot, then the current budget's slot, then a trash slot.
struct Scratch {
    months: usize,
    /// Per (layer, ledger month) at `layer << 8 | month`: the cell of bucket 0 in the layer's
    /// slot and the cube's month; in the trash slot when not seen or outside the cube. Tables
    /// of 2^16 entries indexed by a `u16` need no bounds check in the hot loop; only the few
    /// entries used are touched.
    target: Box<[u32; 1 << 16]>,
    /// As `target`, for the current budget's slot.
    current_target: Box<[u32; 1 << 16]>,
    /// The layers.
    layers: usize,
    /// Per account index: the bucket's offset, or the trash bucket's.
    bucket: Box<[u32; 1 << 16]>,
    /// Scratch cells per slot, trash bucket included.
    per_slot: usize,
    cells: Vec<i64>,
}

impl Scratch {
    fn new(cube: &Cube<'_>, bucket_of: &[Option<u16>], visibility: &Visibility) -> Scratch {
        let ledger = cube.ledger;
        let months = cube.months.month_count() as usize;
        let buckets = cube.buckets.len();
        let per_slot = (buckets + 1) * months;
        let layers = ledger.layer_table().len();
        let ledger_months = ledger.months().month_count() as usize;
        let first = ledger
            .month_offset(cube.months.start())
            .map_or(0, usize::from);
        let trash = (layers + 1) * per_slot;
        let mut target = table();
        let mut current_target = table();
        for layer in 0..layers.min(256) {
            for month in 0..ledger_months.min(256) {
                let index = month.wrapping_sub(first);
                let seen = u8::try_from(layer)
                    .ok()
                    .zip(u8::try_from(month).ok())
                    .is_some_and(|(l, m)| visibility.sees(l, m));
                let (cell, current) = if index < months && seen {
                    (layer * per_slot + index, layers * per_slot + index)
                } else {
                    let trash = trash + month % months.max(1);
                    (trash, trash)
                };
                let at = layer << 8 | month;
                if let Some(entry) = target.get_mut(at) {
                    *entry = u32::try_from(cell).unwrap_or(u32::MAX);
                }
                // With the top bit set (layers below 128): the fact is of the latest budget
                // revision, and goes to its layer's "latest" copy after the trash slot.
                let latest = cell + (layers + 2) * per_slot;
                if let Some(entry) = target.get_mut(at | 1 << 15).filter(|_| layer < 128) {
                    *entry = u32::try_from(latest).unwrap_or(u32::MAX);
                }
                if let Some(entry) = current_target.get_mut(at) {
                    *entry = u32::try_from(current).unwrap_or(u32::MAX);
                }
            }
        }
        let mut bucket = table();
        for (entry, b) in bucket.iter_mut().zip(bucket_of) {
            let offset = usize::from(b.unwrap_or(u16::MAX)).min(buckets) * months;
            *entry = u32::try_from(offset).unwrap_or(0);
        }
        Scratch {
            months,
            target,
            current_target,
            layers,
            bucket,
            per_slot,
            cells: vec![0; (layers + 2) * per_slot],
        }
    }

    /// The scratch cell of a fact in its layer's slot.
    fn cell(&self, account: u16, month: u8, layer: u8) -> usize {
        self.cell_in(&self.target, account, month, layer)
    }

    /// The scratch cell of a budget fact in the current budget's slot.
    fn current_cell(&self, account: u16, month: u8, layer: u8) -> usize {
        self.cell_in(&self.current_target, account, month, layer)
    }

    fn cell_in(&self, targets: &[u32; 1 << 16], account: u16, month: u8, layer: u8) -> usize {
        // A `u16` index into 2^16 entries: the optimiser drops these checks.
        let at = usize::from(u16::from(layer) << 8 | u16::from(month));
        let target = targets.get(at).copied().unwrap_or(0);
        target as usize + self.bucket.get(usize::from(account)).copied().unwrap_or(0) as usize
    }

    /// A layer's scratch cell as the cube's (slot, cell within the slot); `None` for the
    /// trash.
    fn in_cube(&self, cell: usize) -> Option<(usize, usize)> {
        let (slot, within) = (cell / self.per_slot, cell % self.per_slot);
        let layers = self.layers();
        let cube_slot = self.per_slot.saturating_sub(self.months);
        (slot < layers && within < cube_slot).then_some((slot, within))
    }

    /// Sums a unit's facts as [`Scratch::sum`] does, and the current budget where several
    /// revisions are seen: a budget fact counts where its revision is the latest the unit has
    /// on its account in its year, found in a first pass over the unit's facts.
    fn sum_with_latest(&mut self, run: &UnitRun<'_>, latest: &mut LatestPerUnit) {
        latest.note(run);
        self.cells.fill(0);
        for (account, month, layer, amount) in run.facts() {
            let cell = self.cell(account, month, layer);
            add(&mut self.cells, cell, amount);
            // Branch-free: every fact adds to its current-budget cell, zero unless it counts.
            let counted = amount & -i64::from(latest.counts(account, month, layer));
            let cell = self.current_cell(account, month, layer);
            add(&mut self.cells, cell, counted);
        }
    }

    /// Sums a unit's facts by the ledger's bit per fact (set on the latest revision's facts),
    /// for a roll-up that sees every revision: a fact with its bit set goes to its layer's
    /// "latest" copy of the slot, after the trash slot, so each fact is one add; `flush_bits`
    /// then gives each layer both parts and the current budget the latest parts.
    fn sum_with_bits(&mut self, run: &UnitRun<'_>, bits: &[u64]) {
        let layers = self.layers();
        self.cells.resize(2 * (layers + 2) * self.per_slot, 0);
        self.cells.fill(0);
        // The bits come a word at a time: one load per 64 facts.
        let mut at = run.first;
        let mut word = bits.get(at / 64).map_or(0, |w| w >> (at % 64));
        for (account, month, layer, amount) in run.facts() {
            let bit = u8::from(word & 1 == 1);
            word >>= 1;
            at += 1;
            if at % 64 == 0 {
                word = bits.get(at / 64).copied().unwrap_or(0);
            }
            // The bit picks the table half: no branch for the random bits to mispredict.
            let cell = self.cell(account, month, layer | bit << 7);
            add(&mut self.cells, cell, amount);
        }
    }

    /// The layers a scratch block holds slots for.
    fn layers(&self) -> usize {
        self.layers
    }

    /// As `flush`, after `sum_with_bits`: each layer gets both its parts, the current budget
    /// the latest parts.
    fn flush_bits(&self, cells: &mut [i128], cube_slot: usize) {
        let layers = self.layers();
        let latest = layers + 2;
        for layer in 0..layers {
            self.flush_slot(cells, layer, layer, cube_slot);
            self.flush_slot(cells, latest + layer, layer, cube_slot);
            self.flush_slot(cells, latest + layer, layers, cube_slot);
        }
    }

    /// Adds scratch slot `from` (trash bucket left out) to the unit's cube slot `to`.
    fn flush_slot(&self, cells: &mut [i128], from: usize, to: usize, cube_slot: usize) {
        let (from, to) = (from * self.per_slot, to * cube_slot);
        let scratch = self.cells.get(from..from + cube_slot).unwrap_or_default();
        for (cell, &value) in cells
            .get_mut(to..to + cube_slot)
            .into_iter()
            .flatten()
            .zip(scratch)
        {
            *cell += i128::from(value);
        }
    }

    /// Adds the first `slots` slots of the scratch (trash buckets left out) to a unit's cells.
    fn flush(&self, cells: &mut [i128], slots: usize, cube_slot: usize) {
        for slot in 0..slots {
            self.flush_slot(cells, slot, slot, cube_slot);
        }
    }

    /// Sums a unit's facts (whose magnitudes sum within `i64`, so no sum wraps).
    fn sum(&mut self, run: &UnitRun<'_>) {
        self.cells.fill(0);
        for (account, month, layer, amount) in run.facts() {
            let cell = self.cell(account, month, layer);
            add(&mut self.cells, cell, amount);
        }
    }
}

/// Adds `amount` to scratch cell `cell` (no sum wraps: the unit's magnitudes fit `i64`).
fn add(cells: &mut [i64], cell: usize, amount: i64) {
    if let Some(value) = cells.get_mut(cell) {
        *value = value.wrapping_add(amount);
    }
}

/// The latest budget revision seen per account and year of one unit.
struct LatestPerUnit {
    /// Per layer index: revision + 1 for a budget revision seen, else 0.
    code: Vec<u16>,
    /// Per ledger month offset: its year's index.
    year: Vec<u8>,
    years: usize,
    /// Per (account, year): the latest revision + 1 noted, 0 for none.
    table: Vec<u16>,
}

/// One bit per fact of `ledger`, set where the fact is of the latest budget revision its unit
/// has on its account in its year, counting every revision.
pub(crate) fn current_budget_bits(ledger: &Ledger) -> Vec<u64> {
    let codes = super::budget_revisions(ledger)
        .iter()
        .map(|revision| revision.map_or(0, |r| r.saturating_add(1)))
        .collect();
    let mut latest = LatestPerUnit::with_codes(ledger, codes);
    let mut bits = vec![0u64; ledger.len().div_ceil(64)];
    for (_, run) in ledger.unit_runs() {
        latest.note(&run);
        for (i, (account, month, layer, _)) in run.facts().enumerate() {
            if latest.counts(account, month, layer) {
                let at = run.first + i;
                if let Some(word) = bits.get_mut(at / 64) {
                    *word |= 1 << (at % 64);
                }
            }
        }
    }
    bits
}

impl LatestPerUnit {
    fn new(ledger: &Ledger, current: &CurrentBudget) -> LatestPerUnit {
        LatestPerUnit::with_codes(ledger, current.revision_codes())
    }

    fn with_codes(ledger: &Ledger, code: Vec<u16>) -> LatestPerUnit {
        let first = ledger.months().start().year().number();
        let year: Vec<u8> = ledger
            .months()
            .months()
            .map(|m| u8::try_from(m.year().number().saturating_sub(first)).unwrap_or(u8::MAX))
            .collect();
        let years = year.iter().copied().max().map_or(1, |y| usize::from(y) + 1);
        LatestPerUnit {
            code,
            year,
            years,
            table: vec![0; ledger.account_codes().len() * years],
        }
    }

    fn index(&self, account: u16, month: u8) -> usize {
        let year = self.year.get(usize::from(month)).copied().unwrap_or(0);
        usize::from(account) * self.years + usize::from(year)
    }

    fn note(&mut self, run: &UnitRun<'_>) {
        self.table.fill(0);
        for (account, month, layer, _) in run.facts() {
            let code = self.code.get(usize::from(layer)).copied().unwrap_or(0);
            let index = self.index(account, month);
            if let Some(latest) = self.table.get_mut(index) {
                *latest = (*latest).max(code);
            }
        }
    }

    fn counts(&self, account: u16, month: u8, layer: u8) -> bool {
        let code = self.code.get(usize::from(layer)).copied().unwrap_or(0);
        let latest = self
            .table
            .get(self.index(account, month))
            .copied()
            .unwrap_or(0);
        // `&`, not `&&`: both sides are cheap, and a branch here would be mispredicted.
        #[allow(clippy::needless_bitwise_bool, reason = "branch-free on purpose")]
        let counts = (code != 0) & (latest == code);
        counts
    }
}

/// A zeroed table of 2^16 entries (zeroed memory, so untouched pages cost nothing).
#[allow(
    clippy::large_stack_arrays,
    reason = "the fallback is never taken: the vector has exactly 2^16 entries"
)]
fn table() -> Box<[u32; 1 << 16]> {
    let zeroed = vec![0u32; 1 << 16].into_boxed_slice();
    zeroed.try_into().unwrap_or_else(|_| Box::new([0; 1 << 16]))
}

/// Adds every visible fact within the cube's months to its own unit's cells.
pub(super) fn add_facts(
    cube: &mut Cube<'_>,
    bucket_of: &[Option<u16>],
    visibility: &Visibility,
    current: &CurrentBudget,
) {
    let ledger: &Ledger = cube.ledger;
    let mut scratch = Scratch::new(cube, bucket_of, visibility);
    let cube_slot = cube.buckets.len() * scratch.months;
    let per_unit = cube.slots * cube_slot;
    let layers = ledger.layer_table().len();
    let per_layer = current.per_layer();
    // One revision seen: it is the current budget. Several: the latest per account and year.
    let single = per_layer.iter().position(|c| *c == super::Current::Always);
    let several = per_layer.contains(&super::Current::IfLatest);
    // As of a date that knows every revision, the ledger's bits say which facts are current.
    let bits = ledger
        .current_bits()
        .filter(|_| several && current.every_revision_seen && layers < 128);
    let mut latest = (several && bits.is_none()).then(|| LatestPerUnit::new(ledger, current));
    for (unit, run) in ledger.unit_runs() {
        if run.amount.is_empty() {
            continue;
        }
        let start = unit as usize * per_unit;
        let Some(cells) = cube.values.get_mut(start..start + per_unit) else {
            continue;
        };
        if run.fits_i64 {
            match (&mut latest, bits) {
                (Some(latest), _) => scratch.sum_with_latest(&run, latest),
                (None, Some(bits)) => scratch.sum_with_bits(&run, bits),
                (None, None) => scratch.sum(&run),
            }
            if bits.is_some() && latest.is_none() {
                scratch.flush_bits(cells, cube_slot);
            } else {
                scratch.flush(cells, layers + 1, cube_slot);
            }
        } else {
            let counts = |i: usize, account, month, layer| match (&latest, bits) {
                (Some(latest), _) => latest.counts(account, month, layer),
                (None, Some(bits)) => {
                    let at = run.first + i;
                    bits.get(at / 64)
                        .is_some_and(|word| (word >> (at % 64)) & 1 == 1)
                }
                (None, None) => false,
            };
            add_wide(&scratch, &run, counts, cells, layers * cube_slot);
        }
        if let Some(layer) = single {
            let (own, current_cells) = cells.split_at_mut(layers * cube_slot);
            let revision = own
                .get(layer * cube_slot..(layer + 1) * cube_slot)
                .unwrap_or_default();
            for (cell, &value) in current_cells.iter_mut().zip(revision) {
                *cell += value;
            }
        }
    }
}

/// Adds a unit's facts straight into its `i128` cells: the path for sums beyond `i64`.
fn add_wide(
    scratch: &Scratch,
    run: &UnitRun<'_>,
    counts: impl Fn(usize, u16, u8, u8) -> bool,
    cells: &mut [i128],
    current_slot: usize,
) {
    let cube_slot = scratch.per_slot.saturating_sub(scratch.months);
    for (i, (account, month, layer, amount)) in run.facts().enumerate() {
        let Some((slot, within)) = scratch.in_cube(scratch.cell(account, month, layer)) else {
            continue;
        };
        if let Some(value) = cells.get_mut(slot * cube_slot + within) {
            *value += i128::from(amount);
        }
        if counts(i, account, month, layer) {
            if let Some(value) = cells.get_mut(current_slot + within) {
                *value += i128::from(amount);
            }
        }
    }
}
