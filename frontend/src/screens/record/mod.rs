//! Recording an entry: choosing the kind, then its form (the fields, what was
//! carried over from the last entry, the draft, the photos).

mod carried_note;
mod choice_fields;
mod draft_note;
mod entry_fields;
mod entry_form;
mod kind_picker;
mod photo_field;

pub use entry_form::EntryForm;
pub use kind_picker::KindPicker;
