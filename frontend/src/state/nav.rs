//! Which screen shows, and the one-line messages that follow a screen change
//! ("saved", "deleted — undo"). Shared by context: the tabs, the home
//! screen's big button, the kind picker and the form all move through it.
//!
//! The phone's back button climbs one level (form → kind picker → home;
//! edit → history → home): the browser's history holds one entry per level
//! below home, kept in step with the screen's depth.

use leptos::ev;
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
    /// The dashboard of totals, charts and exports.
    Reports,
    Server,
    Orgs,
    Users,
    Devices,
    Audit,
    /// 工作目录: the admin edits the catalogue of work.
    Catalogue,
}

impl Screen {
    /// Levels below home: how many presses of the back button lead home.
    pub fn depth(&self) -> u32 {
        match self {
            Screen::Home => 0,
            Screen::Record { .. } | Screen::Edit { .. } => 2,
            _ => 1,
        }
    }

    /// Where the back button leads.
    pub fn parent(&self) -> Screen {
        match self {
            Screen::Record { .. } => Screen::PickKind,
            Screen::Edit { .. } => Screen::History,
            _ => Screen::Home,
        }
    }

    /// Screens only admins may open.
    pub fn admin_only(&self) -> bool {
        matches!(
            self,
            Screen::Orgs | Screen::Users | Screen::Devices | Screen::Audit | Screen::Catalogue
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
    /// The phone's refused version was given up.
    Discarded,
}

/// The navigation state, `Copy` for closures.
#[derive(Debug, Clone, Copy)]
pub struct Nav {
    pub screen: RwSignal<Screen>,
    pub flash: RwSignal<Option<Flash>>,
    /// `popstate` events caused by the app itself (not the back button).
    own_pops: StoredValue<u32>,
}

impl Nav {
    pub fn new() -> Self {
        Nav {
            screen: RwSignal::new(Screen::Home),
            flash: RwSignal::new(None),
            own_pops: StoredValue::new(0),
        }
    }

    /// Follows the back button until the owner it was called under is
    /// cleaned up (the account signs out).
    pub fn listen(self) {
        let handle = window_event_listener(ev::popstate, move |_| {
            if self.own_pops.get_value() > 0 {
                self.own_pops.update_value(|n| *n -= 1);
                return;
            }
            let current = self.screen.get_untracked();
            if current.depth() > 0 {
                self.flash.set(None);
                self.screen.set(current.parent());
                scroll_to_top();
            }
        });
        on_cleanup(move || handle.remove());
    }

    /// Opens `screen`; a message of the previous screen is dropped.
    pub fn go(&self, screen: Screen) {
        self.flash.set(None);
        self.open(screen);
    }

    /// Opens `screen` saying `flash` there.
    pub fn go_with(&self, screen: Screen, flash: Flash) {
        self.open(screen);
        self.flash.set(Some(flash));
    }

    fn open(&self, screen: Screen) {
        let (from, to) = (self.screen.with_untracked(Screen::depth), screen.depth());
        self.screen.set(screen);
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            if to > from {
                for _ in from..to {
                    let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", None);
                }
            } else if to < from {
                self.own_pops.update_value(|n| *n += 1);
                if history.go_with_delta(to as i32 - from as i32).is_err() {
                    self.own_pops.update_value(|n| *n -= 1);
                }
            }
        }
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
