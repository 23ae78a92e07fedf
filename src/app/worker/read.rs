//! The reading worker: lists, accounts, search, triage's figures, the
//! checks before a call; and, between requests, other desks' commits.

use super::job::{Job, Outcome, failed};
use crate::app::done::Done;
use crate::app::effect::{ListTarget, QueueLoad, Request};
use crate::app::triage_figures::{PeriodView, TriageFigures};
use crate::app::workstation_results::SEARCH_LIMIT;
use crate::app::write::TemplateChoice;
use crate::domain::book::BookRules;
use crate::domain::contact_rules::checks;
use crate::domain::kpi::{Period, PeriodChoice};
use crate::domain::letters::Channel;
use crate::domain::people::{Agent, DebtorStatus};
use crate::domain::queue::QueueFilter;
use crate::domain::search::SearchQuery;
use crate::letters;
use crate::store::{AgentRow, Page, QueueKey, Store, StoreError};

/// Triage's search shows at most this many: a screen of them, and more to
/// browse; typing more narrows it.
const TRIAGE_SEARCH_LIMIT: usize = 50;

/// Answers a read; a failure is said on the status line.
pub fn run(store: &Store, me: &Agent, job: Job) -> Outcome {
    Outcome::Done(match answer(store, me, job) {
        Ok(done) => done,
        Err(e) => vec![failed(e)],
    })
}

pub fn answer(store: &Store, me: &Agent, job: Job) -> Result<Vec<Done>, StoreError> {
    let now = job.utc();
    // The workstation's due-now queue is split by who may be called now;
    // it reads the queue again when that changes.
    let split = match &job.request {
        Request::LoadQueue { target: ListTarget::Queue, filter: QueueFilter::DueNow, .. }
        | Request::LocateInList {
            target: ListTarget::Queue, filter: QueueFilter::DueNow, ..
        } => Some(Done::QueueSplit(store.calling_split(now)?)),
        _ => None,
    };
    let done = match job.request {
        request @ (Request::LoadQueue { .. }
        | Request::CountList { .. }
        | Request::LocateInList { .. }) => list_answer(store, request, now)?,
        Request::LoadAccount(debtor_id) => {
            let today = job.now.date_naive();
            let mut account = store.account_on(debtor_id, me.id, today)?;
            if let Some(a) = &mut account {
                let book_day = store.book_rules().map_or(today, |r| r.today(now));
                a.strategy = crate::strategy::line::account_line(store, debtor_id, book_day);
            }
            Done::AccountLoaded { debtor_id, account: account.map(Box::new) }
        }
        Request::Search(query) => {
            let found = store.search(&SearchQuery::new(&query), SEARCH_LIMIT)?;
            let rows = store.queue_rows_for(&found.debtors, now)?;
            Done::SearchDone { query, rows, quoted: found.quoted }
        }
        Request::TriageSearch { query, filter } => {
            let found =
                store.triage_search(&SearchQuery::new(&query), filter, TRIAGE_SEARCH_LIMIT, now)?;
            Done::TriageSearchDone { query, filter, rows: found.rows, complete: found.complete }
        }
        Request::LoadTriage => Done::TriageLoaded(Box::new(triage_figures(store, now)?)),
        Request::LoadBookInterest => {
            Done::BookInterest(Box::new(store.book_interest(store.book_rules()?.today(now))?))
        }
        Request::RefreshChecks(debtor_id) => {
            let rules = store.book_rules()?;
            let facts = store.contact_facts(debtor_id, me.id, now)?;
            Done::ChecksRefreshed { debtor_id, checks: checks(now, &facts, &rules.contact) }
        }
        Request::LoadRules => Done::Rules(Box::new(store.book_rules()?)),
        Request::LetterTemplates => Done::LetterTemplates(template_choices()),
        Request::PreviewLetter { debtor_id, template } => Done::LetterPreview {
            debtor_id,
            preview: letters::writer::preview(store, me, debtor_id, &template, now),
            template,
        },
        other => Done::Failed(format!("not a read: {other:?}")),
    };
    let escalations = escalations(store, &done)?;
    Ok(std::iter::once(done).chain(escalations).chain(split).collect())
}

/// A list's page, count or place around a debtor.
fn list_answer(
    store: &Store,
    request: Request,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Done, StoreError> {
    Ok(match request {
        Request::LoadQueue { target, scope, filter, load, page, limit } => {
            let rows = store.queue_page(scope, filter, page, limit, now)?;
            let total = match load {
                QueueLoad::Forward | QueueLoad::Backward => None,
                // Read from the top: a short page is the whole list, and a
                // full one is counted after the screen is drawn (`CountList`).
                QueueLoad::First | QueueLoad::Refresh => (rows.len() < limit).then_some(rows.len()),
                _ => Some(store.queue_count(scope, filter, now)?),
            };
            Done::QueueLoaded { target, load, rows, total }
        }
        Request::CountList { target, scope, filter } => Done::ListCounted {
            target,
            scope,
            filter,
            total: store.queue_count(scope, filter, now)?,
        },
        Request::LocateInList { target, scope, filter, debtor_id } => {
            let total = Some(store.queue_count(scope, filter, now)?);
            match store.queue_around(scope, filter, debtor_id, 200, now)? {
                Some((start, rows)) => Done::QueueLoaded {
                    target,
                    load: QueueLoad::Around { start, debtor_id },
                    rows,
                    total,
                },
                // No longer in this list (held, escalated...): read from the top.
                None => Done::QueueLoaded {
                    target,
                    load: QueueLoad::First,
                    rows: store.queue_page(scope, filter, Page::From(QueueKey::FIRST), 200, now)?,
                    total,
                },
            }
        }
        other => Done::Failed(format!("not a list read: {other:?}")),
    })
}

/// The templates for the Write screen's list; one that cannot be read is
/// listed, and its preview says why.
fn template_choices() -> Vec<TemplateChoice> {
    letters::templates::load(letters::place::get().templates.as_deref())
        .into_iter()
        .map(|(name, parsed)| match parsed {
            Ok(t) => TemplateChoice { name, title: t.title, channel: t.channel },
            Err(_) => TemplateChoice {
                title: format!("{name} (has a mistake)"),
                name,
                channel: Channel::Both,
            },
        })
        .collect()
}

/// Where the escalated debtors of a triage list just read were sent.
fn escalations(store: &Store, done: &Done) -> Result<Option<Done>, StoreError> {
    let rows = match done {
        Done::QueueLoaded { target: ListTarget::Triage, rows, .. }
        | Done::TriageSearchDone { rows, .. } => rows,
        _ => return Ok(None),
    };
    let ids: Vec<i64> = rows
        .iter()
        .filter(|r| r.status == DebtorStatus::Escalated)
        .map(|r| r.debtor_id())
        .collect();
    if ids.is_empty() {
        return Ok(None);
    }
    Ok(Some(Done::Escalations(store.escalated_to(&ids)?)))
}

/// Between requests: another desk's commit, and the rules if they changed.
#[derive(Default)]
pub struct Poller {
    rules: Option<BookRules>,
}

impl Poller {
    pub fn poll(&mut self, store: &Store) -> Vec<Done> {
        match store.changed_elsewhere() {
            Ok(false) => Vec::new(),
            Ok(true) => {
                let mut news = vec![Done::ChangedElsewhere];
                if let Ok(rules) = store.book_rules()
                    && self.rules.as_ref() != Some(&rules)
                {
                    self.rules = Some(rules.clone());
                    news.insert(0, Done::Rules(Box::new(rules)));
                }
                news
            }
            Err(e) => vec![Done::Failed(format!("Could not reach the database: {e}"))],
        }
    }
}

/// The triage screen's figures as of the book's today: book totals from
/// the summaries, and for each period the lead can pick, its KPIs,
/// promises and agents.
fn triage_figures(
    store: &Store,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<TriageFigures, StoreError> {
    let rules = store.book_rules()?;
    let today = rules.today(now);
    // "Today" for contacts is the book's day.
    let day_start = today
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(rules.timezone).earliest())
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    let day_end = day_start + chrono::Duration::days(1);
    let periods: Vec<Period> = PeriodChoice::ALL.iter().map(|c| c.period(today)).collect();
    let figures = store.period_figures(&periods)?;
    // Accounts, overdue and today's contacts once; the kept rates per period.
    let agents = store.agent_rows(day_start, day_end, today, today)?;
    let periods = PeriodChoice::ALL
        .into_iter()
        .zip(periods)
        .zip(figures)
        .map(|((choice, period), (figures, activity))| {
            let kept = store.kept_by_agent(period)?;
            let agents = agents
                .iter()
                .map(|a| {
                    let (k, s) = kept
                        .iter()
                        .find(|(id, _, _)| *id == Some(a.id))
                        .map_or((0, 0), |(_, k, s)| (*k, *s));
                    AgentRow { kept: k, settled: s, ..a.clone() }
                })
                .collect();
            Ok(PeriodView {
                choice,
                period,
                figures,
                activity,
                kept: kept.iter().map(|(_, k, _)| k).sum(),
                settled: kept.iter().map(|(_, _, s)| s).sum(),
                agents,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let pulse = store.promise_pulse(today, Period::month_to(today), rules.policy.grace_days)?;
    let totals = store.book_totals()?;
    let outbox_trouble = store.outbox_trouble()?;
    let (at_steps, to_review) = store.strategy_pipeline()?;
    let pipeline = (rules.strategies || !at_steps.is_empty()).then(|| {
        Ok::<_, StoreError>(crate::app::triage_figures::Pipeline {
            on: rules.strategies,
            today: store.steps_taken_on(today)?,
            to_review,
            at_steps: at_steps.into_iter().map(|(s, i, n)| (s, i + 1, n)).collect(),
        })
    });
    let pipeline = pipeline.transpose()?;
    Ok(TriageFigures {
        today,
        as_of: now,
        totals,
        interest: None,
        pulse,
        periods,
        outbox_trouble,
        pipeline,
    })
}
