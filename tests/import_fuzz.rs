//! Arbitrary bytes fed to the CSV importer: never a panic; always records or
//! a non-empty list of problems.

use proptest::prelude::*;
use recoup::import::{ImportMap, Kind, Options, read};

const KINDS: [Kind; 4] = [Kind::Debtors, Kind::Contacts, Kind::Invoices, Kind::Payments];

fn check(bytes: &[u8], options: &Options) {
    for kind in KINDS {
        match read(kind, bytes, options) {
            Ok(table) => {
                for (line, _) in &table.records {
                    assert!(*line >= 2, "records start after the header");
                }
            }
            Err(problems) => assert!(!problems.is_empty(), "a failure always says why"),
        }
    }
}

/// Bytes shaped like CSV: header-ish words, separators, quotes, digits,
/// dates, and some that are not UTF-8.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just(b"debtor_ref".to_vec()),
        Just(b"number".to_vec()),
        Just(b"amount".to_vec()),
        Just(b"issued_on".to_vec()),
        Just(b"due_on".to_vec()),
        Just(b"received_on".to_vec()),
        Just(b"ref".to_vec()),
        Just(b"name".to_vec()),
        Just(b",".to_vec()),
        Just(b";".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"2026-11-25".to_vec()),
        Just(b"1/2/2013".to_vec()),
        Just(b"1,234.56".to_vec()),
        Just(b"-5".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..8),
    ];
    proptest::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check(&bytes, &Options::default());
    }

    #[test]
    fn csv_like_bytes_never_panic(bytes in csvish()) {
        check(&bytes, &Options::default());
        let map = ImportMap::parse("date_format = \"%m/%d/%Y\"\n[columns]\ndebtor_ref = \"name\"\n").unwrap();
        check(&bytes, &Options { map: Some(map), delimiter: Some(b';') });
    }
}
