//! Splits one SIE line into its label and fields: plain or quoted text (with `\"` for a
//! quote), object lists `{1 "100" 6 P42}`, tabs and runs of spaces as separators.

use std::borrow::Cow;

/// One field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Field<'a> {
    /// Text, with the enclosing quotes removed and `\"` unescaped.
    Text(Cow<'a, str>),
    /// An object list's tokens, in order.
    Objects(Vec<Cow<'a, str>>),
}

/// The fields of one line, with emptied object lists kept for reuse so lexing a line
/// allocates nothing once the buffers have grown.
#[derive(Debug, Default)]
pub(crate) struct Fields<'a> {
    list: Vec<Field<'a>>,
    spare_lists: Vec<Vec<Cow<'a, str>>>,
}

impl<'a> Fields<'a> {
    /// The fields, in order.
    pub(crate) fn as_slice(&self) -> &[Field<'a>] {
        &self.list
    }

    fn clear(&mut self) {
        for field in self.list.drain(..) {
            if let Field::Objects(mut list) = field {
                list.clear();
                self.spare_lists.push(list);
            }
        }
    }

    fn push(&mut self, field: Field<'a>) {
        self.list.push(field);
    }

    fn empty_list(&mut self) -> Vec<Cow<'a, str>> {
        self.spare_lists.pop().unwrap_or_default()
    }
}

/// What is wrong with a line's syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LexError {
    UnterminatedQuote,
    UnterminatedObjectList,
    ControlCharacter,
}

/// The line without spaces and tabs at either end, trimmed byte-wise.
fn trim_spaces(line: &str) -> &str {
    let line = skip_spaces(line);
    let keep = line.len()
        - line
            .bytes()
            .rev()
            .take_while(|b| *b == b' ' || *b == b'\t')
            .count();
    line.get(..keep).unwrap_or(line)
}

/// The text after any leading spaces and tabs.
fn skip_spaces(text: &str) -> &str {
    let skip = text
        .bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count();
    text.get(skip..).unwrap_or_default()
}

/// Reads one (possibly quoted) token starting at `rest`, returning it and what follows.
fn token(rest: &str) -> Result<(Cow<'_, str>, &str), LexError> {
    let Some(quoted) = rest.strip_prefix('"') else {
        // Delimiters are ASCII, so a byte search finds them on char boundaries.
        let end = rest
            .bytes()
            .position(|b| matches!(b, b' ' | b'\t' | b'{' | b'}'))
            .unwrap_or(rest.len());
        let (text, after) = rest.split_at(end);
        return Ok((Cow::Borrowed(text), after));
    };
    let mut owned: Option<String> = None;
    let mut start = 0;
    let bytes = quoted.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' if bytes.get(i + 1) == Some(&b'"') => {
                let buffer = owned.get_or_insert_with(String::new);
                buffer.push_str(quoted.get(start..i).unwrap_or_default());
                buffer.push('"');
                i += 2;
                start = i;
            }
            b'"' => {
                let tail = quoted.get(start..i).unwrap_or_default();
                let text = match owned {
                    Some(mut buffer) => {
                        buffer.push_str(tail);
                        Cow::Owned(buffer)
                    }
                    None => Cow::Borrowed(tail),
                };
                return Ok((text, quoted.get(i + 1..).unwrap_or_default()));
            }
            _ => i += 1,
        }
    }
    Err(LexError::UnterminatedQuote)
}

/// Splits a line (without its line end) into the label and fields. Returns `None` for a blank
/// line. A lone `{` or `}` comes back as the label `{` or `}`.
#[cfg(test)]
pub(crate) fn lex<'a>(line: &'a str, fields: &mut Fields<'a>) -> Result<Option<&'a str>, LexError> {
    lex_checked(line, fields, true)
}

/// Whether `text` holds a control character other than tab and line ends: when it does not,
/// its lines need no check of their own.
#[allow(
    clippy::needless_bitwise_bool,
    reason = "no early exit, so the scan vectorises"
)]
pub(crate) fn has_control(text: &str) -> bool {
    // A fold without early exit vectorises; files with control characters are rare.
    let ascii = text.as_bytes().iter().fold(false, |found, &b| {
        found | ((b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0x7f)
    });
    ascii
        || (!text.is_ascii()
            && text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')))
}

/// Splits a line as `lex` does, checking for control characters only when `check` is set.
pub(crate) fn lex_checked<'a>(
    line: &'a str,
    fields: &mut Fields<'a>,
    check: bool,
) -> Result<Option<&'a str>, LexError> {
    fields.clear();
    let line = trim_spaces(line);
    if line.is_empty() {
        return Ok(None);
    }
    let ascii_control = |b: u8| (b < 0x20 && b != b'\t') || b == 0x7f;
    if check
        && (line.bytes().any(ascii_control)
            || (!line.is_ascii() && line.chars().any(|c| c.is_control() && c != '\t')))
    {
        return Err(LexError::ControlCharacter);
    }
    let (label, rest) = match line.bytes().position(|b| b == b' ' || b == b'\t') {
        Some(at) => line.split_at(at),
        None => (line, ""),
    };
    lex_fields(rest, fields)?;
    Ok(Some(label))
}

fn lex_fields<'a>(mut rest: &'a str, fields: &mut Fields<'a>) -> Result<(), LexError> {
    loop {
        rest = skip_spaces(rest);
        if rest.is_empty() {
            return Ok(());
        }
        if let Some(inner) = rest.strip_prefix('{') {
            let mut objects = fields.empty_list();
            let mut list = inner;
            loop {
                list = skip_spaces(list);
                if let Some(after) = list.strip_prefix('}') {
                    rest = after;
                    break;
                }
                // An object list ends at its `}`; a `{` inside one, or the line's end, breaks it.
                if list.is_empty() || list.starts_with('{') {
                    return Err(LexError::UnterminatedObjectList);
                }
                let (object, after) = token(list)?;
                objects.push(object);
                list = after;
            }
            fields.push(Field::Objects(objects));
        } else {
            let (text, after) = token(rest)?;
            if text.is_empty() && after.len() == rest.len() {
                // A stray `}` inside a line: keep it as text so nothing is lost.
                let (brace, after) = rest.split_at(1);
                fields.push(Field::Text(Cow::Borrowed(brace)));
                rest = after;
                continue;
            }
            fields.push(Field::Text(text));
            rest = after;
        }
    }
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
        Field::Text(Cow::Borrowed(s))
    }

    #[test]
    fn splits_fields_quotes_and_object_lists() {
        let (label, fields) = lexed("#TRANS 7010 {\"1\" \"456\" 7 47} 13200.00");
        assert_eq!(label, Some("#TRANS"));
        assert_eq!(fields[0], text("7010"));
        assert_eq!(
            fields[1],
            Field::Objects(vec!["1".into(), "456".into(), "7".into(), "47".into()])
        );
        assert_eq!(fields[2], text("13200.00"));
        let (_, fields) = lexed("#KONTO\t1915 \"Kassa \\\"special\\\"\"");
        assert_eq!(
            fields[1],
            Field::Text(Cow::Owned("Kassa \"special\"".into()))
        );
        let (_, fields) = lexed("#PSALDO 0 201101 1460 { }  8550.00 ");
        assert_eq!(fields[3], Field::Objects(vec![]));
        let (_, fields) = lexed("#FNR \"C:\\ProgramData\\SPCS\"");
        assert_eq!(fields[0], text("C:\\ProgramData\\SPCS"));
        assert_eq!(lexed("   \t ").0, None);
        assert_eq!(lexed("{").0, Some("{"));
        // Tabs separate fields also on lines with non-ASCII text.
        let (label, fields) = lexed("#KONTO\t1060\tHyresrätter");
        assert_eq!((label, fields.len()), (Some("#KONTO"), 2));
        assert!(!has_control("#KONTO\t1060\tHyresrätter\r\n"));
        assert!(has_control("#FNAMN \"a\u{1}\""));
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
    }
}
