//! DataLoaders: every edge of the graph is read through one of these, so a
//! nested query costs one statement per edge kind and level, not per item.

use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;
use std::marker::PhantomData;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};

use super::batching::Activity;
use crate::error::Error;
use crate::store::filter::Window;
use crate::store::models::*;
use crate::store::read::{
    self, AgreementsOf, CommitmentPlaces, CommitmentsOf, Direction, Nested, ObservationsAbout,
    OperatorsOf, Subsidiaries, Totals,
};
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
    /// What the commitments reached from each node or agreement add up to:
    /// one SQL aggregate per kind of parent, whatever their number.
    TotalsLoader, (CommitmentsOf, i64) => Totals,
    |conn: &mut DbConnection, keys: Vec<(CommitmentsOf, i64)>| -> Result<_, Error> {
        let mut found = HashMap::new();
        for (of, parents) in group(keys) {
            for (parent, totals) in read::commitment_totals(conn, of, &parents)? {
                found.insert((of, parent), totals);
            }
        }
        Ok(found)
    }
);

store_loader!(
    /// What the commitments in each sector and its sub-sectors add up to.
    SectorTreeTotalsLoader, i64 => Totals,
    |conn: &mut DbConnection, roots: Vec<i64>| -> Result<_, Error> {
        Ok(read::sector_tree_totals(conn, &roots)?.into_iter().collect())
    }
);

store_loader!(
    /// The cities or sectors of each company's commitments, each once, by name.
    CommitmentPlaceLoader, (CommitmentPlaces, i64) => Vec<NodeRow>,
    |conn: &mut DbConnection, keys: Vec<(CommitmentPlaces, i64)>| -> Result<_, Error> {
        let mut found = HashMap::new();
        for (places, operators) in group(keys) {
            for (operator, rows) in group(read::places_of_operators(conn, places, &operators)?) {
                found.insert((places, operator), rows);
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

store_loader!(
    /// The evidence for each fact, with its document.
    EvidenceLoader, Fact => Vec<(EvidenceRow, DocumentRow)>,
    |conn: &mut DbConnection, facts: Vec<Fact>| -> Result<_, Error> {
        Ok(group(read::evidence_of(conn, &facts)?.into_iter().map(|(f, e, d)| (f, (e, d)))))
    }
);

/// One page of one parent's nested list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PageKey<L> {
    pub list: L,
    pub parent: i64,
    pub window: Window,
}

/// Pages of nested lists of kind `L`: one statement per batch, whatever
/// the number of parents and windows asked.
pub struct PageLoader<L>(Store, PhantomData<fn() -> L>);

impl<L: Nested> Loader<PageKey<L>> for PageLoader<L> {
    type Value = Vec<L::Row>;
    type Error = Error;

    async fn load(&self, keys: &[PageKey<L>]) -> Result<HashMap<PageKey<L>, Vec<L::Row>>, Error> {
        let keys = keys.to_vec();
        self.0.run(move |conn| load_pages(conn, &keys)).await
    }
}

fn load_pages<L: Nested>(
    conn: &mut DbConnection,
    keys: &[PageKey<L>],
) -> Result<HashMap<PageKey<L>, Vec<L::Row>>, Error> {
    let mut asked: HashMap<L, HashMap<Window, Vec<i64>>> = HashMap::new();
    for key in keys {
        let windows = asked.entry(key.list).or_default();
        windows.entry(key.window).or_default().push(key.parent);
    }
    let mut found = HashMap::new();
    for (list, windows) in asked {
        let windows: Vec<_> = windows.into_iter().collect();
        // A parent asked for two windows (two aliases) gets each row once;
        // each key takes the rows at its own positions.
        let rows = group(
            list.page(conn, &windows)?
                .into_iter()
                .map(|(parent, at, row)| (parent, (at, row))),
        );
        for (window, parents) in &windows {
            let end = window.offset.saturating_add(window.limit);
            for &parent in parents {
                let page = rows.get(&parent).into_iter().flatten();
                let page = page.filter(|(at, _)| (window.offset..end).contains(at));
                let key = PageKey {
                    list,
                    parent,
                    window: *window,
                };
                found.insert(key, page.map(|(_, row)| row.clone()).collect());
            }
        }
    }
    Ok(found)
}

/// How many rows the nested lists of kind `L` hold, by `(list, parent)`.
pub struct CountLoader<L>(Store, PhantomData<fn() -> L>);

impl<L: Nested> Loader<(L, i64)> for CountLoader<L> {
    type Value = i64;
    type Error = Error;

    async fn load(&self, keys: &[(L, i64)]) -> Result<HashMap<(L, i64), i64>, Error> {
        let keys = keys.to_vec();
        self.0
            .run(move |conn| {
                let mut found = HashMap::new();
                for (list, parents) in group(keys.iter().copied()) {
                    // Lists with no rows are not in the answer: they count 0.
                    found.extend(parents.iter().map(|&p| ((list, p), 0)));
                    for (parent, n) in list.counts(conn, &parents)? {
                        found.insert((list, parent), n);
                    }
                }
                Ok(found)
            })
            .await
    }
}

/// The page and count loaders of one kind of nested list.
pub struct NestedLoaders<L: Nested> {
    pub pages: DataLoader<PageLoader<L>>,
    pub counts: DataLoader<CountLoader<L>>,
}

impl<L: Nested> NestedLoaders<L> {
    fn new(store: &Store, activity: &Arc<Activity>) -> Self {
        NestedLoaders {
            pages: DataLoader::new(PageLoader(store.clone(), PhantomData), activity.spawner()),
            counts: DataLoader::new(CountLoader(store.clone(), PhantomData), activity.spawner()),
        }
    }
}

/// A kind of nested list the request's loaders read.
pub trait Paged: Nested {
    fn loaders(all: &Loaders) -> &NestedLoaders<Self>;
}

impl Paged for CommitmentsOf {
    fn loaders(all: &Loaders) -> &NestedLoaders<Self> {
        &all.commitment_pages
    }
}

impl Paged for AgreementsOf {
    fn loaders(all: &Loaders) -> &NestedLoaders<Self> {
        &all.agreement_pages
    }
}

impl Paged for Subsidiaries {
    fn loaders(all: &Loaders) -> &NestedLoaders<Self> {
        &all.subsidiary_pages
    }
}

impl Paged for OperatorsOf {
    fn loaders(all: &Loaders) -> &NestedLoaders<Self> {
        &all.operator_pages
    }
}

impl Paged for ObservationsAbout {
    fn loaders(all: &Loaders) -> &NestedLoaders<Self> {
        &all.observation_pages
    }
}

/// Every loader of one request.
pub struct Loaders {
    pub nodes: DataLoader<NodeLoader>,
    pub aliases: DataLoader<AliasLoader>,
    pub edges: DataLoader<EdgeLoader>,
    pub relations: DataLoader<RelationLoader>,
    pub ancestors: DataLoader<AncestorLoader>,
    pub descendants: DataLoader<DescendantLoader>,
    pub totals: DataLoader<TotalsLoader>,
    pub sector_tree_totals: DataLoader<SectorTreeTotalsLoader>,
    pub commitment_places: DataLoader<CommitmentPlaceLoader>,
    pub commitment_cities: DataLoader<CommitmentCityLoader>,
    pub commitment_sectors: DataLoader<CommitmentSectorLoader>,
    pub agreements: DataLoader<AgreementLoader>,
    pub members: DataLoader<MemberLoader>,
    pub evidence: DataLoader<EvidenceLoader>,
    pub commitment_pages: NestedLoaders<CommitmentsOf>,
    pub agreement_pages: NestedLoaders<AgreementsOf>,
    pub subsidiary_pages: NestedLoaders<Subsidiaries>,
    pub operator_pages: NestedLoaders<OperatorsOf>,
    pub observation_pages: NestedLoaders<ObservationsAbout>,
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
            totals: DataLoader::new(TotalsLoader(store.clone()), activity.spawner()),
            sector_tree_totals: DataLoader::new(
                SectorTreeTotalsLoader(store.clone()),
                activity.spawner(),
            ),
            commitment_places: DataLoader::new(
                CommitmentPlaceLoader(store.clone()),
                activity.spawner(),
            ),
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
            evidence: DataLoader::new(EvidenceLoader(store.clone()), activity.spawner()),
            commitment_pages: NestedLoaders::new(store, activity),
            agreement_pages: NestedLoaders::new(store, activity),
            subsidiary_pages: NestedLoaders::new(store, activity),
            operator_pages: NestedLoaders::new(store, activity),
            observation_pages: NestedLoaders::new(store, activity),
        }
    }
}
