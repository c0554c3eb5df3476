//! `--shard K/N`: which articles this run takes, so N machines can split an archive with no
//! coordination. An article belongs to shard `1 + h mod N`, where `h` is the first 8 bytes
//! (big-endian) of the SHA-256 of its key (`2020/v13/i22/2960`) — stable across machines,
//! runs and Rust versions, unlike std's randomly seeded hasher.

use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;

/// Shard K of N (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This shard, 1..=n.
    pub k: u64,
    /// Number of shards.
    pub n: u64,
}

impl Shard {
    /// Whether the article with this key falls in this shard.
    pub fn contains(&self, key: &str) -> bool {
        shard_of(key, self.n) == self.k
    }
}

/// The shard (1..=n) of a key.
pub fn shard_of(key: &str, n: u64) -> u64 {
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    1 + u64::from_be_bytes(first) % n.max(1)
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not K/N with 1 <= K <= N (e.g. 2/8)");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let k: u64 = k.trim().parse().map_err(|_| bad())?;
        let n: u64 = n.trim().parse().map_err(|_| bad())?;
        if k == 0 || n == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!("2/8".parse(), Ok(Shard { k: 2, n: 8 }));
        for bad in ["0/3", "4/3", "1/0", "1", "a/b", "-1/3"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn every_key_in_exactly_one_shard_and_stable() {
        // A fixed value (computed independently with Python's hashlib): the hash must not
        // change between versions, or machines on different versions would overlap.
        assert_eq!(shard_of("2020/v13/i22/2960", 7), 2);
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { k, n: 3 }).collect();
        let mut counts = [0usize; 3];
        for i in 0..300 {
            let key = format!("20{}/v{}/i{}/{}", i % 7, i % 13, i % 5, i);
            let hits: Vec<usize> = (0..3).filter(|&s| shards[s].contains(&key)).collect();
            assert_eq!(hits.len(), 1, "{key}");
            counts[hits[0]] += 1;
        }
        assert!(counts.iter().all(|&c| c > 60), "uneven: {counts:?}");
    }
}
