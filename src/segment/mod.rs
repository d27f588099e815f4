//! Segmentation: the normalised view into tokens with offsets.
//!
//! Takes a [`NormText`] and gives [`Token`]s: jieba-rs words (HMM on for
//! unknown words), each with its place in the view (chars and bytes) and a
//! [`TokenKind`]. A token's span in the text as read is
//! `norm.orig_span(token.start, token.end)`. [`is_term`] decides which tokens
//! count as terms for TF-IDF: words and Latin words of two characters or
//! more that are not in the bundled stopword list.
//!
//! One [`Segmenter`] loads jieba's dictionary once (about 0.1 s) and is shared
//! by every thread; `--user-dict FILE` adds domain terms in jieba's format
//! (`word [freq] [tag]` a line).

use std::path::Path;
use std::sync::LazyLock;

use jieba_rs::Jieba;
use rustc_hash::FxHashSet;

use crate::normalize::NormText;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Chinese (or other non-Latin) word.
    Word,
    /// Latin letters, possibly with digits: `cosmoplat`, `5g`, `app`.
    Latin,
    /// Digits and number punctuation: `2021`, `29.2%`.
    Number,
    Punct,
    Space,
}

/// One token of a normalised view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Char offsets into the view.
    pub start: u32,
    pub end: u32,
    /// Byte offsets into the view's text.
    pub byte_start: u32,
    pub byte_end: u32,
    pub kind: TokenKind,
}

impl Token {
    /// The token's text in the view.
    pub fn word<'n>(&self, norm: &'n NormText) -> &'n str {
        &norm.text[self.byte_start as usize..self.byte_end as usize]
    }
}

/// Why a segmenter could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SegmentError {
    #[error("user dictionary {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("user dictionary {path}:{line}: {reason}")]
    Entry {
        path: String,
        line: usize,
        reason: String,
    },
}

/// jieba with its dictionary loaded; cheap to share across threads.
pub struct Segmenter {
    jieba: Jieba,
    hmm: bool,
}

static DEFAULT: LazyLock<Segmenter> = LazyLock::new(|| Segmenter {
    jieba: Jieba::new(),
    hmm: true,
});

impl Segmenter {
    /// The shared segmenter with jieba's default dictionary.
    pub fn shared() -> &'static Segmenter {
        &DEFAULT
    }

    /// A segmenter with jieba's dictionary plus the words of a user
    /// dictionary: `word [freq] [tag]` a line, `#` comments and blank lines
    /// allowed; a word without a frequency gets one high enough to be kept
    /// whole.
    pub fn with_user_dict(path: &Path) -> Result<Segmenter, SegmentError> {
        let text = std::fs::read_to_string(path).map_err(|source| SegmentError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let mut jieba = Jieba::new();
        for (k, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let word = parts.next().unwrap();
            let freq = match parts.next() {
                Some(f) => Some(f.parse::<usize>().map_err(|_| SegmentError::Entry {
                    path: path.display().to_string(),
                    line: k + 1,
                    reason: format!("frequency `{f}` is not a whole number"),
                })?),
                None => None,
            };
            let tag = parts.next();
            let word = crate::normalize::fold_str(word);
            jieba.add_word(&word, freq, tag);
        }
        Ok(Segmenter { jieba, hmm: true })
    }

    /// Cuts a normalised view into tokens.
    pub fn tokens(&self, norm: &NormText) -> Vec<Token> {
        self.jieba
            .cut(&norm.text, self.hmm)
            .into_iter()
            .map(|t| Token {
                start: t.start as u32,
                end: t.end as u32,
                byte_start: t.byte_start as u32,
                byte_end: t.byte_end as u32,
                kind: kind_of(t.word),
            })
            .collect()
    }
}

/// Classifies a token's text.
pub fn kind_of(word: &str) -> TokenKind {
    let mut letters = false;
    let mut digits = false;
    let mut other = false;
    let mut space = true;
    for c in word.chars() {
        if !c.is_whitespace() {
            space = false;
        }
        if c.is_ascii_alphabetic() {
            letters = true;
        } else if c.is_ascii_digit() {
            digits = true;
        } else if !matches!(c, '.' | '%' | ',' | '-' | '+' | '_' | '#' | '&') {
            other = true;
        }
    }
    if space {
        TokenKind::Space
    } else if !other && letters {
        TokenKind::Latin
    } else if !other && digits {
        TokenKind::Number
    } else if word.chars().any(char::is_alphanumeric) {
        TokenKind::Word
    } else {
        TokenKind::Punct
    }
}

static STOPWORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    include_str!("stopwords.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// True for words in the bundled stopword list.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(word)
}

/// True when a token counts as a term: a word or Latin word of at least two
/// characters that is not a stopword.
pub fn is_term(word: &str, kind: TokenKind) -> bool {
    matches!(kind, TokenKind::Word | TokenKind::Latin)
        && word.chars().nth(1).is_some()
        && !is_stopword(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::NormText;

    fn norm(s: &str) -> NormText {
        NormText::from_plain(s)
    }

    #[test]
    fn tokens_carry_offsets_and_kinds() {
        let n = norm("卡奥斯COSMOPlat平台，2021年服务企业14万家");
        let seg = Segmenter::shared();
        let toks = seg.tokens(&n);
        let words: Vec<(&str, TokenKind)> = toks.iter().map(|t| (t.word(&n), t.kind)).collect();
        assert!(
            words.contains(&("cosmoplat", TokenKind::Latin)),
            "{words:?}"
        );
        assert!(words.contains(&("2021", TokenKind::Number)));
        assert!(words.contains(&(",", TokenKind::Punct)));
        assert!(words.contains(&("平台", TokenKind::Word)));
        for t in &toks {
            let chars: Vec<char> = n.text.chars().collect();
            let s: String = chars[t.start as usize..t.end as usize].iter().collect();
            assert_eq!(s, t.word(&n));
        }
    }

    #[test]
    fn terms_leave_out_stopwords_numbers_and_single_chars() {
        assert!(is_term("工业互联网", TokenKind::Word));
        assert!(is_term("app", TokenKind::Latin));
        assert!(!is_term("的", TokenKind::Word));
        assert!(!is_term("我们", TokenKind::Word));
        assert!(!is_term("网", TokenKind::Word));
        assert!(!is_term("2021", TokenKind::Number));
    }

    #[test]
    fn user_dict_keeps_domain_terms_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dict.txt");
        std::fs::write(&path, "# domain\n工赋青岛 1000 n\n双跨平台\n").unwrap();
        let seg = Segmenter::with_user_dict(&path).unwrap();
        let n = norm("以工赋青岛行动和双跨平台为抓手");
        let words: Vec<&str> = seg
            .tokens(&n)
            .iter()
            .map(|t| t.word(&n))
            .collect::<Vec<_>>();
        assert!(words.contains(&"工赋青岛"), "{words:?}");
        assert!(words.contains(&"双跨平台"), "{words:?}");
        std::fs::write(&path, "词 many\n").unwrap();
        let err = Segmenter::with_user_dict(&path).err().unwrap().to_string();
        assert!(err.contains(":1:"), "{err}");
    }
}
