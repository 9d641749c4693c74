//! What a component of a statistics source is for, from its identifier:
//! the formats read here often come without their data structure
//! definition, so the well-known SDMX concept names decide.

/// Identifiers compare in upper case, without a source's prefixes.
fn key(id: &str) -> String {
    id.trim().to_ascii_uppercase()
}

/// The dimension that says where: reference area, country, geo.
pub fn is_geography(id: &str) -> bool {
    matches!(
        key(id).as_str(),
        "REF_AREA"
            | "GEO"
            | "COUNTRY"
            | "AREA"
            | "LOCATION"
            | "COU"
            | "GEO_PICT"
            | "REPORTING_COUNTRY"
            | "COUNTRY_CODE"
            | "REF_AREA_CODE"
    )
}

/// The dimension that says when.
pub fn is_time(id: &str) -> bool {
    matches!(
        key(id).as_str(),
        "TIME_PERIOD" | "TIME" | "PERIOD" | "YEAR" | "DATE" | "OBS_TIME"
    )
}

/// The dimension that says what is measured.
pub fn is_indicator(id: &str) -> bool {
    let id = key(id);
    matches!(
        id.as_str(),
        "INDICATOR"
            | "MEASURE"
            | "SERIES"
            | "SUBJECT"
            | "INDIC"
            | "NA_ITEM"
            | "ITEM"
            | "VARIABLE"
            | "CONCEPT"
            | "STAT_MEASURE"
            | "METRIC"
    ) || id.starts_with("INDIC_")
}

/// The unit of measure, as a dimension or an attribute.
pub fn is_unit(id: &str) -> bool {
    matches!(
        key(id).as_str(),
        "UNIT_MEASURE" | "UNIT" | "UNIT_MEAS" | "UNITS"
    )
}

/// The power of ten the values are expressed in (`3`: thousands).
pub fn is_unit_multiplier(id: &str) -> bool {
    matches!(
        key(id).as_str(),
        "UNIT_MULT" | "UNIT_MULTIPLIER" | "MULTIPLIER"
    )
}

/// A dimension whose values are cities or towns.
pub fn is_city(id: &str) -> bool {
    matches!(
        key(id).as_str(),
        "CITY"
            | "TOWN"
            | "MUNICIPALITY"
            | "LOCALITY"
            | "COMMUNE"
            | "VILLE"
            | "URBAN_AREA"
            | "CITIES"
    )
}

/// The activity classification a dimension is coded in, if any.
pub fn activity_scheme(id: &str) -> Option<&'static str> {
    use pledgegraph_importer::activity::{ISIC, NACE};
    let id = key(id);
    if id.contains("NACE") {
        Some(NACE)
    } else if id.contains("ISIC")
        || matches!(
            id.as_str(),
            "ACTIVITY" | "ECO_ACTIVITY" | "ECONOMIC_ACTIVITY" | "CLASSIF_ECO" | "INDUSTRY"
        )
    {
        Some(ISIC)
    } else {
        None
    }
}

/// Attributes whose names say so: what a value-level component is when the
/// source does not tell dimensions from attributes (SDMX-ML structure
/// specific and compact data, SDMX-CSV columns in any order).
pub fn is_known_attribute(id: &str) -> bool {
    let id = key(id);
    is_unit_multiplier(&id)
        || matches!(
            id.as_str(),
            "OBS_STATUS"
                | "OBS_CONF"
                | "OBS_COMMENT"
                | "OBS_PRE_BREAK"
                | "DECIMALS"
                | "TIME_FORMAT"
                | "CONF_STATUS"
                | "COLL_METHOD"
                | "TITLE"
                | "TITLE_COMPL"
                | "COMMENT"
                | "NOTE"
                | "COMPILATION"
                | "SOURCE"
                | "SOURCE_AGENCY"
                | "BASE_PER"
                | "BASE_YEAR"
                | "EMBARGO_TIME"
                | "UPDATED"
                | "DATA_COMP"
                | "NOTES"
                | "FOOTNOTE"
                | "UNIT_INDEX_BASE"
                | "OBS_FLAG"
                | "FLAG"
        )
        || id.starts_with("COMMENT_")
        || id.starts_with("NOTE_")
}

/// Values that say "no value": never stored, in particular not as zero.
pub fn is_missing(value: &str) -> bool {
    matches!(
        value.trim(),
        "" | "NaN"
            | "nan"
            | "NA"
            | "N/A"
            | "n/a"
            | ".."
            | "..."
            | ":"
            | "-"
            | "–"
            | "—"
            | "x"
            | "X"
            | "null"
    )
}
