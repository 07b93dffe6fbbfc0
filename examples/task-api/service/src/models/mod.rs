//! Data models.

pub mod task;
