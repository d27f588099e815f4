//! Bearer tokens: who may read (check, similar, stats, documents and tasks
//! by id) and who may write (add and delete documents).
//!
//! Takes the tokens file (lines `read TOKEN` or `write TOKEN`; blank lines
//! and `#` comments ignored) and the environment variables
//! `CHACHONG_READ_TOKEN` / `CHACHONG_WRITE_TOKEN`, and gives [`Tokens`],
//! which answers a request's `Authorization` header: a write token may
//! also read; no token or an unknown one is 401, a read token on a write
//! endpoint 403. With no token configured at all, every request is let in
//! (the service then binds only to loopback, see [`super::run`]).

use std::path::{Path, PathBuf};

use axum::http::{HeaderMap, StatusCode, header};

use super::error::ApiError;

/// What an endpoint needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// The tokens the service accepts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    read: Vec<String>,
    write: Vec<String>,
}

/// Why the tokens could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TokensError {
    #[error("{}: {err}", crate::safe::terminal(&path.to_string_lossy()))]
    Io { path: PathBuf, err: std::io::Error },
    #[error("{}:{line}: {reason}", crate::safe::terminal(&path.to_string_lossy()))]
    Line {
        path: PathBuf,
        line: usize,
        reason: String,
    },
}

/// Shortest token accepted: a guessable token is no protection.
pub const MIN_TOKEN_CHARS: usize = 16;

impl Tokens {
    /// Tokens from `file` (if any) and the two environment values.
    pub fn load(
        file: Option<&Path>,
        env_read: Option<String>,
        env_write: Option<String>,
    ) -> Result<Tokens, TokensError> {
        let mut t = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|err| TokensError::Io {
                    path: path.to_path_buf(),
                    err,
                })?;
                Tokens::parse(&text).map_err(|(line, reason)| TokensError::Line {
                    path: path.to_path_buf(),
                    line,
                    reason,
                })?
            }
            None => Tokens::default(),
        };
        let env = |name: &str, v: Option<String>| -> Result<Option<String>, TokensError> {
            match v {
                Some(v) if v.trim().chars().count() < MIN_TOKEN_CHARS => Err(TokensError::Line {
                    path: PathBuf::from(format!("${name}")),
                    line: 1,
                    reason: format!("a token has at least {MIN_TOKEN_CHARS} characters"),
                }),
                Some(v) => Ok(Some(v.trim().to_string())),
                None => Ok(None),
            }
        };
        t.read.extend(env("CHACHONG_READ_TOKEN", env_read)?);
        t.write.extend(env("CHACHONG_WRITE_TOKEN", env_write)?);
        Ok(t)
    }

    /// Tokens from the lines of a tokens file; an error gives the 1-based
    /// line and the reason.
    pub fn parse(text: &str) -> Result<Tokens, (usize, String)> {
        let mut t = Tokens::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut words = line.split_whitespace();
            let (Some(kind), Some(token), None) = (words.next(), words.next(), words.next()) else {
                return Err((i + 1, "expected `read TOKEN` or `write TOKEN`".into()));
            };
            if token.chars().count() < MIN_TOKEN_CHARS {
                return Err((
                    i + 1,
                    format!("a token has at least {MIN_TOKEN_CHARS} characters"),
                ));
            }
            match kind {
                "read" => t.read.push(token.to_string()),
                "write" => t.write.push(token.to_string()),
                other => {
                    return Err((
                        i + 1,
                        format!(
                            "unknown right {:?}: expected `read` or `write`",
                            crate::safe::terminal(other)
                        ),
                    ));
                }
            }
        }
        Ok(t)
    }

    /// Whether no token is configured (every request is let in).
    pub fn is_empty(&self) -> bool {
        self.read.is_empty() && self.write.is_empty()
    }

    /// Lets a request with these headers in for `need`, or says why not.
    pub fn authorize(&self, headers: &HeaderMap, need: Access) -> Result<(), ApiError> {
        if self.is_empty() {
            return Ok(());
        }
        let unauthorized = |detail: &str| {
            ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", detail.to_string())
        };
        let given = headers.get(header::AUTHORIZATION).ok_or_else(|| {
            unauthorized("no Authorization header; send `Authorization: Bearer TOKEN`")
        })?;
        let token = given
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(|| unauthorized("the Authorization header is not `Bearer TOKEN`"))?;
        let known = |list: &[String]| list.iter().any(|t| same(t.as_bytes(), token.as_bytes()));
        if known(&self.write) {
            return Ok(());
        }
        if known(&self.read) {
            return match need {
                Access::Read => Ok(()),
                Access::Write => Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "forbidden",
                    "this token may read but not write",
                )),
            };
        }
        Err(unauthorized("unknown token"))
    }
}

/// Equality whose time does not depend on where two equally long byte
/// strings differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    const R: &str = "read-token-0123456789";
    const W: &str = "write-token-0123456789";

    fn with(token: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(t) = token {
            h.insert(header::AUTHORIZATION, HeaderValue::from_str(t).unwrap());
        }
        h
    }

    #[test]
    fn rights_are_enforced_and_bad_lines_named() {
        let t = Tokens::parse(&format!("# tokens\n\nread {R}\nwrite {W}\n")).unwrap();
        let status = |h: &HeaderMap, a| t.authorize(h, a).err().map(|e| e.status.as_u16());
        assert_eq!(status(&with(None), Access::Read), Some(401));
        assert_eq!(status(&with(Some("Bearer nope")), Access::Read), Some(401));
        assert_eq!(status(&with(Some(R)), Access::Read), Some(401));
        assert_eq!(
            status(&with(Some(&format!("Bearer {R}"))), Access::Read),
            None
        );
        assert_eq!(
            status(&with(Some(&format!("Bearer {R}"))), Access::Write),
            Some(403)
        );
        assert_eq!(
            status(&with(Some(&format!("Bearer {W}"))), Access::Write),
            None
        );
        assert_eq!(
            status(&with(Some(&format!("Bearer {W}"))), Access::Read),
            None
        );
        assert!(
            Tokens::default()
                .authorize(&with(None), Access::Write)
                .is_ok()
        );

        assert_eq!(Tokens::parse("read short").unwrap_err().0, 1);
        let e = Tokens::parse(&format!("\nadmin {W}")).unwrap_err();
        assert_eq!(e.0, 2);
        assert!(e.1.contains("admin"));
        assert!(Tokens::parse(&format!("read {R} extra")).is_err());
        assert!(Tokens::load(None, Some("short".into()), None).is_err());
        let env = Tokens::load(None, None, Some(W.into())).unwrap();
        assert_eq!(status_of(&env, &format!("Bearer {W}")), None);
    }

    fn status_of(t: &Tokens, auth: &str) -> Option<u16> {
        t.authorize(&with(Some(auth)), Access::Write)
            .err()
            .map(|e| e.status.as_u16())
    }
}
