//! The vouchers of a document kept compactly: each voucher encoded into one shared byte buffer
//! (about the size of its text in the file) and decoded when read, so a whole document of a
//! million vouchers takes about as much memory as the file, not six times it as one value per
//! voucher did.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::document::{RowKind, Voucher, VoucherRow};
use crate::chart::AccountCode;

/// The vouchers of a [`super::SieDocument`], in file order.
///
/// Reading gives each voucher back whole ([`Vouchers::get`], [`Vouchers::iter`], `for voucher in
/// &document.vouchers`); the store keeps them encoded in one buffer.
///
/// ```
/// use styrmodell::sie::{Voucher, Vouchers};
/// use styrmodell::NaiveDate;
/// let date = NaiveDate::from_ymd_opt(2022, 1, 5).unwrap_or_default();
/// let voucher = Voucher { series: Some("A".into()), number: Some("1".into()), date, text: None,
///     registered: None, sign: None, rows: Vec::new(), line: 12 };
/// let vouchers: Vouchers = vec![voucher.clone()].into();
/// assert_eq!(vouchers.len(), 1);
/// assert_eq!(vouchers.get(0), Some(voucher));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Vouchers {
    bytes: Vec<u8>,
    /// Where each voucher starts in `bytes`.
    starts: Vec<usize>,
}

impl Vouchers {
    /// No vouchers.
    pub fn new() -> Vouchers {
        Vouchers::default()
    }

    /// The number of vouchers.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Adds a voucher at the end.
    pub fn push(&mut self, voucher: &Voucher) {
        self.starts.push(self.bytes.len());
        encode_voucher(&mut self.bytes, voucher);
    }

    /// The voucher at `index`, decoded.
    pub fn get(&self, index: usize) -> Option<Voucher> {
        let mut reader = Reader {
            bytes: self.bytes_of(index)?,
        };
        reader.voucher().ok()
    }

    /// The first voucher.
    pub fn first(&self) -> Option<Voucher> {
        self.get(0)
    }

    /// Calls `f` with each voucher in order, decoded into one buffer that serves them all:
    /// cheaper than [`Vouchers::iter`] where a voucher is only looked at.
    ///
    /// ```
    /// use styrmodell::sie::Vouchers;
    /// let vouchers = Vouchers::new();
    /// let mut count = 0;
    /// vouchers.for_each(|_| count += 1);
    /// assert_eq!(count, 0);
    /// ```
    pub fn for_each(&self, mut f: impl FnMut(&Voucher)) {
        let mut voucher: Option<Voucher> = None;
        for index in 0..self.len() {
            let Some(bytes) = self.bytes_of(index) else {
                continue;
            };
            let mut reader = Reader { bytes };
            let decoded = if let Some(buffer) = &mut voucher {
                reader.voucher_into(buffer).is_ok()
            } else {
                voucher = reader.voucher().ok();
                voucher.is_some()
            };
            if let (true, Some(voucher)) = (decoded, &voucher) {
                f(voucher);
            }
        }
    }

    /// The encoded bytes from voucher `index` on.
    fn bytes_of(&self, index: usize) -> Option<&[u8]> {
        self.bytes.get(*self.starts.get(index)?..)
    }

    /// Every voucher, decoded one at a time.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            vouchers: self,
            next: 0,
        }
    }

    /// The memory the store holds, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.bytes
            .capacity()
            .saturating_add(self.starts.capacity().saturating_mul(size_of::<usize>()))
    }

    /// Gives back unused capacity.
    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.starts.shrink_to_fit();
    }
}

/// The vouchers of a store in order, decoded.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    vouchers: &'a Vouchers,
    next: usize,
}

impl Iterator for Iter<'_> {
    type Item = Voucher;

    fn next(&mut self) -> Option<Voucher> {
        let voucher = self.vouchers.get(self.next)?;
        self.next = self.next.saturating_add(1);
        Some(voucher)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.vouchers.len().saturating_sub(self.next);
        (left, Some(left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Vouchers {
    type Item = Voucher;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl From<Vec<Voucher>> for Vouchers {
    fn from(list: Vec<Voucher>) -> Vouchers {
        list.into_iter().collect()
    }
}

impl FromIterator<Voucher> for Vouchers {
    fn from_iter<I: IntoIterator<Item = Voucher>>(iter: I) -> Vouchers {
        let mut vouchers = Vouchers::new();
        for voucher in iter {
            vouchers.push(&voucher);
        }
        vouchers
    }
}

impl fmt::Debug for Vouchers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Vouchers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Vouchers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Vouchers, D::Error> {
        Ok(Vec::<Voucher>::deserialize(deserializer)?.into())
    }
}

/// Appends `value` as a variable-length unsigned integer (seven bits a byte).
fn put_uint(bytes: &mut Vec<u8>, mut value: u128) {
    while value >= 0x80 {
        bytes.push(u8::try_from(value & 0x7f).unwrap_or(0) | 0x80);
        value >>= 7;
    }
    bytes.push(u8::try_from(value).unwrap_or(0));
}

/// Appends a signed integer, zigzag-encoded so small magnitudes stay short.
fn put_int(bytes: &mut Vec<u8>, value: i128) {
    let zigzag = (value.unsigned_abs() << 1).wrapping_sub(u128::from(value < 0));
    put_uint(bytes, zigzag);
}

fn put_str(bytes: &mut Vec<u8>, text: Option<&str>) {
    match text {
        None => put_uint(bytes, 0),
        Some(text) => {
            put_uint(bytes, (text.len() as u128).saturating_add(1));
            bytes.extend_from_slice(text.as_bytes());
        }
    }
}

fn put_date(bytes: &mut Vec<u8>, date: Option<NaiveDate>) {
    match date {
        None => bytes.push(0),
        Some(date) => {
            bytes.push(1);
            put_int(bytes, i128::from(date.num_days_from_ce()));
        }
    }
}

fn put_decimal(bytes: &mut Vec<u8>, value: Decimal) {
    put_int(bytes, value.mantissa());
    bytes.push(u8::try_from(value.scale()).unwrap_or(0));
}

fn encode_voucher(bytes: &mut Vec<u8>, voucher: &Voucher) {
    put_str(bytes, voucher.series.as_deref());
    put_str(bytes, voucher.number.as_deref());
    put_date(bytes, Some(voucher.date));
    put_str(bytes, voucher.text.as_deref());
    put_date(bytes, voucher.registered);
    put_str(bytes, voucher.sign.as_deref());
    put_uint(bytes, voucher.line as u128);
    put_uint(bytes, voucher.rows.len() as u128);
    for row in &voucher.rows {
        encode_row(bytes, row);
    }
}

fn encode_row(bytes: &mut Vec<u8>, row: &VoucherRow) {
    bytes.push(match row.kind {
        RowKind::Normal => 0,
        RowKind::Added => 1,
        RowKind::Removed => 2,
    });
    put_uint(bytes, u128::from(row.account.value()));
    bytes.push(u8::try_from(row.account.len()).unwrap_or(0));
    put_uint(bytes, row.objects.len() as u128);
    for (dimension, object) in &row.objects {
        put_uint(bytes, u128::from(*dimension));
        put_str(bytes, Some(object));
    }
    put_decimal(bytes, row.amount);
    put_date(bytes, row.date);
    put_str(bytes, row.text.as_deref());
    match row.quantity {
        None => bytes.push(0),
        Some(quantity) => {
            bytes.push(1);
            put_decimal(bytes, quantity);
        }
    }
    put_str(bytes, row.sign.as_deref());
    put_uint(bytes, row.line as u128);
}

/// Bytes the encoder did not write (never in a store: it writes every byte it reads).
#[derive(Debug)]
struct Corrupt;

/// Reads back what the encoder wrote.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, Corrupt> {
        let (first, rest) = self.bytes.split_first().ok_or(Corrupt)?;
        self.bytes = rest;
        Ok(*first)
    }

    fn uint(&mut self) -> Result<u128, Corrupt> {
        let mut value: u128 = 0;
        let mut shift = 0u32;
        loop {
            let byte = self.byte()?;
            value |= u128::from(byte & 0x7f).checked_shl(shift).ok_or(Corrupt)?;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
            shift = shift.checked_add(7).ok_or(Corrupt)?;
        }
    }

    fn int(&mut self) -> Result<i128, Corrupt> {
        let zigzag = self.uint()?;
        let magnitude = i128::try_from(zigzag >> 1).map_err(|_| Corrupt)?;
        if zigzag & 1 == 1 {
            magnitude
                .checked_neg()
                .and_then(|m| m.checked_sub(1))
                .ok_or(Corrupt)
        } else {
            Ok(magnitude)
        }
    }

    fn usize(&mut self) -> Result<usize, Corrupt> {
        usize::try_from(self.uint()?).map_err(|_| Corrupt)
    }

    /// A text as written: its length plus one, then its bytes.
    fn str(&mut self) -> Result<&'a str, Corrupt> {
        let len = self.usize()?.checked_sub(1).ok_or(Corrupt)?;
        let (text, rest) = self.bytes.split_at_checked(len).ok_or(Corrupt)?;
        self.bytes = rest;
        std::str::from_utf8(text).map_err(|_| Corrupt)
    }

    /// An optional text into `slot`, reusing the string it holds: a length of zero stands for
    /// none; else the length is one more than the text's.
    fn optional_text_into(&mut self, slot: &mut Option<String>) -> Result<(), Corrupt> {
        if self.bytes.first() == Some(&0) {
            self.byte()?;
            *slot = None;
            return Ok(());
        }
        let text = self.str()?;
        match slot {
            Some(buffer) => {
                buffer.clear();
                buffer.push_str(text);
            }
            None => *slot = Some(text.to_owned()),
        }
        Ok(())
    }

    /// As `voucher`, into `voucher`, reusing its strings, rows and object lists.
    fn voucher_into(&mut self, voucher: &mut Voucher) -> Result<(), Corrupt> {
        self.optional_text_into(&mut voucher.series)?;
        self.optional_text_into(&mut voucher.number)?;
        voucher.date = self.optional_date()?.ok_or(Corrupt)?;
        self.optional_text_into(&mut voucher.text)?;
        voucher.registered = self.optional_date()?;
        self.optional_text_into(&mut voucher.sign)?;
        voucher.line = self.usize()?;
        let count = self.usize()?;
        voucher.rows.truncate(count);
        for i in 0..count {
            match voucher.rows.get_mut(i) {
                Some(row) => self.row_into(row)?,
                None => voucher.rows.push(self.row()?),
            }
        }
        Ok(())
    }

    /// As `row`, into `row`, reusing its strings and object list.
    fn row_into(&mut self, row: &mut VoucherRow) -> Result<(), Corrupt> {
        (row.kind, row.account) = self.row_head()?;
        self.row_rest_into(row)
    }

    /// A row's kind and account, which a row is made from.
    fn row_head(&mut self) -> Result<(RowKind, AccountCode), Corrupt> {
        let kind = match self.byte()? {
            0 => RowKind::Normal,
            1 => RowKind::Added,
            _ => RowKind::Removed,
        };
        let value = u32::try_from(self.uint()?).map_err(|_| Corrupt)?;
        let account = AccountCode::from_parts(value, self.byte()?).ok_or(Corrupt)?;
        Ok((kind, account))
    }

    /// The rest of a row after its kind and account, into `row`, reusing its strings.
    fn row_rest_into(&mut self, row: &mut VoucherRow) -> Result<(), Corrupt> {
        let count = self.usize()?;
        row.objects.truncate(count);
        for i in 0..count {
            let dimension = u32::try_from(self.uint()?).map_err(|_| Corrupt)?;
            let text = self.str()?;
            match row.objects.get_mut(i) {
                Some((d, buffer)) => {
                    *d = dimension;
                    buffer.clear();
                    buffer.push_str(text);
                }
                None => row.objects.push((dimension, text.to_owned())),
            }
        }
        row.amount = self.decimal()?;
        row.date = self.optional_date()?;
        self.optional_text_into(&mut row.text)?;
        row.quantity = match self.byte()? {
            0 => None,
            _ => Some(self.decimal()?),
        };
        self.optional_text_into(&mut row.sign)?;
        row.line = self.usize()?;
        Ok(())
    }

    fn date(&mut self) -> Result<NaiveDate, Corrupt> {
        let days = i32::try_from(self.int()?).map_err(|_| Corrupt)?;
        NaiveDate::from_num_days_from_ce_opt(days).ok_or(Corrupt)
    }

    fn optional_date(&mut self) -> Result<Option<NaiveDate>, Corrupt> {
        match self.byte()? {
            0 => Ok(None),
            _ => self.date().map(Some),
        }
    }

    fn decimal(&mut self) -> Result<Decimal, Corrupt> {
        let mantissa = self.int()?;
        let scale = self.byte()?;
        Decimal::try_from_i128_with_scale(mantissa, u32::from(scale)).map_err(|_| Corrupt)
    }

    fn voucher(&mut self) -> Result<Voucher, Corrupt> {
        let mut voucher = Voucher {
            series: None,
            number: None,
            date: NaiveDate::MIN,
            text: None,
            registered: None,
            sign: None,
            rows: Vec::new(),
            line: 0,
        };
        self.voucher_into(&mut voucher)?;
        Ok(voucher)
    }

    fn row(&mut self) -> Result<VoucherRow, Corrupt> {
        let (kind, account) = self.row_head()?;
        let mut row = super::reader::blank_row(kind, account, Vec::new());
        self.row_rest_into(&mut row)?;
        Ok(row)
    }
}
