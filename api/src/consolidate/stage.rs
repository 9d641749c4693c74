//! How far a promise has come, from the kind of event that reports it.

/// The stage of an event for the promises it reports, in the order a
/// project goes through them; `Revised` and `Abandoned` can come after any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Announced,
    Signed,
    UnderConstruction,
    Opened,
    Revised,
    Abandoned,
}

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Announced,
        Stage::Signed,
        Stage::UnderConstruction,
        Stage::Opened,
        Stage::Revised,
        Stage::Abandoned,
    ];

    /// The stage an agreement kind stands for. Kinds are open snake_case
    /// words (batch-v1), so this reads their words: any signed document
    /// (memorandum, convention, contract ...) is `Signed`.
    pub fn of_kind(kind: &str) -> Stage {
        let has = |words: &[&str]| words.iter().any(|w| kind.contains(w));
        if has(&["abandon", "cancel", "withdraw", "scrap", "terminat"]) {
            Stage::Abandoned
        } else if has(&["revis", "amend", "scale", "reduc"]) {
            Stage::Revised
        } else if has(&["inaugur", "opening", "commission"]) {
            Stage::Opened
        } else if has(&[
            "groundbreaking",
            "first_stone",
            "foundation",
            "construction",
        ]) {
            Stage::UnderConstruction
        } else if has(&["announce", "launch", "plan"]) {
            Stage::Announced
        } else {
            Stage::Signed
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Announced => "announced",
            Stage::Signed => "signed",
            Stage::UnderConstruction => "under_construction",
            Stage::Opened => "opened",
            Stage::Revised => "revised",
            Stage::Abandoned => "abandoned",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|stage| stage.as_str() == s)
    }

    /// Whether a report at this stage tells what became of an earlier
    /// promise rather than making a new one.
    pub fn follows_up(self) -> bool {
        matches!(
            self,
            Stage::UnderConstruction | Stage::Opened | Stage::Revised | Stage::Abandoned
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Stage;

    #[test]
    fn kinds_name_their_stage() {
        for (kind, stage) in [
            ("memorandum_of_understanding", Stage::Signed),
            ("investment_agreement", Stage::Signed),
            ("convention", Stage::Signed),
            ("announcement", Stage::Announced),
            ("inauguration", Stage::Opened),
            ("groundbreaking", Stage::UnderConstruction),
            ("revision", Stage::Revised),
            ("abandonment", Stage::Abandoned),
        ] {
            assert_eq!(Stage::of_kind(kind), stage, "{kind}");
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
        }
    }
}
