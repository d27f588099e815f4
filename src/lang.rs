//! The language of labels on pages and charts: [`Lang`] and [`Lang::tr`].
//!
//! Only chachong's own words are translated (headings, labels, legends,
//! notes); corpus text is shown as it is. Chinese is the default: the
//! readers of a Chinese corpus read Chinese.

/// The language of a page's labels, never of the text it shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    /// Chinese labels (the default).
    #[default]
    Zh,
    /// English labels.
    En,
}

impl Lang {
    /// The label in this language: `zh` or `en`.
    ///
    /// ```
    /// use chachong::lang::Lang;
    /// assert_eq!(Lang::Zh.tr("复制比", "copy ratio"), "复制比");
    /// assert_eq!(Lang::En.tr("复制比", "copy ratio"), "copy ratio");
    /// ```
    pub fn tr(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The value of an HTML `lang` attribute: `zh-CN` or `en`.
    pub fn html(self) -> &'static str {
        self.tr("zh-CN", "en")
    }
}

/// For a type whose `text(&self, Lang) -> String` says it in either
/// language: `Display` writes the English sentence and `Serialize` writes
/// it as a string, so JSON and terminal output keep one stable language
/// while pages say it in theirs.
macro_rules! said_in_english_elsewhere {
    ($ty:ty) => {
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.text($crate::lang::Lang::En))
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    };
}
pub(crate) use said_in_english_elsewhere;
