//! The tables, as Diesel sees them. One schema for every dialect: the
//! migrations of each dialect create these columns with these meanings
//! (timestamps are microseconds since the Unix epoch, UTC; JSON is text).

diesel::table! {
    /// Numbering configurations, one row per document type.
    series (document_type) {
        /// The key.
        document_type -> Text,
        /// The template text.
        template -> Text,
        /// The scope spec as JSON.
        scope_json -> Text,
        /// Whether manual override is allowed.
        allow_manual_override -> Bool,
        /// Highest sequence value.
        max_value -> BigInt,
        /// Longest rendered number.
        max_length -> Integer,
        /// IANA zone.
        time_zone -> Text,
        /// Uniqueness domain of rendered numbers.
        namespace -> Text,
        /// Back-dating window in days.
        backdate_days -> Integer,
        /// Free JSON.
        metadata_json -> Text,
        /// What context dimensions may hold (JSON), NULL when nothing is declared.
        values_json -> Nullable<Text>,
        /// Incremented by every update.
        version -> BigInt,
        /// Creation instant (µs).
        created_at -> BigInt,
        /// Last change (µs).
        updated_at -> BigInt,
    }
}

diesel::table! {
    /// Every change of a series' configuration.
    series_history (id) {
        /// Storage order.
        id -> BigInt,
        /// The series.
        document_type -> Text,
        /// The configuration before (JSON), NULL at creation.
        before_json -> Nullable<Text>,
        /// The configuration after (JSON).
        after_json -> Text,
        /// Who.
        changed_by -> Text,
        /// Why.
        reason -> Text,
        /// When (µs).
        changed_at -> BigInt,
    }
}

diesel::table! {
    /// One row per counter: the last value handed out.
    counters (counter_key) {
        /// The canonical counter key.
        counter_key -> Text,
        /// The series.
        document_type -> Text,
        /// The last value handed out (0 = none yet).
        current_value -> BigInt,
        /// Creation instant (µs).
        created_at -> BigInt,
        /// Last change (µs).
        updated_at -> BigInt,
    }
}

diesel::table! {
    /// The registry of issued numbers.
    issued_numbers (id) {
        /// Storage order.
        id -> BigInt,
        /// The reservation token (UUID text).
        token -> Text,
        /// The series.
        document_type -> Text,
        /// The uniqueness domain.
        namespace -> Text,
        /// The rendered number.
        document_number -> Text,
        /// Its compatibility form (NFKC), unique in the namespace; NULL
        /// until the `number_keys` step has filled a row an older docnum
        /// wrote; the number itself for a look-alike an admin kept.
        number_key -> Nullable<Text>,
        /// The counter it came from.
        counter_key -> Nullable<Text>,
        /// Its sequence value.
        seq_value -> Nullable<BigInt>,
        /// RESERVED, CONFIRMED, CANCELLED, EXPIRED, VOIDED.
        state -> Text,
        /// RESERVE, MANUAL, IMPORT, REPLACEMENT.
        source -> Text,
        /// The context (JSON object of strings).
        context_json -> Text,
        /// Caller metadata (JSON).
        metadata_json -> Text,
        /// The template it was rendered with.
        template -> Text,
        /// The caller's document id.
        document_ref -> Nullable<Text>,
        /// When it left the counter (µs).
        issued_at -> BigInt,
        /// When an unconfirmed reservation lapses (µs).
        expires_at -> Nullable<BigInt>,
        /// When it was confirmed (µs).
        confirmed_at -> Nullable<BigInt>,
        /// When it was cancelled, expired or voided (µs).
        closed_at -> Nullable<BigInt>,
        /// Who issued it.
        issued_by -> Text,
        /// Why it was cancelled, voided or registered by hand.
        reason -> Nullable<Text>,
        /// The number this one replaces.
        replaces -> Nullable<Text>,
        /// The number that replaced this one.
        replaced_by -> Nullable<Text>,
        /// The user who sent the idempotency key.
        idempotency_user -> Nullable<Text>,
        /// The idempotency key.
        idempotency_key -> Nullable<Text>,
        /// Canonical text of the request that claimed the key.
        request_fingerprint -> Nullable<Text>,
    }
}

diesel::table! {
    /// The append-only audit log.
    audit_log (id) {
        /// Storage order.
        id -> BigInt,
        /// When (µs).
        occurred_at -> BigInt,
        /// RESERVE, CONFIRM, …
        operation -> Text,
        /// The series.
        document_type -> Text,
        /// The number concerned.
        document_number -> Nullable<Text>,
        /// The counter concerned.
        counter_key -> Nullable<Text>,
        /// The template in force.
        template -> Nullable<Text>,
        /// Value or state before.
        old_value -> Nullable<Text>,
        /// Value or state after.
        new_value -> Nullable<Text>,
        /// Who.
        user_id -> Text,
        /// From where.
        ip -> Nullable<Text>,
        /// With what client.
        user_agent -> Nullable<Text>,
        /// Milliseconds the operation had taken.
        duration_ms -> BigInt,
        /// Whether the lock fell back to database-only.
        fallback_used -> Bool,
        /// Anything else (JSON).
        metadata_json -> Text,
    }
}

diesel::table! {
    /// Data steps a migration left for docnum to finish in Rust.
    docnum_pending_steps (step) {
        /// The step's name (`number_keys`).
        step -> Text,
    }
}

diesel::joinable!(series_history -> series (document_type));
diesel::joinable!(counters -> series (document_type));
diesel::joinable!(issued_numbers -> series (document_type));

diesel::allow_tables_to_appear_in_same_query!(
    series,
    series_history,
    counters,
    issued_numbers,
    audit_log,
    docnum_pending_steps,
);
