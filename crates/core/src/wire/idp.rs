//! [`FromJson`] for [`crate::idp`]'s type.

use super::{FromJson, Json, WireError, one_of};
use crate::idp::Idp;

/// Its stable code; unlike [`Idp::from_code`], an unknown code is refused, as serde does.
impl FromJson for Idp {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        one_of(
            json,
            &[Idp::Okta, Idp::Entra, Idp::OneLogin, Idp::Generic],
            Idp::code,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::testing::{agree, round_trip};

    #[test]
    fn every_idp_reads_back_as_serde_writes_it() {
        for idp in [Idp::Okta, Idp::Entra, Idp::OneLogin, Idp::Generic] {
            round_trip(&idp);
        }
    }

    #[test]
    fn an_unknown_idp_is_refused_not_read_as_generic() {
        assert!(agree::<Idp>("\"azure\"").is_err());
        assert!(agree::<Idp>("\"OneLogin\"").is_err());
    }
}
