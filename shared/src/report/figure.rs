//! A total as the federation's reports write it (DOMAIN.md, "How the totals
//! are written"):
//! - the figure shown is never more than the true count, and 余 ("over")
//!   follows it exactly when it is less;
//! - below 50, exact (3次, 26户, 46人); from 50 to 99, tens (83 → 80余场);
//!   from 100 up, two significant digits (124 → 120余场, 3,650 → 3600余人);
//! - money of 10,000 元 or more in 万元 with at most one decimal (15,000 →
//!   1.5万元, 110,000 → 11万元, 112,300 → 11.2万余元); below that, two
//!   significant digits of whole 元 (6,050 → 6000余元). Money is in fen.
//!
//! English says "over" for 余 and writes money in full yuan.

use crate::catalogue::Unit;
use crate::lang::Lang;
use crate::money::Fen;
use crate::text::thousands;

/// A figure rounded down for a report: what is shown, and whether it is
/// less than the truth (then 余 / "over" is said).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounded {
    /// The figure shown, in the unit's own terms (fen for money).
    pub shown: u64,
    pub over: bool,
}

/// Rounds a count down as the reports do.
pub fn round_count(n: u64) -> Rounded {
    let shown = match n {
        0..=49 => n,
        50..=99 => n / 10 * 10,
        _ => {
            let mut scale = 1;
            while n / scale >= 100 {
                scale *= 10;
            }
            n / scale * scale
        }
    };
    Rounded {
        shown,
        over: shown < n,
    }
}

/// Rounds money (fen) down as the reports do: whole 万 tenths from 10,000
/// 元, else two significant digits of whole 元.
pub fn round_money(fen: u64) -> Rounded {
    let yuan = Fen(fen).yuan();
    let shown_yuan = if yuan >= 10_000 {
        yuan / 1_000 * 1_000
    } else if yuan < 100 {
        yuan
    } else {
        let mut scale = 1;
        while yuan / scale >= 100 {
            scale *= 10;
        }
        yuan / scale * scale
    };
    let shown = shown_yuan * 100;
    Rounded {
        shown,
        over: shown < fen,
    }
}

/// A total with its measure word, as a report writes it: "80余场",
/// "1.5万元", "26户"; in English "over 80 sessions", "15,000 yuan".
pub fn figure(n: u64, unit: Unit, lang: Lang) -> String {
    if unit == Unit::MoneyFen {
        return money(n, lang);
    }
    let r = round_count(n);
    match lang {
        Lang::Zh => format!(
            "{}{}{}",
            r.shown,
            if r.over { "余" } else { "" },
            unit.measure_word(lang)
        ),
        Lang::En => format!(
            "{}{} {}",
            if r.over { "over " } else { "" },
            thousands(r.shown),
            unit.measure_word(lang)
        ),
    }
}

fn money(fen: u64, lang: Lang) -> String {
    let r = round_money(fen);
    let yuan = r.shown / 100;
    let more = if r.over { "余" } else { "" };
    match lang {
        Lang::Zh if yuan >= 10_000 => {
            let tenths = yuan / 1_000;
            let wan = if tenths % 10 == 0 {
                (tenths / 10).to_string()
            } else {
                format!("{}.{}", tenths / 10, tenths % 10)
            };
            format!("{wan}万{more}元")
        }
        Lang::Zh => format!("{yuan}{more}元"),
        Lang::En => format!(
            "{}{} yuan",
            if r.over { "over " } else { "" },
            thousands(yuan)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn zh(n: u64, unit: Unit) -> String {
        figure(n, unit, Lang::Zh)
    }

    #[test]
    fn the_articles_figures_in_the_articles_form() {
        assert_eq!(zh(83, Unit::Sessions), "80余场");
        assert_eq!(zh(4_050, Unit::People), "4000余人");
        assert_eq!(zh(26, Unit::Households), "26户");
        assert_eq!(zh(46, Unit::People), "46人");
        assert_eq!(zh(124, Unit::Times), "120余次");
        assert_eq!(zh(3_650, Unit::People), "3600余人");
        assert_eq!(zh(705, Unit::People), "700余人");
        assert_eq!(zh(1_500_000, Unit::MoneyFen), "1.5万元");
        assert_eq!(zh(11_000_000, Unit::MoneyFen), "11万元");
        assert_eq!(zh(11_230_000, Unit::MoneyFen), "11.2万余元");
        assert_eq!(zh(605_000, Unit::MoneyFen), "6000余元");
        assert_eq!(zh(3, Unit::Sessions), "3场");
        assert_eq!(zh(2, Unit::Documents), "2份");
        assert_eq!(zh(27, Unit::Organisations), "27个");
    }

    #[test]
    fn boundaries() {
        let counts = [
            (0, "0场"),
            (9, "9场"),
            (10, "10场"),
            (49, "49场"),
            (50, "50场"),
            (51, "50余场"),
            (99, "90余场"),
            (100, "100场"),
            (101, "100余场"),
            (9_999, "9900余场"),
            (10_000, "10000场"),
            (15_000, "15000场"),
            (110_000, "110000场"),
        ];
        for (n, want) in counts {
            assert_eq!(zh(n, Unit::Sessions), want, "{n}");
        }
        let money = [
            (0, "0元"),
            (9, "9元"),
            (10, "10元"),
            (99, "99元"),
            (100, "100元"),
            (9_999, "9900余元"),
            (10_000, "1万元"),
            (15_000, "1.5万元"),
            (110_000, "11万元"),
            (10_999, "1万余元"),
        ];
        for (yuan, want) in money {
            assert_eq!(zh(yuan * 100, Unit::MoneyFen), want, "{yuan} 元");
        }
        // A few fen make the whole 元 figure an understatement.
        assert_eq!(zh(4_550, Unit::MoneyFen), "45余元");
    }

    #[test]
    fn english() {
        assert_eq!(figure(83, Unit::Sessions, Lang::En), "over 80 sessions");
        assert_eq!(figure(26, Unit::Households, Lang::En), "26 households");
        assert_eq!(figure(1_500_000, Unit::MoneyFen, Lang::En), "15,000 yuan");
        assert_eq!(
            figure(11_230_000, Unit::MoneyFen, Lang::En),
            "over 112,000 yuan"
        );
        assert_eq!(figure(4_050, Unit::People, Lang::En), "over 4,000 people");
    }

    proptest! {
        /// Never more than the truth; 余 exactly when less; at most two
        /// significant digits from 100 up.
        #[test]
        fn never_more_than_the_truth(n in any::<u64>()) {
            let r = round_count(n);
            prop_assert!(r.shown <= n);
            prop_assert_eq!(r.over, r.shown < n);
            if n >= 100 {
                let significant = r.shown.to_string().trim_end_matches('0').len();
                prop_assert!(significant <= 2);
                prop_assert!(n - r.shown < r.shown / 9 + 1, "within one step of the second digit");
            }
            let m = round_money(n);
            prop_assert!(m.shown <= n);
            prop_assert_eq!(m.over, m.shown < n);
        }
    }
}
