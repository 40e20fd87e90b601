//! What the screens say, in Chinese and English: the UI's words (and the
//! language chosen), every failure as a sentence, numbers, entries and
//! moments as they read. It describes the values of the layers below; the
//! state does not need it, the screens do.

pub mod entry_words;
pub mod errors;
pub mod figures;
pub mod i18n;
pub mod moments;
pub mod window_words;
