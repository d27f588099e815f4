//! Look-alike characters folded for matching: compatibility forms
//! (Unicode NFKC, where it gives one character for one) and the CJK radical
//! forms NFKC leaves alone.
//!
//! A copy written with Kangxi radicals (`⼯业互联⽹`: U+2F2F, U+2F79),
//! CJK compatibility ideographs (U+F900–FAFF, U+2F800–2FA1F), CJK radicals
//! supplement forms (`⻓` U+2ED3 for 长), circled or superscript digits,
//! half-width katakana or other compatibility variants looks the same as the
//! original to a reader and must match it. Each such character folds to the
//! one it stands for. A compatibility form whose NFKC is several characters
//! (`㈱` → `(株)`, `ﬁ` → `fi`) is left as it is, so the view stays one
//! character for one and every offset maps back exactly.

use unicode_normalization::char::{compose, decompose_compatible};

/// The CJK Radicals Supplement (U+2E81–U+2EF3) to the unified ideograph each
/// stands for, from Unicode's EquivalentUnifiedIdeograph.txt (U+2E80 and
/// U+2E9A have none).
const RADICALS_SUPPLEMENT: [(u32, char); 114] = [
    (0x2E81, '\u{5382}'),  // ⺁ 厂
    (0x2E82, '\u{4E5B}'),  // ⺂ 乛
    (0x2E83, '\u{4E5A}'),  // ⺃ 乚
    (0x2E84, '\u{4E59}'),  // ⺄ 乙
    (0x2E85, '\u{4EBB}'),  // ⺅ 亻
    (0x2E86, '\u{5182}'),  // ⺆ 冂
    (0x2E87, '\u{20628}'), // ⺇ 𠘨
    (0x2E88, '\u{5200}'),  // ⺈ 刀
    (0x2E89, '\u{5202}'),  // ⺉ 刂
    (0x2E8A, '\u{535C}'),  // ⺊ 卜
    (0x2E8B, '\u{353E}'),  // ⺋ 㔾
    (0x2E8C, '\u{5C0F}'),  // ⺌ 小
    (0x2E8D, '\u{5C0F}'),  // ⺍ 小
    (0x2E8E, '\u{5140}'),  // ⺎ 兀
    (0x2E8F, '\u{5C23}'),  // ⺏ 尣
    (0x2E90, '\u{5C22}'),  // ⺐ 尢
    (0x2E91, '\u{21BC2}'), // ⺑ 𡯂
    (0x2E92, '\u{5DF3}'),  // ⺒ 巳
    (0x2E93, '\u{5E7A}'),  // ⺓ 幺
    (0x2E94, '\u{5F51}'),  // ⺔ 彑
    (0x2E95, '\u{2B739}'), // ⺕ 𫜹
    (0x2E96, '\u{5FC4}'),  // ⺖ 忄
    (0x2E97, '\u{5FC3}'),  // ⺗ 心
    (0x2E98, '\u{624C}'),  // ⺘ 扌
    (0x2E99, '\u{6535}'),  // ⺙ 攵
    (0x2E9B, '\u{65E1}'),  // ⺛ 旡
    (0x2E9C, '\u{65E5}'),  // ⺜ 日
    (0x2E9D, '\u{6708}'),  // ⺝ 月
    (0x2E9E, '\u{6B7A}'),  // ⺞ 歺
    (0x2E9F, '\u{6BCD}'),  // ⺟ 母
    (0x2EA0, '\u{6C11}'),  // ⺠ 民
    (0x2EA1, '\u{6C35}'),  // ⺡ 氵
    (0x2EA2, '\u{6C3A}'),  // ⺢ 氺
    (0x2EA3, '\u{706C}'),  // ⺣ 灬
    (0x2EA4, '\u{722B}'),  // ⺤ 爫
    (0x2EA5, '\u{722B}'),  // ⺥ 爫
    (0x2EA6, '\u{4E2C}'),  // ⺦ 丬
    (0x2EA7, '\u{725B}'),  // ⺧ 牛
    (0x2EA8, '\u{72AD}'),  // ⺨ 犭
    (0x2EA9, '\u{738B}'),  // ⺩ 王
    (0x2EAA, '\u{24D14}'), // ⺪ 𤴔
    (0x2EAB, '\u{76EE}'),  // ⺫ 目
    (0x2EAC, '\u{793A}'),  // ⺬ 示
    (0x2EAD, '\u{793B}'),  // ⺭ 礻
    (0x2EAE, '\u{25AD7}'), // ⺮ 𥫗
    (0x2EAF, '\u{7CF9}'),  // ⺯ 糹
    (0x2EB0, '\u{7E9F}'),  // ⺰ 纟
    (0x2EB1, '\u{7F53}'),  // ⺱ 罓
    (0x2EB2, '\u{7F52}'),  // ⺲ 罒
    (0x2EB3, '\u{34C1}'),  // ⺳ 㓁
    (0x2EB4, '\u{5197}'),  // ⺴ 冗
    (0x2EB5, '\u{2626B}'), // ⺵ 𦉫
    (0x2EB6, '\u{7F8A}'),  // ⺶ 羊
    (0x2EB7, '\u{2634C}'), // ⺷ 𦍌
    (0x2EB8, '\u{2634B}'), // ⺸ 𦍋
    (0x2EB9, '\u{8002}'),  // ⺹ 耂
    (0x2EBA, '\u{8080}'),  // ⺺ 肀
    (0x2EBB, '\u{807F}'),  // ⺻ 聿
    (0x2EBC, '\u{8089}'),  // ⺼ 肉
    (0x2EBD, '\u{26951}'), // ⺽ 𦥑
    (0x2EBE, '\u{8279}'),  // ⺾ 艹
    (0x2EBF, '\u{8279}'),  // ⺿ 艹
    (0x2EC0, '\u{8279}'),  // ⻀ 艹
    (0x2EC1, '\u{864E}'),  // ⻁ 虎
    (0x2EC2, '\u{8864}'),  // ⻂ 衤
    (0x2EC3, '\u{8980}'),  // ⻃ 覀
    (0x2EC4, '\u{897F}'),  // ⻄ 西
    (0x2EC5, '\u{89C1}'),  // ⻅ 见
    (0x2EC6, '\u{89D2}'),  // ⻆ 角
    (0x2EC7, '\u{278B2}'), // ⻇ 𧢲
    (0x2EC8, '\u{8BA0}'),  // ⻈ 讠
    (0x2EC9, '\u{8D1D}'),  // ⻉ 贝
    (0x2ECA, '\u{27FB7}'), // ⻊ 𧾷
    (0x2ECB, '\u{8F66}'),  // ⻋ 车
    (0x2ECC, '\u{8FB6}'),  // ⻌ 辶
    (0x2ECD, '\u{8FB6}'),  // ⻍ 辶
    (0x2ECE, '\u{8FB6}'),  // ⻎ 辶
    (0x2ECF, '\u{9091}'),  // ⻏ 邑
    (0x2ED0, '\u{9485}'),  // ⻐ 钅
    (0x2ED1, '\u{9577}'),  // ⻑ 長
    (0x2ED2, '\u{9578}'),  // ⻒ 镸
    (0x2ED3, '\u{957F}'),  // ⻓ 长
    (0x2ED4, '\u{95E8}'),  // ⻔ 门
    (0x2ED5, '\u{28E0F}'), // ⻕ 𨸏
    (0x2ED6, '\u{961D}'),  // ⻖ 阝
    (0x2ED7, '\u{96E8}'),  // ⻗ 雨
    (0x2ED8, '\u{9752}'),  // ⻘ 青
    (0x2ED9, '\u{97E6}'),  // ⻙ 韦
    (0x2EDA, '\u{9875}'),  // ⻚ 页
    (0x2EDB, '\u{98CE}'),  // ⻛ 风
    (0x2EDC, '\u{98DE}'),  // ⻜ 飞
    (0x2EDD, '\u{98DF}'),  // ⻝ 食
    (0x2EDE, '\u{2967F}'), // ⻞ 𩙿
    (0x2EDF, '\u{98E0}'),  // ⻟ 飠
    (0x2EE0, '\u{9963}'),  // ⻠ 饣
    (0x2EE1, '\u{29810}'), // ⻡ 𩠐
    (0x2EE2, '\u{9A6C}'),  // ⻢ 马
    (0x2EE3, '\u{9AA8}'),  // ⻣ 骨
    (0x2EE4, '\u{9B3C}'),  // ⻤ 鬼
    (0x2EE5, '\u{9C7C}'),  // ⻥ 鱼
    (0x2EE6, '\u{9E1F}'),  // ⻦ 鸟
    (0x2EE7, '\u{5364}'),  // ⻧ 卤
    (0x2EE8, '\u{9EA6}'),  // ⻨ 麦
    (0x2EE9, '\u{9EC4}'),  // ⻩ 黄
    (0x2EEA, '\u{9EFE}'),  // ⻪ 黾
    (0x2EEB, '\u{6589}'),  // ⻫ 斉
    (0x2EEC, '\u{9F50}'),  // ⻬ 齐
    (0x2EED, '\u{6B6F}'),  // ⻭ 歯
    (0x2EEE, '\u{9F7F}'),  // ⻮ 齿
    (0x2EEF, '\u{7ADC}'),  // ⻯ 竜
    (0x2EF0, '\u{9F99}'),  // ⻰ 龙
    (0x2EF1, '\u{9F9C}'),  // ⻱ 龜
    (0x2EF2, '\u{4E80}'),  // ⻲ 亀
    (0x2EF3, '\u{9F9F}'),  // ⻳ 龟
];

/// The character `c` stands for, when it is a look-alike; else `c`.
pub fn fold_lookalike(c: char) -> char {
    let u = c as u32;
    // The common case first: ASCII, Latin-1 controls and the unified
    // ideographs have no compatibility mapping.
    if u < 0xA0 || (0x4E00..=0x9FFF).contains(&u) {
        return c;
    }
    if (0x2E80..=0x2EFF).contains(&u)
        && let Ok(k) = RADICALS_SUPPLEMENT.binary_search_by_key(&u, |&(r, _)| r)
    {
        return RADICALS_SUPPLEMENT[k].1;
    }
    nfkc_one(c).unwrap_or(c)
}

/// The NFKC form of `c` when it is one character.
fn nfkc_one(c: char) -> Option<char> {
    let mut parts = ['\0'; 4];
    let mut n = 0usize;
    decompose_compatible(c, |d| {
        if let Some(slot) = parts.get_mut(n) {
            *slot = d;
        }
        n += 1;
    });
    if n == 0 || n > parts.len() {
        return None;
    }
    // Compose what decomposed (é as e + U+0301 composes back to é).
    parts[1..n]
        .iter()
        .try_fold(parts[0], |acc, &d| compose(acc, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_and_compatibility_ideographs_fold_to_the_ideograph() {
        // Kangxi radicals: U+2F2F is 工, U+2F79 is 网.
        assert_eq!(fold_lookalike('\u{2F2F}'), '工');
        assert_eq!(fold_lookalike('\u{2F79}'), '网');
        // Radicals supplement: U+2ED3 is 长, U+2EDB is 风.
        assert_eq!(fold_lookalike('\u{2ED3}'), '长');
        assert_eq!(fold_lookalike('\u{2EDB}'), '风');
        // Compatibility ideographs: U+F9DC is 隆, U+2F800 is 丽.
        assert_eq!(fold_lookalike('\u{F9DC}'), '隆');
        assert_eq!(fold_lookalike('\u{2F800}'), '丽');
        // A circled digit and a superscript: one character each.
        assert_eq!(fold_lookalike('①'), '1');
        assert_eq!(fold_lookalike('²'), '2');
        // Several characters: left alone.
        assert_eq!(fold_lookalike('㈱'), '㈱');
        assert_eq!(fold_lookalike('ﬁ'), 'ﬁ');
        // Ordinary text is untouched.
        for c in "工业互联网。“”ab1é".chars() {
            assert_eq!(fold_lookalike(c), c, "{c}");
        }
    }

    #[test]
    fn the_table_is_sorted_and_maps_to_ideographs() {
        assert!(RADICALS_SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
        for &(_, c) in &RADICALS_SUPPLEMENT {
            assert!(!(0x2E80..=0x2FDF).contains(&(c as u32)));
        }
    }
}
