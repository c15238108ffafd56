//! [`FromJson`]: a type read from a [`Json`] tree, with the impls for the primitives the wire
//! types use and the helpers their impls share ([`Fields`], [`one_of`]).
//!
//! Each impl is plain code against the tree, not generic over a deserializer: one copy per
//! type, however many places read it.

use super::error::WireError;
use super::json::Json;

/// A type read from JSON, following what its serde `Deserialize` accepts.
pub trait FromJson: Sized {
    /// Reads `json` as `Self`.
    fn from_json(json: &Json) -> Result<Self, WireError>;
}

/// Reads a JSON text as `T`.
pub fn from_str<T: FromJson>(text: &str) -> Result<T, WireError> {
    T::from_json(&Json::parse(text)?)
}

/// The members of a JSON object, looked up by name as serde's derived impls do: members of
/// other names are ignored, a name given twice is an error, and an absent member reads as
/// `null` — an `Option` field is then `None` and any other field "missing".
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a>(&'a [(String, Json)]);

impl<'a> Fields<'a> {
    /// The members of `json`, which must be an object.
    pub fn of(json: &'a Json) -> Result<Fields<'a>, WireError> {
        match json {
            Json::Object(members) => Ok(Fields(members)),
            other => Err(WireError::expected("an object", other)),
        }
    }

    /// The field `name` read as `T`; an error names the field. Inlined: a call to look the
    /// member up and one of `T::from_json` cost the wasm less than one more generic function
    /// per type.
    #[inline]
    pub fn get<T: FromJson>(self, name: &'static str) -> Result<T, WireError> {
        let json = self.find(name)?;
        T::from_json(json).map_err(|e| field_error(e, name, json))
    }

    /// The value of the member `name`; [`ABSENT`] (a `null`) if there is none.
    fn find(self, name: &'static str) -> Result<&'a Json, WireError> {
        let mut found = None;
        for (key, value) in self.0 {
            if key == name {
                if found.is_some() {
                    return Err(WireError::new("duplicate field").in_field(name));
                }
                found = Some(value);
            }
        }
        Ok(found.unwrap_or(&ABSENT))
    }
}

/// What an absent field reads as: `null`, so an `Option` reads it as `None` and any other
/// type refuses it, with an error that [`field_error`] turns into "missing field" (it knows
/// this `null` by its address). The one difference from serde: a `()` field may be absent.
static ABSENT: Json = Json::Null;

#[cold]
fn field_error(error: WireError, name: &'static str, json: &Json) -> WireError {
    if std::ptr::eq(json, &ABSENT) {
        WireError::new("missing field")
    } else {
        error
    }
    .in_field(name)
}

/// `FromJson` for a struct whose JSON object has one member per field, named as the field (what
/// serde's derive writes when no field is renamed): `struct_from_json!(Settings { scim_enabled,
/// seat_limit });`. Every field must be listed: the struct literal does not compile otherwise.
#[macro_export]
macro_rules! struct_from_json {
    ($type:ident { $($field:ident),+ $(,)? }) => {
        impl $crate::wire::FromJson for $type {
            fn from_json(
                json: &$crate::wire::Json,
            ) -> ::core::result::Result<Self, $crate::wire::WireError> {
                let fields = $crate::wire::Fields::of(json)?;
                Ok($type {
                    $($field: fields.get(stringify!($field))?,)+
                })
            }
        }
    };
}

/// Reads a string naming one of `variants` (`name` gives each one's name): what serde makes
/// of a unit variant of a `rename_all = "snake_case"` enum.
pub fn one_of<T: Copy>(
    json: &Json,
    variants: &[T],
    name: fn(T) -> &'static str,
) -> Result<T, WireError> {
    if let Json::String(text) = json
        && let Some(variant) = variants.iter().find(|v| name(**v) == text)
    {
        return Ok(*variant);
    }
    Err(unknown_variant(
        json,
        &mut variants.iter().map(|v| name(*v)),
    ))
}

#[cold]
fn unknown_variant(json: &Json, names: &mut dyn Iterator<Item = &'static str>) -> WireError {
    let mut expected = String::from("one of ");
    for (index, name) in names.enumerate() {
        if index > 0 {
            expected.push_str(", ");
        }
        expected.push('`');
        expected.push_str(name);
        expected.push('`');
    }
    WireError::expected(&expected, json)
}

/// An integer's sign and magnitude; `None` for anything but a number without fraction or
/// exponent whose magnitude fits in a `u64` (serde_json reads those as floats).
fn integer(json: &Json) -> Option<(bool, u64)> {
    let Json::Number(text) = json else {
        return None;
    };
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text.as_str()),
    };
    digits.parse().ok().map(|magnitude| (negative, magnitude))
}

macro_rules! unsigned {
    ($($ty:ty => $what:literal),*) => {$(
        impl FromJson for $ty {
            fn from_json(json: &Json) -> Result<Self, WireError> {
                match integer(json) {
                    Some((false, n) | (true, n @ 0)) => <$ty>::try_from(n).ok(),
                    _ => None,
                }
                .ok_or_else(|| WireError::expected($what, json))
            }
        }
    )*};
}

unsigned!(
    u16 => "an integer from 0 to 65535",
    u32 => "an integer from 0 to 4294967295",
    u64 => "an integer from 0 to 18446744073709551615",
    usize => "a non-negative integer"
);

impl FromJson for i64 {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        match integer(json) {
            Some((false, n)) => i64::try_from(n).ok(),
            Some((true, n)) => 0i64.checked_sub_unsigned(n),
            None => None,
        }
        .ok_or_else(|| {
            WireError::expected(
                "an integer from -9223372036854775808 to 9223372036854775807",
                json,
            )
        })
    }
}

impl FromJson for f64 {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        match json {
            Json::Number(text) => text.parse().ok().filter(|n: &f64| n.is_finite()),
            _ => None,
        }
        .ok_or_else(|| WireError::expected("a finite number", json))
    }
}

impl FromJson for bool {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        match json {
            Json::Bool(value) => Ok(*value),
            other => Err(WireError::expected("true or false", other)),
        }
    }
}

impl FromJson for String {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        match json {
            Json::String(value) => Ok(value.clone()),
            other => Err(WireError::expected("a string", other)),
        }
    }
}

/// `null`, as serde reads `()`.
impl FromJson for () {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        match json {
            Json::Null => Ok(()),
            other => Err(WireError::expected("null", other)),
        }
    }
}

/// `null` (or an absent field) is `None`.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(json: &Json) -> Result<Self, WireError> {
        match json {
            Json::Null => Ok(None),
            other => T::from_json(other).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    #[inline(never)]
    fn from_json(json: &Json) -> Result<Self, WireError> {
        let Json::Array(items) = json else {
            return Err(WireError::expected("an array", json));
        };
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            out.push(T::from_json(item).map_err(|e| e.in_item(index))?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: FromJson>(text: &str) -> Result<T, String> {
        from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn integers_are_exact_at_the_ends_of_their_range() {
        assert_eq!(read::<i64>("9223372036854775807"), Ok(i64::MAX));
        assert_eq!(read::<i64>("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(read::<u64>("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(read::<u32>("4294967295"), Ok(u32::MAX));
        assert_eq!(read::<u16>("65535"), Ok(u16::MAX));
        assert_eq!(read::<usize>("7"), Ok(7));
        assert_eq!(read::<i64>("-12"), Ok(-12));
        assert_eq!(read::<u64>("-0"), Ok(0));
    }

    #[test]
    fn integers_out_of_range_or_with_a_fraction_are_refused() {
        assert!(read::<i64>("9223372036854775808").is_err());
        assert!(read::<i64>("-9223372036854775809").is_err());
        assert!(read::<u64>("18446744073709551616").is_err());
        assert!(read::<u32>("4294967296").is_err());
        assert!(read::<u16>("65536").is_err());
        assert_eq!(
            read::<u64>("-1"),
            Err("expected an integer from 0 to 18446744073709551615, found -1".to_owned())
        );
        assert!(read::<u64>("1.0").is_err());
        assert!(read::<i64>("1e3").is_err());
        assert!(read::<u32>("\"1\"").is_err());
    }

    #[test]
    fn floats_read_every_number_form() {
        assert_eq!(read::<f64>("1.5"), Ok(1.5));
        assert_eq!(read::<f64>("-2.5e-3"), Ok(-0.0025));
        assert_eq!(read::<f64>("1E+2"), Ok(100.0));
        assert_eq!(read::<f64>("42"), Ok(42.0));
        assert!(read::<f64>("1e400").is_err());
        assert!(read::<f64>("null").is_err());
    }

    #[test]
    fn strings_booleans_and_unit_read_only_their_own_kind() {
        assert_eq!(read::<String>(r#""a\"b""#), Ok("a\"b".to_owned()));
        assert_eq!(read::<bool>("false"), Ok(false));
        assert_eq!(read::<()>("null"), Ok(()));
        assert_eq!(
            read::<String>("12"),
            Err("expected a string, found 12".to_owned())
        );
        assert_eq!(
            read::<bool>("\"true\""),
            Err("expected true or false, found \"true\"".to_owned())
        );
        assert!(read::<()>("{}").is_err());
    }

    #[test]
    fn null_is_none_and_anything_else_is_some() {
        assert_eq!(read::<Option<u32>>("null"), Ok(None));
        assert_eq!(read::<Option<u32>>("3"), Ok(Some(3)));
        assert!(read::<Option<u32>>("\"3\"").is_err());
    }

    #[test]
    fn an_array_reads_every_item_and_names_the_one_at_fault() {
        assert_eq!(read::<Vec<i64>>("[1, -2, 3]"), Ok(vec![1, -2, 3]));
        assert_eq!(read::<Vec<i64>>("[]"), Ok(vec![]));
        assert_eq!(
            read::<Vec<i64>>("[1, 2, true]"),
            Err(
                "`[2]`: expected an integer from -9223372036854775808 to 9223372036854775807, \
                 found true"
                    .to_owned()
            )
        );
        assert!(read::<Vec<i64>>("{}").is_err());
    }

    #[derive(Debug, PartialEq)]
    struct Sample {
        name: String,
        note: Option<String>,
    }

    impl FromJson for Sample {
        fn from_json(json: &Json) -> Result<Self, WireError> {
            let fields = Fields::of(json)?;
            Ok(Sample {
                name: fields.get("name")?,
                note: fields.get("note")?,
            })
        }
    }

    #[test]
    fn an_option_field_may_be_absent_or_null_and_other_fields_are_ignored() {
        let expected = Ok(Sample {
            name: "a".to_owned(),
            note: None,
        });

        assert_eq!(read::<Sample>(r#"{"name":"a"}"#), expected);
        assert_eq!(read::<Sample>(r#"{"note":null,"name":"a"}"#), expected);
        assert_eq!(read::<Sample>(r#"{"x":[1,{}],"name":"a"}"#), expected);
    }

    #[test]
    fn a_required_field_absent_a_duplicate_or_a_non_object_is_an_error_naming_it() {
        assert_eq!(
            read::<Sample>(r#"{"note":"n"}"#),
            Err("`name`: missing field".to_owned())
        );
        assert_eq!(
            read::<Sample>(r#"{"name":"a","name":"b"}"#),
            Err("`name`: duplicate field".to_owned())
        );
        assert_eq!(
            read::<Sample>("[]"),
            Err("expected an object, found an array".to_owned())
        );
    }

    #[test]
    fn a_required_field_given_as_null_is_refused_as_null_not_as_missing() {
        assert_eq!(
            read::<Sample>(r#"{"name":null}"#),
            Err("`name`: expected a string, found null".to_owned())
        );
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Colour {
        Red,
        DarkBlue,
    }

    fn colour_name(colour: Colour) -> &'static str {
        match colour {
            Colour::Red => "red",
            Colour::DarkBlue => "dark_blue",
        }
    }

    #[test]
    fn one_of_reads_a_variant_name_and_lists_them_all_otherwise() {
        let variants = [Colour::Red, Colour::DarkBlue];
        let read = |text: &str| {
            one_of(
                &Json::parse(text).map_err(|e| e.to_string())?,
                &variants,
                colour_name,
            )
            .map_err(|e| e.to_string())
        };

        assert_eq!(read("\"dark_blue\""), Ok(Colour::DarkBlue));
        assert_eq!(
            read("\"DarkBlue\""),
            Err("expected one of `red`, `dark_blue`, found \"DarkBlue\"".to_owned())
        );
        assert!(read("0").is_err());
    }
}
