//! The periods figures cover: whole days, both ends counted, and the ones
//! triage cycles through.

use chrono::{Datelike, Days, Months, NaiveDate};

/// The days a KPI covers, both ends counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The calendar month of `as_of`, from the 1st up to it.
    pub fn month_to(as_of: NaiveDate) -> Period {
        Period { from: first_of_month(as_of), to: as_of }
    }

    /// The `months` whole calendar months before the month of `today`.
    pub fn full_months_before(today: NaiveDate, months: u32) -> Period {
        let this_month = first_of_month(today);
        let to = this_month.pred_opt().unwrap_or(this_month);
        let from = this_month.checked_sub_months(Months::new(months.max(1))).unwrap_or(to);
        Period { from, to }
    }

    /// Days in the period, both ends counted.
    pub fn days(self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The day before the period: its opening balance is taken then.
    pub fn eve(self) -> NaiveDate {
        self.from.checked_sub_days(Days::new(1)).unwrap_or(self.from)
    }
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The periods the triage screen cycles through.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PeriodChoice {
    /// The last whole calendar month: the headline, whatever day it is.
    #[default]
    LastMonth,
    /// The last three whole calendar months.
    LastThreeMonths,
    /// From the 1st of this month to today.
    MonthToDate,
}

impl PeriodChoice {
    pub const ALL: [PeriodChoice; 3] =
        [PeriodChoice::LastMonth, PeriodChoice::LastThreeMonths, PeriodChoice::MonthToDate];

    pub fn period(self, today: NaiveDate) -> Period {
        match self {
            PeriodChoice::LastMonth => Period::full_months_before(today, 1),
            PeriodChoice::LastThreeMonths => Period::full_months_before(today, 3),
            PeriodChoice::MonthToDate => Period::month_to(today),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PeriodChoice::LastMonth => "last full month",
            PeriodChoice::LastThreeMonths => "last 3 full months",
            PeriodChoice::MonthToDate => "month to date",
        }
    }

    pub fn next(self) -> PeriodChoice {
        let i = PeriodChoice::ALL.iter().position(|c| *c == self).unwrap_or(0);
        PeriodChoice::ALL[(i + 1) % PeriodChoice::ALL.len()]
    }

    /// What is shown beside it: month to date, or the last full month when
    /// month to date is the choice.
    pub fn beside(self) -> PeriodChoice {
        match self {
            PeriodChoice::MonthToDate => PeriodChoice::LastMonth,
            _ => PeriodChoice::MonthToDate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn last_full_months_whatever_the_day() {
        let on_the_2nd = Period::full_months_before(d("2026-12-02"), 1);
        assert_eq!((on_the_2nd.from, on_the_2nd.to), (d("2026-11-01"), d("2026-11-30")));
        assert_eq!(on_the_2nd.days(), 30);
        let on_the_31st = Period::full_months_before(d("2026-12-31"), 1);
        assert_eq!(on_the_31st, on_the_2nd, "a month is full only once it is over");
        let january = Period::full_months_before(d("2027-01-01"), 1);
        assert_eq!((january.from, january.to), (d("2026-12-01"), d("2026-12-31")));
        let quarter = Period::full_months_before(d("2027-01-15"), 3);
        assert_eq!(
            (quarter.from, quarter.to, quarter.days()),
            (d("2026-10-01"), d("2026-12-31"), 92)
        );
        let leap = Period::full_months_before(d("2028-03-10"), 1);
        assert_eq!(leap.days(), 29);
    }

    #[test]
    fn the_triage_periods_cycle_and_name_what_is_beside_them() {
        let today = d("2026-11-25");
        let mut c = PeriodChoice::default();
        assert_eq!(c, PeriodChoice::LastMonth);
        assert_eq!(c.beside(), PeriodChoice::MonthToDate);
        let mut seen = Vec::new();
        for _ in 0..3 {
            seen.push((c.label(), c.period(today).from, c.period(today).to));
            c = c.next();
        }
        assert_eq!(c, PeriodChoice::LastMonth, "back where it started");
        assert_eq!(
            seen,
            [
                ("last full month", d("2026-10-01"), d("2026-10-31")),
                ("last 3 full months", d("2026-08-01"), d("2026-10-31")),
                ("month to date", d("2026-11-01"), d("2026-11-25")),
            ]
        );
        assert_eq!(PeriodChoice::MonthToDate.beside(), PeriodChoice::LastMonth);
    }
}
