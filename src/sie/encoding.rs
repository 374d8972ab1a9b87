//! Text encodings of SIE files: CP437 as the standard says, and the UTF-8 and Latin-1 that real
//! exports use despite `#FORMAT PC8`.

use std::borrow::Cow;

use oem_cp::code_table::{DECODING_TABLE_CP437, ENCODING_TABLE_CP437};
use serde::{Deserialize, Serialize};

use super::diagnostic::{Diagnostic, DiagnosticCode, Severity};

/// Which encoding to read a file in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Encoding {
    /// Detect: a UTF-8 byte-order mark or valid UTF-8 with non-ASCII text means UTF-8; bytes
    /// that look like Latin-1 letters mean Latin-1; otherwise CP437.
    #[default]
    Auto,
    /// IBM PC 8-bit (CP437), the standard's `PC8`.
    Cp437,
    /// UTF-8.
    Utf8,
    /// ISO-8859-1.
    Latin1,
}

/// The encoding actually used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// CP437.
    Cp437,
    /// UTF-8.
    Utf8,
    /// ISO-8859-1.
    Latin1,
}

impl TextEncoding {
    /// Feeds `text` to a checksum as the bytes of this encoding.
    pub(crate) fn feed(self, crc: &mut crc32fast::Hasher, text: &str) {
        if text.is_ascii() {
            crc.update(text.as_bytes());
            return;
        }
        crc.update(&self.encode(text));
    }

    /// The bytes of `text` in this encoding (unencodable characters become `?`).
    pub(crate) fn encode(self, text: &str) -> Vec<u8> {
        match self {
            TextEncoding::Utf8 => text.as_bytes().to_vec(),
            TextEncoding::Cp437 => oem_cp::encode_string_lossy(text, &ENCODING_TABLE_CP437),
            TextEncoding::Latin1 => text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                .collect(),
        }
    }
}

/// ASCII bytes as the text they are; other bytes of a single-byte encoding left to be decoded
/// a chunk of lines at a time.
fn single_byte(bytes: &[u8]) -> Text<'_> {
    match std::str::from_utf8(bytes) {
        Ok(text) if text.is_ascii() => Text::Decoded(Cow::Borrowed(text)),
        _ => Text::SingleByte(bytes),
    }
}

fn warn(
    diagnostics: &mut Vec<Diagnostic>,
    severity: Severity,
    code: DiagnosticCode,
    message: &str,
) {
    diagnostics.push(Diagnostic {
        severity,
        code,
        line: 0,
        label: None,
        message: message.to_owned(),
        values: std::collections::BTreeMap::new(),
    });
}

/// A file's text: decoded whole (UTF-8, or ASCII, borrowed), or the bytes of a single-byte
/// encoding with letters beyond ASCII, to be decoded a chunk of lines at a time where a chunk
/// needs it.
pub(crate) enum Text<'a> {
    /// The text.
    Decoded(Cow<'a, str>),
    /// CP437 or Latin-1 bytes.
    SingleByte(&'a [u8]),
}

impl TextEncoding {
    /// The letter of byte `b` in a single-byte encoding (UTF-8's bytes below 0x80 alike).
    pub(crate) fn letter(self, b: u8) -> char {
        match self {
            TextEncoding::Cp437 if b >= 0x80 => DECODING_TABLE_CP437
                .get(usize::from(b.wrapping_sub(0x80)))
                .copied()
                .unwrap_or(char::REPLACEMENT_CHARACTER),
            _ => char::from(b),
        }
    }
}

impl Text<'_> {
    /// Whether some line's first letter other than white space is `#`.
    pub(crate) fn has_record(&self, encoding: TextEncoding) -> bool {
        match self {
            Text::Decoded(text) => text.lines().any(|line| line.trim_start().starts_with('#')),
            Text::SingleByte(bytes) => bytes.split(|&b| b == b'\n').any(|line| {
                line.iter()
                    .map(|&b| encoding.letter(b))
                    .find(|c| !c.is_whitespace())
                    == Some('#')
            }),
        }
    }
}

/// Decodes the file's bytes, saying which encoding was used and what looked wrong. Bytes of a
/// single-byte encoding beyond ASCII are left for the reader to decode a chunk at a time.
pub(crate) fn decode<'a>(
    bytes: &'a [u8],
    requested: Encoding,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Text<'a>, TextEncoding) {
    let (bytes, bom) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    let (text, used) = match requested {
        Encoding::Cp437 => (single_byte(bytes), TextEncoding::Cp437),
        Encoding::Latin1 => (single_byte(bytes), TextEncoding::Latin1),
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(text) => (Text::Decoded(Cow::Borrowed(text)), TextEncoding::Utf8),
            Err(err) => {
                let at = err.valid_up_to();
                let line = bytes
                    .get(..at)
                    .map_or(0, |b| b.split(|&c| c == b'\n').count());
                diagnostics.push(Diagnostic {
                    severity: Severity::Error,
                    code: DiagnosticCode::InvalidText,
                    line,
                    label: None,
                    message: format!("the file was read as UTF-8 but byte {at} is not UTF-8; invalid bytes became U+FFFD"),
                    values: std::collections::BTreeMap::new(),
                });
                (
                    Text::Decoded(String::from_utf8_lossy(bytes)),
                    TextEncoding::Utf8,
                )
            }
        },
        Encoding::Auto => detect(bytes, bom, diagnostics),
    };
    // Only UTF-8 can carry U+FFFD: CP437 and Latin-1 give every byte a letter of its own.
    let lost = matches!(&text, Text::Decoded(text) if text.contains('\u{FFFD}'));
    if used == TextEncoding::Utf8 && lost {
        warn(
            diagnostics,
            Severity::Warning,
            DiagnosticCode::Encoding,
            "the text holds U+FFFD: some letters were lost before the file was written",
        );
    }
    (text, used)
}

fn detect<'a>(
    bytes: &'a [u8],
    bom: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Text<'a>, TextEncoding) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if bom || !text.is_ascii() {
            warn(
                diagnostics,
                Severity::Warning,
                DiagnosticCode::Encoding,
                "declared PC8 (CP437), found UTF-8; read as UTF-8",
            );
            return (Text::Decoded(Cow::Borrowed(text)), TextEncoding::Utf8);
        }
        // Plain ASCII reads the same in CP437: no copy.
        return (Text::Decoded(Cow::Borrowed(text)), TextEncoding::Cp437);
    }
    // å ä ö Å Ä Ö é in Latin-1 are σ Σ ÷ ┼ ─ ╓ Θ in CP437; CP437's own letters are elsewhere.
    // One pass that stops at the first CP437 letter: that settles it.
    let mut latin_letters = false;
    let mut cp437_letters = false;
    for b in bytes {
        match b {
            0x86 | 0x84 | 0x94 | 0x8F | 0x8E | 0x99 | 0x82 => {
                cp437_letters = true;
                break;
            }
            0xE5 | 0xE4 | 0xF6 | 0xC5 | 0xC4 | 0xD6 | 0xE9 => latin_letters = true,
            _ => {}
        }
    }
    if latin_letters && !cp437_letters {
        warn(
            diagnostics,
            Severity::Warning,
            DiagnosticCode::Encoding,
            "declared PC8 (CP437), the letters look like Latin-1; read as Latin-1",
        );
        return (single_byte(bytes), TextEncoding::Latin1);
    }
    (single_byte(bytes), TextEncoding::Cp437)
}

/// Where the first byte beyond ASCII is, eight bytes at a time.
pub(crate) fn first_beyond_ascii(bytes: &[u8]) -> Option<usize> {
    let words = bytes.chunks_exact(8);
    let tail_start = bytes.len().saturating_sub(words.remainder().len());
    for (n, word) in words.enumerate() {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            break;
        };
        if u64::from_le_bytes(word) & 0x8080_8080_8080_8080 != 0 {
            let within = word.iter().position(|&b| b >= 0x80).unwrap_or(0);
            return Some(n.saturating_mul(8).saturating_add(within));
        }
    }
    let tail = bytes.get(tail_start..).unwrap_or_default();
    tail.iter()
        .position(|&b| b >= 0x80)
        .map(|at| tail_start.saturating_add(at))
}

/// `bytes`, in a single-byte encoding, as text in `buffer` (replacing what it held): runs of
/// ASCII copied as they are, each other byte decoded by `letter`. The buffer's allocation
/// serves every call.
pub(crate) fn decode_into(buffer: &mut String, bytes: &[u8], letter: impl Fn(u8) -> char) {
    let mut utf8 = std::mem::take(buffer).into_bytes();
    utf8.clear();
    let mut rest = bytes;
    while let Some(at) = first_beyond_ascii(rest) {
        let (ascii, beyond) = rest.split_at(at);
        utf8.extend_from_slice(ascii);
        let Some((&b, after)) = beyond.split_first() else {
            break;
        };
        utf8.extend_from_slice(letter(b).encode_utf8(&mut [0; 4]).as_bytes());
        rest = after;
    }
    utf8.extend_from_slice(rest);
    // One check of the whole buffer (ASCII and whole letters, so it holds) instead of one
    // per run of ASCII: measured 9 GB/s against a call per run.
    *buffer = String::from_utf8(utf8)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_byte_beyond_ascii_in_words_and_tail() {
        assert_eq!(first_beyond_ascii(b""), None);
        assert_eq!(first_beyond_ascii(b"#VER A 1"), None);
        // In the first word, in a later word, and in the tail after the last whole word.
        assert_eq!(first_beyond_ascii(b"ab\x8fcdefgh"), Some(2));
        assert_eq!(first_beyond_ascii(b"abcdefgh ij\x99"), Some(11));
        assert_eq!(first_beyond_ascii(b"abcdefghijklmnop\x80"), Some(16));
        assert_eq!(first_beyond_ascii(b"abcdefgh\x94\x80"), Some(8));
    }

    #[test]
    fn decodes_cp437_keeping_its_ascii() {
        let mut buffer = String::from("replaced");
        // "Hyra Åsa Öström" in CP437: Å 0x8F, Ö 0x99, ö 0x94.
        decode_into(
            &mut buffer,
            b"\"Hyra \x8fsa \x99str\x94m\"\r\n#VER\n",
            |b| TextEncoding::Cp437.letter(b),
        );
        assert_eq!(buffer, "\"Hyra \u{c5}sa \u{d6}str\u{f6}m\"\r\n#VER\n");
        let mut latin = String::new();
        decode_into(&mut latin, b"\xe5\xe4\xf6", |b| {
            TextEncoding::Latin1.letter(b)
        });
        assert_eq!(latin, "\u{e5}\u{e4}\u{f6}");
    }
}
