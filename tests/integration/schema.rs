//! The JSON Schema of the input types is kept as a golden file, so any change of the wire
//! format shows as a diff.

#[test]
fn input_schema_matches_the_golden_file() {
    let schema = serde_json::to_string_pretty(&styrmodell::schema::input_schema()).unwrap() + "\n";
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/input.schema.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &schema).unwrap();
        return;
    }
    let golden = std::fs::read_to_string(&path).unwrap();
    assert!(
        golden == schema,
        "the input schema changed; review the diff and run with UPDATE_GOLDEN=1"
    );
    let parsed: serde_json::Value = serde_json::from_str(&golden).unwrap();
    for property in [
        "organisation",
        "chart",
        "horizon",
        "facts",
        "calendar",
        "steering",
    ] {
        assert!(parsed["properties"][property].is_object(), "{property}");
    }
}
