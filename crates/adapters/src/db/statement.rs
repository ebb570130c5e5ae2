//! Statement wrappers: a statement of any type, boxed; a statement whose
//! prepared form may be cached.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel_async::{AsyncConnectionCore, RunQueryDsl};

use crate::db::errors::StoreError;

/// A boxed statement, so that statements of different types can go to the
/// database in one call, in order (on PostgreSQL, pipelined). It has no
/// static query id: when the boxed statement may be cached (see
/// [`Cacheable`]), its prepared statement is cached by its SQL text.
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

    // The boxed statement decides (a [`Cacheable`] one says yes).
    fn is_safe_to_cache_prepared(&self, backend: &DB) -> QueryResult<bool> {
        (*self.0).is_safe_to_cache_prepared(backend)
    }
}

impl<DB: Backend> QueryId for DynStatement<'_, DB> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

/// A statement whose SQL takes one form, or a few, so that its prepared
/// statement can be cached per connection and reused (keyed by its static
/// query id when it has one, else by its SQL text).
///
/// Diesel prepares anew on every execution each `sql_query`, every
/// `ON CONFLICT … DO UPDATE`, every `UPDATE` and every `INSERT` of
/// `Insertable` values, because such SQL *may* vary without bound (a
/// `None` written as `DEFAULT`, a changeset that skips a field). On
/// PostgreSQL that is a Parse and a plan per statement per batch; on
/// MariaDB a `COM_STMT_PREPARE` round trip and a `COM_STMT_CLOSE`. The
/// statements wrapped here have fixed SQL: their values are bound (row
/// structs write `None` as NULL, not `DEFAULT`), their shape is constant.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cacheable<Q>(pub(crate) Q);

impl<Q: QueryFragment<DB>, DB: Backend> QueryFragment<DB> for Cacheable<Q> {
    fn walk_ast<'b>(&'b self, pass: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(pass)
    }

    fn is_safe_to_cache_prepared(&self, _backend: &DB) -> QueryResult<bool> {
        Ok(true)
    }
}

impl<Q: QueryId> QueryId for Cacheable<Q> {
    type QueryId = Q::QueryId;
    const HAS_STATIC_QUERY_ID: bool = Q::HAS_STATIC_QUERY_ID;
}

impl<Q: Query> Query for Cacheable<Q> {
    type SqlType = Q::SqlType;
}

/// `values` for an `IN` list, the last repeated up to the next power of
/// two: the list then has one of a few lengths, so a [`Cacheable`]
/// statement holding it is prepared once per length and connection instead
/// of once per call (on MariaDB a round trip each). A repeated value
/// changes no result of `IN`.
pub(crate) fn padded_in_list(values: &[String]) -> Vec<&str> {
    let mut padded: Vec<&str> = values.iter().map(String::as_str).collect();
    if let Some(&last) = padded.last() {
        padded.resize(padded.len().next_power_of_two(), last);
    }
    padded
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

#[cfg(test)]
mod tests {
    use super::padded_in_list;

    #[test]
    fn in_lists_are_padded_to_a_power_of_two_with_the_last_value() {
        let values = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>();
        assert!(padded_in_list(&[]).is_empty());
        assert_eq!(padded_in_list(&values(1)), ["0"]);
        assert_eq!(padded_in_list(&values(3)), ["0", "1", "2", "2"]);
        for n in 1..=300 {
            let given = values(n);
            let padded = padded_in_list(&given);
            assert!(padded.len().is_power_of_two() && padded.len() < 2 * n);
            assert_eq!(
                padded[..n],
                given.iter().map(String::as_str).collect::<Vec<_>>()[..]
            );
            assert!(padded[n..].iter().all(|v| *v == given[n - 1]));
        }
    }
}
