//! Every golden file (tests/golden, see tests/tests/golden.rs) compiles as it is.
#![allow(dead_code)]

mod bench_event_a {
    include!("../../golden/bench_event_a.rs");
}
mod bench_batch_b {
    include!("../../golden/bench_batch_b.rs");
}
mod bench_wide_c {
    include!("../../golden/bench_wide_c.rs");
}
mod all_types {
    include!("../../golden/all_types.rs");
}
mod all_types_chrono {
    include!("../../golden/all_types_chrono.rs");
}
mod all_types_json {
    include!("../../golden/all_types_json.rs");
}
mod interop {
    include!("../../golden/interop.rs");
}
mod quickstart {
    include!("../../golden/quickstart.rs");
}

fn main() {}
