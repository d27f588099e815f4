//! Site furniture: text on a page that is not the article.
//!
//! Takes the paragraphs of a document's body and gives the spans that are
//! furniture, by what they say and how they look, never by whether they repeat
//! elsewhere (a reprinted paragraph is body text; finding it is the point):
//!
//! - navigation phrases: `返回首页`, `返回XX新闻`, `点击查看更多`, `上一篇`,
//!   `分享到`, ...;
//! - a heading such as `相关阅读`, `每日精选`, `地方动态`, `推荐阅读` standing
//!   alone in the last part of the body: it and everything after it;
//! - menu lines: four or more short items separated by spaces or bullets, with
//!   no sentence punctuation (`首页 手机 数码相机 笔记本`);
//! - bullet items of link lists (`• 协会要闻`);
//! - bare URLs.

use crate::corpus::{Excluded, Exclusion};
use crate::span::Span;

/// Headings after which the rest of a page is lists of other articles.
const TAIL_HEADINGS: &[&str] = &[
    "相关阅读",
    "相关新闻",
    "相关文章",
    "相关报道",
    "相关链接",
    "推荐阅读",
    "延伸阅读",
    "热门推荐",
    "精彩推荐",
    "热点推荐",
    "每日精选",
    "地方动态",
    "猜你喜欢",
    "热门文章",
    "最新文章",
    "热门新闻",
    "最新新闻",
    "更多新闻",
    "今日推荐",
    "为您推荐",
    "热点新闻",
    "新闻排行",
    "阅读排行",
    "相关推荐",
];

/// Phrases that make a short line navigation.
const NAV_PHRASES: &[&str] = &[
    "返回首页",
    "点击查看更多",
    "查看更多",
    "点击进入",
    "上一篇",
    "下一篇",
    "分享到",
    "扫一扫",
    "扫描二维码",
    "关注我们",
    "版权所有",
    "免责声明",
    "打印本页",
    "关闭窗口",
    "我要纠错",
    "【纠错】",
    "字号",
    "更多>>",
];

/// A paragraph: its span, and its visible text (inline markup left out).
#[derive(Debug, Clone)]
pub struct Para {
    pub span: Span,
    pub text: String,
}

/// Finds the furniture among the paragraphs of a body.
pub fn find(paragraphs: &[Para]) -> Vec<Excluded> {
    let mut out = Vec::new();
    let total: usize = paragraphs.iter().map(|p| p.text.chars().count()).sum();
    let mut seen = 0usize;
    for (k, para) in paragraphs.iter().enumerate() {
        let p = &para.span;
        let line = para.text.trim();
        seen += para.text.chars().count();
        let in_tail = seen * 10 >= total * 6;
        if in_tail && is_tail_heading(line) {
            let end = paragraphs.last().map_or(p.end, |l| l.span.end);
            out.push(furniture(Span::new(p.start, end)));
            break;
        }
        let reason = if is_url(line) {
            Some(Exclusion::Attribution)
        } else if is_nav(line) || is_menu(line) || is_bullet_item(paragraphs, k) {
            Some(Exclusion::Furniture)
        } else {
            None
        };
        if let Some(reason) = reason {
            out.push(Excluded { span: *p, reason });
        }
    }
    out
}

fn furniture(span: Span) -> Excluded {
    Excluded {
        span,
        reason: Exclusion::Furniture,
    }
}

fn strip_decoration(line: &str) -> &str {
    line.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ':' | '：'
                    | '>'
                    | '》'
                    | '【'
                    | '】'
                    | '['
                    | ']'
                    | '■'
                    | '●'
                    | '▲'
                    | '►'
                    | '|'
                    | '｜'
            )
    })
}

fn is_tail_heading(line: &str) -> bool {
    TAIL_HEADINGS.contains(&strip_decoration(line))
}

fn is_nav(line: &str) -> bool {
    let n = line.chars().count();
    if n > 40 {
        return false;
    }
    if line.starts_with("返回") && n <= 30 {
        return true;
    }
    NAV_PHRASES.iter().any(|p| line.contains(p)) && !has_sentence_punct(line)
}

fn has_sentence_punct(line: &str) -> bool {
    line.contains(['。', '，', '！', '？', '；', ',', '、'])
}

/// Four or more short items separated by whitespace or bullets, no sentence
/// punctuation, every item at most eight characters.
fn is_menu(line: &str) -> bool {
    if has_sentence_punct(line) {
        return false;
    }
    let items: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || matches!(c, '•' | '·' | '|' | '｜' | '/'))
        .filter(|s| !s.is_empty())
        .collect();
    items.len() >= 4 && items.iter().all(|i| i.chars().count() <= 8)
}

/// A short bullet line (`• 协会要闻`) next to another bullet line.
fn is_bullet_item(paragraphs: &[Para], k: usize) -> bool {
    let bullet = |l: &str| {
        let l = l.trim();
        (l.starts_with('•') || l.starts_with('·') || l.starts_with('▪'))
            && l.chars().count() <= 30
            && !has_sentence_punct(l)
    };
    if !bullet(&paragraphs[k].text) {
        return false;
    }
    let neighbour = |j: usize| paragraphs.get(j).is_some_and(|p| bullet(&p.text));
    (k > 0 && neighbour(k - 1)) || neighbour(k + 1)
}

fn is_url(line: &str) -> bool {
    let l = line.trim_matches(|c| c == '<' || c == '>');
    (l.starts_with("http://") || l.starts_with("https://") || l.starts_with("www."))
        && !l.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::CharIndex;

    fn paras(text: &str) -> Vec<Para> {
        let mut out = Vec::new();
        let mut at = 0u32;
        for line in text.split('\n') {
            let n = line.chars().count() as u32;
            if !line.trim().is_empty() {
                out.push(Para {
                    span: Span::new(at, at + n),
                    text: line.to_string(),
                });
            }
            at += n + 1;
        }
        out
    }

    fn marked(text: &str) -> Vec<String> {
        let ix = CharIndex::new(text);
        find(&paras(text))
            .iter()
            .map(|e| ix.slice(text, e.span).to_string())
            .collect()
    }

    #[test]
    fn tail_lists_and_menus() {
        let body = "正文第一段，很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。\n正文第二段，也很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。\n";
        let text = format!("{body}相关阅读\n某某新闻标题\n首页 手机 数码相机 笔记本 游戏");
        assert_eq!(
            marked(&text),
            vec!["相关阅读\n某某新闻标题\n首页 手机 数码相机 笔记本 游戏"]
        );
    }

    #[test]
    fn a_heading_early_in_the_text_is_not_a_tail() {
        let text = "相关阅读\n正文第一段，很长很长很长很长很长很长很长很长很长很长很长很长。";
        assert!(marked(text).is_empty());
    }

    #[test]
    fn navigation_urls_and_bullets() {
        let text = "正文，句子。\n返回人民邮电报新闻｜返回首页\n<http://a.b/c>\n• 协会要闻\n• 通知公告\n• 这是一个要点，不是菜单。";
        assert_eq!(
            marked(text),
            vec![
                "返回人民邮电报新闻｜返回首页",
                "<http://a.b/c>",
                "• 协会要闻",
                "• 通知公告"
            ]
        );
    }

    #[test]
    fn menu_needs_short_items_without_punctuation() {
        assert!(is_menu("首页 手机 数码相机 笔记本 游戏 DIY硬件"));
        assert!(!is_menu("青岛 全面 助推 工业互联网，发展"));
        assert!(!is_menu("拥抱工业互联网 青岛亮出硬实力"));
    }
}
