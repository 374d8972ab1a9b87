//! The ledger's compact columns: facts grouped by unit, each unit's run of facts found by
//! its start.

/// Facts in compact columns: 16 bytes a fact, plus 4 when any fact carries tags. Facts are
/// grouped by unit in the organisation's pre-order (in the order added within a unit), so a
/// roll-up adds each unit's facts into its own small block of cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Columns {
    pub(super) unit: Vec<u32>,
    pub(super) account: Vec<u16>,
    pub(super) month: Vec<u8>,
    pub(super) layer: Vec<u8>,
    pub(super) amount: Vec<i64>,
    /// Index into the tag table; empty while no fact has tags (then every fact has tag 0).
    pub(super) tag: Vec<u32>,
    /// Where each unit's facts start, and the end of the last: one entry per unit plus one.
    pub(super) unit_starts: Vec<u32>,
    /// Per unit: whether the sum of its facts' magnitudes fits an `i64`, so no partial sum of
    /// its facts can overflow one.
    pub(super) unit_fits_i64: Vec<bool>,
}

impl Columns {
    /// Groups the facts by unit (a stable counting sort) and records where each unit's facts
    /// start.
    pub(super) fn group_by_unit(&mut self, units: usize) {
        // One pass counts each unit's facts and sums their magnitudes.
        let mut starts = vec![0u32; units.saturating_add(1)];
        let mut magnitude = vec![0u128; units];
        let mut sorted = true;
        let mut previous = 0u32;
        for (&unit, &amount) in self.unit.iter().zip(&self.amount) {
            let i = unit as usize;
            if let (Some(count), Some(sum)) =
                (starts.get_mut(i.saturating_add(1)), magnitude.get_mut(i))
            {
                *count = count.saturating_add(1);
                *sum = sum.saturating_add(u128::from(amount.unsigned_abs()));
            }
            sorted &= previous <= unit;
            previous = unit;
        }
        let mut running = 0u32;
        for start in &mut starts {
            running = running.saturating_add(*start);
            *start = running;
        }
        if !sorted {
            self.scatter(&starts);
        }
        self.unit_starts = starts;
        self.unit_fits_i64 = magnitude
            .into_iter()
            .map(|sum| sum <= u128::from(i64::MAX.unsigned_abs()))
            .collect();
    }

    /// Moves every fact to its unit's next place (a counting sort by unit, stable). Account,
    /// month and layer travel packed in one `u32` beside the amount, so the random writes go
    /// to two arrays; the small columns are unpacked and the unit column refilled in order.
    fn scatter(&mut self, starts: &[u32]) {
        let n = self.amount.len();
        let mut next = starts.to_vec();
        let mut amount = vec![0i64; n];
        let mut packed = vec![0u32; n];
        let mut tag = vec![0u32; self.tag.len()];
        let facts = self
            .unit
            .iter()
            .zip(&self.account)
            .zip(&self.month)
            .zip(&self.layer);
        for (i, ((((&unit, &account), &month), &layer), &value)) in
            facts.zip(&self.amount).enumerate()
        {
            let Some(place) = next.get_mut(unit as usize) else {
                continue;
            };
            let at = *place as usize;
            *place = place.saturating_add(1);
            if let (Some(a), Some(p)) = (amount.get_mut(at), packed.get_mut(at)) {
                *a = value;
                *p = u32::from(account) << 16 | u32::from(month) << 8 | u32::from(layer);
            }
            if let (Some(t), Some(&old)) = (tag.get_mut(at), self.tag.get(i)) {
                *t = old;
            }
        }
        for (((p, account), month), layer) in packed
            .iter()
            .zip(&mut self.account)
            .zip(&mut self.month)
            .zip(&mut self.layer)
        {
            let [_, _, m, l] = p.to_be_bytes();
            *account = u16::try_from(p >> 16).unwrap_or(u16::MAX);
            (*month, *layer) = (m, l);
        }
        for (unit, range) in starts.windows(2).enumerate() {
            let &[start, end] = range else { continue };
            let unit = u32::try_from(unit).unwrap_or(u32::MAX);
            if let Some(run) = self.unit.get_mut(start as usize..end as usize) {
                run.fill(unit);
            }
        }
        (self.amount, self.tag) = (amount, tag);
    }

    /// The range of unit `unit`'s facts.
    pub(super) fn unit_range(&self, unit: usize) -> std::ops::Range<usize> {
        let start = self.unit_starts.get(unit).map_or(0, |&s| s as usize);
        let end = self
            .unit_starts
            .get(unit.saturating_add(1))
            .map_or(start, |&e| e as usize);
        start..end
    }
}

/// One unit's facts as column slices.
#[derive(Clone, Copy)]
pub(crate) struct UnitRun<'a> {
    /// The position of its first fact in the ledger.
    pub(crate) first: usize,
    /// Whether every partial sum of its facts fits an `i64`.
    pub(crate) fits_i64: bool,
    pub(crate) account: &'a [u16],
    pub(crate) month: &'a [u8],
    pub(crate) layer: &'a [u8],
    pub(crate) amount: &'a [i64],
}

impl<'a> UnitRun<'a> {
    /// Each fact's account, month, layer and amount.
    pub(crate) fn facts(self) -> impl Iterator<Item = (u16, u8, u8, i64)> + 'a {
        self.account
            .iter()
            .zip(self.month)
            .zip(self.layer)
            .zip(self.amount)
            .map(|(((&account, &month), &layer), &amount)| (account, month, layer, amount))
    }
}
