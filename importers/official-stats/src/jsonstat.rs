//! JSON-stat: 2.0 datasets and collections (`"class": "dataset"` or
//! `"collection"`, `id`/`size` at the top), and the 1.x bundle (datasets
//! by name, `id`/`size` inside `dimension`). Values are a dense array in
//! row-major order (last dimension fastest) or an object of sparse
//! positions; `status` is one string, an array or an object alike.

use serde_json::Value;

use pledgegraph_importer::{ImportError, Indicator};

use crate::emit::{Coded, Dataset, Draft, Emitter};
use crate::roles;

fn error(path: &str, message: impl std::fmt::Display) -> ImportError {
    ImportError::new(format!("{path}: {message}"))
}

pub fn is_jsonstat(root: &Value) -> bool {
    root.get("class")
        .is_some_and(|c| c == "dataset" || c == "collection")
        || root.as_object().is_some_and(|map| {
            !map.is_empty()
                && map
                    .values()
                    .all(|v| v.get("dimension").is_some() && v.get("value").is_some())
        })
}

pub fn read(root: &Value, out: &mut Emitter<'_>) -> Result<(), ImportError> {
    match root.get("class").and_then(Value::as_str) {
        Some("dataset") => dataset(root, "$", None, out),
        Some("collection") => {
            let items = root
                .pointer("/link/item")
                .and_then(Value::as_array)
                .ok_or_else(|| error("$.link.item", "a collection without items"))?;
            let mut read_any = false;
            for (i, item) in items.iter().enumerate() {
                if item.get("class").and_then(Value::as_str) == Some("dataset")
                    && item.get("value").is_some()
                {
                    dataset(item, &format!("$.link.item[{i}]"), None, out)?;
                    read_any = true;
                }
            }
            if !read_any {
                out.warn("the collection embeds no dataset (only links): nothing read".to_owned());
            }
            Ok(())
        }
        Some(other) => Err(error(
            "$.class",
            format!("{other:?}: only dataset and collection hold values"),
        )),
        None => {
            let bundle = root.as_object().expect("checked by is_jsonstat");
            for (name, dataset_value) in bundle {
                dataset(dataset_value, &format!("$[{name:?}]"), Some(name), out)?;
            }
            Ok(())
        }
    }
}

struct Dimension {
    id: String,
    /// Codes in index order, with their labels.
    categories: Vec<(String, Option<String>)>,
    units: Vec<Option<(String, Option<i32>)>>,
}

fn dimension(id: &str, value: &Value, size: usize, path: &str) -> Result<Dimension, ImportError> {
    let category = value.get("category");
    let index = category.and_then(|c| c.get("index"));
    let labels = category.and_then(|c| c.get("label"));
    let mut codes: Vec<String> = match index {
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        Some(Value::Object(map)) => {
            let mut pairs: Vec<(usize, String)> = Vec::with_capacity(map.len());
            for (code, position) in map {
                let position = position.as_u64().ok_or_else(|| {
                    error(
                        &format!("{path}.category.index[{code:?}]"),
                        "not a position",
                    )
                })?;
                pairs.push((position as usize, code.clone()));
            }
            pairs.sort();
            pairs.into_iter().map(|(_, code)| code).collect()
        }
        // A single category may be given by its label alone.
        _ => labels
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default(),
    };
    if codes.is_empty() && size == 1 {
        codes.push(id.to_owned());
    }
    if codes.len() != size {
        return Err(error(
            path,
            format!("{} categories for a size of {size}", codes.len()),
        ));
    }
    let unit_of = category.and_then(|c| c.get("unit"));
    let categories = codes
        .iter()
        .map(|code| {
            let label = labels
                .and_then(|l| l.get(code))
                .and_then(Value::as_str)
                .map(str::to_owned);
            (code.clone(), label)
        })
        .collect();
    let units = codes
        .iter()
        .map(|code| {
            let unit = unit_of?.get(code)?;
            let name = unit
                .get("label")
                .or_else(|| unit.get("symbol"))
                .and_then(Value::as_str)
                .unwrap_or(code)
                .to_owned();
            let multiplier = unit
                .get("multiplier")
                .and_then(Value::as_i64)
                .map(|m| m as i32);
            Some((name, multiplier))
        })
        .collect();
    Ok(Dimension {
        id: id.to_owned(),
        categories,
        units,
    })
}

fn role_list<'v>(dataset: &'v Value, dims: &'v Value, role: &str) -> Vec<&'v str> {
    dataset
        .get("role")
        .or_else(|| dims.get("role"))
        .and_then(|r| r.get(role))
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn dataset(
    value: &Value,
    path: &str,
    name: Option<&String>,
    out: &mut Emitter<'_>,
) -> Result<(), ImportError> {
    let dims = value
        .get("dimension")
        .ok_or_else(|| error(path, "no \"dimension\""))?;
    // 2.0 puts id and size beside dimension; 1.x inside it.
    let ids_value = value.get("id").or_else(|| dims.get("id"));
    let ids: Vec<&str> = ids_value
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .ok_or_else(|| error(path, "no \"id\" list of dimensions"))?;
    let sizes: Vec<usize> = value
        .get("size")
        .or_else(|| dims.get("size"))
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_u64)
                .map(|n| n as usize)
                .collect()
        })
        .ok_or_else(|| error(path, "no \"size\" list"))?;
    if ids.len() != sizes.len() {
        return Err(error(
            path,
            format!("{} dimension ids for {} sizes", ids.len(), sizes.len()),
        ));
    }
    let mut dimensions = Vec::with_capacity(ids.len());
    for (id, size) in ids.iter().zip(&sizes) {
        let dim_path = format!("{path}.dimension[{id:?}]");
        let dim_value = dims.get(*id).ok_or_else(|| error(&dim_path, "missing"))?;
        dimensions.push(dimension(id, dim_value, *size, &dim_path)?);
    }
    let time = role_list(value, dims, "time");
    let geo = role_list(value, dims, "geo");
    let metric = role_list(value, dims, "metric");
    let is_time = |id: &str| time.contains(&id) || (time.is_empty() && roles::is_time(id));
    let is_geo = |id: &str| geo.contains(&id) || roles::is_geography(id);
    let Some(time_at) = dimensions.iter().position(|d| is_time(&d.id)) else {
        return Err(error(
            path,
            "no time dimension (role.time, or one named time, year or period)",
        ));
    };

    let label = value
        .get("label")
        .and_then(Value::as_str)
        .map(str::to_owned);
    // When the data was last updated: the document's date, as the user gave none.
    if let Some(updated) = value.get("updated").and_then(Value::as_str) {
        out.set_published(updated.get(..10).unwrap_or(updated));
    }
    let fallback = name.cloned().or_else(|| label.as_deref().map(slug));
    out.dataset = Dataset {
        id: fallback,
        name: label,
    };

    let total = sizes
        .iter()
        .try_fold(1usize, |total, &size| total.checked_mul(size))
        .ok_or_else(|| error(path, "a cube of more cells than a number can count"))?;
    let statuses = value.get("status");
    let emit = |position: usize, raw: &Value, out: &mut Emitter<'_>| -> Result<(), ImportError> {
        let at = format!("{path}.value[{position}]");
        if position >= total {
            return Err(error(
                &at,
                format!("position beyond the {total} cells of the cube"),
            ));
        }
        let mut draft = Draft::default();
        let mut rest = position;
        let mut coords = vec![0; sizes.len()];
        for (i, size) in sizes.iter().enumerate().rev() {
            coords[i] = rest % size;
            rest /= size;
        }
        let mut key = Vec::with_capacity(sizes.len());
        for (d, (dimension, &i)) in dimensions.iter().zip(&coords).enumerate() {
            let (code, label) = &dimension.categories[i];
            key.push(code.as_str());
            if d == time_at {
                draft.period = code.clone();
            } else if is_geo(&dimension.id) {
                draft
                    .dimensions
                    .push(Coded::new("REF_AREA", code, label.clone()));
            } else if metric.contains(&dimension.id.as_str()) {
                draft.indicator = Some(Indicator {
                    code: code.clone(),
                    name: label.clone(),
                });
                if let Some((unit, multiplier)) = &dimension.units[i] {
                    draft.unit = Some(unit.clone());
                    if let Some(m) = multiplier {
                        draft
                            .attributes
                            .push(Coded::new("UNIT_MULT", m.to_string(), None));
                    }
                }
            } else {
                draft
                    .dimensions
                    .push(Coded::new(&dimension.id, code, label.clone()));
            }
        }
        draft.value = match raw {
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => {
                let written: String = other.to_string().chars().take(40).collect();
                return Err(error(&at, format!("{written} is not a value")));
            }
        };
        let status = match statuses {
            Some(Value::String(s)) => Some(s.as_str()),
            Some(Value::Array(list)) => list.get(position).and_then(Value::as_str),
            Some(Value::Object(map)) => map.get(&position.to_string()).and_then(Value::as_str),
            _ => None,
        };
        if let Some(status) = status {
            draft
                .attributes
                .push(Coded::new("OBS_STATUS", status, None));
        }
        draft.key = key.join(".");
        out.push(draft, || at.clone())
    };
    match value.get("value") {
        Some(Value::Array(values)) => {
            if values.len() != total {
                return Err(error(
                    &format!("{path}.value"),
                    format!("{} values for a cube of {total} cells", values.len()),
                ));
            }
            for (position, raw) in values.iter().enumerate() {
                emit(position, raw, out)?;
            }
        }
        Some(Value::Object(values)) => {
            for (position, raw) in values {
                let index = position.parse().map_err(|_| {
                    error(
                        &format!("{path}.value[{position:?}]"),
                        "not a cell position",
                    )
                })?;
                emit(index, raw, out)?;
            }
        }
        _ => return Err(error(path, "no \"value\" array or object")),
    }
    Ok(())
}

/// An indicator code from a dataset label: `Employment by sector` to
/// `EMPLOYMENT_BY_SECTOR`.
fn slug(label: &str) -> String {
    let mut code = String::new();
    for c in label.chars() {
        if c.is_ascii_alphanumeric() {
            code.push(c.to_ascii_uppercase());
        } else if !code.ends_with('_') && !code.is_empty() {
            code.push('_');
        }
    }
    code.trim_end_matches('_').to_owned()
}
