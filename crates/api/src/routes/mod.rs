//! The endpoints, one file per group, assembled into one OpenAPI router.

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::BASE_PATH;
use crate::state::AppState;

mod audit;
mod health;
mod manual;
mod numbers;
mod reserve;
mod series;
mod status;
mod void;

pub(crate) use health::{ReadinessCache, metrics_answer};

/// Every route with its OpenAPI operation; the numbering API under
/// [`BASE_PATH`], the probes and metrics at the root.
pub(crate) fn routes() -> OpenApiRouter<AppState> {
    let numbering = OpenApiRouter::default()
        .routes(routes!(reserve::reserve_number))
        .routes(routes!(reserve::confirm_reservation))
        .routes(routes!(reserve::cancel_reservation))
        .routes(routes!(reserve::preview_number))
        .routes(routes!(manual::register_manual_number))
        .routes(routes!(void::void_number))
        .routes(routes!(numbers::get_number))
        .routes(routes!(series::list_series, series::create_series))
        .routes(routes!(series::get_series, series::update_series))
        .routes(routes!(series::get_series_history))
        .routes(routes!(series::preview_template))
        .routes(routes!(status::list_series_status))
        .routes(routes!(status::get_series_status))
        .routes(routes!(audit::list_audit_entries));
    OpenApiRouter::default()
        .nest(BASE_PATH, numbering)
        .routes(routes!(health::check_health))
        .routes(routes!(health::check_readiness))
        .routes(routes!(health::get_metrics))
}
