//! Which screen shows, and the one-line messages that follow a screen change
//! ("saved", "deleted — undo"). Shared by context: the tabs, the home
//! screen's big button, the kind picker and the form all move through it.

use leptos::prelude::*;
use uuid::Uuid;

/// A screen of the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Home,
    /// Choosing what to record.
    PickKind,
    /// Recording a new entry of this kind.
    Record {
        kind: String,
    },
    /// Editing an entry on this phone.
    Edit {
        id: Uuid,
    },
    History,
    Server,
    Orgs,
    Users,
    Devices,
    Audit,
}

impl Screen {
    /// Screens only admins may open.
    pub fn admin_only(&self) -> bool {
        matches!(
            self,
            Screen::Orgs | Screen::Users | Screen::Devices | Screen::Audit
        )
    }
}

/// What just happened, said once on the next screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flash {
    /// A new entry is on the phone.
    Saved,
    /// An edit is on the phone.
    EditSaved,
    /// An entry was deleted; it can be undone.
    Deleted { id: Uuid, title: String },
    /// The delete was undone.
    Restored,
}

/// The navigation state, `Copy` for closures.
#[derive(Debug, Clone, Copy)]
pub struct Nav {
    pub screen: RwSignal<Screen>,
    pub flash: RwSignal<Option<Flash>>,
}

impl Nav {
    pub fn new() -> Self {
        Nav {
            screen: RwSignal::new(Screen::Home),
            flash: RwSignal::new(None),
        }
    }

    /// Opens `screen`; a message of the previous screen is dropped.
    pub fn go(&self, screen: Screen) {
        self.flash.set(None);
        self.screen.set(screen);
        scroll_to_top();
    }

    /// Opens `screen` saying `flash` there.
    pub fn go_with(&self, screen: Screen, flash: Flash) {
        self.screen.set(screen);
        self.flash.set(Some(flash));
        scroll_to_top();
    }
}

impl Default for Nav {
    fn default() -> Self {
        Self::new()
    }
}

fn scroll_to_top() {
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}
