//! DataLoaders: every edge of the graph is read through one of these, so a
//! nested query costs one statement per edge kind and level, not per item.

use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};

use super::batching::Activity;
use crate::error::Error;
use crate::store::models::*;
use crate::store::read::{self, CommitmentsOf, Direction};
use crate::store::{DbConnection, Store};
use pledgegraph_importer::RelationType;

/// Groups `(key, value)` pairs by key, keeping their order.
fn group<K: Hash + Eq, V>(pairs: impl IntoIterator<Item = (K, V)>) -> HashMap<K, Vec<V>> {
    let mut map: HashMap<K, Vec<V>> = HashMap::new();
    for (key, value) in pairs {
        map.entry(key).or_default().push(value);
    }
    map
}

/// Declares a loader over the store: `$name` loads keys of type `$key`
/// into values `$value` with the blocking function `$load`.
macro_rules! store_loader {
    ($(#[$doc:meta])* $name:ident, $key:ty => $value:ty, $load:expr) => {
        $(#[$doc])*
        pub struct $name(pub Store);

        impl Loader<$key> for $name {
            type Value = $value;
            type Error = Error;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, $value>, Error> {
                let keys = keys.to_vec();
                self.0.run(move |conn| $load(conn, keys)).await
            }
        }
    };
}

store_loader!(
    /// Nodes by id.
    NodeLoader, i64 => NodeRow,
    |conn: &mut DbConnection, ids: Vec<i64>| -> Result<_, Error> {
        Ok(read::nodes_by_ids(conn, &ids)?.into_iter().map(|n| (n.id, n)).collect())
    }
);

store_loader!(
    /// The aliases of each node.
    AliasLoader, i64 => Vec<String>,
    |conn: &mut DbConnection, ids: Vec<i64>| -> Result<_, Error> {
        Ok(group(read::aliases_of(conn, &ids)?.into_iter().map(|a| (a.node_id, a.alias))))
    }
);

/// Edges of one kind at one node, in one direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EdgeKey {
    pub direction: Direction,
    pub kind: &'static str,
    pub node: i64,
}

store_loader!(
    /// Edges at a node with the node at their other end.
    EdgeLoader, EdgeKey => Vec<(EdgeRow, NodeRow)>,
    |conn: &mut DbConnection, keys: Vec<EdgeKey>| -> Result<_, Error> {
        let mut found = HashMap::new();
        let asked: BTreeSet<(Direction, &'static str)> = keys.iter().map(|k| (k.direction, k.kind)).collect();
        for (direction, kind) in asked {
            let ids: Vec<i64> = keys.iter().filter(|k| k.direction == direction && k.kind == kind).map(|k| k.node).collect();
            let rows = read::neighbours(conn, direction, &[kind], &ids)?;
            let at_node = |edge: &EdgeRow| match direction {
                Direction::Out => edge.from_id,
                Direction::In => edge.to_id,
            };
            for (node, list) in group(rows.into_iter().map(|(e, n)| (at_node(&e), (e, n)))) {
                found.insert(EdgeKey { direction, kind, node }, list);
            }
        }
        Ok(found)
    }
);

store_loader!(
    /// Every edge at a node in one direction, whatever its kind.
    RelationLoader, (Direction, i64) => Vec<(EdgeRow, NodeRow)>,
    |conn: &mut DbConnection, keys: Vec<(Direction, i64)>| -> Result<_, Error> {
        let kinds = RelationType::ALL.map(RelationType::as_str);
        let mut found = HashMap::new();
        for direction in [Direction::Out, Direction::In] {
            let ids: Vec<i64> = keys.iter().filter(|k| k.0 == direction).map(|k| k.1).collect();
            if ids.is_empty() {
                continue;
            }
            let at_node = |edge: &EdgeRow| match direction {
                Direction::Out => edge.from_id,
                Direction::In => edge.to_id,
            };
            for (node, list) in group(read::neighbours(conn, direction, &kinds, &ids)?.into_iter().map(|(e, n)| (at_node(&e), (e, n)))) {
                found.insert((direction, node), list);
            }
        }
        Ok(found)
    }
);

store_loader!(
    /// For each company, its owners up the chain, nearest first.
    AncestorLoader, i64 => Vec<i64>,
    |conn: &mut DbConnection, ids: Vec<i64>| -> Result<_, Error> {
        Ok(read::ancestors(conn, "subsidiary_of", &ids)?.into_iter().collect())
    }
);

/// Descendants along one edge kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DescendantKey {
    pub kind: &'static str,
    pub root: i64,
}

store_loader!(
    /// Every node under a root (the root first): all subsidiaries, all sub-sectors.
    DescendantLoader, DescendantKey => Vec<i64>,
    |conn: &mut DbConnection, keys: Vec<DescendantKey>| -> Result<_, Error> {
        let mut found = HashMap::new();
        let kinds: BTreeSet<&'static str> = keys.iter().map(|k| k.kind).collect();
        for kind in kinds {
            let roots: Vec<i64> = keys.iter().filter(|k| k.kind == kind).map(|k| k.root).collect();
            for (root, all) in read::descendants(conn, kind, &roots)? {
                found.insert(DescendantKey { kind, root }, all);
            }
        }
        Ok(found)
    }
);

store_loader!(
    /// Commitments reached from a node or agreement.
    CommitmentLoader, (CommitmentsOf, i64) => Vec<CommitmentRow>,
    |conn: &mut DbConnection, keys: Vec<(CommitmentsOf, i64)>| -> Result<_, Error> {
        let mut found = HashMap::new();
        let asked: BTreeSet<CommitmentsOf> = keys.iter().map(|k| k.0).collect();
        for of in asked {
            let ids: Vec<i64> = keys.iter().filter(|k| k.0 == of).map(|k| k.1).collect();
            for (key, rows) in group(read::commitments_of(conn, of, &ids)?) {
                found.insert((of, key), rows);
            }
        }
        Ok(found)
    }
);

store_loader!(
    /// The cities of each commitment.
    CommitmentCityLoader, i64 => Vec<NodeRow>,
    |conn: &mut DbConnection, ids: Vec<i64>| -> Result<_, Error> { Ok(group(read::cities_of_commitments(conn, &ids)?)) }
);

store_loader!(
    /// The sectors of each commitment.
    CommitmentSectorLoader, i64 => Vec<NodeRow>,
    |conn: &mut DbConnection, ids: Vec<i64>| -> Result<_, Error> { Ok(group(read::sectors_of_commitments(conn, &ids)?)) }
);

store_loader!(
    /// Agreements by id.
    AgreementLoader, i64 => AgreementRow,
    |conn: &mut DbConnection, ids: Vec<i64>| -> Result<_, Error> {
        Ok(read::agreements_by_ids(conn, &ids)?.into_iter().map(|a| (a.id, a)).collect())
    }
);

store_loader!(
    /// The members of each agreement: `(role, node)`.
    MemberLoader, i64 => Vec<(String, NodeRow)>,
    |conn: &mut DbConnection, ids: Vec<i64>| -> Result<_, Error> {
        Ok(group(read::members_of_agreements(conn, &ids)?.into_iter().map(|(m, n)| (m.agreement_id, (m.role, n)))))
    }
);

/// How a node takes part in an agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Membership {
    Party,
    Signatory,
}

impl Membership {
    fn role(self) -> &'static str {
        match self {
            Membership::Party => "party",
            Membership::Signatory => "signatory",
        }
    }
}

store_loader!(
    /// The agreements a node is party to, or signed.
    MemberAgreementLoader, (Membership, i64) => Vec<AgreementRow>,
    |conn: &mut DbConnection, keys: Vec<(Membership, i64)>| -> Result<_, Error> {
        let mut found = HashMap::new();
        for role in [Membership::Party, Membership::Signatory] {
            let ids: Vec<i64> = keys.iter().filter(|k| k.0 == role).map(|k| k.1).collect();
            if !ids.is_empty() {
                for (node, rows) in group(read::agreements_of_members(conn, role.role(), &ids)?) {
                    found.insert((role, node), rows);
                }
            }
        }
        Ok(found)
    }
);

store_loader!(
    /// The evidence for each fact, with its document.
    EvidenceLoader, Fact => Vec<(EvidenceRow, DocumentRow)>,
    |conn: &mut DbConnection, facts: Vec<Fact>| -> Result<_, Error> {
        Ok(group(read::evidence_of(conn, &facts)?.into_iter().map(|(f, e, d)| (f, (e, d)))))
    }
);

/// Every loader of one request.
pub struct Loaders {
    pub nodes: DataLoader<NodeLoader>,
    pub aliases: DataLoader<AliasLoader>,
    pub edges: DataLoader<EdgeLoader>,
    pub relations: DataLoader<RelationLoader>,
    pub ancestors: DataLoader<AncestorLoader>,
    pub descendants: DataLoader<DescendantLoader>,
    pub commitments: DataLoader<CommitmentLoader>,
    pub commitment_cities: DataLoader<CommitmentCityLoader>,
    pub commitment_sectors: DataLoader<CommitmentSectorLoader>,
    pub agreements: DataLoader<AgreementLoader>,
    pub members: DataLoader<MemberLoader>,
    pub member_agreements: DataLoader<MemberAgreementLoader>,
    pub evidence: DataLoader<EvidenceLoader>,
}

impl Loaders {
    /// Loaders are made per request: their cache must not outlive it, or
    /// an import would not show until restart. They load once the request
    /// is idle (see `batching`).
    pub fn new(store: &Store, activity: &Arc<Activity>) -> Loaders {
        Loaders {
            nodes: DataLoader::new(NodeLoader(store.clone()), activity.spawner()),
            aliases: DataLoader::new(AliasLoader(store.clone()), activity.spawner()),
            edges: DataLoader::new(EdgeLoader(store.clone()), activity.spawner()),
            relations: DataLoader::new(RelationLoader(store.clone()), activity.spawner()),
            ancestors: DataLoader::new(AncestorLoader(store.clone()), activity.spawner()),
            descendants: DataLoader::new(DescendantLoader(store.clone()), activity.spawner()),
            commitments: DataLoader::new(CommitmentLoader(store.clone()), activity.spawner()),
            commitment_cities: DataLoader::new(
                CommitmentCityLoader(store.clone()),
                activity.spawner(),
            ),
            commitment_sectors: DataLoader::new(
                CommitmentSectorLoader(store.clone()),
                activity.spawner(),
            ),
            agreements: DataLoader::new(AgreementLoader(store.clone()), activity.spawner()),
            members: DataLoader::new(MemberLoader(store.clone()), activity.spawner()),
            member_agreements: DataLoader::new(
                MemberAgreementLoader(store.clone()),
                activity.spawner(),
            ),
            evidence: DataLoader::new(EvidenceLoader(store.clone()), activity.spawner()),
        }
    }
}
