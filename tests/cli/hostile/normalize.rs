//! Regressions: the normalised view that matching sees.

use crate::util::{Dir, seed_paragraphs};

/// Ideographs of seed 000 and a look-alike of each: a Kangxi radical, a CJK
/// compatibility ideograph or a radicals-supplement form.
const LOOKALIKES: &[(char, char)] = &[
    ('人', '\u{2F08}'),
    ('入', '\u{2F0A}'),
    ('全', '\u{FA72}'),
    ('包', '\u{2F829}'),
    ('及', '\u{2F836}'),
    ('山', '\u{2F2D}'),
    ('工', '\u{2F2F}'),
    ('年', '\u{F98E}'),
    ('念', '\u{F9A3}'),
    ('手', '\u{2F3F}'),
    ('生', '\u{2F63}'),
    ('用', '\u{2F64}'),
    ('目', '\u{2F6C}'),
    ('直', '\u{FAA8}'),
    ('着', '\u{FAAA}'),
    ('类', '\u{FAAE}'),
    ('网', '\u{2F79}'),
    ('者', '\u{FA5B}'),
    ('育', '\u{2F982}'),
    ('至', '\u{2F84}'),
    ('落', '\u{F918}'),
    ('著', '\u{FA5F}'),
    ('血', '\u{2F8E}'),
    ('行', '\u{2F8F}'),
    ('角', '\u{2F93}'),
    ('走', '\u{2F9B}'),
    ('首', '\u{2FB8}'),
];

#[test]
fn lookalike_characters_do_not_hide_a_copy() {
    let dir = Dir::new();
    dir.seed("000", "corpus/000.md");
    let paras = seed_paragraphs("000");
    let copy: String = format!("{}{}", paras[1], paras[2])
        .chars()
        .map(|c| LOOKALIKES.iter().find(|p| p.0 == c).map_or(c, |p| p.1))
        .collect();
    let changed = copy
        .chars()
        .filter(|c| LOOKALIKES.iter().any(|p| p.1 == *c))
        .count();
    assert!(changed > 40, "only {changed} characters disguised");
    dir.write("draft.txt", format!("标题\n\n{copy}\n"));
    let out = dir.run(&["index", "corpus", "-o", "c.idx", "-q"]);
    assert_eq!(out.code, 0, "{out:?}");
    let out = dir.check_json("draft.txt", "c.idx");
    assert_eq!(out.code, 1, "{out:?}");
    let r = &out.json()["drafts"][0];
    let containment = r["max_containment"]["containment"].as_f64().unwrap();
    assert!(containment > 0.9, "containment {containment}");
    let copied: u64 = r["passages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["chars"].as_u64().unwrap())
        .sum();
    let chars = copy.chars().count() as u64;
    assert!(
        copied * 10 >= chars * 9,
        "{copied} of {chars} characters found copied"
    );
}
