//! The synthetic SIE file of the SIE benchmarks, its unit table, its CP437 variant and the
//! bare tokenizer they are measured against.

use std::fmt::Write as _;

use styrmodell::Decimal;
use styrmodell::sie::{Mapping, Source};

/// A SIE 4 file of `vouchers` vouchers (about 100 bytes each): two rows each, one on an
/// account of 200 and one of 1 000 unit objects, the other on the bank.
pub fn text(vouchers: usize) -> String {
    let mut rng = super::Lcg::new(99);
    let mut text = String::with_capacity(110 * vouchers);
    text.push_str("#FLAGGA 0\n#PROGRAM \"styrmodell bench\" 1.0\n#FORMAT PC8\n#GEN 20230115\n#SIETYP 4\n#FNAMN \"Benchkommun\"\n");
    text.push_str("#RAR 0 20220101 20221231\n#DIM 1 Ansvar\n#DIM 6 Projekt\n");
    for account in 0..200 {
        let _ = writeln!(text, "#KONTO {} \"Konto {account}\"", 3000 + account * 25);
    }
    for voucher in 0..vouchers {
        let month = rng.next() % 12 + 1;
        let day = rng.next() % 28 + 1;
        let unit = rng.next() % 1000;
        let account = 3000 + (rng.next() % 200) * 25;
        let ore = rng.next() % 10_000_000;
        let _ = writeln!(
            text,
            "#VER A {} 2022{month:02}{day:02} \"Faktura {voucher}\"\n{{\n#TRANS {account} {{1 \"U{unit}\"}} {}.{:02}\n#TRANS 1930 {{}} -{}.{:02}\n}}",
            voucher + 1,
            ore / 100,
            ore % 100,
            ore / 100,
            ore % 100
        );
    }
    text
}

/// The unit table of the generated files: objects `U0`..`U999` to the units of those ids.
pub fn unit_mapping() -> Mapping {
    (0..1000).fold(
        Mapping::default()
            .source(Source::Vouchers)
            // The bank rows carry no unit object: they go to the root.
            .default_unit("U0".parse().unwrap()),
        |mapping, u| mapping.unit(format!("U{u}"), format!("U{u}").parse().unwrap()),
    )
}

/// The generated file in CP437 with Swedish letters in every voucher text ("Faktura" becomes
/// "Hyra Åsa Öström"), as a real PC8 export has them: about one line in four is beyond ASCII.
pub fn cp437_variant(ascii: &[u8]) -> Vec<u8> {
    let text =
        String::from_utf8_lossy(ascii).replace("\"Faktura ", "\"Hyra \u{c5}sa \u{d6}str\u{f6}m ");
    text.chars()
        .map(|c| match c {
            '\u{c5}' => 0x8F,
            '\u{d6}' => 0x99,
            '\u{f6}' => 0x94,
            c => u8::try_from(c).unwrap(),
        })
        .collect()
}

/// The bare tokenizer: splits lines, finds a `#TRANS` line's account, object list and amount
/// and parses the amount into a decimal. No checks, no encodings, no diagnostics.
pub fn bare_tokenize(bytes: &[u8]) -> (usize, Decimal) {
    let mut rows = 0;
    let mut total = Decimal::ZERO;
    for line in bytes.split(|&b| b == b'\n') {
        let Some(rest) = line.strip_prefix(b"#TRANS ") else {
            continue;
        };
        let mut fields = rest.splitn(2, |&b| b == b' ');
        let (Some(_account), Some(rest)) = (fields.next(), fields.next()) else {
            continue;
        };
        // The object list: up to its closing brace, stepping over quoted texts.
        let mut quoted = false;
        let close = rest.iter().position(|&b| {
            if b == b'"' {
                quoted = !quoted;
            }
            b == b'}' && !quoted
        });
        let Some(amount) = close
            .and_then(|c| rest.get(c + 1..))
            .map(<[u8]>::trim_ascii_start)
            .and_then(|after| after.split(|&b| b == b' ').next())
        else {
            continue;
        };
        let amount = std::str::from_utf8(amount).unwrap();
        total += amount.parse::<Decimal>().unwrap();
        rows += 1;
    }
    (rows, total)
}
