//! The HTTP edge: what holds for every answer, whichever handler wrote it (or failed to).
//!
//! [`rejection`] reads the error answers no error type of ours wrote (axum's extractor
//! rejections, plain text), so `scim::shape` and `admin::shape` can answer them in their own
//! error shape; [`panic`] turns a panicking handler into a 500; [`drain`] tells long-lived
//! answers that shutdown has begun; [`headers`] and [`cors`] say what a browser may do with
//! our answers; [`limits`] and [`listen`] keep one client from filling the server, and
//! [`forwarded`] says which client a request is from.

pub mod cors;
pub mod drain;
pub mod forwarded;
pub mod headers;
pub mod limits;
pub mod listen;
pub mod panic;
pub mod rejection;
