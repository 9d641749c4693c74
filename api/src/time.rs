//! Timestamps as the database stores them: RFC 3339 text in UTC.

pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}
