//! Finding the node each batch entity stands for, and writing the new ones.
//!
//! An entity is the existing node of the same type whose name or one of
//! whose aliases has the matching key of the entity's name or of one of its
//! aliases (case, accents, punctuation and, for companies, legal forms
//! ignored), name matches first and older nodes first. Where both sides know
//! the country it must agree: Atlas (MA) is not Atlas (FR). Entities that
//! match nothing become new nodes, which later entities of the same batch
//! can match.
//!
//! A sector with an activity code (`isic`, `nace` attributes) that no name
//! matches is the stored sector with the same code (statistics name sectors
//! by code and their own labels); sectors new in the same batch are not
//! matched by code, since a taxonomy may give two sectors one code. A
//! sector coded for an unrelated activity is never the same, whatever its
//! name.
//!
//! The whole batch is resolved with one lookup per entity type, in memory,
//! then written with multi-row inserts. The caller's write transaction
//! keeps other writers out meanwhile; should one get in all the same (a
//! writer that skipped the lock), the database's unique node identity
//! (`nodes.identity_key`) turns a node it made first into a match.

use std::collections::{BTreeMap, HashMap, HashSet};

use pledgegraph_importer::activity::{self, same_activity};
use pledgegraph_importer::{Entity, EntityType};

use crate::error::Result;
use crate::store::write::{self as w, IdTable, NewAlias, NewNode};
use crate::store::DbConnection;
use crate::text::{fold, match_key};

/// Where a resolved entity landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolved {
    Matched(i64),
    Created(i64),
}

impl Resolved {
    pub fn id(self) -> i64 {
        match self {
            Resolved::Matched(id) | Resolved::Created(id) => id,
        }
    }
}

/// A node as this batch leaves it. New nodes have a provisional index until
/// ids are allocated.
struct NodeState<'b> {
    kind: &'b str,
    name: String,
    country: Option<String>,
    attributes: BTreeMap<String, String>,
    /// Every spelling it is known by: name and aliases.
    spellings: HashSet<String>,
    new_aliases: Vec<&'b str>,
    changed: bool,
    existing_id: Option<i64>,
    /// For a new node, `nodes.identity_key`, from the entity that made it.
    identity: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Slot(usize);

#[derive(Default)]
struct Candidates {
    by_name: Vec<Slot>,
    by_alias: Vec<Slot>,
}

/// Resolves `entities` against the database and writes what is new: nodes,
/// aliases, and attributes or countries that existing nodes lacked.
pub fn resolve_entities(conn: &mut DbConnection, entities: &[Entity]) -> Result<Vec<Resolved>> {
    let mut keys_by_kind: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for entity in entities {
        let kind = entity.kind.as_str();
        let keys = keys_by_kind.entry(kind).or_default();
        for name in std::iter::once(&entity.name).chain(&entity.aliases) {
            let key = match_key(kind, name);
            if !key.is_empty() {
                keys.push(key);
            }
        }
    }

    let mut nodes: Vec<NodeState> = Vec::new();
    let mut slot_of_id: HashMap<i64, Slot> = HashMap::new();
    let mut index: HashMap<(&str, String), Candidates> = HashMap::new();
    for (kind, mut keys) in keys_by_kind {
        keys.sort_unstable();
        keys.dedup();
        let mut found = w::find_nodes(conn, kind, &keys)?;
        found.sort_by_key(|known| (known.by_alias, known.id));
        for known in found {
            let slot = *slot_of_id.entry(known.id).or_insert_with(|| {
                nodes.push(NodeState {
                    kind,
                    spellings: HashSet::from([known.name.clone()]),
                    name: known.name,
                    country: known.country,
                    attributes: serde_json::from_str(&known.attributes).unwrap_or_default(),
                    new_aliases: Vec::new(),
                    changed: false,
                    existing_id: Some(known.id),
                    identity: None,
                });
                Slot(nodes.len() - 1)
            });
            let candidates = index.entry((kind, known.key)).or_default();
            let list = if known.by_alias {
                &mut candidates.by_alias
            } else {
                &mut candidates.by_name
            };
            if !list.contains(&slot) {
                list.push(slot);
            }
        }
    }
    // Sectors named by an activity code meet the sector with that code first.
    let mut coded: Vec<(Slot, &'static str, String)> = Vec::new();
    if entities.iter().any(|e| activity_code(e).is_some()) {
        for w::CodedSector {
            id,
            name,
            country,
            attributes,
        } in w::coded_sectors(conn)?
        {
            let attributes: BTreeMap<String, String> =
                serde_json::from_str(&attributes).unwrap_or_default();
            let slot = *slot_of_id.entry(id).or_insert_with(|| {
                nodes.push(NodeState {
                    kind: "sector",
                    spellings: HashSet::from([name.clone()]),
                    name,
                    country,
                    attributes: attributes.clone(),
                    new_aliases: Vec::new(),
                    changed: false,
                    existing_id: Some(id),
                    identity: None,
                });
                Slot(nodes.len() - 1)
            });
            coded.extend(codes_of(&attributes).map(|(scheme, code)| (slot, scheme, code)));
        }
    }
    let existing: Vec<i64> = slot_of_id.keys().copied().collect();
    for (id, alias) in w::aliases_of(conn, &existing)? {
        nodes[slot_of_id[&id].0].spellings.insert(alias);
    }

    let mut slots = Vec::with_capacity(entities.len());
    for entity in entities {
        let kind = entity.kind.as_str();
        let country = entity.attributes.get("country");
        let agrees = |node: &NodeState| match (country, &node.country) {
            (Some(ours), Some(theirs)) => ours.eq_ignore_ascii_case(theirs),
            _ => true,
        };
        let code = activity_code(entity);
        // A sector coded for an unrelated activity is another sector,
        // whatever its name.
        let compatible = |node: &NodeState| match code {
            None => true,
            Some((_, code)) => codes_of(&node.attributes)
                .all(|(_, their_code)| activity::compatible(code, &their_code)),
        };
        let by_code = || {
            let (scheme, code) = code?;
            coded
                .iter()
                .find(|(_, theirs, their_code)| same_activity(scheme, code, theirs, their_code))
                .map(|(slot, _, _)| *slot)
        };
        let found = std::iter::once(&entity.name)
            .chain(&entity.aliases)
            .filter_map(|name| index.get(&(kind, match_key(kind, name))))
            .find_map(|candidates| {
                candidates
                    .by_name
                    .iter()
                    .chain(&candidates.by_alias)
                    .copied()
                    .find(|slot| agrees(&nodes[slot.0]) && compatible(&nodes[slot.0]))
            })
            .or_else(by_code);
        let (slot, creates) = match found {
            Some(slot) => {
                let node = &mut nodes[slot.0];
                for (key, value) in &entity.attributes {
                    if !node.attributes.contains_key(key) {
                        node.attributes.insert(key.clone(), value.clone());
                        node.changed = true;
                    }
                }
                if node.country.is_none() && country.is_some() {
                    node.country = country.cloned();
                    node.changed = true;
                }
                (slot, false)
            }
            None => {
                let key = match_key(kind, &entity.name);
                let activity = w::activity_of(kind, &entity.attributes);
                nodes.push(NodeState {
                    kind,
                    name: entity.name.clone(),
                    country: country.cloned(),
                    attributes: entity.attributes.clone(),
                    spellings: HashSet::from([entity.name.clone()]),
                    new_aliases: Vec::new(),
                    changed: false,
                    existing_id: None,
                    identity: w::node_identity(
                        kind,
                        &key,
                        country.map(String::as_str),
                        activity.as_deref(),
                    ),
                });
                let slot = Slot(nodes.len() - 1);
                if !key.is_empty() {
                    index.entry((kind, key)).or_default().by_name.push(slot);
                }
                (slot, true)
            }
        };
        for alias in std::iter::once(&entity.name).chain(&entity.aliases) {
            let alias = alias.trim();
            let node = &mut nodes[slot.0];
            if fold(alias).is_empty() || !node.spellings.insert(alias.to_owned()) {
                continue;
            }
            node.new_aliases.push(alias);
            let by_alias = &mut index
                .entry((kind, match_key(kind, alias)))
                .or_default()
                .by_alias;
            if !by_alias.contains(&slot) {
                by_alias.push(slot);
            }
        }
        slots.push((slot, creates));
    }

    write_nodes(conn, &nodes, slots)
}

/// Writes the batch's new nodes, what existing nodes gained (attributes, a
/// country) and new aliases. A new node whose identity another writer
/// stored first becomes that node, as if resolution had matched it.
fn write_nodes(
    conn: &mut DbConnection,
    nodes: &[NodeState],
    slots: Vec<(Slot, bool)>,
) -> Result<Vec<Resolved>> {
    let created = nodes.iter().filter(|n| n.existing_id.is_none()).count();
    let mut fresh = w::allocate_ids(conn, IdTable::Nodes, created)?.into_iter();
    let mut ids: Vec<i64> = nodes
        .iter()
        .map(|node| match node.existing_id {
            Some(id) => id,
            None => fresh.next().expect("one id allocated per new node"),
        })
        .collect();
    let new_nodes: Vec<NewNode> = nodes
        .iter()
        .zip(&ids)
        .filter(|(node, _)| node.existing_id.is_none())
        .map(|(node, &id)| NewNode {
            id,
            kind: node.kind,
            name: &node.name,
            folded: fold(&node.name),
            match_key: match_key(node.kind, &node.name),
            country: node.country.as_deref(),
            attributes: w::to_json(&node.attributes),
            identity_key: node.identity.clone(),
        })
        .collect();
    let taken: HashMap<i64, i64> = w::insert_nodes(conn, &new_nodes)?.into_iter().collect();
    let mut absorbed = Vec::new();
    for (index, id) in ids.iter_mut().enumerate() {
        if let Some(&holder) = taken.get(id) {
            *id = holder;
            absorbed.push(Slot(index));
        }
    }

    let mut new_aliases = Vec::new();
    for (index, (node, &id)) in nodes.iter().zip(&ids).enumerate() {
        if absorbed.contains(&Slot(index)) {
            continue;
        }
        if node.existing_id.is_some() && node.changed {
            w::update_node(
                conn,
                id,
                node.country.as_deref(),
                &w::to_json(&node.attributes),
            )?;
        }
        new_aliases.extend(
            node.new_aliases
                .iter()
                .map(|alias| new_alias(node, id, alias)),
        );
    }
    absorb(conn, nodes, &ids, &absorbed, &mut new_aliases)?;
    w::insert_aliases(conn, &new_aliases)?;

    Ok(slots
        .into_iter()
        .map(
            |(slot, creates)| match creates && !absorbed.contains(&slot) {
                true => Resolved::Created(ids[slot.0]),
                false => Resolved::Matched(ids[slot.0]),
            },
        )
        .collect())
}

fn new_alias<'n>(node: &NodeState, id: i64, alias: &'n str) -> NewAlias<'n> {
    NewAlias {
        node_id: id,
        alias,
        folded: fold(alias),
        match_key: match_key(node.kind, alias),
    }
}

/// Merges new nodes that lost their identity to a stored node into it, the
/// way a match would: attributes and a country it lacks, and their
/// spellings as aliases.
fn absorb<'n>(
    conn: &mut DbConnection,
    nodes: &'n [NodeState],
    ids: &[i64],
    absorbed: &[Slot],
    aliases: &mut Vec<NewAlias<'n>>,
) -> Result<()> {
    if absorbed.is_empty() {
        return Ok(());
    }
    let holders: Vec<i64> = absorbed.iter().map(|slot| ids[slot.0]).collect();
    // Per stored node: its details, and whether the merge changed them.
    let mut stored: HashMap<i64, (w::NodeDetails, BTreeMap<String, String>, bool)> =
        w::node_details(conn, &holders)?
            .into_iter()
            .map(|details| {
                let attributes = serde_json::from_str(&details.attributes).unwrap_or_default();
                (details.id, (details, attributes, false))
            })
            .collect();
    for slot in absorbed {
        let (node, id) = (&nodes[slot.0], ids[slot.0]);
        let Some((details, attributes, changed)) = stored.get_mut(&id) else {
            continue;
        };
        let (name, country) = (&details.name, &mut details.country);
        for (key, value) in &node.attributes {
            if !attributes.contains_key(key) {
                attributes.insert(key.clone(), value.clone());
                *changed = true;
            }
        }
        if country.is_none() && node.country.is_some() {
            *country = node.country.clone();
            *changed = true;
        }
        let spellings = std::iter::once(node.name.as_str()).chain(node.new_aliases.iter().copied());
        for alias in spellings.filter(|alias| *alias != name.as_str() && !fold(alias).is_empty()) {
            aliases.push(new_alias(node, id, alias));
        }
    }
    for (id, (details, attributes, changed)) in stored {
        if changed {
            w::update_node(
                conn,
                id,
                details.country.as_deref(),
                &w::to_json(&attributes),
            )?;
        }
    }
    Ok(())
}

/// The activity code a sector entity is named by, with its scheme.
fn activity_code(entity: &Entity) -> Option<(&'static str, &str)> {
    if entity.kind != EntityType::Sector {
        return None;
    }
    [activity::ISIC, activity::NACE]
        .into_iter()
        .find_map(|scheme| {
            let code = entity.attributes.get(scheme)?;
            activity::normalise(code).map(|_| (scheme, code.as_str()))
        })
}

/// The activity codes among a node's attributes.
fn codes_of(
    attributes: &BTreeMap<String, String>,
) -> impl Iterator<Item = (&'static str, String)> + '_ {
    [activity::ISIC, activity::NACE]
        .into_iter()
        .filter_map(|scheme| Some((scheme, attributes.get(scheme)?.clone())))
}
