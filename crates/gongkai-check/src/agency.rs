//! What kind of body published a report, judged from its name, and the key
//! under which the reports of one agency in different years are matched.
//! The code lives in `gongkai_agency::name` (shared with the bodies file,
//! `gongkai agencies` and the exports); re-exported here for the rules.

pub use gongkai_agency::name::*;
