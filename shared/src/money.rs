//! Money, once: an amount is a whole number of fen (分, 1/100 元), never a
//! float. Parsed from what a cadre types ("1.5万", "6,050元", full-width
//! digits) and written the three ways the app needs: exact and grouped on
//! screens ("6,050.50元"), short in a form field ("15000.5"), and with two
//! decimals in exports ("15000.00"). The reports' rounded figures ("1.5万元",
//! "6000余元") are `report::figure`'s, built on [`Fen::yuan`].

use crate::lang::Lang;
use crate::text::{half_width, thousands};
use serde::{Deserialize, Serialize};

/// An amount of money in fen.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub u64);

impl Fen {
    /// Money as typed: "15000", "15000.5", "1.5万", "11万元", "6,050元",
    /// "１２．５". At most two decimals of 元 (four of 万). `None` if it is not
    /// an amount or does not fit. Integer arithmetic only.
    pub fn parse(text: &str) -> Option<Fen> {
        let mut t = half_width(text).replace([',', '，'], "");
        if let Some(rest) = t.strip_suffix('元') {
            t = rest.trim_end().to_owned();
        }
        let (t, scale_decimals) = match t.strip_suffix('万') {
            Some(rest) => (rest.trim_end().to_owned(), 4),
            None => (t, 0),
        };
        let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
        let decimals = 2 + scale_decimals; // fen, and 万 moves four places
        if whole.is_empty() && frac.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
            || frac.len() > decimals
        {
            return None;
        }
        let mut value: u64 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        for _ in 0..decimals {
            value = value.checked_mul(10)?;
        }
        let mut frac_value: u64 = if frac.is_empty() {
            0
        } else {
            frac.parse().ok()?
        };
        for _ in frac.len()..decimals {
            frac_value *= 10;
        }
        value.checked_add(frac_value).map(Fen)
    }

    /// Whole 元.
    pub fn yuan(self) -> u64 {
        self.0 / 100
    }

    /// The fen beyond whole 元 (角 and 分).
    pub fn cents(self) -> u64 {
        self.0 % 100
    }

    /// For a form field, as short as exact: "15000", "15000.5", "0.05".
    pub fn short(self) -> String {
        let yuan = self.yuan();
        match self.cents() {
            0 => yuan.to_string(),
            r if r % 10 == 0 => format!("{yuan}.{}", r / 10),
            r => format!("{yuan}.{r:02}"),
        }
    }

    /// For an export cell, two decimals: "15000.00".
    pub fn decimal(self) -> String {
        format!("{}.{:02}", self.yuan(), self.cents())
    }

    /// For a spreadsheet number (shown with two decimals). Exact for every
    /// sum below 2^53 fen; the division rounds to the nearest double, which a
    /// two-decimal format shows as the exact 元 and 角分.
    pub fn as_yuan_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// On screens, exact and grouped: "15,000元", "6,050.50元"; "15,000 yuan".
    pub fn grouped(self, lang: Lang) -> String {
        let number = match self.cents() {
            0 => thousands(self.yuan()),
            rest => format!("{}.{rest:02}", thousands(self.yuan())),
        };
        match lang {
            Lang::Zh => format!("{number}元"),
            Lang::En => format!("{number} yuan"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(s: &str) -> Option<u64> {
        Fen::parse(s).map(|f| f.0)
    }

    #[test]
    fn amounts_as_typed() {
        assert_eq!(parse("15000"), Some(1_500_000));
        assert_eq!(parse("1.5万"), Some(1_500_000));
        assert_eq!(parse("11万元"), Some(11_000_000));
        assert_eq!(parse("6,050元"), Some(605_000));
        assert_eq!(parse("0.05"), Some(5));
        assert_eq!(parse("１２．５"), Some(1250));
        assert_eq!(parse("1.234"), None, "no fractions of a fen");
        assert_eq!(parse("abc"), None);
        assert_eq!(parse("."), None);
        assert_eq!(parse("99999999999999999999"), None, "does not fit");
    }

    #[test]
    fn written_three_ways() {
        let f = Fen(605_050);
        assert_eq!(f.short(), "6050.5");
        assert_eq!(f.decimal(), "6050.50");
        assert_eq!(f.grouped(Lang::Zh), "6,050.50元");
        assert_eq!(Fen(1_500_000).grouped(Lang::Zh), "15,000元");
        assert_eq!(Fen(1_500_000).grouped(Lang::En), "15,000 yuan");
        assert_eq!(Fen(5).grouped(Lang::En), "0.05 yuan");
        assert_eq!(Fen(5).short(), "0.05");
        assert_eq!(Fen(1_500_000).decimal(), "15000.00");
        assert_eq!(Fen(1_500_000).as_yuan_f64(), 15000.0);
    }

    proptest! {
        #[test]
        fn what_a_form_shows_parses_back(fen in 0u64..u64::MAX / 1000) {
            prop_assert_eq!(Fen::parse(&Fen(fen).short()), Some(Fen(fen)));
            prop_assert_eq!(Fen::parse(&Fen(fen).decimal()), Some(Fen(fen)));
            prop_assert_eq!(Fen::parse(&Fen(fen).grouped(Lang::Zh)), Some(Fen(fen)));
        }
    }
}
