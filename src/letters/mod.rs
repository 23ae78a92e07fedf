//! Letters and email, the application's side: where templates and PDFs
//! live, loading a desk's templates over the defaults, writing a letter to
//! the outbox (email) or to a PDF file, and the sender that delivers the
//! outbox. The rules (templates, figures, layout) are in
//! `domain::letters`; the SQL in `store::outbox`.

pub mod bulk;
pub mod place;
pub mod sender;
pub mod templates;
pub mod transport;
pub mod writer;
