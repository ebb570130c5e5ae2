//! A statement of any type, boxed.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel_async::{AsyncConnectionCore, RunQueryDsl};

use crate::db::errors::StoreError;

/// A boxed statement, so that statements of different types can go to the
/// database in one call, in order (on PostgreSQL, pipelined). It has no
/// static query id: a prepared statement is cached by its SQL text.
pub(crate) struct DynStatement<'a, DB: Backend>(Box<dyn QueryFragment<DB> + Send + 'a>);

impl<'a, DB: Backend> DynStatement<'a, DB> {
    /// Boxes `statement`.
    pub(crate) fn new(statement: impl QueryFragment<DB> + Send + 'a) -> Self {
        Self(Box::new(statement))
    }
}

impl<DB: Backend> QueryFragment<DB> for DynStatement<'_, DB> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }
}

impl<DB: Backend> QueryId for DynStatement<'_, DB> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

/// Runs the statements one after the other; the number of rows each
/// changed. (PostgreSQL pipelines them instead, in its own module.)
pub(crate) async fn execute_in_turn<C>(
    conn: &mut C,
    statements: Vec<DynStatement<'_, C::Backend>>,
) -> Result<Vec<usize>, StoreError>
where
    C: AsyncConnectionCore,
{
    let mut changed = Vec::with_capacity(statements.len());
    for statement in statements {
        changed.push(statement.execute(conn).await?);
    }
    Ok(changed)
}
