//! Progress of a batch on stderr: an indicatif bar on a terminal (done/total, rate, ETA,
//! failures so far), a short line every few seconds otherwise (logs, CI), or nothing.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A live bar (stderr is a terminal).
    Bar,
    /// One line every `LINE_EVERY` (stderr is a file or pipe).
    Lines,
    /// Nothing.
    Quiet,
}

impl Mode {
    /// `Bar` on a terminal, `Lines` otherwise, `Quiet` when asked.
    pub fn detect(quiet: bool) -> Mode {
        if quiet {
            Mode::Quiet
        } else if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            Mode::Bar
        } else {
            Mode::Lines
        }
    }
}

const LINE_EVERY: Duration = Duration::from_secs(5);

/// Counts so far; shared with the line-printing thread.
#[derive(Default)]
struct Counts {
    done: AtomicU64,
    failed: AtomicU64,
    skipped: AtomicU64,
    /// 0 while the count is not known yet.
    total: AtomicU64,
}

/// Progress display for one run.
pub struct Progress {
    counts: Arc<Counts>,
    bar: Option<ProgressBar>,
    ticker: Option<(std::thread::JoinHandle<()>, mpsc::Sender<()>)>,
}

impl Progress {
    /// Starts showing progress.
    pub fn start(mode: Mode) -> Progress {
        let counts = Arc::new(Counts::default());
        let bar = (mode == Mode::Bar).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(style(false));
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        let ticker = (mode == Mode::Lines).then(|| {
            let (tx, rx) = mpsc::channel::<()>();
            let c = Arc::clone(&counts);
            let start = Instant::now();
            let handle = std::thread::spawn(move || {
                while let Err(mpsc::RecvTimeoutError::Timeout) = rx.recv_timeout(LINE_EVERY) {
                    eprintln!("{}", line(&c, start.elapsed()));
                }
            });
            (handle, tx)
        });
        Progress {
            counts,
            bar,
            ticker,
        }
    }

    /// A setter for the number of articles, for the thread that counts them.
    pub fn total_setter(&self) -> impl FnOnce(u64) + Send + 'static {
        let counts = Arc::clone(&self.counts);
        let bar = self.bar.clone();
        move |total| {
            counts.total.store(total, Relaxed);
            if let Some(bar) = bar {
                bar.set_style(style(true));
                bar.set_length(total);
            }
        }
    }

    /// One article finished.
    pub fn done(&self, failed: bool, skipped: bool) {
        self.counts.done.fetch_add(1, Relaxed);
        if skipped {
            self.counts.skipped.fetch_add(1, Relaxed);
        }
        if failed {
            let f = self.counts.failed.fetch_add(1, Relaxed) + 1;
            if let Some(bar) = &self.bar {
                bar.set_message(format!("{f} failed"));
            }
        }
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// Prints a line without tearing the bar.
    pub fn println(&self, msg: &str) {
        match &self.bar {
            Some(bar) => bar.println(msg),
            None => eprintln!("{msg}"),
        }
    }

    /// Stops the display.
    pub fn finish(mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        if let Some((handle, tx)) = self.ticker.take() {
            drop(tx);
            let _ = handle.join();
        }
    }
}

fn style(known_total: bool) -> ProgressStyle {
    let template = if known_total {
        "{bar:30} {pos}/{len} articles  {rate}  ETA {eta}  {msg}"
    } else {
        "{spinner} {pos} articles (counting...)  {rate}  {msg}"
    };
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key(
            "rate",
            |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{:.1} articles/s", s.per_sec());
            },
        )
}

/// `offprint batch: 120/1000 (12 skipped, 2 failed), 35.2 articles/s, ETA 25 s`
fn line(c: &Counts, elapsed: Duration) -> String {
    let done = c.done.load(Relaxed);
    let total = c.total.load(Relaxed);
    let rate = done as f64 / elapsed.as_secs_f64().max(1e-3);
    let of = if total > 0 {
        format!("/{total}")
    } else {
        String::new()
    };
    let eta = if total > done && rate > 0.0 {
        format!(", ETA {:.0} s", (total - done) as f64 / rate)
    } else {
        String::new()
    };
    format!(
        "offprint batch: {done}{of} ({} skipped, {} failed), {rate:.1} articles/s{eta}",
        c.skipped.load(Relaxed),
        c.failed.load(Relaxed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_reports_counts_rate_and_eta() {
        let c = Counts::default();
        c.total.store(100, Relaxed);
        c.done.store(50, Relaxed);
        c.failed.store(2, Relaxed);
        let l = line(&c, Duration::from_secs(10));
        assert_eq!(
            l,
            "offprint batch: 50/100 (0 skipped, 2 failed), 5.0 articles/s, ETA 10 s"
        );
    }
}
