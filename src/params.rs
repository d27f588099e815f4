//! Checked settings: a stage takes only settings that passed their check.
//!
//! Every stage's settings are a plain struct with public fields and a
//! documented `Default` (`DupsParams`, `TopicParams`, `ReadParams`, ...).
//! [`ParamGuard::check`] turns one into a [`Checked`] value, and the stage
//! takes only `&Checked<P>`: an out-of-range value is an error where the
//! settings are made, never an `assert!` deep inside a stage. This is
//! linfa's pattern (`KMeansParams` -> `ParamGuard::check` ->
//! `KMeansValidParams`) with one generic checked type instead of one per
//! stage.
//!
//! ```
//! use chachong::dups::DupsParams;
//! use chachong::params::ParamGuard;
//!
//! let ok = DupsParams { threshold: 0.6, ..DupsParams::default() }.check();
//! assert_eq!(ok.unwrap().threshold, 0.6);
//! let bad = DupsParams { threshold: 1.5, ..DupsParams::default() }.check();
//! assert!(bad.is_err());
//! ```

use std::ops::Deref;

use serde::Serialize;

/// Settings that can be checked before a stage takes them.
pub trait ParamGuard: Sized {
    /// What is wrong with bad settings.
    type Error: std::error::Error;

    /// Checks every setting is in range.
    fn validate(&self) -> Result<(), Self::Error>;

    /// The settings, checked: the only way to make a [`Checked`].
    fn check(self) -> Result<Checked<Self>, Self::Error> {
        self.validate()?;
        Ok(Checked(self))
    }
}

/// Settings that passed [`ParamGuard::check`]. Read-only: it derefs to the
/// settings; [`Checked::into_inner`] gives them back to change and check
/// again. Serialises as the settings themselves.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Checked<P>(P);

impl<P> Checked<P> {
    /// The settings, unchecked again.
    pub fn into_inner(self) -> P {
        self.0
    }
}

impl<P> Deref for Checked<P> {
    type Target = P;
    fn deref(&self) -> &P {
        &self.0
    }
}

impl<P: ParamGuard + Default> Default for Checked<P> {
    /// The default settings, checked. Every settings type's test module
    /// asserts its defaults pass, so this never fails.
    fn default() -> Self {
        match P::default().check() {
            Ok(p) => p,
            Err(e) => panic!("the default settings fail their own check: {e}"),
        }
    }
}
