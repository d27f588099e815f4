//! The in-flight memory bound of parallel reads.
//!
//! Takes a byte limit; gives a [`Budget`] that parallel reads acquire a
//! [`Permit`] from before they read a file, and hold until its documents
//! are analysed. A read waits while the others hold too much, so documents
//! read ahead of the analysis hold at most the limit between them
//! ([`super::IN_FLIGHT_BYTES`]), except one document larger than the limit,
//! which is read alone.

use std::cell::Cell;
use std::sync::{Condvar, Mutex};

/// A byte budget shared by parallel reads: a document's text is held in it
/// from before it is read until it is analysed (its [`Permit`] dropped).
/// A read waits while the others hold too much, except that a read always
/// goes ahead when nothing is held (so one document larger than the budget
/// is read alone) or when its thread already holds a permit (a rayon thread
/// waiting inside a parallel map may run another read; making it wait
/// could wait on itself).
pub(super) struct Budget {
    limit: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

thread_local! {
    /// Permits held by this thread.
    static HELD: Cell<usize> = const { Cell::new(0) };
}

impl Budget {
    pub(super) fn new(limit: u64) -> Budget {
        Budget {
            limit,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, u64> {
        self.used.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until `n` bytes fit, and holds them.
    pub(super) fn acquire(&self, n: u64) -> Permit<'_> {
        let nested = HELD.get() > 0;
        let mut used = self.lock();
        while !(nested || *used == 0 || used.saturating_add(n) <= self.limit) {
            used = self.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += n;
        HELD.set(HELD.get() + 1);
        Permit { budget: self, n }
    }

    fn release(&self, n: u64) {
        *self.lock() -= n;
        self.freed.notify_all();
    }
}

/// Bytes held in a [`Budget`], given back when dropped (on the thread that
/// acquired them).
pub(super) struct Permit<'b> {
    budget: &'b Budget,
    n: u64,
}

impl Permit<'_> {
    /// Holds `n` bytes from now on: gives back what is beyond, or takes
    /// more without waiting (for bytes already in memory, such as the text
    /// unpacked from a smaller archive, which later reads must wait for).
    pub(super) fn resize(&mut self, n: u64) {
        if n > self.n {
            *self.budget.lock() += n - self.n;
            self.n = n;
        } else {
            self.shrink(n);
        }
    }

    /// Gives back what is held beyond `n` bytes.
    pub(super) fn shrink(&mut self, n: u64) {
        if n < self.n {
            self.budget.release(self.n - n);
            self.n = n;
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.budget.release(self.n);
        HELD.set(HELD.get() - 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_holds_reads_back_until_bytes_are_given_back() {
        let budget = Budget::new(10);
        let big = budget.acquire(25); // alone: goes ahead though over the limit
        std::thread::scope(|s| {
            let (tx, rx) = std::sync::mpsc::channel();
            let budget = &budget;
            s.spawn(move || {
                let _p = budget.acquire(1);
                tx.send(()).unwrap();
            });
            let waited = rx.recv_timeout(std::time::Duration::from_millis(200));
            assert!(waited.is_err(), "a read went ahead over the budget");
            // Nested on the holding thread: goes ahead, or it would wait on itself.
            drop(budget.acquire(5));
            drop(big);
            rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        });
        let mut p = budget.acquire(8);
        p.shrink(3);
        assert_eq!(*budget.lock(), 3);
        p.resize(12);
        assert_eq!(*budget.lock(), 12);
        p.resize(2);
        assert_eq!(*budget.lock(), 2);
        drop(p);
        assert_eq!(*budget.lock(), 0);
    }
}
