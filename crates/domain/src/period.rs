//! The year and month a number belongs to, and its calendar renderings.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone as _, Utc};

use crate::error::DomainError;
use crate::error_reason::{FormatReason, ValueReason};

/// Years between the Gregorian and the Buddhist era (2025 CE = 2568 BE).
pub const BUDDHIST_OFFSET: i32 = 543;

/// The calendar a year token is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Era {
    /// Anno Domini / Common Era.
    Gregorian,
    /// Buddhist Era (Thai calendar): Gregorian + 543.
    Buddhist,
}

impl Era {
    /// The year `gregorian_year` expressed in this era.
    pub fn year(self, gregorian_year: i32) -> i32 {
        match self {
            Self::Gregorian => gregorian_year,
            Self::Buddhist => gregorian_year + BUDDHIST_OFFSET,
        }
    }

    /// The Gregorian year of `era_year` written in this era.
    pub fn to_gregorian(self, era_year: i32) -> i32 {
        match self {
            Self::Gregorian => era_year,
            Self::Buddhist => era_year - BUDDHIST_OFFSET,
        }
    }
}

/// A (Gregorian) year and month. Fixed at reserve time, never recomputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: i32,
    month: u32,
}

impl Period {
    /// A period from its parts; the year must render in four digits in both eras.
    pub fn new(year: i32, month: u32) -> Result<Self, DomainError> {
        if !(1000..=9999 - BUDDHIST_OFFSET).contains(&year) {
            return Err(DomainError::value(
                "year",
                ValueReason::YearOutOfRange {
                    year,
                    min: 1000,
                    max: 9999 - BUDDHIST_OFFSET,
                },
            ));
        }
        if !(1..=12).contains(&month) {
            return Err(DomainError::value(
                "month",
                ValueReason::NotAMonth { month },
            ));
        }
        Ok(Self { year, month })
    }

    /// The period of `instant` as seen in `tz`.
    pub fn of_instant(instant: DateTime<Utc>, tz: SeriesTimeZone) -> Result<Self, DomainError> {
        Self::of_date(instant.with_timezone(&tz.0).date_naive())
    }

    /// The period containing `date`.
    pub fn of_date(date: NaiveDate) -> Result<Self, DomainError> {
        Self::new(date.year(), date.month())
    }

    /// The Gregorian year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1-12.
    pub fn month(self) -> u32 {
        self.month
    }
}

/// An IANA time zone, e.g. `Asia/Bangkok`, used to decide a number's period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SeriesTimeZone(chrono_tz::Tz);

impl SeriesTimeZone {
    /// Parses an IANA zone name.
    pub fn new(name: &str) -> Result<Self, DomainError> {
        name.parse::<chrono_tz::Tz>().map(Self).map_err(|_| {
            DomainError::format(
                "time_zone",
                FormatReason::UnknownTimeZone {
                    value: name.to_owned(),
                },
            )
        })
    }

    /// The zone's IANA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// Today's date in this zone at `instant`.
    pub fn date_of(self, instant: DateTime<Utc>) -> NaiveDate {
        instant.with_timezone(&self.0).date_naive()
    }

    /// The instant a wall-clock time in this zone stands for: the earlier
    /// one when the clock was turned back, `None` for a time skipped when
    /// the clock was turned forward.
    pub fn instant_of(self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        self.0
            .from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    }
}

impl Default for SeriesTimeZone {
    fn default() -> Self {
        Self(chrono_tz::UTC)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn bangkok_new_year_boundary() {
        let bkk = SeriesTimeZone::new("Asia/Bangkok").unwrap();
        let last = Period::of_instant(at("2025-12-31T16:59:59Z"), bkk).unwrap();
        assert_eq!((last.year(), last.month()), (2025, 12));
        assert_eq!(Era::Buddhist.year(last.year()), 2568);
        let first = Period::of_instant(at("2025-12-31T17:00:00Z"), bkk).unwrap();
        assert_eq!((first.year(), first.month()), (2026, 1));
        assert_eq!(Era::Buddhist.year(first.year()), 2569);
    }

    #[test]
    fn wall_clock_times_become_instants() {
        let bkk = SeriesTimeZone::new("Asia/Bangkok").unwrap();
        let local = "2025-01-01T00:30:00".parse().unwrap();
        assert_eq!(bkk.instant_of(local), Some(at("2024-12-31T17:30:00Z")));
        let berlin = SeriesTimeZone::new("Europe/Berlin").unwrap();
        // 02:30 on the last Sunday of March does not exist in Berlin.
        assert_eq!(
            berlin.instant_of("2025-03-30T02:30:00".parse().unwrap()),
            None
        );
    }

    #[test]
    fn unknown_zone_is_rejected() {
        assert_eq!(
            SeriesTimeZone::new("Mars/Olympus")
                .unwrap_err()
                .code()
                .as_str(),
            "NB006"
        );
        assert_eq!(SeriesTimeZone::default().name(), "UTC");
    }
}
