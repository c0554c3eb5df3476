//! Batch conversion of whole archives: parallel (rayon), resumable (a manifest of input
//! hashes), shardable across machines (`--shard K/N`).
