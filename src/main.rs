//! The dashboard's entry point when Trunk loads it as a page.

fn main() {
    scim_sync_dashboard::start();
}
