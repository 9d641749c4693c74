//! SDMX-ML data messages, read as a stream of XML events: 2.1
//! GenericData (`SeriesKey`/`Attributes`/`Obs` with `Value id= value=`,
//! or flat `ObsKey`s), 2.1 StructureSpecificData and 2.0 CompactData
//! (components as XML attributes of `Series` and `Obs`). Attributes of a
//! `Group` reach the series that share its partial key.

use std::io::BufRead;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use pledgegraph_importer::ImportError;

use crate::emit::{Coded, Draft, Emitter};
use crate::roles;
use crate::sdmx_groups::GroupIndex;

/// Counts the lines the XML reader has consumed, for error messages.
struct Lines<R> {
    inner: R,
    line: usize,
}

impl<R: std::io::Read> std::io::Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.inner.read(buf)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amount: usize) {
        if let Ok(buffer) = self.inner.fill_buf() {
            let end = amount.min(buffer.len());
            self.line += buffer[..end].iter().filter(|&&b| b == b'\n').count();
        }
        self.inner.consume(amount);
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Generic,
    /// StructureSpecificData and CompactData: components as XML attributes.
    Attributes,
}

/// Where in a generic message the next `Value` goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    None,
    SeriesKey,
    SeriesAttributes,
    GroupKey,
    GroupAttributes,
    ObsKey,
    ObsAttributes,
}

/// A series, or a group: a (partial) key and the attributes attached to it.
#[derive(Default)]
struct Series {
    dimensions: Vec<Coded>,
    attributes: Vec<Coded>,
}

impl Series {
    /// Components written as XML attributes (structure-specific and compact
    /// data): attributes by their well-known names, the rest dimensions.
    fn read_components(
        &mut self,
        e: &BytesStart<'_>,
        at: &dyn Fn() -> String,
    ) -> Result<(), ImportError> {
        for (id, value) in attributes(e, at)? {
            if id == "type" {
                // A group's type names the group, not a component.
                continue;
            }
            if roles::is_known_attribute(&id) {
                self.attributes.push(Coded::new(id, value, None));
            } else {
                self.dimensions.push(Coded::new(id, value, None));
            }
        }
        Ok(())
    }

    /// Takes on the attributes of the groups whose key this series shares;
    /// its own attributes, read after, win.
    fn inherit(&mut self, groups: &GroupIndex) {
        for attributes in groups.matching(&self.dimensions) {
            let own = std::mem::take(&mut self.attributes);
            self.attributes.extend(attributes.iter().cloned());
            self.attributes.extend(own);
        }
    }
}

fn add_group(
    groups: &mut GroupIndex,
    group: Series,
    at: &dyn Fn() -> String,
) -> Result<(), ImportError> {
    groups
        .add(&group.dimensions, group.attributes)
        .map_err(|e| ImportError::new(format!("{}: {}", at(), e.message)))
}

pub fn read(input: impl BufRead, out: &mut Emitter<'_>) -> Result<(), ImportError> {
    let mut reader = Reader::from_reader(Lines {
        inner: input,
        line: 1,
    });
    reader.config_mut().trim_text(true);
    let mut buf = Vec::new();
    let mut flavour = None;
    let mut in_header = false;
    let mut in_party = false;
    let mut header_text: Option<&'static str> = None;
    let mut context = Context::None;
    // Groups come before the series (the data set's sequence in the
    // schemas): their attributes apply to the series whose key they share.
    let mut groups = GroupIndex::default();
    let mut group: Option<Series> = None;
    let mut series = Series::default();
    let mut obs: Option<Draft> = None;
    let mut dataset_from_header = None;

    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| {
            ImportError::new(format!(
                "line {}: not well-formed XML: {e}",
                reader.get_ref().line
            ))
        })?;
        let line = reader.get_ref().line;
        let at = || format!("line {line}");
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.local_name();
                let name = name.as_ref();
                if flavour.is_none() {
                    flavour = Some(match name {
                        b"GenericData" | b"GenericTimeSeriesData" => Flavour::Generic,
                        b"StructureSpecificData"
                        | b"StructureSpecificTimeSeriesData"
                        | b"CompactData" => Flavour::Attributes,
                        other => {
                            return Err(ImportError::new(format!(
                            "line {line}: <{}> is not an SDMX-ML data message this importer reads \
                                 (GenericData, StructureSpecificData, CompactData)",
                            String::from_utf8_lossy(other)
                        )))
                        }
                    });
                    continue;
                }
                let flavour = flavour.expect("set above");
                match name {
                    b"Header" => in_header = !empty,
                    // Their names are the sender's and receiver's, not the data's.
                    b"Sender" | b"Receiver" if in_header => in_party = !empty,
                    // 2.1: <Structure structureID=..><common:Structure><Ref id="DF"/>.
                    b"Ref" | b"KeyFamilyRef" if in_header => {
                        if let Some(id) = attribute(e, b"id", &at)? {
                            dataset_from_header.get_or_insert(id);
                        }
                        if name == b"KeyFamilyRef" {
                            header_text = Some("dataset");
                        }
                    }
                    b"DataSetID" if in_header => header_text = Some("dataset"),
                    b"Name" if in_header && !in_party => header_text = Some("name"),
                    b"DataSet" => {
                        let id = dataset_from_header.clone().or(attribute_any(
                            e,
                            &[b"structureRef", b"keyFamilyURI", b"dataflowID"],
                            &at,
                        )?);
                        if out.dataset.id.is_none() {
                            out.dataset.id = id;
                        }
                    }
                    b"Group" => {
                        let mut found = Series::default();
                        if flavour == Flavour::Attributes {
                            found.read_components(e, &at)?;
                        }
                        if empty {
                            add_group(&mut groups, found, &at)?;
                        } else {
                            group = Some(found);
                        }
                    }
                    b"Series" => {
                        series = Series::default();
                        if flavour == Flavour::Attributes {
                            series.read_components(e, &at)?;
                            series.inherit(&groups);
                        }
                    }
                    b"SeriesKey" => context = Context::SeriesKey,
                    b"GroupKey" => context = Context::GroupKey,
                    b"ObsKey" => context = Context::ObsKey,
                    b"Attributes" => {
                        context = if group.is_some() {
                            Context::GroupAttributes
                        } else if obs.is_some() {
                            Context::ObsAttributes
                        } else {
                            Context::SeriesAttributes
                        }
                    }
                    b"Obs" => {
                        let mut draft = Draft {
                            dimensions: series.dimensions.clone(),
                            attributes: series.attributes.clone(),
                            ..Draft::default()
                        };
                        if flavour == Flavour::Attributes {
                            for (id, value) in attributes(e, &at)? {
                                if roles::is_time(&id) {
                                    draft.period = value;
                                } else if id == "OBS_VALUE" {
                                    draft.value = value;
                                } else if roles::is_known_attribute(&id) {
                                    draft.attributes.push(Coded::new(id, value, None));
                                } else {
                                    draft.dimensions.push(Coded::new(id, value, None));
                                }
                            }
                        }
                        if empty {
                            finish_obs(out, draft, &at)?;
                        } else {
                            obs = Some(draft);
                        }
                    }
                    b"ObsDimension" => {
                        if let (Some(draft), Some(value)) =
                            (obs.as_mut(), attribute(e, b"value", &at)?)
                        {
                            draft.period = value;
                        }
                    }
                    b"ObsValue" => {
                        if let (Some(draft), Some(value)) =
                            (obs.as_mut(), attribute(e, b"value", &at)?)
                        {
                            draft.value = value;
                        }
                    }
                    b"Value" => {
                        let id = attribute(e, b"id", &at)?.or(attribute(e, b"concept", &at)?);
                        let value = attribute(e, b"value", &at)?;
                        let (Some(id), Some(value)) = (id, value) else {
                            return Err(ImportError::new(format!(
                                "line {line}: <Value> needs id and value attributes"
                            )));
                        };
                        match context {
                            Context::SeriesKey => {
                                series.dimensions.push(Coded::new(id, value, None))
                            }
                            Context::SeriesAttributes => {
                                series.attributes.push(Coded::new(id, value, None))
                            }
                            Context::GroupKey | Context::GroupAttributes => {
                                if let Some(group) = group.as_mut() {
                                    let coded = Coded::new(id, value, None);
                                    if context == Context::GroupKey {
                                        group.dimensions.push(coded);
                                    } else {
                                        group.attributes.push(coded);
                                    }
                                }
                            }
                            Context::ObsKey | Context::ObsAttributes => {
                                if let Some(draft) = obs.as_mut() {
                                    if context == Context::ObsAttributes {
                                        draft.attributes.push(Coded::new(id, value, None));
                                    } else if roles::is_time(&id) {
                                        draft.period = value;
                                    } else {
                                        draft.dimensions.push(Coded::new(id, value, None));
                                    }
                                }
                            }
                            Context::None => {}
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) if header_text.is_some() => {
                let text = t
                    .decode()
                    .map_err(|e| ImportError::new(format!("line {line}: {e}")))?
                    .trim()
                    .to_owned();
                match header_text.take() {
                    Some("dataset") if !text.is_empty() => {
                        dataset_from_header.get_or_insert(text);
                    }
                    Some("name") if !text.is_empty() && out.dataset.name.is_none() => {
                        out.dataset.name = Some(text);
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                header_text = None;
                match e.local_name().as_ref() {
                    b"Header" => in_header = false,
                    b"Sender" | b"Receiver" => in_party = false,
                    b"Group" => {
                        if let Some(found) = group.take() {
                            add_group(&mut groups, found, &at)?;
                        }
                    }
                    b"SeriesKey" => {
                        context = Context::None;
                        series.inherit(&groups);
                    }
                    b"GroupKey" | b"ObsKey" => context = Context::None,
                    b"Attributes" => context = Context::None,
                    b"Obs" => {
                        if let Some(draft) = obs.take() {
                            finish_obs(out, draft, &at)?;
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        buf.clear();
    }
    if flavour.is_none() {
        return Err(ImportError::new("the XML has no root element"));
    }
    Ok(())
}

fn finish_obs(
    out: &mut Emitter<'_>,
    mut draft: Draft,
    at: &dyn Fn() -> String,
) -> Result<(), ImportError> {
    if draft.period.is_empty() {
        return Err(ImportError::new(format!(
            "{}: an observation without a period",
            at()
        )));
    }
    draft.key = draft.observation_key();
    out.push(draft, at)
}

fn attribute(
    e: &BytesStart<'_>,
    name: &[u8],
    at: &dyn Fn() -> String,
) -> Result<Option<String>, ImportError> {
    for (key, value) in attributes(e, at)? {
        if key.as_bytes() == name {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

fn attribute_any(
    e: &BytesStart<'_>,
    names: &[&[u8]],
    at: &dyn Fn() -> String,
) -> Result<Option<String>, ImportError> {
    for name in names {
        if let Some(value) = attribute(e, name, at)? {
            return Ok(Some(value));
        }
    }
    Ok(None)
}

/// The element's attributes by local name, namespace declarations and
/// `xsi:` attributes left out.
fn attributes(
    e: &BytesStart<'_>,
    at: &dyn Fn() -> String,
) -> Result<Vec<(String, String)>, ImportError> {
    let mut found = Vec::new();
    for attribute in e.attributes() {
        let attribute = attribute.map_err(|err| ImportError::new(format!("{}: {err}", at())))?;
        let key = attribute.key;
        if key.as_namespace_binding().is_some()
            || key.prefix().is_some_and(|p| p.as_ref() == b"xsi")
        {
            continue;
        }
        let name = String::from_utf8_lossy(key.local_name().as_ref()).into_owned();
        let value = attribute
            .unescape_value()
            .map_err(|err| ImportError::new(format!("{}: {err}", at())))?
            .into_owned();
        found.push((name, value));
    }
    Ok(found)
}
