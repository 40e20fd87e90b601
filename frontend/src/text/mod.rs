//! What the screens say, in Chinese and English: the UI's words, every
//! failure as a sentence, numbers and entries as they read. Below the state
//! and the screens: it describes values, it holds none.

pub mod entry_words;
pub mod errors;
pub mod figures;
pub mod i18n;
pub mod moments;
