//! `F`: the file itself.

pub mod file_unreadable;
