//! `docs/report.schema.json` describes the JSON of `gongkai extract --format json`
//! and must stay in step with the model. Regenerate it with
//! `GONGKAI_UPDATE_SCHEMA=1 cargo test -p gongkai-model --test schema`.

use std::path::PathBuf;

#[test]
fn report_schema_is_up_to_date() {
    let schema = schemars::schema_for!(gongkai_model::Report);
    let json = serde_json::to_string_pretty(&schema).expect("schema serialises") + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/report.schema.json");
    if std::env::var_os("GONGKAI_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &json).expect("write schema");
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == json,
        "docs/report.schema.json is out of date; run GONGKAI_UPDATE_SCHEMA=1 cargo test -p gongkai-model --test schema"
    );
}

#[test]
fn extracted_json_fields_are_in_the_schema() {
    let schema =
        serde_json::to_value(schemars::schema_for!(gongkai_model::Report)).expect("schema");
    let props = schema["properties"].as_object().expect("properties");
    for key in [
        "source",
        "template",
        "meta",
        "cells",
        "extra_cells",
        "labels",
        "narrative",
        "ambiguities",
        "notes",
    ] {
        assert!(props.contains_key(key), "{key}");
    }
}
