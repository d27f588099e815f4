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
    /// The I/O error is printed here, not chained as a `source`, so that
    /// `{:#}` names it once.
    #[error("user dictionary {path}: {err}")]
    Io { path: String, err: std::io::Error },
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
        let text = std::fs::read_to_string(path).map_err(|err| SegmentError::Io {
            path: path.display().to_string(),
            err,
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
    ///
    /// jieba is given the view in pieces of at most 16 KiB, cut where jieba
    /// would split anyway (after a character outside the ideographs, ASCII
    /// letters and digits and `+#&._%-`, other than `\r`): the tokens are
    /// those of the whole view, and the memory jieba takes stays bounded
    /// however long a document or a run without punctuation is. A run of
    /// 16 KiB without such a break is cut on a character boundary.
    pub fn tokens(&self, norm: &NormText) -> Vec<Token> {
        self.tokens_in_pieces(&norm.text, PIECE_BYTES)
    }

    fn tokens_in_pieces(&self, text: &str, piece_bytes: usize) -> Vec<Token> {
        let mut out = Vec::new();
        let (mut byte0, mut char0) = (0, 0);
        for piece in pieces(text, piece_bytes) {
            let mut chars = 0;
            out.extend(self.jieba.cut(piece, self.hmm).into_iter().map(|t| {
                chars = t.end;
                Token {
                    start: (char0 + t.start) as u32,
                    end: (char0 + t.end) as u32,
                    byte_start: (byte0 + t.byte_start) as u32,
                    byte_end: (byte0 + t.byte_end) as u32,
                    kind: kind_of(t.word),
                }
            }));
            byte0 += piece.len();
            char0 += chars;
        }
        out
    }
}

/// The most bytes of a view jieba is given at once (16 KiB). Real text
/// breaks far more often than that; a document of one character repeated,
/// or of letters without a space, does not.
const PIECE_BYTES: usize = 16 << 10;

/// Whether jieba splits its input after `c` whatever follows: `c` is outside
/// the class of characters jieba joins into blocks (CJK ideographs, ASCII
/// letters and digits, `+#&._%-`; every CJK ideograph is alphanumeric), and
/// not a `\r` that a `\n` may follow (jieba keeps `\r\n` as one token).
fn jieba_breaks_after(c: char) -> bool {
    !crate::fingerprint::matchable::is_matchable(c)
        && !matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-' | '\r')
}

/// `text` cut into pieces of at most `max` bytes (but at least one
/// character), each ending after the last character jieba splits after
/// anyway; a piece with no such character is cut at the limit, on a
/// character boundary, which changes the tokens only of a run of `max`
/// bytes of letters or ideographs without a break.
fn pieces(text: &str, max: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = if rest.len() <= max {
            rest.len()
        } else {
            let limit = match rest.floor_char_boundary(max) {
                0 => rest.ceil_char_boundary(1),
                n => n,
            };
            rest[..limit]
                .char_indices()
                .rev()
                .find(|&(_, c)| jieba_breaks_after(c))
                .map_or(limit, |(i, c)| i + c.len_utf8())
        };
        let (piece, tail) = rest.split_at(end);
        rest = tail;
        Some(piece)
    })
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
    fn pieces_give_the_tokens_of_the_whole_with_exact_offsets() {
        let seg = Segmenter::shared();
        let text = "卡奥斯COSMOPlat平台,2021年服务企业14万家。\r\n工业互联网 R&D 29.2%的增长!\n"
            .repeat(40);
        let whole: Vec<_> = seg
            .jieba
            .cut(&text, true)
            .into_iter()
            .map(|t| {
                (
                    t.start as u32,
                    t.end as u32,
                    t.byte_start as u32,
                    t.byte_end as u32,
                )
            })
            .collect();
        for max in [1, 2, 7, 64, 300, 1 << 20] {
            let got: Vec<_> = seg
                .tokens_in_pieces(&text, max)
                .iter()
                .map(|t| (t.start, t.end, t.byte_start, t.byte_end))
                .collect();
            if max >= 64 {
                assert_eq!(got, whole, "pieces of {max}");
            }
            // Whatever the pieces, tokens tile the text with exact offsets.
            let chars: Vec<char> = text.chars().collect();
            let mut at = (0, 0);
            for &(s, e, bs, be) in &got {
                assert_eq!((s, bs), at, "pieces of {max}");
                let word: String = chars[s as usize..e as usize].iter().collect();
                assert_eq!(word, text[bs as usize..be as usize]);
                at = (e, be);
            }
            assert_eq!(at, (chars.len() as u32, text.len() as u32));
        }
    }

    #[test]
    fn a_run_without_breaks_is_cut_at_the_limit_on_char_boundaries() {
        let text = format!("{}a{}", "一".repeat(10), "b".repeat(10));
        let lens: Vec<usize> = pieces(&text, 8).map(str::len).collect();
        assert_eq!(lens, vec![6, 6, 6, 6, 8, 8, 1]);
        assert_eq!(pieces(&text, 1).next(), Some("一"));
        let toks = Segmenter::shared().tokens_in_pieces(&"一".repeat(100_000), PIECE_BYTES);
        assert_eq!(toks.last().unwrap().end, 100_000);
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
