//! Tests of `schema_guard`.

use super::*;

fn status(levels: &[(&str, &str)], unknown: &[&str]) -> SchemaStatus {
    SchemaStatus {
        applied: vec![],
        pending: vec![],
        unknown: unknown.iter().map(|s| (*s).to_owned()).collect(),
        levels: levels
            .iter()
            .map(|(m, v)| ((*m).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

#[test]
fn versions_compare_numerically() {
    assert_eq!(compare_versions("0.10.0", "0.9.9"), Ordering::Greater);
    assert_eq!(compare_versions("1.2", "1.2.0"), Ordering::Equal);
    assert_eq!(compare_versions("1.2.3-rc.1", "1.2.3"), Ordering::Equal);
    assert_eq!(compare_versions("0.1.0", "2.0.0"), Ordering::Less);
}

#[test]
fn a_level_above_the_binary_is_refused_naming_the_version() {
    let s = status(&[("1", "0.1.0"), ("2", "0.3.0")], &["2"]);
    let err = check_level(&s, "0.2.5").unwrap_err().to_string();
    assert!(err.contains("needs docnum 0.3.0 or newer"), "{err}");
    assert!(err.contains("this is docnum 0.2.5"), "{err}");
    assert!(check_level(&s, "0.3.0").is_ok());
    assert!(check_level(&s, "0.4.1").is_ok());
}

#[test]
fn an_unknown_migration_without_a_level_is_refused() {
    let s = status(&[("1", "0.1.0")], &["2"]);
    let err = check_level(&s, "9.0.0").unwrap_err().to_string();
    assert!(err.contains("state no compatibility level"), "{err}");
    // A newer migration with a level this binary meets is fine.
    assert!(check_level(&status(&[("2", "0.1.0")], &["2"]), "0.1.0").is_ok());
}

#[test]
fn classify_sorts_applied_pending_and_unknown() {
    let known = vec![
        ("1".to_owned(), "1_init".to_owned()),
        ("2".to_owned(), "2_more".to_owned()),
    ];
    let raw = Raw {
        applied: Some(vec!["1".into(), "9".into()]),
        levels: vec![],
    };
    let s = classify(known.clone(), raw);
    assert_eq!(s.applied, ["1_init"]);
    assert_eq!(s.pending, ["2_more"]);
    assert_eq!(s.unknown, ["9"]);
    let fresh = classify(known, Raw::default());
    assert_eq!(fresh.pending, ["1_init", "2_more"]);
    assert!(!fresh.is_current());
}

#[test]
fn permission_errors_are_recognised() {
    for m in [
        "permission denied for schema public",
        "CREATE command denied to user 'docnum_app'@'localhost' for table '__diesel_schema_migrations'",
        "attempt to write a readonly database",
    ] {
        assert!(is_permission_error(m), "{m}");
    }
    assert!(!is_permission_error("syntax error at or near"));
}

/// Every migration of every dialect states its compatibility level:
/// its `up.sql` writes its own row into `docnum_schema_compat`.
#[test]
fn every_migration_writes_its_compatibility_level() {
    for dialect in [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql] {
        let dir = match dialect {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
            Dialect::Mysql => "mysql",
        };
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../migrations")
            .join(dir);
        let compat_sql: String = known(dialect)
            .unwrap()
            .iter()
            .map(|(_, name)| std::fs::read_to_string(root.join(name).join("up.sql")).unwrap())
            .collect();
        for (version, name) in known(dialect).unwrap() {
            assert!(
                compat_sql.contains(&format!("('{version}',")),
                "{dir}/{name}: no row ('{version}', '<min docnum version>') in docnum_schema_compat"
            );
        }
    }
}
