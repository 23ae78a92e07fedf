use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let t = Instant::now();
    let store = recoup::store::Store::open(std::path::Path::new(&path)).unwrap();
    eprintln!("open+migrate {:?}", t.elapsed());
    let now: chrono::DateTime<chrono::Utc> = std::env::args().nth(2).unwrap().parse().unwrap();
    let t = Instant::now();
    let split = store.calling_split(now).unwrap();
    eprintln!("split {:?} {:?}", t.elapsed(), split);
    let alice = store.agent_by_name("alice").unwrap().unwrap();
    use recoup::store::{QueueScope, Page, QueueKey};
    use recoup::domain::queue::QueueFilter;
    for scope in [QueueScope::Mine(alice.id), QueueScope::All] {
        let t = Instant::now();
        let n = store.queue_count(scope, QueueFilter::DueNow, now).unwrap();
        eprintln!("{scope:?} count {n} {:?}", t.elapsed());
        for _ in 0..2 {
        let t = Instant::now();
        let rows = store.queue_page(scope, QueueFilter::DueNow, Page::From(QueueKey::FIRST), 200, now).unwrap();
        eprintln!("  first page {} later {} {:?}", rows.len(), rows.iter().filter(|r| r.key.later).count(), t.elapsed());
        }
        let t = Instant::now();
        let rows = store.queue_page(scope, QueueFilter::DueNow, Page::Before(QueueKey::LAST), 200, now).unwrap();
        eprintln!("  last page {} later {} {:?}", rows.len(), rows.iter().filter(|r| r.key.later).count(), t.elapsed());
        let mid = rows[100].key.debtor_id;
        let mut best = std::time::Duration::MAX;
        let mut pos = 0;
        for _ in 0..15 {
        let t = Instant::now();
        let around = store.queue_around(scope, QueueFilter::DueNow, mid, 200, now).unwrap().unwrap();
        best = best.min(t.elapsed()); pos = around.0;
        }
        eprintln!("  around last {} best {:?}", pos, best);
        let mut best = std::time::Duration::MAX;
        let mut k = QueueKey::FIRST;
        for _ in 0..15 {
        let t = Instant::now();
        let rows = store.queue_page(scope, QueueFilter::DueNow, Page::After(k), 200, now).unwrap();
        best = best.min(t.elapsed()); k = rows.last().unwrap().key;
        }
        eprintln!("  forward pages best {:?}", best);
    }
    let conn = rusqlite::Connection::open(&path).unwrap();
    let zones = serde_json::to_string(&split.callable).unwrap();
    for sql in [
        "EXPLAIN QUERY PLAN SELECT s.debtor_id FROM debtor_summary s WHERE s.assigned_to = 2 AND s.due_now = 1 AND (s.due_from IS NULL OR s.due_from <= '2026') AND +s.tz IN (SELECT value FROM json_each(?1)) AND (s.sort_key, s.debtor_id) > (-100000000000, 0) ORDER BY s.sort_key, s.debtor_id LIMIT 200",
        "EXPLAIN QUERY PLAN SELECT s.debtor_id FROM debtor_summary s WHERE 1 AND s.due_now = 1 AND (s.due_from IS NULL OR s.due_from <= '2026') AND +s.tz NOT IN (SELECT value FROM json_each(?1)) AND (s.sort_key, s.debtor_id) > (-100000000000, 0) ORDER BY s.sort_key, s.debtor_id LIMIT 200",
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM debtor_summary s WHERE s.assigned_to = 2 AND s.due_now = 1 AND (s.due_from IS NULL OR s.due_from <= '2026') AND +s.tz IN (SELECT value FROM json_each(?1))",
        "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM debtor_summary s WHERE s.assigned_to = 2 AND s.due_now = 1 AND (s.due_from IS NULL OR s.due_from <= '2026') AND s.tz IN (SELECT value FROM json_each(?1))",
    ] {
        let mut st = conn.prepare(sql).unwrap();
        let plan: Vec<String> = st.query_map([&zones], |r| r.get(3)).unwrap().map(|r| r.unwrap()).collect();
        eprintln!("{plan:?}");
    }
}
