//! Nova's `name` parameter type, shared by servers, key pairs and the rest: 1 to 255
//! characters (Unicode characters, not bytes), not beginning or ending with whitespace.

pub const MAX_CHARS: usize = 255;

/// Why Nova would refuse `name`, or `None`. `thing` completes "Enter a name for the ...".
pub fn name_problem(thing: &str, name: &str) -> Option<String> {
    if name.is_empty() {
        return Some(format!("Enter a name for the {thing}."));
    }
    let length = name.chars().count();
    if length > MAX_CHARS {
        return Some(format!("Names are {MAX_CHARS} characters at most (this one has {length})."));
    }
    if name.starts_with(char::is_whitespace) || name.ends_with(char::is_whitespace) {
        return Some("Names may not begin or end with a space.".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_counts_characters_and_edges_are_trimmed() {
        assert_eq!(name_problem("server", "web 1"), None);
        assert_eq!(name_problem("server", &"é".repeat(255)), None);
        assert_eq!(
            name_problem("server", &"é".repeat(256)).as_deref(),
            Some("Names are 255 characters at most (this one has 256).")
        );
        assert_eq!(name_problem("server", "").as_deref(), Some("Enter a name for the server."));
        assert_eq!(name_problem("server", "web ").as_deref(), Some("Names may not begin or end with a space."));
        assert_eq!(name_problem("server", "\tweb").as_deref(), Some("Names may not begin or end with a space."));
    }
}
