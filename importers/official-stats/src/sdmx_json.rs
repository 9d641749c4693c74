//! SDMX-JSON data messages, 1.0 (`{"header", "dataSets", "structure"}`)
//! and 2.0 (`{"meta", "data": {"dataSets", "structures"}}`): series keys
//! and flat observation keys are indices into the structure's dimension
//! values; observation arrays hold the measure, then attribute indices.
//! The message is read whole (JSON has no record boundaries to stream on).

use serde_json::Value;

use pledgegraph_importer::ImportError;

use crate::emit::{Coded, Dataset, Draft, Emitter};
use crate::roles;

fn error(path: &str, message: impl std::fmt::Display) -> ImportError {
    ImportError::new(format!("{path}: {message}"))
}

/// A localised text: a string, or `{"en": ..., "fr": ...}` (English first).
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => map
            .get("en")
            .or_else(|| map.values().next())
            .and_then(Value::as_str)
            .map(str::to_owned),
        _ => None,
    }
}

/// A component (dimension or attribute) and its values.
#[derive(Clone)]
struct Component {
    id: String,
    values: Vec<(String, Option<String>)>,
}

fn components(list: Option<&Value>, path: &str) -> Result<Vec<Component>, ImportError> {
    let Some(list) = list else {
        return Ok(Vec::new());
    };
    let list = list
        .as_array()
        .ok_or_else(|| error(path, "expected an array of components"))?;
    list.iter()
        .enumerate()
        .map(|(i, component)| {
            let path = format!("{path}[{i}]");
            let id = component
                .get("id")
                .and_then(Value::as_str)
                .ok_or_else(|| error(&path, "a component without an id"))?;
            let values = component
                .get("values")
                .and_then(Value::as_array)
                .map(|values| {
                    values
                        .iter()
                        .map(|v| {
                            let code = v
                                .get("id")
                                .and_then(Value::as_str)
                                .map(str::to_owned)
                                .or_else(|| text(v.get("value")))
                                .or_else(|| v.as_str().map(str::to_owned))
                                .unwrap_or_default();
                            let name = text(v.get("name")).or_else(|| text(v.get("names")));
                            (code, name)
                        })
                        .collect()
                })
                .unwrap_or_default();
            Ok(Component {
                id: id.to_owned(),
                values,
            })
        })
        .collect()
}

struct Structure {
    /// 2.0: dimensions with one value for the whole data set.
    dataset_dimensions: Vec<Component>,
    series_dimensions: Vec<Component>,
    observation_dimensions: Vec<Component>,
    dataset_attributes: Vec<Component>,
    series_attributes: Vec<Component>,
    observation_attributes: Vec<Component>,
    /// Measures before the attribute indices in observation arrays (2.0).
    measures: usize,
}

fn structure(structure: &Value, path: &str) -> Result<Structure, ImportError> {
    let dimensions = structure
        .get("dimensions")
        .ok_or_else(|| error(path, "no \"dimensions\""))?;
    let attributes = structure.get("attributes");
    let part = |owner: Option<&Value>, level: &str, at: &str| {
        components(
            owner.and_then(|o| o.get(level)),
            &format!("{path}.{at}.{level}"),
        )
    };
    let measures = structure
        .get("measures")
        .and_then(|m| m.get("observation"))
        .and_then(Value::as_array)
        .map_or(1, |m| m.len().max(1));
    Ok(Structure {
        dataset_dimensions: part(Some(dimensions), "dataSet", "dimensions")?,
        series_dimensions: part(Some(dimensions), "series", "dimensions")?,
        observation_dimensions: part(Some(dimensions), "observation", "dimensions")?,
        dataset_attributes: part(attributes, "dataSet", "attributes")?,
        series_attributes: part(attributes, "series", "attributes")?,
        observation_attributes: part(attributes, "observation", "attributes")?,
        measures,
    })
}

/// `"0:2:1"` through `components` to coded values.
fn decode_key(key: &str, components: &[Component], path: &str) -> Result<Vec<Coded>, ImportError> {
    if key.is_empty() && components.is_empty() {
        return Ok(Vec::new());
    }
    let indices: Vec<&str> = key.split(':').collect();
    if indices.len() != components.len() {
        return Err(error(
            path,
            format!(
                "the key {key:?} has {} positions for {} dimensions",
                indices.len(),
                components.len()
            ),
        ));
    }
    indices
        .iter()
        .zip(components)
        .map(|(index, component)| {
            let (code, name) = index
                .parse::<usize>()
                .ok()
                .and_then(|i| component.values.get(i))
                .ok_or_else(|| {
                    error(
                        path,
                        format!(
                            "index {index:?} of dimension {} is not one of its {} values",
                            component.id,
                            component.values.len()
                        ),
                    )
                })?;
            Ok(Coded::new(&component.id, code, name.clone()))
        })
        .collect()
}

/// Attribute indices (null where the attribute has no value) to coded values.
fn decode_attributes(
    indices: &[Value],
    components: &[Component],
    path: &str,
) -> Result<Vec<Coded>, ImportError> {
    let mut coded = Vec::new();
    for (index, component) in indices.iter().zip(components) {
        let Some(i) = index.as_u64() else {
            // null: no value; a literal string: an uncoded attribute.
            if let Some(literal) = index.as_str() {
                coded.push(Coded::new(&component.id, literal, None));
            }
            continue;
        };
        let (code, name) = component.values.get(i as usize).ok_or_else(|| {
            error(
                path,
                format!("attribute {} has no value number {i}", component.id),
            )
        })?;
        coded.push(Coded::new(&component.id, code, name.clone()));
    }
    Ok(coded)
}

fn measure(value: Option<&Value>) -> String {
    match value {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

pub fn is_sdmx_json(root: &Value) -> bool {
    root.get("dataSets").is_some()
        || root
            .get("data")
            .is_some_and(|d| d.get("dataSets").is_some())
}

pub fn read(root: &Value, out: &mut Emitter<'_>) -> Result<(), ImportError> {
    let (data, data_path) = match root.get("data") {
        Some(data) => (data, "$.data"),
        None => (root, "$"),
    };
    let datasets = data
        .get("dataSets")
        .and_then(Value::as_array)
        .ok_or_else(|| error(data_path, "no \"dataSets\" array"))?;
    for (d, dataset) in datasets.iter().enumerate() {
        let path = format!("{data_path}.dataSets[{d}]");
        // 1.0: one `structure`; 2.0: `structures`, chosen by the data set's index.
        let (structure_value, structure_path) = match data.get("structures") {
            Some(list) => {
                let index = dataset
                    .get("structure")
                    .and_then(Value::as_u64)
                    .unwrap_or(0) as usize;
                (list.get(index), format!("{data_path}.structures[{index}]"))
            }
            None => (
                root.get("structure").or_else(|| data.get("structure")),
                format!("{data_path}.structure"),
            ),
        };
        let structure_value = structure_value
            .ok_or_else(|| error(&structure_path, "missing: the data set has no structure"))?;
        let structure = structure(structure_value, &structure_path)?;
        out.dataset = Dataset {
            id: dataset_id(root, structure_value),
            name: text(structure_value.get("name")).or_else(|| text(structure_value.get("names"))),
        };
        let dataset_attributes = match dataset.get("attributes").and_then(Value::as_array) {
            Some(indices) => decode_attributes(indices, &structure.dataset_attributes, &path)?,
            None => Vec::new(),
        };
        if let Some(series) = dataset.get("series").and_then(Value::as_object) {
            for (key, series) in series {
                let path = format!("{path}.series[{key:?}]");
                let dimensions = decode_key(key, &structure.series_dimensions, &path)?;
                let mut attributes = dataset_attributes.clone();
                if let Some(indices) = series.get("attributes").and_then(Value::as_array) {
                    attributes.extend(decode_attributes(
                        indices,
                        &structure.series_attributes,
                        &path,
                    )?);
                }
                let observations = series.get("observations").and_then(Value::as_object);
                for (obs_key, values) in observations.into_iter().flatten() {
                    let at = format!("{path}.observations[{obs_key:?}]");
                    observation(
                        out,
                        &structure,
                        &structure.observation_dimensions,
                        &dimensions,
                        &attributes,
                        obs_key,
                        values,
                        at,
                    )?;
                }
            }
        } else if let Some(observations) = dataset.get("observations").and_then(Value::as_object) {
            // Flat: every dimension in the observation key.
            let every: Vec<Component> = structure
                .series_dimensions
                .iter()
                .chain(&structure.observation_dimensions)
                .cloned()
                .collect();
            for (obs_key, values) in observations {
                let at = format!("{path}.observations[{obs_key:?}]");
                observation(
                    out,
                    &structure,
                    &every,
                    &[],
                    &dataset_attributes,
                    obs_key,
                    values,
                    at,
                )?;
            }
        } else {
            return Err(error(&path, "neither \"series\" nor \"observations\""));
        }
    }
    Ok(())
}

fn dataset_id(root: &Value, structure: &Value) -> Option<String> {
    let from_links = structure
        .get("links")
        .and_then(Value::as_array)
        .and_then(|links| {
            links.iter().find_map(|link| {
                let urn = link.get("urn").and_then(Value::as_str)?;
                let id = urn.rsplit_once(['=', ':']).map_or(urn, |(_, id)| id);
                Some(id.split_once('(').map_or(id, |(id, _)| id).to_owned())
            })
        });
    from_links
        .or_else(|| text(structure.get("id")))
        .or_else(|| {
            root.pointer("/header/id")
                .or_else(|| root.pointer("/meta/id"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
}

#[allow(clippy::too_many_arguments)]
fn observation(
    out: &mut Emitter<'_>,
    structure: &Structure,
    key_dimensions: &[Component],
    series_dimensions: &[Coded],
    series_attributes: &[Coded],
    key: &str,
    values: &Value,
    at: String,
) -> Result<(), ImportError> {
    let values = values.as_array().ok_or_else(|| {
        error(
            &at,
            "an observation is an array [value, attribute indices ...]",
        )
    })?;
    let own = decode_key(key, key_dimensions, &at)?;
    let mut draft = Draft::default();
    let mut code_of_time = None;
    let constant = structure.dataset_dimensions.iter().filter_map(|d| {
        let (code, name) = d.values.first()?;
        Some(Coded::new(&d.id, code, name.clone()))
    });
    for coded in constant.chain(series_dimensions.iter().cloned()).chain(own) {
        if roles::is_time(&coded.id) {
            code_of_time = Some(coded.code);
        } else {
            draft.dimensions.push(coded);
        }
    }
    draft.period = code_of_time.ok_or_else(|| error(&at, "no TIME_PERIOD dimension"))?;
    draft.value = measure(values.first());
    draft.attributes = series_attributes.to_vec();
    if let Some(indices) = values.get(structure.measures..) {
        draft.attributes.extend(decode_attributes(
            indices,
            &structure.observation_attributes,
            &at,
        )?);
    }
    draft.key = draft.observation_key();
    out.push(draft, || at.clone())
}
