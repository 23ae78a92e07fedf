//! Where this process finds a desk's own templates, saves PDFs, and how it
//! sends mail: set once at start from the config (`recoup` or `recoup
//! serve`), read by the store workers and the sender.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::config::MailConfig;

#[derive(Clone, Debug, Default)]
pub struct Place {
    /// The config directory's `letters/` (templates that replace or add to
    /// the defaults); `None` for the defaults only.
    pub templates: Option<PathBuf>,
    /// Where a letter saved as PDF is written.
    pub pdf_dir: PathBuf,
    pub mail: MailConfig,
    /// The config directory's `strategies/` (a desk's own strategies, one
    /// TOML file each); `None` for the book's and the standard one only.
    pub strategies: Option<PathBuf>,
}

static PLACE: OnceLock<Place> = OnceLock::new();

/// Sets the place for the process; the first call wins.
pub fn set(place: Place) {
    let _ = PLACE.set(place);
}

/// The place set at start; without one (a test of the workers), the
/// defaults, with PDFs under the system's temporary directory.
pub fn get() -> &'static Place {
    PLACE.get_or_init(|| Place {
        templates: None,
        pdf_dir: std::env::temp_dir().join("recoup-letters"),
        mail: MailConfig::default(),
        strategies: None,
    })
}
