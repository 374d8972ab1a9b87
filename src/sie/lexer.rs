//! Splits one SIE line into its label and fields: plain or quoted text (with `\"` for a
//! quote), object lists `{1 "100" 6 P42}`, tabs and runs of spaces as separators.
#![allow(
    clippy::arithmetic_side_effects,
    reason = "positions and counts are bounded by the length of the input"
)]

use std::borrow::Cow;

/// One field of a record: text or an object list. Both buffers stay in the field's slot from
/// line to line, whichever the line uses, so lexing moves no buffer (moving an object list out
/// and back went through the stack and stalled the next load of it: 15 % of `next_line`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Field<'a> {
    is_objects: bool,
    text: Cow<'a, str>,
    objects: Vec<Cow<'a, str>>,
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldRef<'f, 'a> {
    /// Text, with the enclosing quotes removed and `\"` unescaped.
    Text(&'f Cow<'a, str>),
    /// An object list's tokens, in order.
    Objects(&'f [Cow<'a, str>]),
}

impl<'a> Field<'a> {
    /// A text field.
    #[cfg(test)]
    pub(crate) fn text(text: Cow<'a, str>) -> Field<'a> {
        Field {
            is_objects: false,
            text,
            objects: Vec::new(),
        }
    }

    /// An object list.
    #[cfg(test)]
    pub(crate) fn objects(objects: Vec<Cow<'a, str>>) -> Field<'a> {
        Field {
            is_objects: true,
            text: Cow::Borrowed(""),
            objects,
        }
    }

    /// What the field holds.
    #[inline]
    pub(crate) fn get(&self) -> FieldRef<'_, 'a> {
        if self.is_objects {
            FieldRef::Objects(&self.objects)
        } else {
            FieldRef::Text(&self.text)
        }
    }

    /// The same buffers, emptied, for text of another lifetime.
    fn recycle<'b>(self) -> Field<'b> {
        let mut objects = self.objects;
        objects.clear();
        Field {
            is_objects: false,
            text: Cow::Borrowed(""),
            objects: emptied(objects),
        }
    }
}

impl PartialEq for Field<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for Field<'_> {}

/// The fields of one line, in slots kept from line to line so lexing a line allocates nothing
/// once the buffers have grown.
#[derive(Debug, Default)]
pub(crate) struct Fields<'a> {
    /// Slots kept from line to line: the first `len` are this line's fields. Writing into a
    /// kept slot stores the field where it lies (a push built it on the stack and copied it,
    /// which stalled the loop: measured 370 → 354 ms on the 100 MB benchmark).
    list: Vec<Field<'a>>,
    len: usize,
    /// Fields and object tokens of the line past the caps, counted, not kept.
    dropped: usize,
}

/// The most fields a line keeps: the longest record (`#TRANS`) has seven.
pub(crate) const MAX_FIELDS: usize = 64;
/// The most tokens an object list keeps: 64 dimension and object pairs.
pub(crate) const MAX_OBJECT_TOKENS: usize = 128;

/// An empty vector as one of another element type of the same layout, keeping its
/// allocation.
#[allow(
    clippy::unnecessary_filter_map,
    reason = "the map changes the element type; the vector is empty, so nothing is dropped"
)]
fn emptied<T, U>(list: Vec<T>) -> Vec<U> {
    list.into_iter().filter_map(|_| None).collect()
}

impl<'a> Fields<'a> {
    /// The fields, in order.
    pub(crate) fn as_slice(&self) -> &[Field<'a>] {
        self.list.get(..self.len).unwrap_or_default()
    }

    /// Fields and object tokens of the line beyond [`MAX_FIELDS`] and [`MAX_OBJECT_TOKENS`].
    pub(crate) fn dropped(&self) -> usize {
        self.dropped
    }

    #[inline]
    fn clear(&mut self) {
        self.dropped = 0;
        self.len = 0;
    }

    /// The same buffers, emptied, for text of another lifetime: reading chunk by chunk from
    /// a buffer reused per chunk keeps its allocations. (Collecting into a vector of the same
    /// layout reuses its allocation.)
    pub(crate) fn recycle<'b>(self) -> Fields<'b> {
        Fields {
            list: self.list.into_iter().map(Field::recycle).collect(),
            len: 0,
            dropped: 0,
        }
    }

    /// The next slot, or `None` (the field counted as dropped) past [`MAX_FIELDS`].
    #[inline(always)]
    #[allow(
        clippy::inline_always,
        reason = "per field in the reader's loop; measured: left out of line by the optimiser otherwise"
    )]
    fn next_slot(&mut self) -> Option<&mut Field<'a>> {
        if self.len >= MAX_FIELDS {
            self.dropped = self.dropped.saturating_add(1);
            return None;
        }
        if self.list.len() <= self.len {
            self.list.push(Field::default());
        }
        let slot = self.list.get_mut(self.len)?;
        self.len = self.len.saturating_add(1);
        Some(slot)
    }

    /// Adds a text field.
    #[inline(always)]
    #[allow(
        clippy::inline_always,
        reason = "per field in the reader's loop; measured: left out of line by the optimiser otherwise"
    )]
    fn push_text(&mut self, text: Cow<'a, str>) {
        if let Some(slot) = self.next_slot() {
            slot.is_objects = false;
            slot.text = text;
        }
    }

    /// Adds an object list and returns its emptied buffer to fill; `None` past the cap.
    #[inline]
    fn push_objects(&mut self) -> Option<&mut Vec<Cow<'a, str>>> {
        let slot = self.next_slot()?;
        slot.is_objects = true;
        slot.objects.clear();
        Some(&mut slot.objects)
    }
}

/// What is wrong with a line's syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LexError {
    UnterminatedQuote,
    UnterminatedObjectList,
    ControlCharacter,
}

/// What a byte means to the lexer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Part of a token.
    Plain,
    /// Space or tab: separates fields.
    Blank,
    /// `\n`: ends the line.
    Newline,
    /// `\r`: part of a line end before `\n`, a control character anywhere else.
    Return,
    Quote,
    Backslash,
    Open,
    Close,
    /// An ASCII control character other than tab and line ends.
    Control,
    /// `0xC2`, the lead byte of U+0080 to U+00BF, where the C1 control characters lie.
    LatinLead,
}

impl Class {
    const fn of(b: u8) -> Class {
        match b {
            b' ' | b'\t' => Class::Blank,
            b'\n' => Class::Newline,
            b'\r' => Class::Return,
            b'"' => Class::Quote,
            b'\\' => Class::Backslash,
            b'{' => Class::Open,
            b'}' => Class::Close,
            0..0x20 | 0x7f => Class::Control,
            0xc2 => Class::LatinLead,
            _ => Class::Plain,
        }
    }
}

/// Every byte's class, looked up in the hot loops (faster than the `match`).
#[allow(
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "evaluated at compile time: an index out of bounds fails the build"
)]
const CLASSES: [Class; 256] = {
    let mut table = [Class::Plain; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = Class::of(b as u8);
        b += 1;
    }
    table
};

/// Reads a text line by line, splitting each line into its label and fields in one pass
/// over its bytes: the line end, control characters and tokens are found by the same scan.
pub(crate) struct Lexer<'a> {
    text: &'a str,
    /// Where the next line starts; past the end once the last line is read.
    pos: usize,
}

/// One line, lexed.
pub(crate) struct Line<'a> {
    /// The line without its line end, for error reports.
    pub(crate) raw: &'a str,
    /// The label (`None` for a blank line), the fields being in the `Fields` passed in.
    pub(crate) lexed: Result<Option<&'a str>, LexError>,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(text: &'a str) -> Lexer<'a> {
        Lexer { text, pos: 0 }
    }

    /// Whether every byte of the text is lexed (what is left is the empty line after a last
    /// line end, or nothing).
    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    /// Lexes the next line into `fields`; `None` after the last line. As with splitting at
    /// `\n`, a text ending in a line end has an empty last line.
    #[inline]
    pub(crate) fn next_line(&mut self, fields: &mut Fields<'a>) -> Option<Line<'a>> {
        let start = self.pos;
        if start > self.text.len() {
            return None;
        }
        fields.clear();
        let mut scan = Scan {
            text: self.text,
            at: start,
            dropped: 0,
        };
        let lexed = scan.line(fields);
        fields.dropped = fields.dropped.saturating_add(scan.dropped);
        let end = match lexed {
            Ok(_) => scan.at,
            Err(_) => scan.line_end(),
        };
        self.pos = end + 1;
        let raw = self.text.get(start..end).unwrap_or_default();
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        // Of several faults on a line, a control character is the one reported.
        let lexed = match lexed {
            Err(_) if raw.chars().any(|c| c.is_control() && c != '\t') => {
                Err(LexError::ControlCharacter)
            }
            other => other,
        };
        Some(Line { raw, lexed })
    }
}

/// A position in the text while one line is lexed.
struct Scan<'a> {
    text: &'a str,
    at: usize,
    /// Object tokens past [`MAX_OBJECT_TOKENS`], counted, not kept.
    dropped: usize,
}

impl<'a> Scan<'a> {
    fn class(&self, at: usize) -> Option<Class> {
        let b = *self.text.as_bytes().get(at)?;
        CLASSES.get(usize::from(b)).copied()
    }

    /// Whether `\r` at `at` ends the line (comes last or before `\n`).
    fn return_ends_line(&self, at: usize) -> bool {
        matches!(self.class(at + 1), None | Some(Class::Newline))
    }

    /// Whether the `0xC2` at `at` starts a C1 control character (U+0080 to U+009F).
    fn c1_control(&self, at: usize) -> bool {
        matches!(self.text.as_bytes().get(at + 1), Some(0x80..=0x9f))
    }

    /// The end of the current line: its `\n` or the end of the text.
    fn line_end(&self) -> usize {
        let rest = self.text.as_bytes().get(self.at..).unwrap_or_default();
        rest.iter()
            .position(|&b| b == b'\n')
            .map_or(self.text.len(), |p| self.at + p)
    }

    fn slice(&self, from: usize, to: usize) -> &'a str {
        self.text.get(from..to).unwrap_or_default()
    }

    fn skip_blanks(&mut self) {
        while self.class(self.at) == Some(Class::Blank) {
            self.at += 1;
        }
    }

    /// Whether the scan stands at the line's end; a `\r\n` or final `\r` is stepped over to
    /// its `\n`. Fails on a `\r` inside the line.
    fn at_line_end(&mut self) -> Result<bool, LexError> {
        match self.class(self.at) {
            None | Some(Class::Newline) => Ok(true),
            Some(Class::Return) if self.return_ends_line(self.at) => {
                self.at += 1;
                Ok(true)
            }
            Some(Class::Return) => Err(LexError::ControlCharacter),
            _ => Ok(false),
        }
    }

    /// Lexes the line from `at`, leaving `at` on its `\n` (or the text's end).
    fn line(&mut self, fields: &mut Fields<'a>) -> Result<Option<&'a str>, LexError> {
        self.skip_blanks();
        if self.at_line_end()? {
            return Ok(None);
        }
        let label = self.plain(true)?;
        loop {
            self.skip_blanks();
            if self.at_line_end()? {
                return Ok(Some(label));
            }
            match self.class(self.at) {
                Some(Class::Open) => {
                    self.at += 1;
                    match fields.push_objects() {
                        Some(list) => self.object_list(list)?,
                        // Past the cap: read to its end, and not kept.
                        None => self.object_list(&mut Vec::new())?,
                    }
                }
                Some(Class::Close) => {
                    // A stray `}` inside a line: keep it as text so nothing is lost.
                    fields.push_text(Cow::Borrowed(self.slice(self.at, self.at + 1)));
                    self.at += 1;
                }
                Some(Class::Quote) => {
                    let text = self.quoted()?;
                    fields.push_text(text);
                }
                _ => {
                    let text = self.plain(false)?;
                    fields.push_text(Cow::Borrowed(text));
                }
            }
        }
    }

    /// The tokens of an object list up to its `}`; a `{` inside one, or the line's end,
    /// breaks it.
    fn object_list(&mut self, list: &mut Vec<Cow<'a, str>>) -> Result<(), LexError> {
        loop {
            self.skip_blanks();
            if self.at_line_end()? {
                return Err(LexError::UnterminatedObjectList);
            }
            match self.class(self.at) {
                Some(Class::Close) => {
                    self.at += 1;
                    return Ok(());
                }
                Some(Class::Open) => return Err(LexError::UnterminatedObjectList),
                Some(Class::Quote) => {
                    let token = self.quoted()?;
                    self.keep(list, token);
                }
                _ => {
                    let token = Cow::Borrowed(self.plain(false)?);
                    self.keep(list, token);
                }
            }
        }
    }

    /// A plain token: up to a blank or the line's end, and (unless it is the label) a brace.
    fn plain(&mut self, label: bool) -> Result<&'a str, LexError> {
        let start = self.at;
        loop {
            match self.class(self.at) {
                None | Some(Class::Blank | Class::Newline) => break,
                Some(Class::Open | Class::Close) if !label => break,
                Some(Class::Return) if self.return_ends_line(self.at) => break,
                Some(Class::Return | Class::Control) => return Err(LexError::ControlCharacter),
                Some(Class::LatinLead) if self.c1_control(self.at) => {
                    return Err(LexError::ControlCharacter);
                }
                Some(_) => self.at += 1,
            }
        }
        Ok(self.slice(start, self.at))
    }

    /// A quoted token from its opening quote, with `\"` unescaped; borrowed when it holds no
    /// escape.
    ///
    /// The standard names one escape, `\"`. A run of backslashes before a quote is read so that
    /// every text can be written and read back: each pair is one backslash, an odd one left
    /// over escapes the quote, an even run is followed by the closing quote (`"C:\\"` is
    /// `C:\`). A run before anything else is literal, as real files write paths
    /// (`"C:\ProgramData\SPCS"`). And as exporters that do not escape write a path ending in a
    /// backslash (`"C:\dir\"` at the end of a line), an escaped quote that leaves the field
    /// open to the end of the line was the closing quote after all.
    fn quoted(&mut self) -> Result<Cow<'a, str>, LexError> {
        self.at += 1;
        let mut owned: Option<String> = None;
        let mut start = self.at;
        // The last escaped quote: the buffer's length before its run, the run, and the
        // position after the quote.
        let mut last_escape: Option<(usize, usize, usize)> = None;
        loop {
            let line_end = match self.class(self.at) {
                None | Some(Class::Newline) => true,
                Some(Class::Return) => self.return_ends_line(self.at),
                _ => false,
            };
            if line_end {
                return self.unescaped_close(owned, last_escape);
            }
            match self.class(self.at) {
                None => return Err(LexError::UnterminatedQuote),
                Some(Class::Return | Class::Control) => return Err(LexError::ControlCharacter),
                Some(Class::LatinLead) if self.c1_control(self.at) => {
                    return Err(LexError::ControlCharacter);
                }
                Some(Class::Backslash) => {
                    let run = self.backslash_run(self.at);
                    if self.class(self.at + run) != Some(Class::Quote) {
                        self.at += run; // literal, as in paths
                        continue;
                    }
                    let buffer = owned.get_or_insert_with(String::new);
                    buffer.push_str(self.slice(start, self.at));
                    let before = buffer.len();
                    buffer.extend(std::iter::repeat_n('\\', run / 2));
                    if run % 2 == 1 {
                        buffer.push('"');
                        self.at += run + 1;
                        last_escape = Some((before, run, self.at));
                    } else {
                        self.at += run; // at the closing quote
                    }
                    start = self.at;
                }
                Some(Class::Quote) => {
                    let tail = self.slice(start, self.at);
                    self.at += 1;
                    return Ok(match owned {
                        Some(mut buffer) => {
                            buffer.push_str(tail);
                            Cow::Owned(buffer)
                        }
                        None => Cow::Borrowed(tail),
                    });
                }
                Some(_) => self.at += 1,
            }
        }
    }
}

impl<'a> Scan<'a> {
    /// Keeps an object token while the list is below its cap, else counts it.
    fn keep(&mut self, list: &mut Vec<Cow<'a, str>>, token: Cow<'a, str>) {
        if list.len() < MAX_OBJECT_TOKENS {
            list.push(token);
        } else {
            self.dropped = self.dropped.saturating_add(1);
        }
    }

    /// How many backslashes stand in a row from `at`.
    fn backslash_run(&self, at: usize) -> usize {
        self.text
            .as_bytes()
            .get(at..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| **b == b'\\')
            .count()
    }

    /// At the end of the line inside a quoted field: when the last escaped quote ended the text
    /// but for blanks, it was the closing quote after a literal run of backslashes; otherwise
    /// the quote is unterminated.
    fn unescaped_close(
        &mut self,
        owned: Option<String>,
        last_escape: Option<(usize, usize, usize)>,
    ) -> Result<Cow<'a, str>, LexError> {
        let (Some(mut buffer), Some((before, run, after))) = (owned, last_escape) else {
            return Err(LexError::UnterminatedQuote);
        };
        let rest = self.slice(after, self.at);
        if !rest.bytes().all(|b| b == b' ' || b == b'\t') {
            return Err(LexError::UnterminatedQuote);
        }
        buffer.truncate(before);
        buffer.extend(std::iter::repeat_n('\\', run));
        Ok(Cow::Owned(buffer))
    }
}

/// Splits a single line (without its line end) into the label and fields. Returns `None`
/// for a blank line. A lone `{` or `}` comes back as the label `{` or `}`.
#[cfg(test)]
pub(crate) fn lex<'a>(line: &'a str, fields: &mut Fields<'a>) -> Result<Option<&'a str>, LexError> {
    Lexer::new(line)
        .next_line(fields)
        .map_or(Ok(None), |line| line.lexed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexed(line: &str) -> (Option<&str>, Vec<Field<'_>>) {
        let mut fields = Fields::default();
        let label = lex(line, &mut fields).unwrap();
        (label, fields.as_slice().to_vec())
    }

    fn text(s: &str) -> Field<'_> {
        Field::text(Cow::Borrowed(s))
    }

    #[test]
    fn backslash_runs_before_a_quote_halve_and_an_odd_one_escapes() {
        let owned = |s: &str| Field::text(Cow::Owned(s.to_owned()));
        // Paths keep their backslashes.
        assert_eq!(
            lexed(r#"#FNR "C:\ProgramData\SPCS" x"#).1,
            [text(r"C:\ProgramData\SPCS"), text("x")]
        );
        // A pair before the closing quote is one backslash; an odd one escapes the quote.
        assert_eq!(lexed(r#"#FNAMN "abc\\" x"#).1, [owned(r"abc\"), text("x")]);
        assert_eq!(lexed(r#"#FNAMN "a\\\"b""#).1, [owned(r#"a\"b"#)]);
        assert_eq!(lexed(r#"#FNAMN "say \"hi\"""#).1, [owned(r#"say "hi""#)]);
        // An exporter's unescaped trailing backslash at the end of a line closes the field.
        assert_eq!(lexed(r#"#FNR "C:\dir\""#).1, [owned(r"C:\dir\")]);
        assert_eq!(lexed(r#"#FNR "C:\dir\"  "#).1, [owned(r"C:\dir\")]);
        let mut fields = Fields::default();
        assert_eq!(
            lex(r#"#FNAMN "abc\" x"#, &mut fields),
            Err(LexError::UnterminatedQuote)
        );
    }

    #[test]
    fn splits_fields_quotes_and_object_lists() {
        let (label, fields) = lexed("#TRANS 7010 {\"1\" \"456\" 7 47} 13200.00");
        assert_eq!(label, Some("#TRANS"));
        assert_eq!(fields[0], text("7010"));
        assert_eq!(
            fields[1],
            Field::objects(vec!["1".into(), "456".into(), "7".into(), "47".into()])
        );
        assert_eq!(fields[2], text("13200.00"));
        let (_, fields) = lexed("#KONTO\t1915 \"Kassa \\\"special\\\"\"");
        assert_eq!(
            fields[1],
            Field::text(Cow::Owned("Kassa \"special\"".into()))
        );
        let (_, fields) = lexed("#PSALDO 0 201101 1460 { }  8550.00 ");
        assert_eq!(fields[3], Field::objects(vec![]));
        let (_, fields) = lexed("#FNR \"C:\\ProgramData\\SPCS\"");
        assert_eq!(fields[0], text("C:\\ProgramData\\SPCS"));
        assert_eq!(lexed("   \t ").0, None);
        assert_eq!(lexed("{").0, Some("{"));
        // Tabs separate fields also on lines with non-ASCII text.
        let (label, fields) = lexed("#KONTO\t1060\tHyresrätter");
        assert_eq!((label, fields.len()), (Some("#KONTO"), 2));
        // Non-ASCII letters, also those whose UTF-8 starts with 0xC2, are text.
        let (_, fields) = lexed("#FNAMN \"Ånge § 4\" 5°");
        assert_eq!(fields, vec![text("Ånge § 4"), text("5°")]);
    }

    #[test]
    fn reports_broken_syntax() {
        let mut fields = Fields::default();
        assert_eq!(
            lex("#FNAMN \"open", &mut fields),
            Err(LexError::UnterminatedQuote)
        );
        assert_eq!(
            lex("#TRANS 1910 {1 2 -5", &mut fields),
            Err(LexError::UnterminatedObjectList)
        );
        assert_eq!(
            lex("#FNAMN \"a\u{1}b\"", &mut fields),
            Err(LexError::ControlCharacter)
        );
        // A C1 control character (U+0085), and a control character after another fault.
        assert_eq!(
            lex("#FNAMN a\u{85}b", &mut fields),
            Err(LexError::ControlCharacter)
        );
        assert_eq!(
            lex("#TRANS 1910 {1 2 {\u{1}", &mut fields),
            Err(LexError::ControlCharacter)
        );
        // A carriage return inside a line, but not one before the line end.
        assert_eq!(
            lex("#FNAMN a\rb", &mut fields),
            Err(LexError::ControlCharacter)
        );
        assert_eq!(lex("#FNAMN a \r", &mut fields), Ok(Some("#FNAMN")));
    }

    #[test]
    fn reads_a_text_line_by_line() {
        let text = "#A 1\r\n\n  \n#F \"open\n#B {1 \"x y\"}\n";
        let mut lexer = Lexer::new(text);
        let mut fields = Fields::default();
        let mut lines = Vec::new();
        while let Some(line) = lexer.next_line(&mut fields) {
            lines.push((line.raw, line.lexed, fields.as_slice().len()));
        }
        assert_eq!(
            lines,
            vec![
                ("#A 1", Ok(Some("#A")), 1),
                ("", Ok(None), 0),
                ("  ", Ok(None), 0),
                ("#F \"open", Err(LexError::UnterminatedQuote), 0),
                ("#B {1 \"x y\"}", Ok(Some("#B")), 1),
                ("", Ok(None), 0),
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn lines_are_the_text_split_at_line_ends(text in "[a# \t\r\n\"{}\\\u{1}\u{85}Å§]{0,60}") {
            let mut lexer = Lexer::new(&text);
            let mut fields = Fields::default();
            let mut raws = Vec::new();
            while let Some(line) = lexer.next_line(&mut fields) {
                raws.push(line.raw);
            }
            let expected: Vec<&str> = text
                .split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect();
            proptest::prop_assert_eq!(raws, expected);
        }

        #[test]
        fn plain_words_are_the_fields(words in proptest::collection::vec("[a-zÅö0-9#.-]{1,6}", 1..8), gaps in "[ \t]{1,3}") {
            let line = words.join(&gaps);
            let mut fields = Fields::default();
            let label = lex(&line, &mut fields);
            proptest::prop_assert_eq!(label, Ok(words.first().map(String::as_str)));
            let expected: Vec<Field<'_>> = words.iter().skip(1).map(|w| text(w)).collect();
            proptest::prop_assert_eq!(fields.as_slice(), expected.as_slice());
        }
    }
}
