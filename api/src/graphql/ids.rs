//! Relay global IDs: `base64("Type:123")`, opaque to clients.

use async_graphql::ID;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use crate::error::Error;

pub fn encode(type_name: &str, id: i64) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{type_name}:{id}")))
}

/// The type name and database id inside a global ID.
pub fn decode(id: &ID) -> Result<(String, i64), Error> {
    let invalid = || Error::InvalidInput(format!("{:?} is not an ID of this API", id.as_str()));
    let bytes = URL_SAFE_NO_PAD
        .decode(id.as_bytes())
        .map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (type_name, number) = text.split_once(':').ok_or_else(invalid)?;
    let number = number.parse().map_err(|_| invalid())?;
    Ok((type_name.to_owned(), number))
}

/// The database id inside a global ID that must be of one of `types`.
pub fn decode_as(id: &ID, types: &[&str]) -> Result<i64, Error> {
    let (type_name, number) = decode(id)?;
    if types.contains(&type_name.as_str()) {
        Ok(number)
    } else {
        Err(Error::InvalidInput(format!(
            "{:?} is the ID of a {type_name}, expected a {}",
            id.as_str(),
            types.join(" or ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_type_check() {
        let id = encode("Company", 42);
        assert_eq!(decode(&id).unwrap(), ("Company".to_owned(), 42));
        assert_eq!(decode_as(&id, &["Company"]).unwrap(), 42);
        let err = decode_as(&id, &["City"]).unwrap_err().to_string();
        assert!(err.contains("expected a City"), "{err}");
        assert!(decode(&ID("not an id".into())).is_err());
    }
}
