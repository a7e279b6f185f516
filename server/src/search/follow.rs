//! Which numbered database changes (`resource_changes`, written by triggers) the index
//! reflects. The index stores the number it is caught up to with each commit, so a restart
//! reads only the changes after it.
//!
//! SQLite numbers a change inside its write transaction and lets one writer in at a time, so
//! what a reader sees has no holes. PostgreSQL hands numbers out before commit: a reader can
//! see 7 while 6 is still being written, or 6 may never come (rolled back). Such a gap is kept
//! open until every transaction that was running when it was seen has ended; a number still
//! missing then will never come.

use std::collections::BTreeSet;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Follow {
    /// Every change numbered up to this one is in the index.
    through: i64,
    /// Changes above `through` already in the index; the numbers between them are gaps.
    above: BTreeSet<i64>,
    /// While gaps are open: the first transaction id not yet started when they were seen, and
    /// the highest number seen then. Once the oldest running transaction is no older, every
    /// number up to it is settled.
    waiting: Option<(u64, i64)>,
}

impl Follow {
    /// Caught up to `through`, as an index commit records it.
    pub fn through(through: i64) -> Follow {
        Follow {
            through,
            ..Follow::default()
        }
    }

    /// The number the index can say it is caught up to: what to store with a commit.
    pub fn caught_up_to(&self) -> i64 {
        self.through
    }

    /// Whether `seq` still has to be applied.
    pub fn is_new(&self, seq: i64) -> bool {
        seq > self.through && !self.above.contains(&seq)
    }

    /// Records changes as applied.
    pub fn applied(&mut self, seqs: impl IntoIterator<Item = i64>) {
        self.above.extend(seqs.into_iter().filter(|s| *s > self.through));
        self.advance();
    }

    pub fn has_gaps(&self) -> bool {
        !self.above.is_empty()
    }

    /// With SQLite no writer can still fill a gap (one only appears where old rows were
    /// pruned): every number up to the highest seen is settled.
    pub fn settle_all(&mut self) {
        if let Some(&last) = self.above.last() {
            self.settle(last);
        }
    }

    /// With PostgreSQL: `oldest_running` is the oldest transaction still running (a snapshot's
    /// xmin, read before the changes were), `next_id` the first not yet started (a snapshot's
    /// xmax, read after). Gaps seen while older transactions ran settle once those have ended.
    pub fn settle_ended(&mut self, oldest_running: u64, next_id: u64) {
        if let Some((waited_for, upto)) = self.waiting {
            if oldest_running >= waited_for {
                self.waiting = None;
                self.settle(upto);
            }
        }
        if self.has_gaps() && self.waiting.is_none() {
            let upto = *self.above.last().expect("gaps");
            self.waiting = Some((next_id, upto));
        }
    }

    /// Every number up to `upto` is accounted for: those never seen will never come.
    fn settle(&mut self, upto: i64) {
        self.through = self.through.max(upto);
        let through = self.through;
        self.above.retain(|s| *s > through);
        self.advance();
    }

    fn advance(&mut self) {
        while self.above.remove(&(self.through + 1)) {
            self.through += 1;
        }
        if self.above.is_empty() {
            self.waiting = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_order_move_straight_through() {
        let mut f = Follow::through(4);
        assert!(!f.is_new(3) && !f.is_new(4) && f.is_new(5));
        f.applied([5, 6, 7]);
        assert_eq!(f.caught_up_to(), 7);
        assert!(!f.has_gaps());
    }

    #[test]
    fn a_gap_waits_for_the_transactions_running_when_it_was_seen() {
        let mut f = Follow::through(4);
        // 6 and 7 are visible, 5 is not (yet): transactions up to id 100 had started.
        f.applied([6, 7]);
        assert_eq!(f.caught_up_to(), 4);
        assert!(!f.is_new(6) && f.is_new(5));
        f.settle_ended(90, 100);
        // Transaction 95 (say, the one writing 5) is still running: nothing settles.
        f.settle_ended(95, 120);
        assert_eq!(f.caught_up_to(), 4);
        // 5 arrives: the gap closes by itself.
        f.applied([5]);
        assert_eq!(f.caught_up_to(), 7);
        assert!(!f.has_gaps());
    }

    #[test]
    fn a_gap_nobody_can_fill_is_given_up_once_they_have_all_ended() {
        let mut f = Follow::through(4);
        f.applied([6, 7]);
        f.settle_ended(90, 100);
        // A later gap, seen after the wait began, is not settled by it.
        f.applied([9]);
        f.settle_ended(100, 130);
        assert_eq!(f.caught_up_to(), 7, "5 given up, 8 still awaited");
        assert!(f.is_new(8));
        f.settle_ended(129, 140);
        assert_eq!(f.caught_up_to(), 7);
        f.settle_ended(130, 140);
        assert_eq!(f.caught_up_to(), 9);
        assert!(!f.has_gaps());
    }

    #[test]
    fn sqlite_settles_at_once() {
        let mut f = Follow::through(0);
        f.applied([3, 4]);
        f.settle_all();
        assert_eq!(f.caught_up_to(), 4);
    }
}
