//! What a query may cost, decided before it runs.
//!
//! The model is GitHub's: a walk over the parsed document in which every list
//! multiplies what is selected inside it by its page size (`first` or
//! `last`, [`DEFAULT_PAGE`] when neither is given), fragments followed at
//! every place they are spread. That gives the most nodes an answer can hold,
//! and a cost: the resolvers the query runs, each counted as often as it runs,
//! the expensive aggregates weighing more. Both are known before anything is
//! read from the database, so a query over a limit is refused without doing
//! any work.

use std::collections::HashMap;
use std::convert::Infallible;
use std::time::Duration;

use async_graphql::parser::types::{
    Directive, ExecutableDocument, Field, FragmentSpread, OperationDefinition, OperationType,
    Selection, SelectionSet,
};
use async_graphql::registry::{MetaField, MetaInputValue, MetaType, MetaTypeName, Registry};
use async_graphql::{Name, Number, Positioned, Value, Variables};

use super::paging::DEFAULT_PAGE;

/// A literal of the document with the walker's variables filled in. A macro:
/// the parser's value type, which holds variables, has no public name.
macro_rules! resolve {
    ($walker:expr, $value:expr) => {
        match $value
            .clone()
            .into_const_with(|name| Ok::<Value, Infallible>($walker.variable(&name)))
        {
            Ok(value) => value,
            Err(never) => match never {},
        }
    };
}

/// The limits every GraphQL request is held to. `Default` gives the
/// server's defaults; `pledgegraph serve` sets some of them from its flags.
#[derive(Debug, Clone)]
pub struct QueryLimits {
    /// Deepest field nesting accepted (a root field is at depth 1). Default
    /// 16: company → parent → commitments → edges → node → cities → sources
    /// → document fits, and so does GraphiQL's introspection query.
    pub max_depth: usize,
    /// Most field selections in a query: every alias counts, a fragment's
    /// fields count again wherever it is spread, and every fragment spread
    /// counts as one. Default 1,000 (GraphiQL's introspection query makes
    /// about 200).
    pub max_fields: usize,
    /// Most aliases in a query. Default 100: aliases are how one request
    /// asks for the same expensive field many times.
    pub max_aliases: usize,
    /// Most nodes an answer may hold: every list counts its page size, times
    /// the page sizes of the lists around it. Default 50,000: two nested
    /// lists of 100 (10,100 nodes) pass, three (1,010,100) do not.
    pub max_nodes: u64,
    /// Highest cost accepted. A field that returns objects costs 1 each time
    /// it is resolved, a scalar 0, `totalCount` 1 (it may count rows), the
    /// fields of connections and edges 0 (they are built from the page in
    /// memory), and the fields of `field_costs` what that table says.
    /// Default 50,000: `companies(first: 100) { … commitments(first: 100) {
    /// … operator { name } } }` costs 10,101; the costliest query of the
    /// README (a ministry's agreements with their totals) about 5,600; ten
    /// `commitmentStats` reach the limit.
    pub max_cost: u64,
    /// Length assumed for lists that take no page size (`Commitment.cities`,
    /// `Entity.relations` ...). Default 10.
    pub list_size: u64,
    /// Cost of the fields that do much more work than reading a row, by
    /// `Type.field`, each time they are resolved. See
    /// [`QueryLimits::default_field_costs`].
    pub field_costs: HashMap<String, u64>,
    /// Largest answer sent, in bytes of JSON. Default 8 MiB.
    pub max_response_bytes: usize,
    /// How long a query may run. Default 30 s.
    pub timeout: Duration,
    /// How long a mutation may run: importers have their own, longer limit.
    /// Default 150 s (the importers' default 120 s, plus `timeout`).
    pub mutation_timeout: Duration,
}

impl Default for QueryLimits {
    fn default() -> Self {
        QueryLimits {
            max_depth: 16,
            max_fields: 1_000,
            max_aliases: 100,
            max_nodes: 50_000,
            max_cost: 50_000,
            list_size: 10,
            field_costs: QueryLimits::default_field_costs(),
            max_response_bytes: 8 * 1024 * 1024,
            timeout: Duration::from_secs(30),
            mutation_timeout: Duration::from_secs(150),
        }
    }
}

impl QueryLimits {
    /// The aggregates and the fields that read whole lists or files:
    /// `commitmentStats` and `importDocument` 5,000 (at most ten in one
    /// request), `series` 500, `pledgesInContext` 100, `search`,
    /// `indicators` 50, `Document.text` 1,000 (up to 16 MiB each), totals,
    /// `allSubsidiaries` and a fact's claims, conflicts and timeline 10.
    pub fn default_field_costs() -> HashMap<String, u64> {
        [
            ("Query.commitmentStats", 5_000),
            ("Mutation.importDocument", 5_000),
            ("Query.series", 500),
            ("Country.series", 500),
            ("Sector.pledgesInContext", 100),
            ("Query.search", 50),
            ("Query.indicators", 50),
            ("Country.indicators", 50),
            ("Document.text", 1_000),
            ("City.totals", 10),
            ("Company.totals", 10),
            ("Agreement.computedTotals", 10),
            ("Ministry.totalJobs", 10),
            ("Company.allSubsidiaries", 10),
            ("Agreement.claims", 10),
            ("Agreement.conflicts", 10),
            ("Agreement.matchedBecause", 10),
            ("Agreement.warnings", 10),
            ("Commitment.claims", 10),
            ("Commitment.conflicts", 10),
            ("Commitment.timeline", 10),
        ]
        .into_iter()
        .map(|(field, cost)| (field.to_owned(), cost))
        .collect()
    }

    /// Deepest nesting of brackets accepted before the query is parsed: the
    /// parser is recursive, and arguments nest as well as fields.
    pub fn max_nesting(&self) -> usize {
        self.max_depth * 2 + 32
    }

    /// The cost of one resolution of `owner.field`.
    fn weight(&self, owner: &str, field: &str, leaf: bool) -> u64 {
        // Introspection reads the schema in memory; its size is bounded by
        // the node and depth limits.
        if owner.starts_with("__") || field.starts_with("__") {
            return 0;
        }
        if let Some(&cost) = self.field_costs.get(&format!("{owner}.{field}")) {
            return cost;
        }
        // Counted in SQL when asked for.
        if field == "totalCount" {
            return 1;
        }
        // Edges, nodes and page info are built from the page the
        // connection field (which costs) has read.
        if owner.ends_with("Connection") || owner.ends_with("Edge") || owner == "PageInfo" {
            return 0;
        }
        u64::from(!leaf)
    }
}

/// Which shape limit the walk stopped at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    Fields,
    Aliases,
    Depth,
    /// Fragments spread inside fragments, deeper than the depth limit allows.
    Fragments,
}

/// What a document asks for.
#[derive(Debug, Clone, Default)]
pub struct Measure {
    /// Field selections and spreads, fragments expanded, over every operation.
    pub fields: usize,
    pub aliases: usize,
    pub depth: usize,
    /// Set when the walk stopped at a limit: the counts above are then
    /// lower bounds.
    pub exceeded: Option<Exceeded>,
    /// Of the operation that will run.
    pub nodes: u64,
    pub cost: u64,
    pub mutation: bool,
    /// An argument that cannot be coerced (an Int out of range), described.
    pub bad_input: Option<String>,
}

/// What the operation being walked costs.
#[derive(Debug, Clone, Default)]
struct OperationCost {
    nodes: u64,
    cost: u64,
    mutation: bool,
    bad_input: Option<String>,
}

/// Page sizes a field's arguments ask for.
#[derive(Debug, Clone, Copy, Default)]
struct Sizes {
    first: Option<u64>,
    last: Option<u64>,
    ids: Option<u64>,
}

impl Sizes {
    /// A connection's page: the larger of `first` and `last`, as both may be
    /// given.
    fn page(&self) -> u64 {
        match (self.first, self.last) {
            (None, None) => DEFAULT_PAGE as u64,
            (first, last) => first.unwrap_or(0).max(last.unwrap_or(0)),
        }
    }

    /// A plain list's length, when its arguments say it.
    fn list(&self) -> Option<u64> {
        match (self.ids, self.first, self.last) {
            (Some(ids), _, _) => Some(ids),
            (None, None, None) => None,
            _ => Some(self.page()),
        }
    }
}

/// Where in the document the walk is.
#[derive(Debug, Clone, Copy)]
struct Scope<'a> {
    /// The type whose fields are selected; none under a field validation
    /// will refuse.
    ty: Option<&'a str>,
    /// How many times each field here is resolved.
    times: u64,
    /// The page of the connection whose fields these are.
    page: Option<u64>,
    depth: usize,
}

struct Walker<'a> {
    registry: &'a Registry,
    doc: &'a ExecutableDocument,
    limits: &'a QueryLimits,
    /// What the walk reads of the request's variables (see [`view`]).
    variables: HashMap<&'a str, Value>,
    /// And of the defaults of the operation's variables.
    defaults: HashMap<&'a str, Value>,
    /// Fragments being expanded, innermost last.
    fragments: Vec<&'a str>,
    /// Argument sizes by field, so that a fragment spread many times reads
    /// its arguments once.
    sizes: HashMap<usize, Sizes>,
    /// Whether directives skip what they are on, by directive list.
    skips: HashMap<usize, bool>,
    measure: Measure,
    operation: OperationCost,
}

/// Measures `doc`: shape over every operation, cost of the one named
/// `operation` (of the costliest when that is ambiguous). Stops early, with
/// `exceeded` set, at the first shape limit passed.
pub fn measure(
    doc: &ExecutableDocument,
    registry: &Registry,
    variables: &Variables,
    operation: Option<&str>,
    limits: &QueryLimits,
) -> Measure {
    let mut walker = Walker {
        registry,
        doc,
        limits,
        variables: variables
            .iter()
            .map(|(k, v)| (k.as_str(), view(v)))
            .collect(),
        defaults: HashMap::new(),
        fragments: Vec::new(),
        sizes: HashMap::new(),
        skips: HashMap::new(),
        measure: Measure::default(),
        operation: OperationCost::default(),
    };
    let mut chosen: Option<OperationCost> = None;
    for (name, op) in doc.operations.iter() {
        walker.walk_operation(&op.node);
        let cost = std::mem::take(&mut walker.operation);
        let selected = operation.is_none_or(|wanted| name.is_some_and(|n| n.as_str() == wanted));
        if selected && chosen.as_ref().is_none_or(|c| cost.cost >= c.cost) {
            chosen = Some(cost);
        }
        if walker.measure.exceeded.is_some() {
            break;
        }
    }
    let chosen = chosen.unwrap_or_default();
    Measure {
        nodes: chosen.nodes,
        cost: chosen.cost,
        mutation: chosen.mutation,
        bad_input: chosen.bad_input,
        ..walker.measure
    }
}

impl<'a> Walker<'a> {
    fn walk_operation(&mut self, op: &'a OperationDefinition) {
        self.defaults = op
            .variable_definitions
            .iter()
            .filter_map(|d| {
                let default = d.node.default_value.as_ref()?;
                Some((d.node.name.node.as_str(), view(&default.node)))
            })
            .collect();
        self.sizes.clear();
        self.skips.clear();
        self.operation.mutation = op.ty == OperationType::Mutation;
        let root = match op.ty {
            OperationType::Query => Some(self.registry.query_type.as_str()),
            OperationType::Mutation => self.registry.mutation_type.as_deref(),
            OperationType::Subscription => self.registry.subscription_type.as_deref(),
        };
        let scope = Scope {
            ty: root,
            times: 1,
            page: None,
            depth: 0,
        };
        self.walk_set(&op.selection_set.node, scope);
    }

    fn walk_set(&mut self, set: &'a SelectionSet, scope: Scope<'a>) {
        for item in &set.items {
            if self.measure.exceeded.is_some() {
                return;
            }
            match &item.node {
                Selection::Field(field) => self.walk_field(&field.node, scope),
                Selection::InlineFragment(inline) => {
                    let inline = &inline.node;
                    let times = self.unless_skipped(&inline.directives, scope.times);
                    let ty = inline.type_condition.as_ref();
                    let ty = ty.map(|c| c.node.on.node.as_str()).or(scope.ty);
                    self.walk_set(&inline.selection_set.node, Scope { ty, times, ..scope });
                }
                Selection::FragmentSpread(spread) => self.walk_spread(&spread.node, scope),
            }
        }
    }

    fn walk_spread(&mut self, spread: &'a FragmentSpread, scope: Scope<'a>) {
        if !self.count(false, scope.depth) {
            return;
        }
        let times = self.unless_skipped(&spread.directives, scope.times);
        let name = spread.fragment_name.node.as_str();
        // A cycle: validation refuses it, the walk must only not loop.
        if self.fragments.contains(&name) {
            return;
        }
        let Some(fragment) = self.doc.fragments.get(name) else {
            return;
        };
        if self.fragments.len() >= self.limits.max_depth * 2 {
            self.measure.exceeded = Some(Exceeded::Fragments);
            return;
        }
        let ty = Some(fragment.node.type_condition.node.on.node.as_str());
        self.fragments.push(name);
        self.walk_set(
            &fragment.node.selection_set.node,
            Scope { ty, times, ..scope },
        );
        self.fragments.pop();
    }

    /// Counts one selection at `depth`; false once a shape limit is passed.
    fn count(&mut self, alias: bool, depth: usize) -> bool {
        let m = &mut self.measure;
        m.fields += 1;
        m.aliases += usize::from(alias);
        m.depth = m.depth.max(depth);
        m.exceeded = if m.fields > self.limits.max_fields {
            Some(Exceeded::Fields)
        } else if m.aliases > self.limits.max_aliases {
            Some(Exceeded::Aliases)
        } else if m.depth > self.limits.max_depth {
            Some(Exceeded::Depth)
        } else {
            None
        };
        m.exceeded.is_none()
    }

    fn walk_field(&mut self, field: &'a Field, mut scope: Scope<'a>) {
        let depth = scope.depth + 1;
        if !self.count(field.alias.is_some(), depth) {
            return;
        }
        scope.times = self.unless_skipped(&field.directives, scope.times);
        let name = field.name.node.as_str();
        let owner = scope.ty.unwrap_or_default();
        let meta = self.registry.types.get(owner);
        let Some(def) = meta.and_then(|t| t.field_by_name(name)) else {
            // `__typename`, or a field validation will refuse: only its shape counts.
            let inner = Scope {
                ty: None,
                depth,
                ..scope
            };
            return self.walk_set(&field.selection_set.node, inner);
        };
        let ty = MetaTypeName::concrete_typename(&def.ty);
        let leaf = self.registry.types.get(ty).is_none_or(MetaType::is_leaf);
        let sizes = self.sizes_of(field, def, owner);
        let weight = self.limits.weight(owner, name, leaf);
        let op = &mut self.operation;
        op.cost = op.cost.saturating_add(scope.times.saturating_mul(weight));
        if leaf {
            return;
        }
        let mut inner = Scope {
            ty: Some(ty),
            times: scope.times,
            page: None,
            depth,
        };
        if MetaTypeName::create(&def.ty).is_list() {
            let size = if owner.ends_with("Connection") && matches!(name, "edges" | "nodes") {
                scope.page.unwrap_or(DEFAULT_PAGE as u64)
            } else {
                sizes.list().unwrap_or(self.limits.list_size)
            };
            inner.times = scope.times.saturating_mul(size);
            op.nodes = op.nodes.saturating_add(inner.times);
        } else if ty.ends_with("Connection") {
            inner.page = Some(sizes.page());
        }
        self.walk_set(&field.selection_set.node, inner);
    }

    /// `times`, or 0 under `@skip(if: true)` or `@include(if: false)`:
    /// nothing there runs, but its shape still counts, as validation walks it.
    fn unless_skipped(&mut self, directives: &[Positioned<Directive>], times: u64) -> u64 {
        if directives.is_empty() {
            return times;
        }
        // Read once per place in the document, however often it is spread.
        let key = directives.as_ptr() as usize;
        let skipped = match self.skips.get(&key) {
            Some(&skipped) => skipped,
            None => {
                let skipped = self.skip(directives);
                self.skips.insert(key, skipped);
                skipped
            }
        };
        if skipped {
            0
        } else {
            times
        }
    }

    fn skip(&self, directives: &[Positioned<Directive>]) -> bool {
        directives.iter().any(|d| {
            let flag = d.node.get_argument("if").map(|v| resolve!(self, v.node));
            matches!(
                (d.node.name.node.as_str(), flag),
                ("skip", Some(Value::Boolean(true))) | ("include", Some(Value::Boolean(false)))
            )
        })
    }

    /// The value of variable `name`: the request's, else its default, else null.
    fn variable(&self, name: &Name) -> Value {
        let value = self.variables.get(name.as_str());
        let value = value.or_else(|| self.defaults.get(name.as_str()));
        value.cloned().unwrap_or(Value::Null)
    }

    /// The page sizes `field` asks for; notes the first argument out of range.
    fn sizes_of(&mut self, field: &'a Field, def: &'a MetaField, owner: &str) -> Sizes {
        let key = field as *const Field as usize;
        if let Some(sizes) = self.sizes.get(&key) {
            return *sizes;
        }
        let mut sizes = Sizes::default();
        for (name, meta) in &def.args {
            let Some(value) = self.argument(field, name, meta) else {
                continue;
            };
            if self.operation.bad_input.is_none() {
                self.operation.bad_input = int_out_of_range(&value, &meta.ty, self.registry, name)
                    .map(|problem| {
                        format!(
                            "{problem}, in argument \"{name}\" of {owner}.{}",
                            field.name.node
                        )
                    });
            }
            let count = match &value {
                Value::Number(n) => n.as_u64().or(n.as_i64().map(|_| 0)),
                Value::List(items) => Some(items.len() as u64),
                _ => None,
            };
            match name.as_str() {
                "first" => sizes.first = count,
                "last" => sizes.last = count,
                "ids" => sizes.ids = count,
                _ => {}
            }
        }
        self.sizes.insert(key, sizes);
        sizes
    }

    /// The value of an argument that sizes a list or holds an Int, with its
    /// variables filled in; others are not read (they may be long strings).
    fn argument(&self, field: &Field, name: &str, meta: &MetaInputValue) -> Option<Value> {
        let ty = MetaTypeName::concrete_typename(&meta.ty);
        let input_object = matches!(
            self.registry.types.get(ty),
            Some(MetaType::InputObject { .. })
        );
        if !(matches!(name, "first" | "last" | "ids") || ty == "Int" || input_object) {
            return None;
        }
        match field.get_argument(name) {
            Some(value) => Some(resolve!(self, value.node)),
            None => {
                let default = meta.default_value.as_deref()?.parse::<i64>().ok()?;
                Some(Value::Number(Number::from(default)))
            }
        }
    }
}

/// Most values [`view`] keeps of one variable.
const VIEW_VALUES: usize = 1_000;

/// What the walk reads of a variable: its numbers, booleans and enums, and
/// the shape of its lists and objects, but not its strings, and at most
/// [`VIEW_VALUES`] values in all. A variable is read once for every field
/// that names it, and may be megabytes long.
fn view(value: &Value) -> Value {
    let mut budget = VIEW_VALUES;
    view_within(value, &mut budget)
}

fn view_within(value: &Value, budget: &mut usize) -> Value {
    *budget = budget.saturating_sub(1);
    match value {
        Value::String(_) | Value::Binary(_) => Value::Null,
        Value::List(items) => Value::List(
            items
                .iter()
                .take(*budget)
                .map(|item| view_within(item, budget))
                .collect(),
        ),
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .take(*budget)
                .map(|(key, item)| (key.clone(), view_within(item, budget)))
                .collect(),
        ),
        scalar => scalar.clone(),
    }
}

/// An integer, but not one of 32 bits.
fn is_wide_integer(n: &Number) -> bool {
    (n.is_i64() || n.is_u64()) && n.as_i64().and_then(|i| i32::try_from(i).ok()).is_none()
}

/// Where `value`, given for type `ty`, holds an integer no Int can hold
/// (GraphQL's Int is 32 bits): `path: value is out of range ...`.
fn int_out_of_range(value: &Value, ty: &str, registry: &Registry, path: &str) -> Option<String> {
    match MetaTypeName::create(ty) {
        MetaTypeName::NonNull(inner) => int_out_of_range(value, inner, registry, path),
        MetaTypeName::List(inner) => match value {
            Value::List(items) => items
                .iter()
                .find_map(|item| int_out_of_range(item, inner, registry, path)),
            single => int_out_of_range(single, inner, registry, path),
        },
        MetaTypeName::Named("Int") => match value {
            Value::Number(n) if is_wide_integer(n) => Some(format!(
                "{path}: {n} is out of range for an Int, which is from {} to {}",
                i32::MIN,
                i32::MAX
            )),
            _ => None,
        },
        MetaTypeName::Named(name) => match (registry.types.get(name), value) {
            (Some(MetaType::InputObject { input_fields, .. }), Value::Object(fields)) => {
                fields.iter().find_map(|(key, item)| {
                    let field = input_fields.get(key.as_str())?;
                    int_out_of_range(item, &field.ty, registry, &format!("{path}.{key}"))
                })
            }
            _ => None,
        },
    }
}

/// Longest field or argument name looked up: validation compares an
/// unknown name with every known one, in time proportional to its length.
pub const MAX_NAME: usize = 128;

/// What a document spells out, fragments not expanded: what parsing and
/// validation go through whatever runs.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    /// Field selections and fragment spreads.
    pub fields: usize,
    pub aliases: usize,
    /// The first field or argument name longer than [`MAX_NAME`].
    pub long_name: Option<String>,
}

impl Tally {
    fn name(&mut self, name: &str) {
        if name.len() > MAX_NAME && self.long_name.is_none() {
            self.long_name = Some(name.to_owned());
        }
    }
}

/// Counts the selections of every operation and fragment of `doc`.
pub fn tally(doc: &ExecutableDocument) -> Tally {
    let mut tally = Tally::default();
    let operations = doc.operations.iter().map(|(_, op)| &op.node.selection_set);
    let fragments = doc.fragments.values().map(|f| &f.node.selection_set);
    for set in operations.chain(fragments) {
        tally_set(&set.node, &mut tally);
    }
    tally
}

fn tally_set(set: &SelectionSet, tally: &mut Tally) {
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => {
                let field = &field.node;
                tally.fields += 1;
                tally.aliases += usize::from(field.alias.is_some());
                tally.name(&field.name.node);
                for (name, _) in &field.arguments {
                    tally.name(&name.node);
                }
                tally_set(&field.selection_set.node, tally);
            }
            Selection::FragmentSpread(_) => tally.fields += 1,
            Selection::InlineFragment(inline) => tally_set(&inline.node.selection_set.node, tally),
        }
    }
}

/// How deep brackets nest in `query`, outside strings and comments, counted
/// up to `limit + 1`: a pre-parse guard, as the parser recurses per level.
pub fn nesting(query: &str, limit: usize) -> usize {
    let bytes = query.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() && deepest <= limit {
        match bytes[i] {
            b'#' => i = find(bytes, i, b"\n"),
            b'"' if bytes[i..].starts_with(b"\"\"\"") => i = block_string_end(bytes, i + 3),
            b'"' => i = string_end(bytes, i + 1),
            b'{' | b'[' | b'(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

/// Index of `needle` at or after `from`, or the end.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> usize {
    bytes[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map_or(bytes.len(), |p| from + p)
}

/// Index of the quote closing a string whose content starts at `from`.
fn string_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
        i += if bytes[i] == b'\\' { 2 } else { 1 };
    }
    i
}

/// Index of the last quote closing a block string whose content starts at
/// `from` (`\"""` is an escaped delimiter).
fn block_string_end(bytes: &[u8], mut i: usize) -> usize {
    loop {
        i = find(bytes, i, b"\"\"\"");
        if i >= bytes.len() || i == 0 || bytes[i - 1] != b'\\' {
            return (i + 2).min(bytes.len());
        }
        i += 3;
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_skips_strings_and_comments() {
        assert_eq!(nesting("{ a { b(x: [1, {c: 2}]) } }", 100), 5);
        assert_eq!(nesting(r#"{ a(s: "{{{{\"{{") }"#, 100), 2);
        assert_eq!(nesting("{ a(s: \"\"\"{{{ \\\"\"\" {{\"\"\") }", 100), 2);
        assert_eq!(nesting("{ # {{{{\n a }", 100), 1);
        assert_eq!(nesting(&"{".repeat(1_000_000), 64), 65);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_010_100), "1,010,100");
    }

    #[test]
    fn only_integers_wider_than_32_bits_are_refused() {
        assert!(is_wide_integer(&Number::from(9_999_999_999i64)));
        assert!(is_wide_integer(&Number::from(u64::MAX)));
        assert!(is_wide_integer(&Number::from(i64::from(i32::MIN) - 1)));
        assert!(!is_wide_integer(&Number::from(i32::MAX)));
        assert!(!is_wide_integer(&Number::from_f64(2.5).unwrap()));
    }
}
