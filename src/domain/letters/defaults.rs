//! The templates recoup ships (`assets/letters/`), embedded in the binary.
//! A desk's own, in the config directory's `letters/`, replace them by name
//! or add to them.

/// (name, source), in the order the Write screen lists them.
pub const DEFAULTS: [(&str, &str); 5] = [
    ("statement", include_str!("../../../assets/letters/statement.txt")),
    ("reminder-friendly", include_str!("../../../assets/letters/reminder-friendly.txt")),
    ("reminder-firm", include_str!("../../../assets/letters/reminder-firm.txt")),
    ("final-demand", include_str!("../../../assets/letters/final-demand.txt")),
    ("letter-before-action", include_str!("../../../assets/letters/letter-before-action.txt")),
];
