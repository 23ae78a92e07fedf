//! The audit log's hash chain: each row stores the hash of the row before it
//! and a hash over its own content and that link, so a row changed, removed
//! or reordered by any means breaks the chain at that row.

use sha2::{Digest, Sha256};

/// The content of one audit row, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuditContent<'a> {
    pub id: i64,
    pub at: &'a str,
    pub agent_id: Option<i64>,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub action: &'a str,
    pub before: &'a str,
    pub after: &'a str,
}

/// The link the first row of a log points back to.
pub const GENESIS: &str = "";

/// The row's hash (lowercase hex SHA-256) given the previous row's hash.
/// Every field is length-prefixed, so no two different rows hash alike by
/// moving text from one field into the next.
pub fn row_hash(prev_hash: &str, row: &AuditContent<'_>) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    field(b"recoup audit v1");
    field(prev_hash.as_bytes());
    field(row.id.to_string().as_bytes());
    field(row.at.as_bytes());
    field(num(row.agent_id).as_bytes());
    field(row.entity.as_bytes());
    field(num(row.entity_id).as_bytes());
    field(row.action.as_bytes());
    field(row.before.as_bytes());
    field(row.after.as_bytes());
    let digest = h.finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a stored row does not fit the chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Break {
    /// The row does not point at the hash of the row before it (a row was
    /// removed, inserted or reordered before it).
    Link,
    /// The row's content is not what its hash was made from (it was edited).
    Content,
}

/// Walks a log in id order: `prev_hash` and `hash` as stored with each row.
#[derive(Debug, Default)]
pub struct ChainWalk {
    last: String,
}

impl ChainWalk {
    pub fn new() -> ChainWalk {
        ChainWalk { last: GENESIS.to_owned() }
    }

    /// Checks the next row; the walk goes on from its stored hash.
    pub fn next(&mut self, row: &AuditContent<'_>, prev_hash: &str, hash: &str) -> Option<Break> {
        let broken = if prev_hash != self.last {
            Some(Break::Link)
        } else if row_hash(prev_hash, row) != hash {
            Some(Break::Content)
        } else {
            None
        };
        self.last = hash.to_owned();
        broken
    }
}

/// A text the audit log names without holding it (an import map), by its
/// SHA-256: `sha256:` and lowercase hex.
pub fn text_fingerprint(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, after: &str) -> AuditContent<'_> {
        AuditContent {
            id,
            at: "2026-11-25T14:03:00Z",
            agent_id: Some(1),
            entity: "note",
            entity_id: Some(id),
            action: "add",
            before: "",
            after,
        }
    }

    #[test]
    fn a_text_is_named_by_its_sha256() {
        assert_eq!(
            text_fingerprint(""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_ne!(text_fingerprint("a"), text_fingerprint("a\n"));
    }

    #[test]
    fn a_hash_covers_every_field_and_the_link() {
        let base = row_hash(GENESIS, &row(1, "hello"));
        assert_eq!(base.len(), 64);
        assert_eq!(base, row_hash(GENESIS, &row(1, "hello")), "deterministic");
        assert_ne!(base, row_hash(GENESIS, &row(1, "hellO")));
        assert_ne!(base, row_hash(GENESIS, &row(2, "hello")));
        assert_ne!(base, row_hash("x", &row(1, "hello")));
        let moved = AuditContent { action: "ad", before: "d", ..row(1, "hello") };
        let plain = AuditContent { action: "a", before: "dd", ..row(1, "hello") };
        assert_ne!(row_hash(GENESIS, &moved), row_hash(GENESIS, &plain));
        let no_agent = AuditContent { agent_id: None, ..row(1, "hello") };
        assert_ne!(base, row_hash(GENESIS, &no_agent));
    }

    #[test]
    fn a_walk_finds_an_edited_row_and_a_removed_one() {
        let rows = [row(1, "a"), row(2, "b"), row(3, "c")];
        let mut stored = Vec::new();
        let mut prev = GENESIS.to_owned();
        for r in &rows {
            let h = row_hash(&prev, r);
            stored.push((prev.clone(), h.clone()));
            prev = h;
        }
        let mut walk = ChainWalk::new();
        for (r, (p, h)) in rows.iter().zip(&stored) {
            assert_eq!(walk.next(r, p, h), None);
        }
        // Row 2 edited in place.
        let mut walk = ChainWalk::new();
        assert_eq!(walk.next(&rows[0], &stored[0].0, &stored[0].1), None);
        assert_eq!(walk.next(&row(2, "B"), &stored[1].0, &stored[1].1), Some(Break::Content));
        assert_eq!(walk.next(&rows[2], &stored[2].0, &stored[2].1), None);
        // Row 2 removed.
        let mut walk = ChainWalk::new();
        assert_eq!(walk.next(&rows[0], &stored[0].0, &stored[0].1), None);
        assert_eq!(walk.next(&rows[2], &stored[2].0, &stored[2].1), Some(Break::Link));
    }
}
