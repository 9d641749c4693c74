use async_graphql::{Context, Result};

use super::person::{posts, Post};
use super::{Agreement, Commitment};
use crate::graphql::common::{self, nested};
use crate::graphql::paging::{List, PageArgs};
use crate::store::read::{AgreementsOf, CommitmentsOf, Direction};

/// The agreements `node` is party to, paged, latest first.
pub(crate) async fn party_to(
    ctx: &Context<'_>,
    node: i64,
    args: PageArgs,
) -> Result<List<Agreement>> {
    nested(ctx, AgreementsOf::Party, node, args, Agreement).await
}

entity_object!(
    /// A ministry or ministerial department.
    Ministry {
        /// Its ministers, with their title and when the sources name them.
        async fn ministers(&self, ctx: &Context<'_>) -> Result<Vec<Post>> {
            posts(ctx, Direction::In, &["minister_of"], &self.0).await
        }

        /// Agreements it is party to, latest first.
        async fn agreements(
            &self,
            ctx: &Context<'_>,
            after: Option<String>,
            before: Option<String>,
            first: Option<i32>,
            last: Option<i32>,
        ) -> Result<List<Agreement>> {
            party_to(ctx, self.0.id, PageArgs::new(after, before, first, last)?).await
        }

        /// Commitments made under its agreements.
        async fn commitments(
            &self,
            ctx: &Context<'_>,
            after: Option<String>,
            before: Option<String>,
            first: Option<i32>,
            last: Option<i32>,
        ) -> Result<List<Commitment>> {
            let args = PageArgs::new(after, before, first, last)?;
            nested(ctx, CommitmentsOf::Party, self.0.id, args, Commitment).await
        }

        /// Jobs promised in the commitments under its agreements.
        async fn total_jobs(&self, ctx: &Context<'_>) -> Result<i64> {
            Ok(common::totals(ctx, CommitmentsOf::Party, self.0.id).await?.jobs)
        }
    }
);

entity_object!(
    /// A public body other than a ministry: investment agency, regional
    /// investment centre, commission, zone authority.
    Agency {
        /// The people who head it.
        async fn heads(&self, ctx: &Context<'_>) -> Result<Vec<Post>> {
            posts(ctx, Direction::In, &["heads"], &self.0).await
        }

        async fn agreements(
            &self,
            ctx: &Context<'_>,
            after: Option<String>,
            before: Option<String>,
            first: Option<i32>,
            last: Option<i32>,
        ) -> Result<List<Agreement>> {
            party_to(ctx, self.0.id, PageArgs::new(after, before, first, last)?).await
        }
    }
);

entity_object!(
    /// A federation, association or chamber.
    Organization {
        /// The people who head it.
        async fn heads(&self, ctx: &Context<'_>) -> Result<Vec<Post>> {
            posts(ctx, Direction::In, &["heads"], &self.0).await
        }

        async fn agreements(
            &self,
            ctx: &Context<'_>,
            after: Option<String>,
            before: Option<String>,
            first: Option<i32>,
            last: Option<i32>,
        ) -> Result<List<Agreement>> {
            party_to(ctx, self.0.id, PageArgs::new(after, before, first, last)?).await
        }
    }
);
